import type { ActedBy, Actor, Case } from './case.types.js';
import { hasPartInCase } from './case-access.js';
import { displayTime } from './dates.js';
import { caseError, type CaseError } from './errors.js';

// The words for who took a step and for a card that someone else's decision made stale, said the
// same way in cards, messages, letters, evidence packs and refusals.

/** "X", or "X on behalf of Y" when a deputy acted for an absent approver. */
export function actedByText(by: Pick<ActedBy, 'name'> & { onBehalfOf: { name: string } | null }): string {
  return by.onBehalfOf ? `${by.name} on behalf of ${by.onBehalfOf.name}` : by.name;
}

const CHANGED = 'This case has changed since this was shown to you.';

/**
 * A card or form drawn for an earlier version of the case: "Already decided by X at T" (London
 * time) for people with a part in the case; anyone else is only told that the case has moved on.
 */
export function alreadyDecided(kase: Case, actor: Actor | null): CaseError {
  if (!actor || (!actor.isSystem && !hasPartInCase(kase, actor))) return caseError('CASE.ALREADY_DECIDED', CHANGED);
  const last = kase.lastDecision;
  const details = { lastDecision: last, currentVersion: kase.version, state: kase.state };
  return caseError(
    'CASE.ALREADY_DECIDED',
    last ? `Already decided by ${actedByText(last.by)} at ${displayTime(last.at)}.` : CHANGED,
    details,
  );
}
