export { CONTRACT_CHECK_IDS, CONTRACT_CHECKS } from './contract/checks.js';
export type {
  ContractRun,
  StartedContractRun,
} from './contract/contract-run.js';
export { startContractRun } from './contract/contract-run.js';
export type {
  ContractTestApi,
  ContractTestContext,
} from './contract/describe-destination-contract.js';
export { describeDestinationContract } from './contract/describe-destination-contract.js';
export type {
  ContractDestination,
  ContractEvent,
  ContractFunctionContext,
  ContractLogger,
  ContractOutcome,
  ContractSendContext,
} from './contract/destination-shape.js';
export { contractEvent } from './contract/events.js';
export type { ReceiverContractServer } from './contract/receiver-server.js';
export { startReceiverContractServer } from './contract/receiver-server.js';
export type { ContractReport } from './contract/run-destination-contract.js';
export { runDestinationContract } from './contract/run-destination-contract.js';
export type {
  ContractConfigCases,
  ContractDuplicates,
  ContractPartialFailure,
  ContractReply,
  ContractServer,
  ContractStoredRecord,
  ContractSubject,
} from './contract/subject.js';
export type { ContractCheck, ContractVerdict } from './contract/verdict.js';
export { ContractViolationError } from './contract/verdict.js';
export type { DecodedBody } from './decode-body.js';
export { decodeBody } from './decode-body.js';
export type {
  FaultMode,
  FaultProxy,
  FaultProxyAnswer,
  FaultProxyOptions,
} from './fault-proxy.js';
export { startFaultProxy } from './fault-proxy.js';
export type {
  HttpsReceiver,
  HttpsReceiverOptions,
  ReceivedRequest,
  ReceiverReply,
} from './https-receiver.js';
export { startHttpsReceiver } from './https-receiver.js';
export type { SelfSignedCert } from './self-signed-cert.js';
export { createSelfSignedCert } from './self-signed-cert.js';
