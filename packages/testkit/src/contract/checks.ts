import { abortCheck } from './check-abort.js';
import { closeCheck } from './check-close.js';
import { configCheck } from './check-config.js';
import {
  awkwardTextCheck,
  byteLimitCheck,
  itemLimitCheck,
  maxRecordCheck,
  nestedJsonCheck,
} from './check-delivery.js';
import { idempotencyCheck } from './check-idempotency.js';
import {
  clientErrorCheck,
  connectionResetCheck,
  retryAfterCheck,
  serverErrorCheck,
} from './check-outcomes.js';
import { partialFailureCheck } from './check-partial.js';
import { shapeCheck } from './check-shape.js';
import type { ContractCheck } from './verdict.js';

/** Every check of the suite, in the order it runs them. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = Object.freeze([
  shapeCheck,
  itemLimitCheck,
  byteLimitCheck,
  maxRecordCheck,
  awkwardTextCheck,
  nestedJsonCheck,
  serverErrorCheck,
  connectionResetCheck,
  retryAfterCheck,
  clientErrorCheck,
  partialFailureCheck,
  abortCheck,
  idempotencyCheck,
  closeCheck,
  configCheck,
]);

/** The ids of CONTRACT_CHECKS, for `runDestinationContract({ checks })`. */
export const CONTRACT_CHECK_IDS: readonly string[] = Object.freeze(
  CONTRACT_CHECKS.map((check) => check.id)
);
