import { ArnFormat, Stack } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  type DestinationSetup,
  definedVariables,
} from '../destination-setup.js';

/** The `logdrain-cloudwatch` layer: a log group of your choice. */
export interface CloudwatchDestination {
  readonly kind: 'cloudwatch';
  /** LOGDRAIN_CLOUDWATCH_LOG_GROUP: a log group, or the name of one. */
  readonly logGroup: ILogGroup | string;
  /** LOGDRAIN_CLOUDWATCH_LOG_STREAM: the stream name template. */
  readonly logStream?: string;
  /** LOGDRAIN_CLOUDWATCH_REGION: the log group's region, if not the function's. */
  readonly region?: string;
  /**
   * LOGDRAIN_CLOUDWATCH_ROLE_ARN: a role (often in another account) the
   * layer assumes to write; its own policy must allow the writes.
   */
  readonly role?: IRole | string;
  /**
   * LOGDRAIN_CLOUDWATCH_CREATE (default true, as the layer): create the log
   * stream, and the group when missing. With false the layer creates
   * nothing: the group and a stream from a fixed `logStream` must exist.
   */
  readonly create?: boolean;
  /** LOGDRAIN_CLOUDWATCH_FORMAT: `json` events or `text` messages. */
  readonly format?: 'json' | 'text';
}

/**
 * Variables and permissions for the CloudWatch layer: with a role, only
 * sts:AssumeRole on it; else logs:PutLogEvents on that one group, plus
 * logs:CreateLogStream when it creates, and logs:CreateLogGroup when it
 * creates a group given by name (a log group construct exists already).
 *
 * @example
 * setupCloudwatch(stack, { kind: 'cloudwatch', logGroup: '/logdrain/orders' });
 */
export function setupCloudwatch(
  scope: Construct,
  options: CloudwatchDestination
): DestinationSetup {
  const byName = typeof options.logGroup === 'string';
  const name =
    typeof options.logGroup === 'string'
      ? options.logGroup
      : options.logGroup.logGroupName;
  const create = options.create ?? true;
  const groupArn = (suffix: string) =>
    Stack.of(scope).formatArn({
      service: 'logs',
      region: options.region,
      resource: 'log-group',
      resourceName: `${name}${suffix}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  const roleArn =
    typeof options.role === 'string' ? options.role : options.role?.roleArn;
  const statements =
    roleArn === undefined
      ? [
          new PolicyStatement({
            actions: [
              ...(create && byName ? ['logs:CreateLogGroup'] : []),
              ...(create ? ['logs:CreateLogStream'] : []),
              'logs:PutLogEvents',
            ],
            // With and without the `:*` CloudWatch Logs appends to a group's ARN.
            resources: [groupArn(''), groupArn(':*')],
          }),
        ]
      : [
          new PolicyStatement({
            actions: ['sts:AssumeRole'],
            resources: [roleArn],
          }),
        ];
  return {
    layerName: 'logdrain-cloudwatch',
    environment: definedVariables({
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: name,
      LOGDRAIN_CLOUDWATCH_LOG_STREAM: options.logStream,
      LOGDRAIN_CLOUDWATCH_REGION: options.region,
      LOGDRAIN_CLOUDWATCH_ROLE_ARN: roleArn,
      LOGDRAIN_CLOUDWATCH_CREATE: create,
      LOGDRAIN_CLOUDWATCH_FORMAT: options.format,
    }),
    statements,
  };
}
