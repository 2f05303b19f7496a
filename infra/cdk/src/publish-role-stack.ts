import {
  ArnFormat,
  CfnOutput,
  Duration,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import {
  OidcProviderNative,
  PolicyStatement,
  Role,
  WebIdentityPrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** The Lambda calls `pnpm publish-layers` makes (infra/publish). */
export const LAYER_ACTIONS = [
  'lambda:ListLayerVersions',
  'lambda:PublishLayerVersion',
] as const;
export const LAYER_VERSION_ACTIONS = [
  'lambda:AddLayerVersionPermission',
  'lambda:GetLayerVersionPolicy',
] as const;

export interface PublishRoleStackProps extends StackProps {
  /** `owner/name` of the repository whose workflows may publish. */
  readonly repository: string;
  /**
   * Git refs allowed to assume the role, wildcards allowed:
   * `refs/tags/v*`, `refs/heads/main`.
   */
  readonly refs: readonly string[];
  /** GitHub environments allowed (a job with `environment:` has this subject). */
  readonly environments?: readonly string[];
  /**
   * The account's existing GitHub OIDC provider (one per account); a new
   * one is created when unset.
   */
  readonly oidcProviderArn?: string;
  /** Layer names the role may publish: `<prefix>*`. Default `logdrain-`. */
  readonly layerPrefix?: string;
  readonly roleName?: string;
}

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const REF = /^refs\/(heads|tags)\/[^\s]+$/;
const ENVIRONMENT = /^[^\s*?:]+$/;

/** The OIDC subjects the role trusts; throws on a pattern wider than one repository. */
export function trustedSubjects(props: PublishRoleStackProps): string[] {
  if (!REPOSITORY.test(props.repository)) {
    throw new Error(
      `PublishRoleStack: repository ${JSON.stringify(props.repository)} is not owner/name (no wildcards)`
    );
  }
  const bad = props.refs.find((ref) => !REF.test(ref));
  if (bad !== undefined) {
    throw new Error(
      `PublishRoleStack: ref ${JSON.stringify(bad)} must start with refs/heads/ or refs/tags/`
    );
  }
  const badEnv = props.environments?.find((e) => !ENVIRONMENT.test(e));
  if (badEnv !== undefined) {
    throw new Error(
      `PublishRoleStack: environment ${JSON.stringify(badEnv)} must be a plain name`
    );
  }
  const subjects = [
    ...props.refs.map((ref) => `repo:${props.repository}:ref:${ref}`),
    ...(props.environments ?? []).map(
      (env) => `repo:${props.repository}:environment:${env}`
    ),
  ];
  if (subjects.length === 0) {
    throw new Error('PublishRoleStack: give at least one ref or environment');
  }
  return subjects;
}

/**
 * The role GitHub Actions assumes by OIDC to publish logdrain layers: it
 * trusts only the given repository's refs (and environments), with the
 * `sts.amazonaws.com` audience, and may only publish, list and share
 * versions of layers named `logdrain-*` in this account.
 *
 * @example
 * new PublishRoleStack(app, 'LogdrainPublishRole', { repository: 'acme/logdrain', refs: ['refs/tags/v*'] });
 */
export class PublishRoleStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PublishRoleStackProps) {
    super(scope, id, props);
    const subjects = trustedSubjects(props);
    const providerArn =
      props.oidcProviderArn ??
      new OidcProviderNative(this, 'GitHubOidc', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIds: ['sts.amazonaws.com'],
      }).oidcProviderArn;
    this.role = new Role(this, 'Publisher', {
      roleName: props.roleName,
      description: `Publishes logdrain layers from GitHub Actions (${props.repository})`,
      maxSessionDuration: Duration.hours(1),
      assumedBy: new WebIdentityPrincipal(providerArn, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects },
      }),
    });
    const layerName = `${props.layerPrefix ?? 'logdrain-'}*`;
    const layerArn = (resourceName: string) =>
      this.formatArn({
        service: 'lambda',
        region: '*',
        resource: 'layer',
        resourceName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...LAYER_ACTIONS],
        resources: [layerArn(layerName)],
      })
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...LAYER_VERSION_ACTIONS],
        resources: [layerArn(`${layerName}:*`)],
      })
    );
    new CfnOutput(this, 'PublishRoleArn', {
      value: this.role.roleArn,
      description:
        'Set as the repository variable LOGDRAIN_PUBLISH_ROLE_ARN (read by .github/workflows/release.yml)',
    });
  }
}
