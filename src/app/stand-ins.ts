import { DECISION_TIERS, partiesToCase, standingInFor } from '../cases/exclusions.js';
import type { Actor, Case } from '../cases/index.js';
import { isDeputyActive, type Person, type PersonRepository } from '../directory/person.js';
import type { RoleId } from '../policy/index.js';
import { actorOf, resolveActor } from './resolve-actor.js';

// Nobody decides their own case (issue 11 §4). When every holder of a tier is a party to the case
// (a reporter or a colleague named as affected) and none of them has an active deputy who is not
// a party, the tier is vacant on this case and the next tier up decides in its place.

/** Whether someone other than a party can act for `holders` now: a holder, or an active deputy of one. */
function someoneEligible(holders: readonly Person[], parties: readonly string[], now: Date): boolean {
  return holders.some(
    (h) =>
      !parties.includes(h.id) || h.deputies.some((d) => isDeputyActive(d, now) && !parties.includes(d.deputyPersonId)),
  );
}

/** The people vacantTiers looks at first: the case's parties and its line manager (who may have left). */
const peopleOfCase = (kase: Case): string[] =>
  kase.lineManagerId ? [...partiesToCase(kase), kase.lineManagerId] : partiesToCase(kase);

/** The tiers nobody may decide on this case now. */
export async function vacantTiers(kase: Case, people: PersonRepository, now: Date): Promise<RoleId[]> {
  return vacantTiersAmong(kase, await people.listByIds(peopleOfCase(kase)), people, now);
}

/** vacantTiers, given the case's parties and line manager as found in the directory (`found`). */
async function vacantTiersAmong(
  kase: Case,
  found: readonly Person[],
  people: PersonRepository,
  now: Date,
): Promise<RoleId[]> {
  const parties = partiesToCase(kase);
  const partyRoles = new Set(found.filter((p) => parties.includes(p.id)).flatMap((p) => p.roles));
  const lineManager = found.find((p) => p.id === kase.lineManagerId) ?? null;
  const lineManagerIsParty =
    kase.lineManagerId !== null &&
    (parties.includes(kase.lineManagerId) || !lineManager || Boolean(lineManager.deactivatedAt));
  // The usual case, one query: no party holds a tier, so only a missing line manager can leave one empty.
  if (!lineManagerIsParty && !DECISION_TIERS.some((t) => t !== 'line_manager' && partyRoles.has(t)))
    return kase.lineManagerId === null ? ['line_manager'] : [];
  const vacant: RoleId[] = [];
  for (const tier of DECISION_TIERS) {
    let holders: Person[];
    if (tier === 'line_manager') {
      const lm = kase.lineManagerId ? await people.findById(kase.lineManagerId) : null;
      holders = lm && !lm.deactivatedAt ? [lm] : [];
    } else {
      holders = partyRoles.has(tier) ? await people.findByRole(tier) : [];
      if (!partyRoles.has(tier)) continue; // no party holds it: someone else does, or nobody ever did
    }
    if (!someoneEligible(holders, parties, now)) vacant.push(tier);
  }
  return vacant;
}

/**
 * The actor for deciding on one case: with the vacant tiers they decide in place of. `who` is a
 * person id, or the person as the channel already found them (not read again). The person (when
 * given by id), whom they deputise for and the case's parties are one query (issue 14 §3).
 */
export async function resolveActorFor(
  people: PersonRepository,
  who: string | Person,
  now: Date,
  kase: Case | null,
): Promise<Actor | null> {
  if (!kase) return resolveActor(people, who, now);
  const personId = typeof who === 'string' ? who : who.id;
  const resolved = await resolveOnCase(people, typeof who === 'string' ? [who] : [], [personId], now, kase, who);
  return resolved.get(personId)?.actor ?? null;
}

/** A directory person, and their actor on a case (null for a leaver). */
export interface PersonOnCase {
  person: Person;
  actor: Actor | null;
}

/**
 * resolveActorFor for several people at once (the recipients of a case's notifications): them,
 * whom each deputises for and the case's parties in one query. People not in the directory are
 * left out of the map.
 */
