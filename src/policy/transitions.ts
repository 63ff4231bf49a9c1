import type { GateId } from './gates.js';
import { APPEAL_DECIDER_ROLES, type RoleId } from './roles.js';
import { EDC_APPROVAL_STATES, OPEN_STATES, REVIEW_STATES, type CaseState } from './states.js';

// docs/domain.md's lifecycle table as data. The workflow looks a (state, action) pair up here;
// a pair that is missing is an illegal transition, never a silent pass.
export const ACTION_IDS = [
  'report',
  'attach_report',
  'escalate',
  'resolve_informally',
  'refer_to_asb',
  'request_information',
  'provide_information',
  'propose_flag_marker',
  'approve_flag_marker',
  'reject_flag_marker',
  'propose_warning',
  'approve_warning',
  'send_back',
  'propose_restrictions',
  'close_behaviour_modified',
  'close_no_further_action',
  'approve_restrictions',
  'review_continue',
  'review_vary',
  'review_lift',
  'expire',
  'propose_refusal',
  'refuse_all_contact',
  'renew_refusal',
  'record_police_or_legal_action',
  'receive_new_complaint',
  'decide_new_complaint',
  'receive_appeal',
  'decide_appeal',
  'answer_police_question',
  'propose_protective_step',
  'ratify_protective_step',
  'record_dispatch',
] as const;

export type ActionId = (typeof ACTION_IDS)[number];

export type Authority =
  /** Anyone in the directory (every person is a colleague). */
  | { kind: 'any_colleague' }
  /** Someone who reported an incident on this case. */
  | { kind: 'reporter' }
  /** The approver of the case's current state: the reporter's line manager, or the tier's role. */
  | { kind: 'state_approver' }
  /** The reporter's own line manager (tier 1 is a person), or a holder of one of these roles. */
  | { kind: 'line_manager_or_roles'; roles: RoleId[] }
  | { kind: 'roles'; roles: RoleId[] }
  /** Only the scheduler. */
  | { kind: 'system' }
  /** A senior person who took no earlier decision on the case (appeals) [guidance]. */
  | { kind: 'senior_without_prior_decision'; roles: RoleId[] }
  /** Whoever approved the letter in question (or their deputy), or a holder of these roles (issue 12 §5). */
  | { kind: 'letter_approver_or_roles'; roles: RoleId[] };

export type Destination = CaseState | 'same' | 'previous' | 'by_outcome';

export interface TransitionRow {
  action: ActionId;
  /** 'none' means the action creates a case. */
  from: readonly CaseState[] | 'none';
  by: Authority;
  to: Destination;
  gates: GateId[];
  /** Every decision needs a written rationale; reports and answers carry their own content. */
  rationale: 'required' | 'not_needed';
  /** A decision by an approver: it counts for "already decided" and for appeal independence. */
  decision: boolean;
  paragraphs: number[];
  summary: string;
}

const CHC: RoleId = 'corporate_head_of_customers';
const EDC: RoleId = 'executive_director_of_customers';
const CXM: RoleId = 'customer_experience_manager';
const RESTRICTION_GATES: GateId[] = [
  'restriction_dates_valid',
  'contact_route_open',
  'adjustments_considered',
  'adjustment_conflicts_justified',
  'proportionality_recorded',
];
const APPEALABLE: CaseState[] = ['warning_issued', 'restricted', 'contact_refused'];
/** States a case can be in once it holds a letter (the first letter is the warning). */
const LETTER_STATES: CaseState[] = [
  'warning_issued',
  'edc_restriction_approval',
  'restricted',
  'edc_refusal_approval',
  'contact_refused',
  'closed',
];

