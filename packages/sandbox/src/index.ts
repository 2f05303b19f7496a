export { startSandbox } from './sandbox.js';
export type {
  ApiCall,
  Delivery,
  InitReport,
  InvokeResult,
  Sandbox,
  SandboxOptions,
  ShutdownResult,
  TelemetryEvent,
} from './types.js';
