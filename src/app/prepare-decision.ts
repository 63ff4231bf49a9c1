import { authorise } from '../cases/authority.js';
import {
  alreadyDecided,
  caseAccess,
  caseError,
  type Actor,
  type Case,
  type CaseError,
  type CustomerAdjustment,
} from '../cases/index.js';
import { findTransition, type ActionId } from '../policy/index.js';
import { decisionForm } from './forms/decision-form.js';
import type { FormSpec } from './forms/form-types.js';
import { resolveActorFor } from './stand-ins.js';
import type { CaseServices } from './services.js';
import { allowedActions } from './views/allowed-actions.js';
import { partiesToCase } from '../cases/exclusions.js';
import { auditRefusal } from './refused-attempts.js';
import { adjustmentsFor } from './customer-adjustments.js';
import type { Person } from '../directory/person.js';
import { formExtras } from './form-extras.js';

/** What a colleague with no part in a case is told when they press one of its buttons. */
export const NO_PART_IN_CASE =
  'You cannot act on this case: you have no part in it. If it was forwarded to you, nothing was done.';

export type PreparedDecision =
  | { ok: true; kase: Case; actor: Actor; form: FormSpec; adjustments: CustomerAdjustment[] }
  | { ok: false; error: CaseError };

/**
 * A click on a decision button, checked on the server before any form is shown: the card must be
 * current and the person must be allowed to take the action now. A refusal is audited, and the
 * form comes back for the channel to show (a Slack modal, inputs on a Teams card). The same
 * checks run again when the form is submitted (submitDecisionForm), since anything may change in
 * between. Three database commands in the usual case: the person (found by the channel and passed
 * as `actor`), the case from its latest event, and one directory query for whom the person
 * deputises for and the case's parties; the restriction forms also read the customer's adjustments.
 */
export async function prepareDecision(
  services: CaseServices,
  input: {
    caseId: string;
    actorPersonId: string;
    /** The person as the channel already found them; saves reading them again. */
    actor?: Person;
    action: ActionId;
    version: number;
  },
): Promise<PreparedDecision> {
  const now = services.clock();
  const kase = (await services.cases.findAtHead(input.caseId))?.case ?? null;
  const who = input.actor?.id === input.actorPersonId ? input.actor : input.actorPersonId;
  const actor = await resolveActorFor(services.people, who, now, kase);
  if (!actor)
    return {
      ok: false,
      error: caseError(
        'CASE.UNKNOWN_PERSON',
        'You are not in the Limited Contact directory; ask an administrator to add you.',
      ),
    };
  if (!kase) return { ok: false, error: caseError('CASE.NOT_FOUND', 'That case does not exist.') };
  const refused = async (error: CaseError): Promise<PreparedDecision> => {
    await auditRefusal(services, { error, kase, caseId: input.caseId, action: input.action, actor, stage: 'button' });
    return { ok: false, error };
  };
  // A forwarded or copied card pressed by a colleague with no part in the case: say so plainly,
  // before anything about the case (who decided, who may act) is told.
  if (caseAccess(kase, actor) === 'none' && !partiesToCase(kase).includes(actor.personId)) {
    return refused(caseError('CASE.NOT_YOUR_TIER', NO_PART_IN_CASE, {}));
  }
  if (kase.version !== input.version) return refused(alreadyDecided(kase, actor));
  if (!allowedActions(kase, actor).includes(input.action)) {
    const row = findTransition(input.action, kase.state);
    const refusal = row ? authorise(row, kase, actor) : null;
    if (refusal && !refusal.ok) return refused(refusal.error);
    return refused(caseError('CASE.ILLEGAL_TRANSITION', 'That action is not available on this case now.'));
  }
  const adjustments = await adjustmentsFor(services, input.action, kase);
  const form = decisionForm(input.action, kase, adjustments, await formExtras(services, input.action, kase));
  return { ok: true, kase, actor, form, adjustments };
}
