import { STATE_APPROVER, roleLabel, type RoleId, type TransitionRow } from '../policy/index.js';
import type { ActedBy, Actor, Case } from './case.types.js';
import { caseError, type CaseError, type CaseErrorDetails } from './errors.js';

export type Authorisation = { ok: true; actedBy: ActedBy } | { ok: false; error: CaseError };

const self = (actor: Actor): ActedBy => ({ personId: actor.personId, name: actor.name, onBehalfOf: null });

function asHolderOf(actor: Actor, roles: readonly RoleId[], excluded: readonly string[] = []): ActedBy | null {
  if (!excluded.includes(actor.personId)) {
    if (actor.roles.some((r) => roles.includes(r))) return self(actor);
    // A deputy acts for an absent approver; the decision is recorded as "X on behalf of Y".
    const principal = actor.deputisingFor.find((p) => p.roles.some((r) => roles.includes(r)) && !excluded.includes(p.personId));
    if (principal) return { ...self(actor), onBehalfOf: { personId: principal.personId, name: principal.name } };
  }
  return null;
}

function notYourTier(who: string, details: CaseErrorDetails): Authorisation {
  return { ok: false, error: caseError('CASE.NOT_YOUR_TIER', `Only ${who} (or their deputy) can decide this.`, details) };
}

/** Who may take `row` on `kase` right now, re-checked on the server for every click. */
export function authorise(row: TransitionRow, kase: Case | null, actor: Actor): Authorisation {
  const by = row.by;
  if (actor.isSystem) {
    return by.kind === 'system' ? { ok: true, actedBy: self(actor) } : notYourTier('a person', { system: true });
  }
  switch (by.kind) {
    case 'any_colleague':
      return { ok: true, actedBy: self(actor) };
    case 'system':
      return { ok: false, error: caseError('CASE.NOT_YOUR_TIER', 'Only the scheduler can do this.', { system: true }) };
    case 'reporter':
      return kase && kase.reporterIds.includes(actor.personId)
        ? { ok: true, actedBy: self(actor) }
        : { ok: false, error: caseError('CASE.NOT_YOUR_TIER', 'Only a colleague who reported on this case can do this.', { reporterOnly: true }) };
    case 'roles': {
      const actedBy = asHolderOf(actor, by.roles);
      return actedBy ? { ok: true, actedBy } : notYourTier(by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`).join(' or '), { roles: by.roles });
    }
    case 'senior_without_prior_decision': {
      const independent = asHolderOf(actor, by.roles, kase?.deciderIds ?? []);
      if (independent) return { ok: true, actedBy: independent };
      if (asHolderOf(actor, by.roles)) {
        return {
          ok: false,
          error: caseError('CASE.CONFLICT_OF_INTEREST', 'You took an earlier decision on this case, so the appeal must be decided by another senior colleague.', { roles: by.roles }),
        };
      }
      return notYourTier(by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`).join(' or '), { roles: by.roles });
    }
    case 'state_approver':
      return authoriseStateApprover(kase, actor);
    case 'line_manager_or_roles': {
      const asLineManager = kase ? asLineManagerOf(kase, actor) : null;
      const actedBy = asLineManager ?? asHolderOf(actor, by.roles);
      return actedBy ? { ok: true, actedBy } : notYourTier(["the reporter's line manager", ...by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`)].join(' or '), { roles: by.roles });
    }
  }
}

function authoriseStateApprover(kase: Case | null, actor: Actor): Authorisation {
  const role = kase ? STATE_APPROVER[kase.state] : undefined;
  if (!kase || !role) return notYourTier('the approver of this stage', {});
  if (role !== 'line_manager') {
    const actedBy = asHolderOf(actor, [role]);
    return actedBy ? { ok: true, actedBy } : notYourTier(`the ${roleLabel(role).toLowerCase()}`, { roles: [role] });
  }
  // Tier 1 is a person, not a role: the reporter's own line manager. A reporter with no line
  // manager in the directory is handled by the customer experience manager instead.
  if (kase.lineManagerId === null) {
    const actedBy = asHolderOf(actor, ['customer_experience_manager']);
    return actedBy ? { ok: true, actedBy } : notYourTier('the customer experience manager', { roles: ['customer_experience_manager'] });
  }
  const actedBy = asLineManagerOf(kase, actor);
  return actedBy ? { ok: true, actedBy } : notYourTier("the reporter's line manager", { approverPersonId: kase.lineManagerId });
}

/** The reporter's own line manager, or their deputy. */
function asLineManagerOf(kase: Case, actor: Actor): ActedBy | null {
  if (kase.lineManagerId === null) return null;
  if (actor.personId === kase.lineManagerId) return self(actor);
  const principal = actor.deputisingFor.find((p) => p.personId === kase.lineManagerId);
  return principal ? { ...self(actor), onBehalfOf: { personId: principal.personId, name: principal.name } } : null;
}
