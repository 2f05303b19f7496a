import type { FunctionContext } from '@logdrain/core';
import type { AttributeValue } from '@opentelemetry/api';

const MIB = 1_048_576;

/**
 * The resource attributes of every record, after the semantic conventions
 * for AWS Lambda: `cloud.provider` aws, `cloud.platform` aws_lambda,
 * `cloud.region`, `cloud.account.id` (from the register response, when
 * Lambda gave it) and `cloud.resource_id` (the function's ARN, with its
 * version unless $LATEST), `faas.name`, `faas.version`, `faas.instance` (a random
 * id per execution environment: the log stream name is not visible to
 * extensions), `faas.max_memory` (bytes), `host.arch`, and `service.name`
 * (OTEL_SERVICE_NAME, else the function name). OTEL_RESOURCE_ATTRIBUTES
 * adds to these and wins on a clash; OTEL_SERVICE_NAME wins over both.
 *
 * @example
 * resourceAttributes({ context, serviceName: undefined, extra: { 'deployment.environment.name': 'prod' } });
 */
export function resourceAttributes(opts: {
  context: FunctionContext;
  serviceName: string | undefined;
  extra: Readonly<Record<string, string>>;
}): Record<string, AttributeValue> {
  const { context } = opts;
  const attributes: Record<string, AttributeValue> = {
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_lambda',
    'cloud.region': context.region,
    ...(context.accountId === undefined
      ? {}
      : {
          'cloud.account.id': context.accountId,
          'cloud.resource_id': functionArn(context, context.accountId),
        }),
    'faas.name': context.functionName,
    'faas.version': context.functionVersion,
    'faas.instance': context.instanceId,
    'faas.max_memory': context.memorySizeMb * MIB,
    'host.arch': context.architecture === 'arm64' ? 'arm64' : 'amd64',
    'service.name': context.functionName,
    ...opts.extra,
  };
  if (opts.serviceName !== undefined) {
    attributes['service.name'] = opts.serviceName;
  }
  return attributes;
}

/** The function's ARN in its region's partition, qualified by a version. */
function functionArn(context: FunctionContext, accountId: string): string {
  const { region } = context;
  const partition = region.startsWith('cn-')
    ? 'aws-cn'
    : region.startsWith('us-gov-')
      ? 'aws-us-gov'
      : 'aws';
  const version =
    context.functionVersion === '$LATEST' || context.functionVersion === ''
      ? ''
      : `:${context.functionVersion}`;
  return `arn:${partition}:lambda:${region}:${accountId}:function:${context.functionName}${version}`;
}
