import type { RoleId } from './roles.js';

// Case states of docs/domain.md's lifecycle. "Waiting" states have an approver and a deadline.
export const CASE_STATES = [
  'line_manager_review',
  'cxm_review',
  'chc_review',
  'edc_warning_approval',
  'warning_issued',
  'edc_restriction_approval',
  'restricted',
  'edc_refusal_approval',
  'contact_refused',
  'closed',
] as const;

export type CaseState = (typeof CASE_STATES)[number];

export const REVIEW_STATES = [
  'line_manager_review',
  'cxm_review',
  'chc_review',
] as const satisfies readonly CaseState[];
export const EDC_APPROVAL_STATES = [
  'edc_warning_approval',
  'edc_restriction_approval',
  'edc_refusal_approval',
] as const satisfies readonly CaseState[];
export const OPEN_STATES = CASE_STATES.filter((s) => s !== 'closed');

/**
 * Who decides a case while it sits in a waiting state. `line_manager` means the reporter's own
 * line manager (a person), the others mean whoever holds the role.
 */
export const STATE_APPROVER: Partial<Record<CaseState, RoleId>> = {
  line_manager_review: 'line_manager',
  cxm_review: 'customer_experience_manager',
  chc_review: 'corporate_head_of_customers',
  edc_warning_approval: 'executive_director_of_customers',
  edc_restriction_approval: 'executive_director_of_customers',
  edc_refusal_approval: 'executive_director_of_customers',
};

export const STATE_LABELS: Record<CaseState, string> = {
  line_manager_review: 'Line manager review',
  cxm_review: 'Customer experience manager review',
  chc_review: 'Corporate head of customers review',
  edc_warning_approval: 'Warning letter awaiting executive director approval',
  warning_issued: 'Warning issued',
  edc_restriction_approval: 'Restrictions awaiting executive director approval',
  restricted: 'Contact restricted',
  edc_refusal_approval: 'Refusal of all contact awaiting executive director approval',
  contact_refused: 'All contact refused',
  closed: 'Closed',
};

export const CLOSURE_REASONS = [
  'informal_resolution',
  'asb_referral',
  'behaviour_modified',
  'restrictions_lifted',
  'restrictions_expired',
  /** A refusal of all contact reached its end date and was not renewed (§31). */
  'refusal_expired',
  'appeal_quashed',
  'no_further_action',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
