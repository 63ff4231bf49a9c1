import { STATE_APPROVER, roleLabel, type RoleId, type TransitionRow } from '../policy/index.js';
import type { ActedBy, Actor, Case } from './case.types.js';
import { caseError, type CaseError, type CaseErrorDetails } from './errors.js';
import { partiesToCase, proposersFor } from './exclusions.js';
import { approvedLetter, lettersAwaitingDispatch } from './dispatch.js';

export type Authorisation = { ok: true; actedBy: ActedBy } | { ok: false; error: CaseError };

const self = (actor: Actor): ActedBy => ({ personId: actor.personId, name: actor.name, onBehalfOf: null });

/**
 * Who may not take a row on a case. `actors` may not take it at all, not even as a deputy: the
 * reporters, affected colleagues, the proposer of what is being approved, earlier deciders for an
 * appeal. `principals` may not be acted for: a deputy does not approve on behalf of the proposer,
 * nor hear an appeal for someone who decided. A deputy of a reporter or affected colleague may act
 * for them (issue 11 §4: the decision passes to their deputy).
 */
interface Exclusions {
  actors: string[];
  principals: string[];
  why: Map<string, string>;
}

function exclusionsFor(row: TransitionRow, kase: Case | null): Exclusions {
  const why = new Map<string, string>();
  if (!kase) return { actors: [], principals: [], why };
  const parties = partiesToCase(kase);
  const proposers = proposersFor(kase, row.action);
  const deciders = row.by.kind === 'senior_without_prior_decision' ? kase.deciderIds : [];
  for (const id of deciders)
    why.set(
      id,
      'You took an earlier decision on this case, so the appeal must be decided by another senior colleague.',
    );
  for (const id of proposers) why.set(id, 'You proposed this, so someone else must approve it.');
  for (const id of parties) {
    why.set(
      id,
      kase.reporterIds.includes(id)
        ? 'You reported on this case, so someone else decides it; it has passed to the next person.'
        : 'You are named as affected in this case, so someone else decides it; it has passed to the next person.',
    );
  }
  return { actors: [...parties, ...proposers, ...deciders], principals: [...proposers, ...deciders], why };
}

function asHolderOf(actor: Actor, roles: readonly RoleId[], ex: Exclusions): ActedBy | null {
  if (ex.actors.includes(actor.personId)) return null;
  if ([...actor.roles, ...(actor.standingIn ?? [])].some((r) => roles.includes(r))) return self(actor);
  // A deputy acts for an absent approver; the decision is recorded as "X on behalf of Y".
  const principal = actor.deputisingFor.find(
    (p) => p.roles.some((r) => roles.includes(r)) && !ex.principals.includes(p.personId),
  );
  if (principal) return { ...self(actor), onBehalfOf: { personId: principal.personId, name: principal.name } };
  return null;
}

function notYourTier(who: string, details: CaseErrorDetails): Authorisation {
  return {
    ok: false,
    error: caseError('CASE.NOT_YOUR_TIER', `Only ${who} (or their deputy) can decide this.`, details),
  };
}

/** An excluded person who would otherwise hold the authority is told why, not "not your tier". */
function excluded(actor: Actor, ex: Exclusions, wouldHold: boolean, fallback: Authorisation): Authorisation {
  const reason = ex.why.get(actor.personId) ?? actor.deputisingFor.map((p) => ex.why.get(p.personId)).find(Boolean);
  if (!wouldHold || !reason) return fallback;
  return { ok: false, error: caseError('CASE.CONFLICT_OF_INTEREST', reason, {}) };
}

const NO_EXCLUSIONS: Exclusions = { actors: [], principals: [], why: new Map() };

/**
 * Who may take `row` on `kase` right now, re-checked on the server for every click. `letterIndex`
 * names the letter a dispatch is recorded for; without it (drawing a card) any letter still
 * waiting for its dispatch counts.
 */
