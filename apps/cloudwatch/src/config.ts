import { isIPv4 } from 'node:net';
import {
  AWS_REGION_PATTERN,
  createEnvReader,
  type Env,
  type EnvReader,
  hideUrlSecrets,
} from '@logdrain/core';
import { checkStreamTemplate } from './stream-name.js';

/** Settings of the logdrain-cloudwatch layer, read once at start-up. */
export interface CloudwatchConfig {
  readonly logGroup: string;
  /** The log stream name with `{placeholders}` (see stream-name.ts). */
  readonly logStreamTemplate: string;
  readonly region: string;
  /** Assumed with the function's credentials for cross-account delivery. */
  readonly roleArn: string | undefined;
  /** Create the log group and stream when they are missing. */
  readonly create: boolean;
  /** `json`: each LogEvent as JSON; `text`: its message only. */
  readonly format: 'json' | 'text';
  /** A CloudWatch Logs compatible endpoint; undefined: the AWS one. */
  readonly endpoint: string | undefined;
  /** An STS compatible endpoint for AssumeRole; undefined: the AWS one. */
  readonly stsEndpoint: string | undefined;
  /** Malformed optional settings that fell back to their defaults. */
  readonly warnings: readonly string[];
}

export const DEFAULT_LOG_STREAM = '{yyyy}/{mm}/{dd}/logdrain/{instanceId}';

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
const ROLE_ARN_PATTERN =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * Reads the cloudwatch settings; every problem is reported at once in one
 * ConfigError naming the variable, the value seen and what is allowed. A
 * malformed role ARN, stream template or endpoint fails init too: falling
 * back would send logs somewhere the user did not choose.
 *
 * @example
 * const config = parseCloudwatchConfig({ LOGDRAIN_CLOUDWATCH_LOG_GROUP: '/logdrain/app', AWS_REGION: 'eu-west-1' });
 */
export function parseCloudwatchConfig(env: Env): CloudwatchConfig {
  const read = createEnvReader(env);
  const logGroup = read.string('LOGDRAIN_CLOUDWATCH_LOG_GROUP', {
    required: true,
  });
  if (logGroup !== '' && !LOG_GROUP_PATTERN.test(logGroup)) {
    read.problem({
      variable: 'LOGDRAIN_CLOUDWATCH_LOG_GROUP',
      value: logGroup,
      allowed:
        'a log group name: 1-512 characters of letters, digits, and _ - / . #',
    });
  }
  const logStreamTemplate = read.string('LOGDRAIN_CLOUDWATCH_LOG_STREAM', {
    default: DEFAULT_LOG_STREAM,
  });
  const templateProblem = checkStreamTemplate(logStreamTemplate);
  if (templateProblem !== undefined) {
    read.problem({
      variable: 'LOGDRAIN_CLOUDWATCH_LOG_STREAM',
      value: logStreamTemplate,
      allowed: templateProblem,
    });
  }
  const region = readRegion(env, read);
  const roleArn = read.string('LOGDRAIN_CLOUDWATCH_ROLE_ARN');
  if (roleArn !== undefined && !ROLE_ARN_PATTERN.test(roleArn)) {
    read.problem({
      variable: 'LOGDRAIN_CLOUDWATCH_ROLE_ARN',
      value: roleArn,
      allowed: 'an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)',
    });
  }
  const create = read.bool('LOGDRAIN_CLOUDWATCH_CREATE', { default: true });
  const format = read.oneOf('LOGDRAIN_CLOUDWATCH_FORMAT', ['json', 'text'], {
    default: 'json',
  });
  const endpoint = readEndpoint('LOGDRAIN_CLOUDWATCH_ENDPOINT', read);
  const stsEndpoint = readEndpoint('LOGDRAIN_CLOUDWATCH_STS_ENDPOINT', read);
  read.throwIfInvalid();
  return Object.freeze({
    logGroup,
    logStreamTemplate,
    region,
    roleArn,
    create,
    format,
    endpoint,
    stsEndpoint,
    warnings: Object.freeze([...read.warnings]),
  });
}

/** LOGDRAIN_CLOUDWATCH_REGION, else the function's own AWS_REGION. */
function readRegion(env: Env, read: EnvReader): string {
  const own = read.string('LOGDRAIN_CLOUDWATCH_REGION');
  const region = own ?? read.string('AWS_REGION');
  if (region === undefined || !AWS_REGION_PATTERN.test(region)) {
    read.problem({
      variable: 'LOGDRAIN_CLOUDWATCH_REGION',
      value: own ?? env.AWS_REGION,
      allowed:
        'an AWS region such as eu-west-1 (when unset, AWS_REGION is used)',
    });
    return '';
  }
  return region;
}

function readEndpoint(variable: string, read: EnvReader): string | undefined {
  const value = read.string(variable);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const secure = url?.protocol === 'https:';
  const local = url?.protocol === 'http:' && isLoopback(url.hostname);
  if (url === undefined || !(secure || local)) {
    // A wrong endpoint fails init instead of falling back to AWS's own.
    read.problem({
      variable,
      value: hideUrlSecrets(value),
      allowed: 'an https URL (plain http only to a loopback host)',
    });
    return undefined;
  }
  return url.href.replace(/\/$/, '');
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.startsWith('127.');
}
