import { shapeCheck } from './check-shape.js';
import type { ContractCheck } from './verdict.js';

/** Every check of the suite, in the order it runs them. */
export const CONTRACT_CHECKS: readonly ContractCheck[] = Object.freeze([
  shapeCheck,
]);

/** The ids of CONTRACT_CHECKS, for `runDestinationContract({ checks })`. */
export const CONTRACT_CHECK_IDS: readonly string[] = Object.freeze(
  CONTRACT_CHECKS.map((check) => check.id)
);
