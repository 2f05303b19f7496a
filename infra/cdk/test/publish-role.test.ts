import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PublishRoleStack, trustedSubjects } from '../src/index.js';

const layerArn = (suffix: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':lambda:*:',
      { Ref: 'AWS::AccountId' },
      `:layer:${suffix}`,
    ],
  ],
});

function roleOf(template: Template) {
  const [role] = Object.values(template.findResources('AWS::IAM::Role'));
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  return {
    trust: role?.Properties.AssumeRolePolicyDocument.Statement,
    statements: policies.flatMap((p) => p.Properties.PolicyDocument.Statement),
  };
}

describe('PublishRoleStack', () => {
  it('trusts only the configured repository refs and environments, audience sts', () => {
    const providerArn =
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const stack = new PublishRoleStack(new App(), 'Role', {
      repository: 'acme/logdrain',
      refs: ['refs/tags/v*', 'refs/heads/main'],
      environments: ['layers'],
      oidcProviderArn: providerArn,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(roleOf(template).trust).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          },
          StringLike: {
            'token.actions.githubusercontent.com:sub': [
              'repo:acme/logdrain:ref:refs/tags/v*',
              'repo:acme/logdrain:ref:refs/heads/main',
              'repo:acme/logdrain:environment:layers',
            ],
          },
        },
      },
    ]);
  });

  it('allows exactly the layer publishing calls, on logdrain-* layers only', () => {
    const stack = new PublishRoleStack(new App(), 'Role', {
      repository: 'acme/logdrain',
      refs: ['refs/tags/v*'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const { trust, statements } = roleOf(template);
    expect(trust[0].Principal).toEqual({
      Federated: { Ref: expect.stringMatching(/^GitHubOidc/) },
    });
    expect(trust[0].Condition.StringLike).toEqual({
      'token.actions.githubusercontent.com:sub': [
        'repo:acme/logdrain:ref:refs/tags/v*',
      ],
    });
    expect(statements).toEqual([
      {
        Action: ['lambda:ListLayerVersions', 'lambda:PublishLayerVersion'],
        Effect: 'Allow',
        Resource: layerArn('logdrain-*'),
      },
      {
        Action: [
          'lambda:AddLayerVersionPermission',
          'lambda:GetLayerVersionPolicy',
        ],
        Effect: 'Allow',
        Resource: layerArn('logdrain-*:*'),
      },
    ]);
  });

  it('refuses a trust wider than one repository', () => {
    const base = { repository: 'acme/logdrain', refs: ['refs/tags/v*'] };
    expect(() => trustedSubjects({ ...base, repository: 'acme/*' })).toThrow(
      'PublishRoleStack: repository "acme/*" is not owner/name (no wildcards)'
    );
    expect(() => trustedSubjects({ ...base, refs: ['*'] })).toThrow(
      'PublishRoleStack: ref "*" must start with refs/heads/ or refs/tags/'
    );
    expect(() => trustedSubjects({ ...base, refs: [] })).toThrow(
      'PublishRoleStack: give at least one ref or environment'
    );
  });
});
