import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { LogDrain } from '../src/index.js';
import {
  ACCOUNT,
  attachedTo,
  createFunction,
  createStack,
  layerArn,
  PUBLISHED,
} from './stack-fixture.js';

const partitionArn = (rest: unknown[]) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...rest]],
});

describe('LogDrain', () => {
  it('attaches the webhook layer with its variables and grants nothing', () => {
    const stack = createStack();
    const secret = new Secret(stack, 'Signing');
    new LogDrain(stack, 'Logs', {
      functions: [createFunction(stack, 'Orders')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'webhook',
        url: 'https://logs.example.com/in',
        secret: { secret },
        format: 'ndjson',
      },
      settings: { minLevel: 'INFO', redact: ['email', '/tok-\\d{2,}/g'] },
    });
    const template = Template.fromStack(stack);
    const attached = attachedTo(template, 'Orders');
    expect(attached.layers).toEqual([
      layerArn('logdrain-webhook', 'eu-west-1', 4),
    ]);
    expect(attached.environment).toEqual({
      LOGDRAIN_MIN_LEVEL: 'INFO',
      // The regular expression holds a comma: the list is sent as JSON.
      LOGDRAIN_REDACT: '["email","/tok-\\\\d{2,}/g"]',
      LOGDRAIN_WEBHOOK_URL: 'https://logs.example.com/in',
      LOGDRAIN_WEBHOOK_FORMAT: 'ndjson',
      LOGDRAIN_WEBHOOK_SECRET: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: secretId(template) },
            ':SecretString:::}}',
          ],
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('grants s3:PutObject under the prefix and kms:GenerateDataKey on the key', () => {
    const stack = createStack();
    const bucket = new Bucket(stack, 'Archive');
    const key = new Key(stack, 'LogsKey');
    new LogDrain(stack, 'Logs', {
      functions: [
        createFunction(stack, 'Orders', { architecture: Architecture.ARM_64 }),
      ],
      layer: { published: PUBLISHED, version: 3 },
      destination: { kind: 's3', bucket, prefix: 'archive/', kmsKey: key },
    });
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as never);
    const keyId = stack.getLogicalId(key.node.defaultChild as never);
    const attached = attachedTo(template, 'Orders');
    expect(attached.layers).toEqual([layerArn('logdrain-s3', 'eu-west-1', 3)]);
    expect(attached.environment).toEqual({
      LOGDRAIN_S3_BUCKET: { Ref: bucketId },
      LOGDRAIN_S3_PREFIX: 'archive/',
      LOGDRAIN_S3_KMS_KEY_ID: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(attached.statements).toEqual([
      {
        Action: 's3:PutObject',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/archive/*']],
        },
      },
      {
        Action: 'kms:GenerateDataKey',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    ]);
  });

  it('grants writes to the one log group, or only sts:AssumeRole across accounts', () => {
    const stack = createStack();
    const group = new LogGroup(stack, 'Audit');
    const groupId = stack.getLogicalId(group.node.defaultChild as never);
    new LogDrain(stack, 'ByName', {
      functions: [createFunction(stack, 'Named')],
      layer: { published: PUBLISHED },
      destination: { kind: 'cloudwatch', logGroup: '/logdrain/orders' },
    });
    new LogDrain(stack, 'ByConstruct', {
      functions: [createFunction(stack, 'Constructed')],
      layer: { published: PUBLISHED },
      destination: { kind: 'cloudwatch', logGroup: group, format: 'text' },
    });
    new LogDrain(stack, 'Precreated', {
      functions: [createFunction(stack, 'Fixed')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'cloudwatch',
        logGroup: '/logdrain/fixed',
        logStream: 'orders',
        create: false,
      },
    });
    const role = Role.fromRoleArn(
      stack,
      'Central',
      'arn:aws:iam::210987654321:role/logdrain-writer'
    );
    new LogDrain(stack, 'CrossAccount', {
      functions: [createFunction(stack, 'Remote')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'cloudwatch',
        logGroup: '/central/orders',
        region: 'us-east-1',
        role,
        create: false,
      },
    });
    const template = Template.fromStack(stack);
    const named = attachedTo(template, 'Named');
    expect(named.layers).toEqual([
      layerArn('logdrain-cloudwatch', 'eu-west-1', 4),
    ]);
    expect(named.environment).toEqual({
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: '/logdrain/orders',
      LOGDRAIN_CLOUDWATCH_CREATE: 'true',
    });
    expect(named.statements).toEqual([
      {
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Effect: 'Allow',
        Resource: [
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:/logdrain/orders`,
          ]),
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:/logdrain/orders:*`,
          ]),
        ],
      },
    ]);
    const constructed = attachedTo(template, 'Constructed');
    expect(constructed.environment).toEqual({
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: { Ref: groupId },
      LOGDRAIN_CLOUDWATCH_CREATE: 'true',
      LOGDRAIN_CLOUDWATCH_FORMAT: 'text',
    });
    expect(constructed.statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: [
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:`,
            { Ref: groupId },
          ]),
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:`,
            { Ref: groupId },
            ':*',
          ]),
        ],
      },
    ]);
    expect(attachedTo(template, 'Fixed').statements).toEqual([
      {
        Action: 'logs:PutLogEvents',
        Effect: 'Allow',
        Resource: [
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:/logdrain/fixed`,
          ]),
          partitionArn([
            `:logs:eu-west-1:${ACCOUNT}:log-group:/logdrain/fixed:*`,
          ]),
        ],
      },
    ]);
    const remote = attachedTo(template, 'Remote');
    expect(remote.environment).toEqual({
      LOGDRAIN_CLOUDWATCH_LOG_GROUP: '/central/orders',
      LOGDRAIN_CLOUDWATCH_REGION: 'us-east-1',
      LOGDRAIN_CLOUDWATCH_ROLE_ARN:
        'arn:aws:iam::210987654321:role/logdrain-writer',
      LOGDRAIN_CLOUDWATCH_CREATE: 'false',
    });
    expect(remote.statements).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Resource: 'arn:aws:iam::210987654321:role/logdrain-writer',
      },
    ]);
  });

  it('sets the OpenTelemetry variables and grants nothing', () => {
    const stack = createStack();
    new LogDrain(stack, 'Logs', {
      functions: [createFunction(stack, 'Orders')],
      layer: {
        arn: 'arn:aws:lambda:eu-west-1:111122223333:layer:logdrain-otlp:9',
      },
      destination: {
        kind: 'otlp',
        endpoint: 'https://otlp.example.com:4318',
        headers: { 'x-team': 'payments eu' },
        protocol: 'http/json',
        serviceName: 'orders',
        resourceAttributes: { 'deployment.environment': 'prod' },
      },
      environment: { LOGDRAIN_FLUSH: 'end' },
    });
    const template = Template.fromStack(stack);
    const attached = attachedTo(template, 'Orders');
    expect(attached.layers).toEqual([
      'arn:aws:lambda:eu-west-1:111122223333:layer:logdrain-otlp:9',
    ]);
    expect(attached.environment).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments%20eu',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'orders',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
      LOGDRAIN_FLUSH: 'end',
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  it('grants es:ESHttp* on the domain for SigV4 and aoss:APIAccessAll for Serverless', () => {
    const stack = createStack();
    const domainArn = `arn:aws:es:eu-west-1:${ACCOUNT}:domain/logs`;
    const collectionArn = `arn:aws:aoss:eu-west-1:${ACCOUNT}:collection/k3x9`;
    new LogDrain(stack, 'Domain', {
      functions: [createFunction(stack, 'Signed')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'elasticsearch',
        url: 'https://search-logs.eu-west-1.es.amazonaws.com',
        installTemplate: true,
        auth: { kind: 'sigv4', domainArn },
      },
    });
    new LogDrain(stack, 'Serverless', {
      functions: [createFunction(stack, 'Collection')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'elasticsearch',
        url: 'https://k3x9.eu-west-1.aoss.amazonaws.com',
        index: 'lambda-logs',
        auth: { kind: 'sigv4', service: 'aoss', collectionArn },
      },
    });
    const template = Template.fromStack(stack);
    const signed = attachedTo(template, 'Signed');
    expect(signed.layers).toEqual([
      layerArn('logdrain-elasticsearch', 'eu-west-1', 4),
    ]);
    expect(signed.environment).toEqual({
      LOGDRAIN_ES_URL: 'https://search-logs.eu-west-1.es.amazonaws.com',
      LOGDRAIN_ES_INSTALL_TEMPLATE: 'true',
      LOGDRAIN_ES_AUTH: 'sigv4',
      LOGDRAIN_ES_SERVICE: 'es',
    });
    expect(signed.statements).toEqual([
      {
        Action: ['es:ESHttpPost', 'es:ESHttpPut'],
        Effect: 'Allow',
        Resource: `${domainArn}/*`,
      },
    ]);
    const collection = attachedTo(template, 'Collection');
    expect(collection.environment).toEqual({
      LOGDRAIN_ES_URL: 'https://k3x9.eu-west-1.aoss.amazonaws.com',
      LOGDRAIN_ES_INDEX: 'lambda-logs',
      LOGDRAIN_ES_AUTH: 'sigv4',
      LOGDRAIN_ES_SERVICE: 'aoss',
    });
    expect(collection.statements).toEqual([
      { Action: 'aoss:APIAccessAll', Effect: 'Allow', Resource: collectionArn },
    ]);
  });

  it('passes an Elasticsearch API key secret by ARN with GetSecretValue on it alone', () => {
    const stack = createStack();
    const secret = new Secret(stack, 'ApiKey');
    new LogDrain(stack, 'Keyed', {
      functions: [createFunction(stack, 'Search')],
      layer: { published: PUBLISHED },
      destination: {
        kind: 'elasticsearch',
        url: 'https://search.example.com',
        auth: { kind: 'apiKey', apiKey: { secret } },
      },
    });
    const template = Template.fromStack(stack);

    const attached = attachedTo(template, 'Search');

    expect(attached.environment).toEqual({
      LOGDRAIN_ES_URL: 'https://search.example.com',
      LOGDRAIN_ES_API_KEY_ARN: { Ref: secretId(template) },
    });
    expect(attached.statements).toEqual([
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: { Ref: secretId(template) },
      },
    ]);
  });

  it('maps regions to layer ARNs per architecture in an environment-agnostic stack', () => {
    const stack = createStack({ agnostic: true });
    const python = Runtime.PYTHON_3_13;
    new LogDrain(stack, 'Standalone', {
      functions: [
        createFunction(stack, 'Intel', { runtime: python }),
        createFunction(stack, 'Graviton', {
          runtime: python,
          architecture: Architecture.ARM_64,
        }),
      ],
      layer: {
        published: PUBLISHED,
        layerName: (arch) => `logdrain-webhook-standalone-${arch}`,
      },
      destination: { kind: 'webhook', url: 'https://logs.example.com/in' },
    });
    new LogDrain(stack, 'NodeOnly', {
      functions: [createFunction(stack, 'Scripts', { runtime: python })],
      layer: { published: PUBLISHED },
      destination: { kind: 'webhook', url: 'https://logs.example.com/in' },
    });
    const template = Template.fromStack(stack);
    const mappings = template.toJSON().Mappings;
    expect(Object.keys(mappings)).toHaveLength(3);
    const [standaloneX86] = attachedTo(template, 'Intel').layers as Array<{
      'Fn::FindInMap': [string, unknown, string];
    }>;
    const [mappingId, region, arch] = standaloneX86?.['Fn::FindInMap'] ?? [];
    expect(region).toEqual({ Ref: 'AWS::Region' });
    expect(arch).toBe('x8664');
    expect(mappings[mappingId as string]).toEqual({
      'eu-west-1': {
        x8664: layerArn('logdrain-webhook-standalone-x86_64', 'eu-west-1', 4),
      },
      'us-east-1': {
        x8664: layerArn('logdrain-webhook-standalone-x86_64', 'us-east-1', 4),
      },
    });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('standalone')
    );
    expect(warnings.map((w) => w.id)).toEqual(['/Test/Scripts']);
  });

  it('refuses a region that layers.json does not hold, naming the ones it does', () => {
    const stack = createStack({ region: 'ap-south-1' });
    expect(
      () =>
        new LogDrain(stack, 'Logs', {
          functions: [createFunction(stack, 'Orders')],
          layer: { published: PUBLISHED },
          destination: { kind: 's3', bucket: new Bucket(stack, 'B') },
        })
    ).toThrow(
      'LogDrain: layers.json holds no logdrain-s3 for x86_64 in ap-south-1 (it has eu-west-1, us-east-1)'
    );
  });
});

function secretId(template: Template): string {
  return (
    Object.keys(template.findResources('AWS::SecretsManager::Secret'))[0] ?? ''
  );
}
