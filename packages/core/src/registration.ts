import {
  type ExtensionsClient,
  PlatformRefusalError,
  type RegisterResult,
} from './extensions-client.js';
import type { Logger } from './logger.js';

/**
 * The value of `AWS_LAMBDA_INITIALIZATION_TYPE` on Lambda Managed Instances.
 *
 * @example
 * const managed = env.AWS_LAMBDA_INITIALIZATION_TYPE === MANAGED_INSTANCES_INIT_TYPE;
 */
export const MANAGED_INSTANCES_INIT_TYPE = 'lambda-managed-instances';

/**
 * What {@link registerExtension} settled on.
 *
 * @example
 * const { registered, managedInstances }: Registration = await registerExtension(opts);
 */
export interface Registration {
  readonly registered: RegisterResult;
  /** Registered for SHUTDOWN only: no INVOKE events will come. */
  readonly managedInstances: boolean;
}

/**
 * Registers the extension (spec 3.2): for INVOKE and SHUTDOWN, or SHUTDOWN
 * only when `AWS_LAMBDA_INITIALIZATION_TYPE` says Lambda Managed Instances
 * (spec 2.7: INVOKE cannot be registered there). Whether that variable is
 * visible to extensions is not confirmed, so a refusal of INVOKE
 * (`Extension.InvalidEventType`) is taken as the same sign: it registers
 * again for SHUTDOWN only and logs one info line. Any other failure throws
 * (the caller exits 1).
 *
 * @example
 * const { registered, managedInstances } = await registerExtension({
 *   client, name: 'logdrain-webhook', initializationType: env.AWS_LAMBDA_INITIALIZATION_TYPE, log,
 * });
 */
export async function registerExtension(opts: {
  client: ExtensionsClient;
  name: string;
  initializationType: string | undefined;
  log: Logger;
}): Promise<Registration> {
  const { client, name, log } = opts;
  const acceptFeatures = ['accountId'];
  if (opts.initializationType === MANAGED_INSTANCES_INIT_TYPE) {
    const registered = await client.register({
      name,
      events: ['SHUTDOWN'],
      acceptFeatures,
    });
    return { registered, managedInstances: true };
  }
  try {
    const registered = await client.register({
      name,
      events: ['INVOKE', 'SHUTDOWN'],
      acceptFeatures,
    });
    return { registered, managedInstances: false };
  } catch (error) {
    if (!refusesInvoke(error)) throw error;
  }
  log.info(
    'the platform refused INVOKE registration (Extension.InvalidEventType): registered for SHUTDOWN only, running in the Lambda Managed Instances mode (background flushing)'
  );
  const registered = await client.register({
    name,
    events: ['SHUTDOWN'],
    acceptFeatures,
  });
  return { registered, managedInstances: true };
}

// RAPID answers 403 to every register validation failure; the public docs
// list 400 (spec 3.2). Either status with this errorType means the event.
function refusesInvoke(error: unknown): boolean {
  return (
    error instanceof PlatformRefusalError &&
    (error.status === 403 || error.status === 400) &&
    error.errorType === 'Extension.InvalidEventType'
  );
}
