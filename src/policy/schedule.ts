import type { CaseState } from './states.js';

// Review cadence (§29), decision deadlines and reminder rules (docs/domain.md "The lifecycle").
export const REVIEW_CADENCE = {
  /** Reviews every three months from the date of the second (restriction) letter (§29). */
  everyMonths: 3,
  from: 'restriction_letter_date' as const,
  appliesTo: ['restricted', 'contact_refused'] as CaseState[],
  /** Overdue reviews escalate to this role. */
  overdueEscalatesTo: 'executive_director_of_customers' as const,
};

/**
 * A refusal of all contact (§31) has an end: its duration in months, chosen when it is proposed
 * (default 6, at most 12 unless the settings say otherwise), with quarterly reviews like
 * restrictions (§29). At its end it expires with a letter, or the EDC renews it with a new letter.
 */
export const REFUSAL_DURATION = { defaultMonths: 6, maxMonths: 12 };

/** Working days each waiting state may take before a reminder falls due. */
export const DECISION_DEADLINES_WORKING_DAYS: Partial<Record<CaseState, number>> = {
  line_manager_review: 2,
  cxm_review: 3,
  chc_review: 5,
  edc_warning_approval: 5,
  edc_restriction_approval: 5,
  edc_refusal_approval: 5,
};

/**
 * Working days for the decisions that wait inside a case, whatever its state (issue 11 §5): an
 * appeal, a new complaint from a restricted customer (§33), the ratification of an immediate
 * protective step and the reporter's answer about the police (§32), the approval of a flag marker
 * (§11). Each is reminded like a state's deadline (REMINDER_RULES), counted from when it arose.
 */
export const TASK_DEADLINES_WORKING_DAYS = {
  appeal: 10,
  new_complaint: 10,
  protective_step: 1,
  flag_marker: 5,
  police_question: 1,
} as const;
export type TaskKind = keyof typeof TASK_DEADLINES_WORKING_DAYS;

export const REMINDER_RULES = {
  /** The second reminder follows one working day after the first, with the next tier told. */
  secondReminderAfterWorkingDays: 1,
  maxRemindersPerDeadline: 2,
  workingHours: { start: '09:00', end: '17:00', timeZone: 'Europe/London' },
  /** England and Wales bank holidays (date-holidays country GB, region ENG). */
  holidays: { country: 'GB', region: 'ENG' },
};

export const POLICY_REVIEW = {
  /** §36 says "biannually"; the policy's own header gives a two-year review period. */
  periodYears: 2,
  nextReview: '2026-11-01',
  owner: 'corporate_head_of_customers' as const,
};

export const EQUALITY_MONITORING = { everyMonths: 6 };
