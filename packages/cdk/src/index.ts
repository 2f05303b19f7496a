export type { LogDrainSettings } from './common-settings.js';
export { settingsVariables } from './common-settings.js';
export type { DestinationSetup } from './destination-setup.js';
export type { CloudwatchDestination } from './destinations/cloudwatch.js';
export type {
  ElasticsearchAuthOptions,
  ElasticsearchDestination,
} from './destinations/elasticsearch.js';
export type { OtlpDestination } from './destinations/otlp.js';
export type { S3Destination } from './destinations/s3.js';
export type { WebhookDestination } from './destinations/webhook.js';
export type { LayerArchitecture, LayerRecord } from './layer-records.js';
export {
  LAYER_ARCHITECTURES,
  layerArnsByRegion,
  parseLayerRecords,
} from './layer-records.js';
export type { LayerSource } from './layer-source.js';
export type { LogDrainDestination, LogDrainProps } from './log-drain.js';
export { LogDrain } from './log-drain.js';
export type { SecretInput, SecretReference } from './secret-input.js';