export async function resolveActorsFor(
  people: PersonRepository,
  personIds: readonly string[],
  now: Date,
  kase: Case,
): Promise<Map<string, PersonOnCase>> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return new Map();
  return resolveOnCase(people, ids, ids, now, kase);
}

async function resolveOnCase(
  people: PersonRepository,
  toRead: readonly string[],
  personIds: readonly string[],
  now: Date,
  kase: Case,
  known?: string | Person,
): Promise<Map<string, PersonOnCase>> {
  const wanted = peopleOfCase(kase);
  const found = await people.principalsAndPeople(personIds, [...wanted, ...toRead], now);
  const vacant = await vacantTiersAmong(
    kase,
    found.people.filter((p) => wanted.includes(p.id)),
    people,
    now,
  );
  const resolved = new Map<string, PersonOnCase>();
  for (const id of personIds) {
    const person = typeof known === 'object' && known.id === id ? known : found.people.find((p) => p.id === id);
    if (!person) continue;
    // A leaver (deactivated) decides and sees nothing, like someone not in the directory.
    if (person.deactivatedAt) {
      resolved.set(id, { person, actor: null });
      continue;
    }
    const actor = actorOf(person, found.principals.get(id) ?? []);
    const standingIn = standingInFor(actor.roles, vacant);
    resolved.set(id, { person, actor: standingIn.length > 0 ? { ...actor, standingIn } : actor });
  }
  return resolved;
}

/**
 * The people who act for `role` on this case now: the reporter's line manager or the role's
 * holders, and their active deputies, leaving out the case's parties; when that leaves nobody, the
 * next tier's people (who are then told).
 */
export async function eligibleActorsFor(
  kase: Case,
  role: RoleId,
  people: PersonRepository,
  now: Date,
): Promise<string[]> {
  const parties = partiesToCase(kase);
  let principals: Person[];
  if (role === 'line_manager') {
    const lm = kase.lineManagerId ? await people.findById(kase.lineManagerId) : null;
    principals = lm && !lm.deactivatedAt ? [lm] : [];
  } else {
    principals = await people.findByRole(role);
  }
  const ids: string[] = [];
  const add = (id: string) => {
    if (!parties.includes(id) && !ids.includes(id)) ids.push(id);
  };
  for (const p of principals) {
    add(p.id);
    for (const d of p.deputies) if (isDeputyActive(d, now)) add(d.deputyPersonId);
  }
  const tier = DECISION_TIERS.indexOf(role);
  const next = tier >= 0 ? DECISION_TIERS[tier + 1] : undefined;
  if (ids.length === 0 && next) return eligibleActorsFor(kase, next, people, now);
  return ids;
}

/**
 * Of `cases`, those on which `actor` decides in place of a vacant tier, with the actor as they act
 * there (for "/lcp approvals" and Teams "approvals"). Every case's parties and line manager are
 * read from the directory in one query; `vacantTiers` then answers each case from that read, so a
 * listing costs one query more, plus a few only for cases where a party holds a tier.
 */
export async function standInActors(
  cases: readonly Case[],
  actor: Actor,
  people: PersonRepository,
  now: Date,
): Promise<Map<string, Actor>> {
  const standIns = new Map<string, Actor>();
  // Only a holder of a tier above the line manager stands in for anyone.
  if (!actor.roles.some((r) => r !== 'line_manager' && DECISION_TIERS.includes(r)) || cases.length === 0)
    return standIns;
  const ids = new Set<string>();
  for (const kase of cases) {
    partiesToCase(kase).forEach((id) => ids.add(id));
    if (kase.lineManagerId) ids.add(kase.lineManagerId);
  }
  const found = new Map((await people.listByIds([...ids])).map((p) => [p.id, p]));
  const read: PersonRepository = Object.assign(Object.create(people) as PersonRepository, {
    listByIds: async (wanted: string[]) => wanted.flatMap((id) => found.get(id) ?? []),
  });
  for (const kase of cases) {
    const standingIn = standingInFor(actor.roles, await vacantTiers(kase, read, now));
    if (standingIn.length > 0) standIns.set(kase.id, { ...actor, standingIn });
  }
  return standIns;
}
