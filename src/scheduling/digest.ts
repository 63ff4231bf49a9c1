import { actorsFor } from '../app/notifications/plan-notifications.js';
import { dateInLondon } from '../cases/dates.js';
import type { Case } from '../cases/index.js';
import { runOnce } from './exactly-once.js';
import type { DigestPoster } from './ports.js';
import { formatDate, REMINDER_KINDS, type PlannedReminder } from './reminder-plan.js';
import { lockLifetimeMs, plannedReminders, type SchedulingDeps } from './sweep.js';
import { addCalendarDays, workingDayOnOrAfter } from './working-time.js';

// The weekly digest for a shared channel. Shared channels see no customer (DOMAIN.md "Privacy"):
// each line is a case number, what is due, its date and who it is for, nothing else.

export const DIGEST_HORIZON_DAYS = 7;

export interface DigestLine {
  caseNumber: string | null;
  what: string;
  dueDate: string;
  overdue: boolean;
  assignees: string[];
}

/** Due in the coming week and overdue items: the first reminder of each series (the deadline itself). */
export async function digestLines(deps: SchedulingDeps, now: Date): Promise<DigestLine[]> {
  const today = dateInLondon(now);
  const horizon = addCalendarDays(today, DIGEST_HORIZON_DAYS);
  const plan = (await plannedReminders(deps, today, REMINDER_KINDS)).filter((r) => r.n === 1 && r.dueDate <= horizon);
  const cases = new Map<string, Case>();
  const lines: DigestLine[] = [];
  for (const item of plan.sort(byDue)) {
    let assignees: string[] = [];
    if (item.assignee !== 'system') {
      let kase: Case | null = null;
      if (item.caseId) {
        kase = cases.get(item.caseId) ?? (await deps.services.cases.findById(item.caseId));
        if (kase) cases.set(item.caseId, kase);
      }
      const ids = kase ? await actorsFor(kase, item.assignee, deps.services.people, now) : (await deps.services.people.findByRole(item.assignee)).map((p) => p.id);
      assignees = (await deps.services.people.listByIds(ids)).map((p) => p.name);
    }
    lines.push({ caseNumber: item.caseNumber, what: item.what, dueDate: item.dueDate, overdue: item.dueDate < today, assignees });
  }
  return lines;
}

function byDue(a: PlannedReminder, b: PlannedReminder): number {
  return a.dueDate.localeCompare(b.dueDate) || (a.caseNumber ?? '').localeCompare(b.caseNumber ?? '');
}

export function renderDigest(lines: DigestLine[], today: string): string {
  const line = (l: DigestLine) => `• ${l.caseNumber ?? 'Policy'}: ${l.what}, due ${formatDate(l.dueDate)}${l.assignees.length ? ` (${l.assignees.join(', ')})` : ''}`;
  const overdue = lines.filter((l) => l.overdue);
  const due = lines.filter((l) => !l.overdue);
  return [
    `Limited Contact: weekly digest, ${formatDate(today)}`,
    '',
    `Overdue (${overdue.length}):`,
    ...(overdue.length ? overdue.map(line) : ['• nothing overdue']),
    '',
    `Due in the next ${DIGEST_HORIZON_DAYS} days (${due.length}):`,
    ...(due.length ? due.map(line) : ['• nothing due']),
  ].join('\n');
}

/** Posts this week's digest once per poster, however many workers run the job. */
export async function postWeeklyDigest(deps: SchedulingDeps, posters: DigestPoster[], now: Date): Promise<{ posted: string[]; text: string }> {
  const today = dateInLondon(now);
  const text = renderDigest(await digestLines(deps, now), today);
  const posted: string[] = [];
  for (const poster of posters) {
    const outcome = await runOnce(
      { receipts: deps.services.receipts, claims: deps.claims, clock: deps.services.clock, lockLifetimeMs: lockLifetimeMs(deps.settings) },
      `digest:${poster.name}:${today}`,
      'digest',
      () => poster.postDigest(text),
    ).catch((error: unknown) => {
      deps.log?.('scheduler: could not post the digest', { poster: poster.name, error: error instanceof Error ? error.message : String(error) });
      return null;
    });
    if (outcome?.status === 'done') posted.push(poster.name);
  }
  return { posted, text };
}

/** The first working day of the Monday-to-Sunday week containing `isoDate`. */
export function firstWorkingDayOfWeek(isoDate: string): string {
  const weekday = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  const monday = addCalendarDays(isoDate, -((weekday + 6) % 7));
  return workingDayOnOrAfter(monday);
}
