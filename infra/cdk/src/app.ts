import { App } from 'aws-cdk-lib';
import { ExamplesStack } from './examples-stack.js';
import { PublishRoleStack } from './publish-role-stack.js';

/** What the app reads from CDK context (`cdk.json` or `-c key=value`). */
export interface LogdrainAppSettings {
  readonly repository: string;
  readonly refs: readonly string[];
  readonly environments: readonly string[];
  readonly oidcProviderArn: string | undefined;
}

function list(value: unknown, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The settings from an app's context, with the defaults of cdk.json. */
export function readSettings(app: App): LogdrainAppSettings {
  const get = (key: string) => app.node.tryGetContext(`logdrain:${key}`);
  const provider = get('oidcProviderArn');
  return {
    repository: String(get('githubRepository') ?? 'your-org/logdrain'),
    refs: list(get('githubRefs'), ['refs/tags/v*']),
    environments: list(get('githubEnvironments'), []),
    oidcProviderArn:
      typeof provider === 'string' && provider !== '' ? provider : undefined,
  };
}

/**
 * The logdrain CDK app: the publishing role stack and the examples stack,
 * both environment-agnostic so they synthesize without AWS credentials.
 *
 * @example
 * createLogdrainApp({ outdir: 'cdk.out' }).synth();
 */
export function createLogdrainApp(opts: {
  readonly outdir?: string;
  readonly context?: Record<string, unknown>;
}): App {
  const app = new App({
    outdir: opts.outdir,
    context: opts.context,
    analyticsReporting: false,
  });
  const settings = readSettings(app);
  new PublishRoleStack(app, 'LogdrainPublishRole', {
    description: 'logdrain: the role GitHub Actions assumes to publish layers',
    repository: settings.repository,
    refs: settings.refs,
    environments: settings.environments,
    oidcProviderArn: settings.oidcProviderArn,
    roleName: 'logdrain-layer-publisher',
  });
  new ExamplesStack(app, 'LogdrainExamples', {
    description: 'logdrain: one sample function per destination',
  });
  return app;
}
