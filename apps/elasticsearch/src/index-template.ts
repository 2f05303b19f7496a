/** How JSON log keys are indexed: Elasticsearch or OpenSearch spelling. */
export type FlatType = 'flattened' | 'flat_object';

const keyword = { type: 'keyword' } as const;

/**
 * The composable index template logdrain installs for its index when
 * LOGDRAIN_ES_INSTALL_TEMPLATE=true: ECS fields typed, JSON log keys in one
 * `flattened` (Elasticsearch) or `flat_object` (OpenSearch) field so that
 * functions logging different shapes never conflict, platform records
 * stored but not indexed (their metrics are indexed under
 * `aws.lambda.metrics`).
 *
 * @example
 * indexTemplateBody({ index: 'logs-aws.lambda-default', dataStream: true, flatType: 'flattened' });
 */
export function indexTemplateBody(opts: {
  readonly index: string;
  readonly dataStream: boolean;
  readonly flatType: FlatType;
}): Record<string, unknown> {
  return {
    index_patterns: [opts.index],
    // Above Elasticsearch's built-in logs-*-* template (priority 100).
    priority: 200,
    ...(opts.dataStream ? { data_stream: {} } : {}),
    template: {
      mappings: {
        dynamic: true,
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          ecs: { properties: { version: keyword } },
          log: { properties: { level: keyword } },
          event: {
            properties: {
              dataset: keyword,
              kind: keyword,
              outcome: keyword,
              duration: { type: 'long' },
              original: { type: 'keyword', index: false, doc_values: false },
            },
          },
          cloud: {
            properties: {
              provider: keyword,
              region: keyword,
              account: { properties: { id: keyword } },
              service: { properties: { name: keyword } },
            },
          },
          faas: {
            properties: {
              name: keyword,
              version: keyword,
              id: keyword,
              instance: keyword,
              execution: keyword,
              coldstart: { type: 'boolean' },
            },
          },
          host: { properties: { architecture: keyword } },
          trace: { properties: { id: keyword } },
          data_stream: {
            properties: { type: keyword, dataset: keyword, namespace: keyword },
          },
          aws: {
            properties: {
              lambda: {
                properties: {
                  type: keyword,
                  stream: keyword,
                  extension: keyword,
                  memory_size_mb: { type: 'integer' },
                  log: { type: opts.flatType },
                  platform: { type: 'object', enabled: false },
                  metrics: {
                    properties: {
                      durationMs: { type: 'double' },
                      billedDurationMs: { type: 'double' },
                      memorySizeMB: { type: 'integer' },
                      maxMemoryUsedMB: { type: 'integer' },
                      initDurationMs: { type: 'double' },
                      restoreDurationMs: { type: 'double' },
                      billedRestoreDurationMs: { type: 'double' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    _meta: { managed_by: 'logdrain-elasticsearch' },
  };
}

/** The template's name for an index. */
export function templateName(index: string): string {
  return `logdrain-${index}`;
}
