export { startSandbox } from './sandbox.js';
export type {
  ProcessStats,
  StreamCounts,
  SubscriptionStats,
} from './stats-types.js';
export type {
  ApiCall,
  Delivery,
  InitReport,
  InvokeOptions,
  InvokeResult,
  Sandbox,
  SandboxOptions,
  ShutdownResult,
  TelemetryEvent,
} from './types.js';
