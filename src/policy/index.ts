import { CONTACT_CHANNELS } from './channels.js';
import { ADJUSTMENT_KINDS } from './adjustments.js';
import { CRITERIA } from './criteria.js';
import { LETTERS } from './letters.js';
import { policySchema, type PolicyData } from './policy.schema.js';
import { RESTRICTION_TYPES } from './restrictions.js';
import { ROLES } from './roles.js';
import { DECISION_DEADLINES_WORKING_DAYS, REMINDER_RULES, REVIEW_CADENCE } from './schedule.js';
import { TRANSITIONS } from './transitions.js';

export * from './actions.js';
export * from './adjustments.js';
export * from './channels.js';
export * from './criteria.js';
export * from './gates.js';
export * from './letters.js';
export * from './restrictions.js';
export * from './roles.js';
export * from './schedule.js';
export * from './states.js';
export * from './transitions.js';

/** Every table of the policy in one object, as the start-up check sees it. */
export const POLICY_DATA = {
  criteria: CRITERIA,
  contactChannels: CONTACT_CHANNELS,
  roles: ROLES,
  transitions: TRANSITIONS,
  restrictionTypes: RESTRICTION_TYPES,
  adjustmentKinds: ADJUSTMENT_KINDS,
  letters: LETTERS,
  reviewCadence: REVIEW_CADENCE,
  deadlinesWorkingDays: DECISION_DEADLINES_WORKING_DAYS,
  reminderRules: REMINDER_RULES,
};

export class PolicyDataError extends Error {
  constructor(readonly issues: string[]) {
    super(`The policy data is invalid:\n  - ${issues.join('\n  - ')}`);
    this.name = 'PolicyDataError';
  }
}

/** Validates the policy tables; called at start-up so a bad table stops the process. */
export function validatePolicy(data: unknown = POLICY_DATA): PolicyData {
  const result = policySchema.safeParse(data);
  if (!result.success) {
    throw new PolicyDataError(result.error.issues.map((i) => `${i.path.join('.') || '(policy)'}: ${i.message}`));
  }
  return result.data;
}
