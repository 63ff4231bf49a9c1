import { dateInLondon } from '../cases/dates.js';
import { OPEN_STATES, STATE_LABELS, type CaseState } from '../policy/index.js';
import { runOnce } from './exactly-once.js';
import type { DigestPoster } from './ports.js';
import { formatDate, REMINDER_KINDS, type PlannedReminder } from './reminder-plan.js';
import { lockLifetimeMs, plannedReminders, type SchedulingDeps } from './sweep.js';
import { addCalendarDays, workingDayOnOrAfter } from './working-time.js';
import { errorMessage } from '../logging/log.js';

// The weekly digest for a shared channel. Shared channels see no customer (docs/domain.md "Who sees what"), and
// since issue 13 §4 no case either: a case number next to "restrictions end" or a named approver is
// enough for a colleague to tell which customer is restricted. So it counts: open cases per state,
// and deadlines per kind (overdue and due this week); the cases themselves are in each person's App
// Home (Slack) or personal chat (Teams). Policy-wide deadlines (no case) are listed with their date.

export const DIGEST_HORIZON_DAYS = 7;

export const DIGEST_DETAIL_POINTER =
  'Which cases, and what is yours to do: the Limited Contact App Home in Slack, or "approvals" in your chat with the Limited Contact bot in Teams.';

export interface DigestLine {
  caseNumber: string | null;
  what: string;
  dueDate: string;
  overdue: boolean;
}

export interface DigestData {
  lines: DigestLine[];
  /** Open cases per state (states with none left out). */
  openByState: Partial<Record<CaseState, number>>;
}

/** Due in the coming week and overdue items: the first reminder of each series (the deadline itself). */
export async function digestLines(deps: SchedulingDeps, now: Date): Promise<DigestLine[]> {
  const today = dateInLondon(now);
  const horizon = addCalendarDays(today, DIGEST_HORIZON_DAYS);
  const plan = (await plannedReminders(deps, today, REMINDER_KINDS)).filter((r) => r.n === 1 && r.dueDate <= horizon);
  return plan.sort(byDue).map((item) => ({
    caseNumber: item.caseNumber,
    what: item.what,
    dueDate: item.dueDate,
    overdue: item.dueDate < today,
  }));
}

/** The digest's figures: the deadlines and the open cases per state (one indexed count per state). */
export async function digestData(deps: SchedulingDeps, now: Date): Promise<DigestData> {
  const openByState: Partial<Record<CaseState, number>> = {};
  for (const state of OPEN_STATES) {
    const n = await deps.services.cases.countInState(state);
    if (n > 0) openByState[state] = n;
  }
  return { lines: await digestLines(deps, now), openByState };
}

function byDue(a: PlannedReminder, b: PlannedReminder): number {
  return a.dueDate.localeCompare(b.dueDate) || (a.caseNumber ?? '').localeCompare(b.caseNumber ?? '');
}

export function renderDigest(data: DigestData, today: string): string {
  const caseLines = data.lines.filter((l) => l.caseNumber !== null);
  const policyLines = data.lines.filter((l) => l.caseNumber === null);
  const kinds = new Map<string, { overdue: number; due: number }>();
  for (const l of caseLines) {
    const counts = kinds.get(l.what) ?? { overdue: 0, due: 0 };
    if (l.overdue) counts.overdue += 1;
    else counts.due += 1;
    kinds.set(l.what, counts);
  }
  const states = OPEN_STATES.filter((s) => (data.openByState[s] ?? 0) > 0);
  const total = states.reduce((sum, s) => sum + (data.openByState[s] ?? 0), 0);
  const overdue = caseLines.filter((l) => l.overdue).length;
  const kindLine = ([what, c]: [string, { overdue: number; due: number }]) =>
    `• ${what}: ${[c.overdue ? `${c.overdue} overdue` : '', c.due ? `${c.due} due` : ''].filter(Boolean).join(', ')}`;
  return [
    `Limited Contact: weekly digest, ${formatDate(today)}`,
    '',
    `Open cases (${total}):`,
    ...(states.length ? states.map((s) => `• ${STATE_LABELS[s]}: ${data.openByState[s]}`) : ['• none']),
    '',
    `Case deadlines: ${overdue} overdue, ${caseLines.length - overdue} due in the next ${DIGEST_HORIZON_DAYS} days`,
    ...[...kinds.entries()].map(kindLine),
    ...policyLines.map((l) => `• Policy: ${l.what}, ${l.overdue ? 'overdue since' : 'due'} ${formatDate(l.dueDate)}`),
    '',
    DIGEST_DETAIL_POINTER,
  ].join('\n');
}

/** Posts this week's digest once per poster, however many workers run the job. */
export async function postWeeklyDigest(
  deps: SchedulingDeps,
  posters: DigestPoster[],
  now: Date,
): Promise<{ posted: string[]; text: string }> {
  const today = dateInLondon(now);
  const text = renderDigest(await digestData(deps, now), today);
  const posted: string[] = [];
  for (const poster of posters) {
    const outcome = await runOnce(
      {
        receipts: deps.services.receipts,
        claims: deps.claims,
        clock: deps.services.clock,
        lockLifetimeMs: lockLifetimeMs(deps.settings),
      },
      `digest:${poster.name}:${today}`,
      'digest',
      () => poster.postDigest(text),
    ).catch((error: unknown) => {
      deps.log?.('scheduler: could not post the digest', { poster: poster.name, error: errorMessage(error) });
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
