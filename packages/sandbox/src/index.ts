export { startSandbox } from './sandbox.js';
export type {
  ApiCall,
  Delivery,
  InitReport,
  InvokeResult,
  ProcessStats,
  Sandbox,
  SandboxOptions,
  ShutdownResult,
  TelemetryEvent,
} from './types.js';
