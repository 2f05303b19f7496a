import {
  AddLayerVersionPermissionCommand,
  GetLayerVersionPolicyCommand,
  type LambdaClient,
  PublishLayerVersionCommand,
  type Runtime,
} from '@aws-sdk/client-lambda';
import type { Architecture } from './layer-list.js';
import { readLayerState } from './layer-state.js';
import {
  isThrottling,
  isTransient,
  type RetryPolicy,
  withRetry,
} from './retry.js';
import type { ShareStatement } from './sharing.js';

export interface PublishRequest {
  readonly layerName: string;
  readonly zipBytes: Uint8Array;
  readonly description: string;
  readonly architectures: readonly Architecture[];
  readonly compatibleRuntimes?: readonly string[];
  readonly license?: string;
  /** The version number this publish must create. */
  readonly expectedVersion: number;
}

/**
 * Publishes one version and checks it got `expectedVersion`. Throttling is
 * retried; after a 5xx or a lost answer the region is read again: if the
 * version exists with this description the publish happened, if the region
 * is still one short it is tried again, anything else is an error.
 */
export async function publishVersion(opts: {
  client: LambdaClient;
  request: PublishRequest;
  retry?: RetryPolicy;
}): Promise<{ version: number; arn: string }> {
  const { client, request } = opts;
  const maxAttempts = opts.retry?.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await withRetry(
        () =>
          client.send(
            new PublishLayerVersionCommand({
              LayerName: request.layerName,
              Content: { ZipFile: request.zipBytes },
              Description: request.description,
              CompatibleArchitectures: [...request.architectures],
              CompatibleRuntimes: request.compatibleRuntimes
                ? ([...request.compatibleRuntimes] as Runtime[])
                : undefined,
              LicenseInfo: request.license,
            })
          ),
        opts.retry
      );
      return checkVersion(request, out.Version, out.LayerVersionArn);
    } catch (error) {
      if (!isTransient(error) || attempt >= maxAttempts) throw error;
      const { latest } = await readLayerState({
        client,
        layerName: request.layerName,
        retry: opts.retry,
      });
      if (
        latest?.version === request.expectedVersion &&
        latest.description === request.description
      ) {
        return { version: latest.version, arn: latest.arn };
      }
      if ((latest?.version ?? 0) !== request.expectedVersion - 1) throw error;
    }
  }
}

function checkVersion(
  request: PublishRequest,
  version: number | undefined,
  arn: string | undefined
): { version: number; arn: string } {
  if (version !== request.expectedVersion || arn === undefined) {
    throw new Error(
      `${request.layerName}: published version ${version}, expected ${request.expectedVersion} (someone else published meanwhile?)`
    );
  }
  return { version, arn };
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string })?.name;
}

/**
 * Makes sure a version carries every statement (AddLayerVersionPermission
 * for each one its policy lacks). Safe to repeat: a statement already there
 * (or a 409 conflict on its id) counts as done.
 */
export async function ensureShared(opts: {
  client: LambdaClient;
  layerName: string;
  version: number;
  statements: readonly ShareStatement[];
  retry?: RetryPolicy;
}): Promise<{ added: number }> {
  if (opts.statements.length === 0) return { added: 0 };
  const retryAll = (error: unknown) =>
    isThrottling(error) || isTransient(error);
  let present = new Set<string>();
  try {
    const out = await withRetry(
      () =>
        opts.client.send(
          new GetLayerVersionPolicyCommand({
            LayerName: opts.layerName,
            VersionNumber: opts.version,
          })
        ),
      { ...opts.retry, shouldRetry: retryAll }
    );
    const policy = JSON.parse(out.Policy ?? '{}') as {
      Statement?: Array<{ Sid?: string }>;
    };
    present = new Set((policy.Statement ?? []).map((s) => s.Sid ?? ''));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  let added = 0;
  for (const statement of opts.statements) {
    if (present.has(statement.statementId)) continue;
    try {
      await withRetry(
        () =>
          opts.client.send(
            new AddLayerVersionPermissionCommand({
              LayerName: opts.layerName,
              VersionNumber: opts.version,
              StatementId: statement.statementId,
              Action: 'lambda:GetLayerVersion',
              Principal: statement.principal,
              OrganizationId: statement.organizationId,
            })
          ),
        { ...opts.retry, shouldRetry: retryAll }
      );
      added++;
    } catch (error) {
      if (errorName(error) !== 'ResourceConflictException') throw error;
    }
  }
  return { added };
}
