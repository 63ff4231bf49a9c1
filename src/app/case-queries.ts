import type { Actor, Case } from '../cases/index.js';
import { dateInLondon } from '../cases/dates.js';
import { OPEN_STATES } from '../policy/index.js';
import { caseAccess } from '../cases/index.js';
import type { CaseServices } from './services.js';
import { standInActors } from './stand-ins.js';
import { allowedActions } from './views/allowed-actions.js';

// Read-side use cases behind "/lcp case", "/lcp cases", "/lcp approvals" and the App Home.
// Each filters by what the person may see: a case they may not see is "not found".

export async function findCaseFor(
  services: CaseServices,
  actor: Actor,
  number: string,
  via = 'case query',
): Promise<Case | null> {
  const kase = await services.cases.findByNumber(number.trim().toUpperCase());
  if (!kase || caseAccess(kase, actor) === 'none') return null;
  await recordCaseView(services, kase, actor, via);
  return kase;
}

/**
 * Appends to the case view log that this person was shown the case's details (evidence packs say
 * who viewed a case). Not a case event: a view must not change the case's version or hash chain.
 */
export async function recordCaseView(
  services: Pick<CaseServices, 'views' | 'clock'>,
  kase: Pick<Case, 'id' | 'number'>,
  person: { personId: string; name: string },
  via: string,
): Promise<void> {
  await services.views?.record({
    caseId: kase.id,
    caseNumber: kase.number,
    personId: person.personId,
    name: person.name,
    via,
    at: services.clock().toISOString(),
  });
}

export async function myReports(services: CaseServices, actor: Actor): Promise<Case[]> {
  return services.cases.listByReporter(actor.personId);
}

/**
 * Open cases on which this person has a button to press right now, including those where they
 * stand in for a tier nobody else may decide (issue 11 §4), as the card they were sent shows.
 */
export async function awaitingMe(services: CaseServices, actor: Actor): Promise<Case[]> {
  const open = await services.cases.listByStates(OPEN_STATES);
  const mine = new Set(open.filter((kase) => allowedActions(kase, actor).length > 0));
  const others = open.filter((kase) => !mine.has(kase));
  const standIns = await standInActors(others, actor, services.people, services.clock());
  return open.filter((kase) => mine.has(kase) || allowedActions(kase, standIns.get(kase.id) ?? actor).length > 0);
}

/** For the corporate head and executive director: quarterly reviews due within `withinDays`, or overdue. */
export async function reviewsDue(
  services: CaseServices,
  actor: Actor,
  now: Date,
  withinDays = 14,
): Promise<{ caseId: string; number: string; due: string; overdue: boolean }[] | null> {
  const senior = [actor, ...actor.deputisingFor].some(
    (p) => p.roles.includes('corporate_head_of_customers') || p.roles.includes('executive_director_of_customers'),
  );
  if (!senior) return null;
  const today = dateInLondon(now);
  const horizon = dateInLondon(new Date(now.getTime() + withinDays * 86_400_000));
  const restricted = await services.cases.listByStates(['restricted', 'contact_refused']);
  return restricted
    .filter((k) => k.nextReviewDue !== null && k.nextReviewDue <= horizon)
    .map((k) => ({ caseId: k.id, number: k.number, due: k.nextReviewDue!, overdue: k.nextReviewDue! < today }))
    .sort((a, b) => a.due.localeCompare(b.due));
}
