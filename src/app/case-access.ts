import type { Actor, Case } from '../cases/index.js';

// Who may see a case (DOMAIN.md "Privacy and access"): its reporters see their own reports and the
// outcome; its line manager, everyone who decided on it, and tiers 2–4 (and their deputies) see
// everything; anyone else sees nothing, not even that it exists.
export type CaseAccess = 'full' | 'reporter' | 'none';

const SENIOR_ROLES = ['customer_experience_manager', 'corporate_head_of_customers', 'executive_director_of_customers'];

export function caseAccess(kase: Case, actor: Actor): CaseAccess {
  if (actor.isSystem) return 'full';
  const identities = [actor, ...actor.deputisingFor];
  const full = identities.some(
    (p) => p.personId === kase.lineManagerId || kase.deciderIds.includes(p.personId) || p.roles.some((r) => SENIOR_ROLES.includes(r)),
  );
  if (full) return 'full';
  return kase.reporterIds.includes(actor.personId) ? 'reporter' : 'none';
}
