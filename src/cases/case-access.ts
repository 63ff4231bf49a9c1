import { SENIOR_ROLES } from '../policy/index.js';
import type { Actor, Case } from './case.types.js';

// Who has a part in a case, and so may see it (docs/domain.md "Who sees what"): its reporters see
// their own reports and the outcome; its line manager, everyone who decided on it, and tiers 2–4
// (and their deputies) see everything; anyone else sees nothing, not even that it exists. The same
// answer decides whether a stale card names who decided (only to people with a part). An appeal
// reviewer (outside the customer tiers) sees a case while an appeal on it awaits a decision, and
// afterwards as one who decided on it.
export type CaseAccess = 'full' | 'reporter' | 'none';

export function caseAccess(kase: Case, actor: Actor): CaseAccess {
  if (actor.isSystem) return 'full';
  const identities = [actor, ...actor.deputisingFor];
  const appealPending = kase.appeals.some((a) => a.decision === null);
  const full = identities.some(
    (p) =>
      p.personId === kase.lineManagerId ||
      kase.deciderIds.includes(p.personId) ||
      p.roles.some((r) => SENIOR_ROLES.includes(r)) ||
      (p.roles.includes('appeal_reviewer') && appealPending),
  );
  if (full) return 'full';
  return kase.reporterIds.includes(actor.personId) ? 'reporter' : 'none';
}

export const hasPartInCase = (kase: Case, actor: Actor): boolean => caseAccess(kase, actor) !== 'none';
