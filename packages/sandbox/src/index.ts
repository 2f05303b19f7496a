export { startSandbox } from './sandbox.js';
export type {
  ApiCall,
  Delivery,
  InitReport,
  InvokeOptions,
  InvokeResult,
  ProcessStats,
  Sandbox,
  SandboxOptions,
  ShutdownResult,
  StreamCounts,
  SubscriptionStats,
  TelemetryEvent,
} from './types.js';
