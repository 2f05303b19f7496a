export type { LogdrainAppSettings } from './app.js';
export { createLogdrainApp, readSettings } from './app.js';
export type { DestinationKind, ExamplesStackProps } from './examples-stack.js';
export { DESTINATION_KINDS, ExamplesStack } from './examples-stack.js';
export type { PublishRoleStackProps } from './publish-role-stack.js';
export {
  GITHUB_OIDC_HOST,
  LAYER_ACTIONS,
  LAYER_VERSION_ACTIONS,
  PublishRoleStack,
  trustedSubjects,
} from './publish-role-stack.js';
