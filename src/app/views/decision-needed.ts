import type { Actor, Case } from '../../cases/index.js';
import { roleLabel, STATE_APPROVER, type ActionId } from '../../policy/index.js';
import { allowedActions } from './allowed-actions.js';

// "Your decision is needed" is said only to people on whom the case waits now (issue 11 §1). A
// button someone may press at any time (record police action, record an appeal, ask the reporter)
// does not make the case wait on them, and neither does having decided earlier.

/** Actions open at any time on an open case: offering them does not mean the case waits. */
const OPTIONAL_ACTIONS: readonly ActionId[] = [
  'record_police_or_legal_action',
  'receive_appeal',
  'receive_new_complaint',
  'propose_protective_step',
  'request_information',
  'propose_flag_marker',
];

/** The corporate head's options while a warning or restrictions stand: awaited only once behaviour continues. */
const MONITORING_ACTIONS: readonly ActionId[] = [
  'propose_restrictions',
  'close_behaviour_modified',
  'review_continue',
  'review_vary',
  'review_lift',
  'propose_refusal',
];

/** A report arrived after the last decision: the behaviour continued (§27, §31) and a senior must look at it. */
function reportSinceLastDecision(kase: Case): boolean {
  const last = kase.lastDecision?.at ?? kase.openedAt;
  return kase.reports.some((r) => r.reportedAt > last);
}

/** The actions of this person's that the case is waiting for now (empty: nothing waits on them). */
export function decisionsNeededFrom(kase: Case, actor: Actor): ActionId[] {
  return allowedActions(kase, actor).filter(
    (a) => !OPTIONAL_ACTIONS.includes(a) && (!MONITORING_ACTIONS.includes(a) || reportSinceLastDecision(kase)),
  );
}

/** Who has the case now, as people read it: "the executive director of customers". */
export function caseHolder(kase: Case): string | null {
  if (kase.state === 'closed') return null;
  const role = STATE_APPROVER[kase.state];
  if (role === 'line_manager')
    return kase.lineManagerId ? "the reporter's line manager" : 'the customer experience manager';
  return `the ${roleLabel(role ?? 'corporate_head_of_customers').toLowerCase()}`;
}

/**
 * The line a notification shows (Slack's `text`, Teams' summary): "your decision is needed" only
 * for people the case waits on; a neutral line for everyone else.
 */
export function notificationText(kase: Case, actor: Actor, title: string, status: string): string {
  if (decisionsNeededFrom(kase, actor).length > 0) return `${title} (${status}): your decision is needed`;
  const holder = caseHolder(kase);
  return holder ? `Case ${kase.number} is now with ${holder}` : `Case ${kase.number} is closed`;
}
