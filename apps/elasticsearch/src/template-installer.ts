import {
  describeRequestError,
  type Logger,
  type SendContext,
  type SendOutcome,
} from '@logdrain/core';
import type { ClusterClient } from './cluster-client.js';
import type { ElasticsearchConfig } from './config.js';
import {
  type FlatType,
  indexTemplateBody,
  templateName,
} from './index-template.js';

/**
 * Installs the index template once, before the first bulk: `create=true`
 * leaves a template of the same name (one a user tuned) untouched. The
 * `flattened` type is Elasticsearch's; OpenSearch calls it `flat_object`,
 * so a refusal naming the type is tried again with the other spelling.
 * Refused for good (no privilege: 401/403, other 4xx) → one warning, and
 * documents go to the cluster's default mappings. No answer, 429 or 5xx →
 * the send asks for a retry, and the next one tries again.
 *
 * @example
 * const installer = createTemplateInstaller({ cluster, config, log });
 * const blocked = await installer.ensure(ctx); // undefined: go on with the bulk
 */
export function createTemplateInstaller(opts: {
  readonly cluster: ClusterClient;
  readonly config: ElasticsearchConfig;
  readonly log?: Logger | undefined;
}) {
  const { cluster, config } = opts;
  let done = false;
  const name = templateName(config.index);

  async function put(flatType: FlatType, ctx: SendContext) {
    const body = indexTemplateBody({
      index: config.index,
      dataStream: config.dataStream,
      flatType,
    });
    return cluster.request({
      method: 'PUT',
      path: `_index_template/${encodeURIComponent(name)}`,
      query: { create: 'true' },
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
      signal: ctx.signal,
    });
  }

  return {
    async ensure(ctx: SendContext): Promise<SendOutcome | undefined> {
      if (done) return undefined;
      let answer: Awaited<ReturnType<typeof put>>;
      try {
        answer = await put('flattened', ctx);
        if (answer.status === 400 && answer.text.includes('flattened')) {
          answer = await put('flat_object', ctx);
        }
      } catch (error) {
        return {
          status: 'retry',
          reason: `installing index template ${name}: ${describeRequestError(error, ctx.signal)}`,
        };
      }
      const { status } = answer;
      if (status === 429 || status >= 500) {
        return {
          status: 'retry',
          reason: `installing index template ${name}: HTTP ${status}`,
        };
      }
      done = true;
      const exists = status === 400 && answer.text.includes('already exists');
      if (status >= 200 && status < 300) {
        opts.log?.info(`installed index template ${name}`);
      } else if (!exists) {
        opts.log?.warn(
          `could not install index template ${name} (HTTP ${status}: ${answer.text.slice(0, 300)}); documents are indexed with the cluster's own mappings`
        );
      }
      return undefined;
    },
  };
}