export function authorise(row: TransitionRow, kase: Case | null, actor: Actor, letterIndex?: number): Authorisation {
  const by = row.by;
  if (actor.isSystem) {
    return by.kind === 'system' ? { ok: true, actedBy: self(actor) } : notYourTier('a person', { system: true });
  }
  const ex = exclusionsFor(row, kase);
  switch (by.kind) {
    case 'any_colleague':
      return { ok: true, actedBy: self(actor) };
    case 'system':
      return { ok: false, error: caseError('CASE.NOT_YOUR_TIER', 'Only the scheduler can do this.', { system: true }) };
    case 'reporter':
      return kase && kase.reporterIds.includes(actor.personId)
        ? { ok: true, actedBy: self(actor) }
        : {
            ok: false,
            error: caseError('CASE.NOT_YOUR_TIER', 'Only a colleague who reported on this case can do this.', {
              reporterOnly: true,
            }),
          };
    case 'roles':
    case 'senior_without_prior_decision': {
      const actedBy = asHolderOf(actor, by.roles, ex);
      if (actedBy) return { ok: true, actedBy };
      const refusal = notYourTier(by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`).join(' or '), {
        roles: by.roles,
      });
      return excluded(actor, ex, asHolderOf(actor, by.roles, NO_EXCLUSIONS) !== null, refusal);
    }
    case 'state_approver': {
      const result = authoriseStateApprover(kase, actor, ex);
      return result.ok ? result : excluded(actor, ex, authoriseStateApprover(kase, actor, NO_EXCLUSIONS).ok, result);
    }
    case 'letter_approver_or_roles': {
      // Recording what was done with an approved letter decides nothing, so nobody is excluded.
      const actedBy = asLetterApprover(kase, actor, letterIndex) ?? asHolderOf(actor, by.roles, NO_EXCLUSIONS);
      if (actedBy) return { ok: true, actedBy };
      return notYourTier(
        ['the approver of the letter', ...by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`)].join(' or '),
        { roles: by.roles },
      );
    }
    case 'line_manager_or_roles': {
      const actedBy = (kase ? asLineManagerOf(kase, actor, ex) : null) ?? asHolderOf(actor, by.roles, ex);
      if (actedBy) return { ok: true, actedBy };
      const refusal = notYourTier(
        ["the reporter's line manager", ...by.roles.map((r) => `the ${roleLabel(r).toLowerCase()}`)].join(' or '),
        { roles: by.roles },
      );
      const wouldHold =
        (kase ? asLineManagerOf(kase, actor, NO_EXCLUSIONS) : null) ?? asHolderOf(actor, by.roles, NO_EXCLUSIONS);
      return excluded(actor, ex, wouldHold !== null, refusal);
    }
  }
}

function authoriseStateApprover(kase: Case | null, actor: Actor, ex: Exclusions): Authorisation {
  const role = kase ? STATE_APPROVER[kase.state] : undefined;
  if (!kase || !role) return notYourTier('the approver of this stage', {});
  if (role !== 'line_manager') {
    const actedBy = asHolderOf(actor, [role], ex);
    return actedBy ? { ok: true, actedBy } : notYourTier(`the ${roleLabel(role).toLowerCase()}`, { roles: [role] });
  }
  // Tier 1 is a person, not a role: the reporter's own line manager. A reporter with no line
  // manager in the directory is handled by the customer experience manager instead.
  if (kase.lineManagerId === null) {
    const actedBy = asHolderOf(actor, ['customer_experience_manager'], ex);
    return actedBy
      ? { ok: true, actedBy }
      : notYourTier('the customer experience manager', { roles: ['customer_experience_manager'] });
  }
  const actedBy =
    asLineManagerOf(kase, actor, ex) ??
    (actor.standingIn?.includes('line_manager') && !ex.actors.includes(actor.personId) ? self(actor) : null);
  return actedBy
    ? { ok: true, actedBy }
    : notYourTier("the reporter's line manager", { approverPersonId: kase.lineManagerId });
}

/**
 * The role under which `actedBy` took a row open to `roles`: one of their own (or a tier they stand
 * in for), or, for a deputy, one of the principal's. Letters say in what role someone decided.
 */
export function actingRole(actor: Actor, actedBy: ActedBy, roles: readonly RoleId[]): RoleId | null {
  const held = actedBy.onBehalfOf
    ? (actor.deputisingFor.find((p) => p.personId === actedBy.onBehalfOf!.personId)?.roles ?? [])
    : [...actor.roles, ...(actor.standingIn ?? [])];
  return roles.find((r) => held.includes(r)) ?? null;
}

/** The reporter's own line manager, or their deputy. */
function asLineManagerOf(kase: Case, actor: Actor, ex: Exclusions): ActedBy | null {
  if (kase.lineManagerId === null || ex.actors.includes(actor.personId)) return null;
  if (actor.personId === kase.lineManagerId) return self(actor);
  const principal = actor.deputisingFor.find(
    (p) => p.personId === kase.lineManagerId && !ex.principals.includes(p.personId),
  );
  return principal ? { ...self(actor), onBehalfOf: { personId: principal.personId, name: principal.name } } : null;
}

/** The approver of the letter (or of any letter awaiting dispatch), or their deputy acting for them. */
function asLetterApprover(kase: Case | null, actor: Actor, letterIndex: number | undefined): ActedBy | null {
  if (!kase) return null;
  const indexes = letterIndex === undefined ? lettersAwaitingDispatch(kase) : [letterIndex];
  const letters = indexes.flatMap((i) => (kase.letters[i] ? [kase.letters[i]] : []));
  if (letters.some((l) => approvedLetter(l, actor.personId))) return self(actor);
  const principal = actor.deputisingFor.find((p) => letters.some((l) => approvedLetter(l, p.personId)));
  return principal ? { ...self(actor), onBehalfOf: { personId: principal.personId, name: principal.name } } : null;
}
