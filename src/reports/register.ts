import { dateInLondon } from '../cases/dates.js';
import { RESTRICTION_TYPES, type RestrictionItem } from '../policy/index.js';
import type { ReportCase, ReportCaseSource } from './ports.js';
import type { RegisterRow, RegisterStatus } from '../app/chat-reports.port.js';

export type { RegisterRow, RegisterStatus };

// The register of restrictions the customer experience manager keeps (§34): every restriction,
// live or past, with the customer, its type, start, end and next review. Pure: rows are computed
// from cases as stored; only buildRegister reads them, through the port.

const LIVE_STATES = new Set(['restricted', 'contact_refused', 'edc_refusal_approval']);
const TYPE_LABEL = new Map<string, string>(RESTRICTION_TYPES.map((t) => [t.id, t.label]));
export const REFUSAL_TYPE = 'refusal_of_all_contact';
const REFUSAL_LABEL = 'Refusal of all contact (§31)';

type Item = Pick<RestrictionItem, 'type' | 'startDate' | 'endDate'> & { reviewDate?: string };

/** The restriction sets a case has had, oldest first, each with the date it was replaced. */
function restrictionSets(kase: ReportCase): { items: Item[]; replacedOn: string | null }[] {
  const fromLetters: { items: Item[]; sentOn: string }[] = [];
  for (const letter of kase.letters) {
    const items = letter.content.restrictions;
    if ((letter.kind === 'restriction' || letter.kind === 'review_outcome') && items && items.length > 0) {
      fromLetters.push({ items, sentOn: dateInLondon(new Date(letter.sentAt)) });
    }
  }
  const key = (items: readonly Item[]) => JSON.stringify(items.map((i) => [i.type, i.startDate, i.endDate]));
  const current = kase.restrictions?.items ?? [];
  const sets: { items: Item[]; replacedOn: string | null }[] = [];
  fromLetters.forEach((set, i) => {
    if (key(set.items) === key(current)) return;
    const next = fromLetters[i + 1];
    sets.push({ items: set.items, replacedOn: next?.sentOn ?? null });
  });
  if (current.length > 0) sets.push({ items: current, replacedOn: null });
  // A set varied on appeal leaves no letter with its items: its replacement is the current set.
  return sets.map((s, i) =>
    s.replacedOn === null && i < sets.length - 1 ? { ...s, replacedOn: sets[i + 1]!.items[0]?.startDate ?? null } : s,
  );
}

export function registerRows(kase: ReportCase, today: string): RegisterRow[] {
  const closedOn = kase.closure ? dateInLondon(new Date(kase.closure.at)) : null;
  // A variation awaiting approval leaves the current restrictions in force.
  const inForce =
    LIVE_STATES.has(kase.state) ||
    (kase.state === 'edc_restriction_approval' && kase.restrictions !== null && kase.restrictionLetterDate !== null);
  const base = { caseNumber: kase.number, customerName: kase.customer.name, accountRef: kase.customer.accountRef };
  const rows: RegisterRow[] = [];
  for (const set of restrictionSets(kase)) {
    const current = set.replacedOn === null;
    for (const item of set.items) {
      const stopped = current ? (inForce ? null : closedOn) : set.replacedOn;
      const ended = !current || !inForce || item.endDate < today;
      rows.push({
        ...base,
        type: item.type,
        typeLabel: TYPE_LABEL.get(item.type) ?? item.type,
        startDate: item.startDate,
        endDate: item.endDate,
        endedOn: stopped !== null && stopped < item.endDate ? stopped : null,
        nextReview: ended ? null : kase.nextReviewDue,
        status: ended ? 'ended' : item.startDate > today ? 'upcoming' : 'live',
      });
    }
  }
  if (kase.refusal?.approvedAt) {
    const live = kase.state === 'contact_refused';
    rows.push({
      ...base,
      type: REFUSAL_TYPE,
      typeLabel: REFUSAL_LABEL,
      startDate: kase.refusal.startDate ?? dateInLondon(new Date(kase.refusal.approvedAt)),
      endDate: kase.refusal.endDate ?? null,
      // Varied back to restrictions, lifted, quashed or expired: the row stays, with its end.
      endedOn: live ? null : (kase.refusal.endedOn ?? closedOn ?? null),
      nextReview: live ? kase.nextReviewDue : null,
      status: live ? 'live' : 'ended',
    });
  }
  return rows;
}

/** Live first, then upcoming, then ended; within each by start date and case number. */
export function sortRegister(rows: RegisterRow[]): RegisterRow[] {
  const order: Record<RegisterStatus, number> = { live: 0, upcoming: 1, ended: 2 };
  return rows.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      a.startDate.localeCompare(b.startDate) ||
      a.caseNumber.localeCompare(b.caseNumber) ||
      a.type.localeCompare(b.type),
  );
}

export async function buildRegister(source: ReportCaseSource, now: Date): Promise<RegisterRow[]> {
  const today = dateInLondon(now);
  const rows: RegisterRow[] = [];
  for await (const kase of source.eachCase({ everRestricted: true })) rows.push(...registerRows(kase, today));
  return sortRegister(rows);
}

export const liveRows = (rows: readonly RegisterRow[]): RegisterRow[] => rows.filter((r) => r.status !== 'ended');
