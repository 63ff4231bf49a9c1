import { authorise } from '../../cases/authority.js';
import { lettersAwaitingDispatch, type Actor, type Case } from '../../cases/index.js';
import { TRANSITIONS, type ActionId, type GateId } from '../../policy/index.js';

// Gates that depend on the case alone can be checked before a button is shown; the others need
// what the person types, and are checked when they submit.
const CASE_ONLY_GATES: Partial<Record<GateId, (kase: Case) => boolean>> = {
  no_live_restrictions: (k) => k.restrictions === null,
  // Tier 1 is the line manager: on an urgent case they escalate instead (the check itself looks at the person).
  informal_resolution_by_senior_if_urgent: (k) => !(k.urgent && k.state === 'line_manager_review'),
  flag_marker_not_pending: (k) => !k.flagMarker || k.flagMarker.status === 'rejected',
  flag_marker_provisional: (k) => k.flagMarker?.status === 'provisional',
  information_requested: (k) => k.informationRequests.some((q) => q.answer === null),
  appeal_not_pending: (k) => !k.appeals.some((a) => a.decision === null),
  appeal_pending: (k) => k.appeals.some((a) => a.decision === null),
  urgent_case: (k) => k.urgent,
  police_question_open: (k) => k.urgentPath?.policeCalled === null,
  new_complaint_pending: (k) => k.newComplaints.some((c) => c.decision === null),
  protective_step_pending: (k) => Boolean(k.urgentPath?.protectiveSteps.some((s) => s.ratification === null)),
  letter_dispatch_valid: (k) => lettersAwaitingDispatch(k).length > 0,
};

/** Actions a person takes from a case card (reports and expiry come from elsewhere). */
const NOT_ON_CARDS: readonly ActionId[] = ['report', 'attach_report', 'expire'];

/** The actions this person may take on this case now, in table order: exactly the card's buttons. */
export function allowedActions(kase: Case, actor: Actor): ActionId[] {
  const actions: ActionId[] = [];
  for (const row of TRANSITIONS) {
    if (row.from === 'none' || !row.from.includes(kase.state) || NOT_ON_CARDS.includes(row.action)) continue;
    if (!authorise(row, kase, actor).ok) continue;
    if (!row.gates.every((gate) => CASE_ONLY_GATES[gate]?.(kase) ?? true)) continue;
    if (!actions.includes(row.action)) actions.push(row.action);
  }
  return actions;
}