export const TRANSITIONS: readonly TransitionRow[] = [
  {
    action: 'report',
    from: 'none',
    by: { kind: 'any_colleague' },
    to: 'line_manager_review',
    gates: [],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [8, 13],
    summary: 'A colleague reports an incident; the line manager is notified (urgent reports also go to tiers 2–3).',
  },
  {
    action: 'attach_report',
    from: OPEN_STATES,
    by: { kind: 'any_colleague' },
    to: 'same',
    gates: [],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [8, 27, 31],
    summary:
      'A new report about a customer with an open case is attached to it; after a warning or restriction the CHC is told that behaviour continued.',
  },
  {
    action: 'escalate',
    from: ['line_manager_review'],
    by: { kind: 'state_approver' },
    to: 'cxm_review',
    gates: ['colleague_support_recorded'],
    rationale: 'required',
    decision: true,
    paragraphs: [8, 11],
    summary: 'The line manager escalates to the customer experience manager, recording the colleague-support check.',
  },
  {
    action: 'escalate',
    from: ['cxm_review'],
    by: { kind: 'state_approver' },
    to: 'chc_review',
    gates: ['risk_assessment_recorded'],
    rationale: 'required',
    decision: true,
    paragraphs: [8, 11],
    summary: 'The CXM escalates to the corporate head of customers, with the risk assessment done or not needed.',
  },
  {
    action: 'resolve_informally',
    from: ['line_manager_review', 'cxm_review'],
    by: { kind: 'state_approver' },
    to: 'closed',
    gates: ['informal_resolution_by_senior_if_urgent'],
    rationale: 'required',
    decision: true,
    paragraphs: [12],
    summary: 'Behaviour out of character; informal warning given; the reporter is told.',
  },
  {
    action: 'refer_to_asb',
    from: REVIEW_STATES,
    by: { kind: 'state_approver' },
    to: 'closed',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [24],
    summary: 'Resident-on-resident or ASB: handled under the ASB policy.',
  },
  {
    action: 'request_information',
    from: REVIEW_STATES,
    by: { kind: 'state_approver' },
    to: 'same',
    gates: [],
    rationale: 'required',
    decision: false,
    paragraphs: [8],
    summary: 'The approver asks the reporter for more information; the case waits on the reporter.',
  },
  {
    action: 'provide_information',
    from: REVIEW_STATES,
    by: { kind: 'reporter' },
    to: 'same',
    gates: ['information_requested'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [8],
    summary: 'The reporter answers; the approver is notified.',
  },
  {
    action: 'propose_flag_marker',
    from: ['cxm_review'],
    by: { kind: 'roles', roles: [CXM] },
    to: 'same',
    gates: ['flag_marker_not_pending'],
    rationale: 'required',
    decision: false,
    paragraphs: [11],
    summary: 'The CXM proposes a flag marker on the customer account; provisional until tier 3 or 4 approves.',
  },
  {
    action: 'approve_flag_marker',
    from: OPEN_STATES,
    by: { kind: 'roles', roles: [CHC, EDC] },
    to: 'same',
    gates: ['flag_marker_provisional'],
    rationale: 'required',
    decision: true,
    paragraphs: [11],
    summary: 'Tier 3 or 4 approves the flag marker, which becomes live.',
  },
  {
    action: 'reject_flag_marker',
    from: OPEN_STATES,
    by: { kind: 'roles', roles: [CHC, EDC] },
    to: 'same',
    gates: ['flag_marker_provisional'],
    rationale: 'required',
    decision: true,
    paragraphs: [11],
    summary: 'Tier 3 or 4 rejects the proposed flag marker.',
  },
  {
    action: 'propose_warning',
    from: ['chc_review'],
    by: { kind: 'state_approver' },
    to: 'edc_warning_approval',
    gates: ['complaint_investigated', 'adjustments_considered', 'behaviours_with_examples'],
    rationale: 'required',
    decision: true,
    paragraphs: [4, 20, 21, 22, 23, 25, 26],
    summary: 'The CHC proposes a warning letter for the executive director to approve.',
  },
  {
    action: 'approve_warning',
    from: ['edc_warning_approval'],
    by: { kind: 'state_approver' },
    to: 'warning_issued',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [4, 26],
    summary: 'The EDC approves; the warning letter content is frozen and its sent date recorded.',
  },
  {
    action: 'send_back',
    from: EDC_APPROVAL_STATES,
    by: { kind: 'state_approver' },
    to: 'previous',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [4],
    summary: 'The EDC sends the proposal back to the state it came from.',
  },
  {
    action: 'propose_restrictions',
    from: ['warning_issued'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'edc_restriction_approval',
    gates: [...RESTRICTION_GATES, 'behaviour_continued_after_warning'],
    rationale: 'required',
    decision: true,
    paragraphs: [20, 27, 30],
    summary:
      'Behaviour continued after the warning (a report dated after the warning letter, or the continued behaviour recorded now as a report): the CHC proposes structured restrictions.',
  },
  {
    action: 'close_no_further_action',
    from: ['chc_review', 'edc_warning_approval', 'edc_restriction_approval'],
    by: { kind: 'state_approver' },
    to: 'closed',
    gates: ['no_live_restrictions'],
    rationale: 'required',
    decision: true,
    paragraphs: [4, 8],
    summary:
      'The corporate head (at their review) or the executive director (instead of approving a proposal) closes the case with no further action, with reasons; the reporters are told; a later report opens a new case (issue 11 §2).',
  },
  {
    action: 'close_behaviour_modified',
    from: ['warning_issued'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'closed',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [26],
    summary: 'After the observation period the customer has modified their behaviour.',
  },
  {
    action: 'approve_restrictions',
    from: ['edc_restriction_approval'],
    by: { kind: 'state_approver' },
    to: 'restricted',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [4, 27, 28, 29],
    summary: 'The EDC approves; the restriction letter is issued in their name; quarterly reviews are scheduled.',
  },
  {
    action: 'review_continue',
    from: ['restricted', 'contact_refused'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'same',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [29],
    summary: 'Quarterly review: restrictions continue; the customer gets a review outcome letter.',
  },
  {
    action: 'review_vary',
    from: ['restricted', 'contact_refused'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'edc_restriction_approval',
    gates: RESTRICTION_GATES,
    rationale: 'required',
    decision: true,
    paragraphs: [20, 29, 30],
    summary: 'Quarterly review: the CHC proposes varied (or renewed) restrictions for EDC approval.',
  },
  {
    action: 'review_lift',
    from: ['restricted', 'contact_refused'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'closed',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [29],
    summary: 'Quarterly review: restrictions lifted; the customer gets a lift letter.',
  },
  {
    action: 'expire',
    from: ['restricted'],
    by: { kind: 'system' },
    to: 'closed',
    gates: ['end_date_reached'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [30],
    summary: 'The end date is reached and the restrictions were not renewed: they lapse.',
  },
  {
    action: 'expire',
    from: ['contact_refused'],
    by: { kind: 'system' },
    to: 'closed',
    gates: ['refusal_end_reached'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [31],
    summary: 'The refusal of all contact reached its end date and was not renewed: it lapses with a letter.',
  },
  {
    action: 'propose_refusal',
    from: ['restricted'],
    by: { kind: 'roles', roles: [CHC] },
    to: 'edc_refusal_approval',
    gates: ['restrictions_breached', 'adjustments_considered', 'refusal_duration_valid'],
    rationale: 'required',
    decision: true,
    paragraphs: [20, 31],
    summary:
      'Restrictions not adhered to and behaviour continued: the CHC proposes refusing all contact for a duration.',
  },
  {
    action: 'refuse_all_contact',
    from: ['edc_refusal_approval'],
    by: { kind: 'state_approver' },
    to: 'contact_refused',
    gates: [],
    rationale: 'required',
    decision: true,
    paragraphs: [31],
    summary:
      'The EDC refuses all contact for the proposed duration, and may stop the complaint investigation; still reviewed quarterly.',
  },
  {
    action: 'renew_refusal',
    from: ['contact_refused'],
    by: { kind: 'roles', roles: [EDC] },
    to: 'same',
    gates: ['adjustments_considered', 'refusal_duration_valid'],
    rationale: 'required',
    decision: true,
    paragraphs: [31],
    summary: 'Before or at its end, the EDC renews the refusal of all contact for a new duration, with a new letter.',
  },
  {
    action: 'record_police_or_legal_action',
    from: OPEN_STATES,
    by: { kind: 'roles', roles: [CHC, EDC] },
    to: 'same',
    gates: [],
    rationale: 'required',
    decision: false,
    paragraphs: [32],
    summary: 'Police contacted or legal action taken: recorded as a flag on the case.',
  },
  {
    action: 'receive_new_complaint',
    from: ['restricted', 'contact_refused'],
    by: { kind: 'any_colleague' },
    to: 'same',
    gates: [],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [33],
    summary: 'A new complaint from a restricted customer becomes a task for the EDC.',
  },
  {
    action: 'decide_new_complaint',
    from: ['restricted', 'contact_refused'],
    by: { kind: 'roles', roles: [EDC] },
    to: 'same',
    gates: ['new_complaint_pending'],
    rationale: 'required',
    decision: true,
    paragraphs: [33],
    summary: 'The EDC decides how the new complaint is handled, on its merit.',
  },
  {
    action: 'receive_appeal',
    from: APPEALABLE,
    by: { kind: 'roles', roles: [CXM] },
    to: 'same',
    gates: ['appeal_not_pending'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [28],
    summary: 'The CXM records an appeal; it becomes a task for a senior person independent of the case.',
  },
  {
    action: 'decide_appeal',
    from: APPEALABLE,
    by: { kind: 'senior_without_prior_decision', roles: [...APPEAL_DECIDER_ROLES] },
    to: 'by_outcome',
    gates: ['appeal_pending'],
    rationale: 'required',
    decision: true,
    paragraphs: [28],
    summary:
      'Quash (case closed), vary (the restrictions that now apply) or uphold, by a senior colleague independent of the case; an outcome letter follows.',
  },
  {
    action: 'answer_police_question',
    from: OPEN_STATES,
    by: { kind: 'reporter' },
    to: 'same',
    gates: ['urgent_case', 'police_question_open'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [32],
    summary: 'Urgent path: the reporter says whether the police have been called.',
  },
  {
    action: 'propose_protective_step',
    from: OPEN_STATES,
    by: { kind: 'line_manager_or_roles', roles: [CXM, CHC] },
    to: 'same',
    gates: ['urgent_case'],
    rationale: 'required',
    decision: false,
    paragraphs: [14, 32],
    summary: 'Urgent path: an immediate protective step is taken, for the EDC to ratify.',
  },
  {
    action: 'ratify_protective_step',
    from: OPEN_STATES,
    by: { kind: 'roles', roles: [EDC] },
    to: 'same',
    gates: ['protective_step_pending'],
    rationale: 'required',
    decision: true,
    paragraphs: [4, 14, 32],
    summary: 'Urgent path: the EDC ratifies (or overturns) the immediate protective step.',
  },
  {
    // Issue 12 §5: a letter reaches the customer. Not a decision: a record of what was done with
    // a letter already approved, in any state a letter can exist in (lifts and expiries close).
    action: 'record_dispatch',
    from: LETTER_STATES,
    by: { kind: 'letter_approver_or_roles', roles: [CXM] },
    to: 'same',
    gates: ['letter_dispatch_valid'],
    rationale: 'not_needed',
    decision: false,
    paragraphs: [28, 29],
    summary:
      "The approver of a letter or the CXM records how and when it was dispatched (posted, e-mailed, handed over); the restriction letter's dispatch date anchors the quarterly reviews.",
  },
];

export function findTransition(action: ActionId, from: CaseState | null): TransitionRow | undefined {
  return TRANSITIONS.find(
    (t) => t.action === action && (from === null ? t.from === 'none' : t.from !== 'none' && t.from.includes(from)),
  );
}
