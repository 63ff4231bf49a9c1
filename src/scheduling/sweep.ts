import { decideCase } from '../app/decide-case.js';
import { appealDecidersFor } from '../app/appeal-deciders.js';
import { actorsFor } from '../app/notifications/plan-notifications.js';
import type { CaseServices } from '../app/services.js';
import { dateInLondon } from '../cases/dates.js';
import type { Case } from '../cases/index.js';
import { REVIEW_CADENCE } from '../policy/schedule.js';
import { OPEN_STATES, type CaseState } from '../policy/states.js';
import { LeaseExpiredError, runOnce, withTimeout, type LeaseDeps } from './exactly-once.js';
import type { PersonRepository } from '../directory/person.js';
import type { ClaimAges, ReminderLog, ReminderRecord, ScheduledCaseSource } from './ports.js';
import { forEachWithConcurrency, SEND_CONCURRENCY, sweepPeople } from './sweep-people.js';
import {
  caseReminders,
  organisationReminders,
  REMINDER_KINDS,
  type Audience,
  type PlannedReminder,
  type ReminderKind,
} from './reminder-plan.js';
import type { ReminderSender } from './reminder-sender.js';
import type { SchedulingSettings } from './scheduling-settings.js';
import { isWorkingTime } from './working-time.js';
import { errorMessage, type Log } from '../logging/log.js';

// The sweep: every few minutes, read what is due from the cases collection and act on it. No job
// is scheduled per case, so nothing has to be cancelled when a case moves on: the re-read case no
// longer plans the reminder, and it is not sent.

export interface SchedulingDeps {
  services: CaseServices;
  cases: ScheduledCaseSource;
  reminders: ReminderLog;
  claims: ClaimAges;
  sender: ReminderSender;
  settings: SchedulingSettings;
  log?: Log;
}

export interface SweepReport {
  /** Due items looked at. */
  due: number;
  sent: number;
  alreadySent: number;
  /** Another worker holds a live claim. */
  busy: number;
  /** Due, but outside working hours: they wait for the next working-hours sweep. */
  waiting: number;
  /** The case moved on since it was read. */
  movedOn: number;
  superseded: number;
  expired: number;
  failed: number;
}

const STATES_FOR: Record<ReminderKind, readonly CaseState[]> = {
  // Every open state: besides each waiting state's own deadline, decisions wait inside cases in any
  // state (an appeal, a new complaint, a protective step, a flag marker, the police question).
  decision_deadline: OPEN_STATES,
  review_due: REVIEW_CADENCE.appliesTo,
  restriction_expiry: ['restricted', 'contact_refused'],
  warning_follow_up: ['warning_issued'],
  policy_review: [],
  equality_monitoring: [],
  // Letters are found by their own query (any state, closed included): see plannedReminders.
  letter_dispatch: [],
};
const ORGANISATION_KINDS: readonly ReminderKind[] = ['policy_review', 'equality_monitoring'];

export function lockLifetimeMs(settings: SchedulingSettings): number {
  return settings.LCP_REMINDER_LOCK_MINUTES * 60_000;
}

function leaseDeps(deps: SchedulingDeps): LeaseDeps {
  return {
    receipts: deps.services.receipts,
    claims: deps.claims,
    clock: deps.services.clock,
    lockLifetimeMs: lockLifetimeMs(deps.settings),
  };
}

/** Cases read per page by a sweep: the unit of its reading, planning and looking up records. */
export const SWEEP_PAGE_SIZE = 500;

/**
 * The plan for these kinds over the cases that can have them, a page of cases at a time (then the
 * letters awaiting dispatch and the organisation's own reminders). All reminders of one case are
 * on the same page, so each page's superseded reminders are known from the page alone.
 */
export async function* plannedReminderPages(
  deps: Pick<SchedulingDeps, 'cases' | 'settings'>,
  today: string,
  kinds: readonly ReminderKind[] = REMINDER_KINDS,
  pageSize = SWEEP_PAGE_SIZE,
): AsyncIterable<PlannedReminder[]> {
  const ofKinds = (plan: PlannedReminder[]) => plan.filter((r) => kinds.includes(r.kind));
  const states = [...new Set(kinds.flatMap((k) => STATES_FOR[k]))];
  const seen = new Set<string>();
  if (states.length > 0)
    for await (const page of deps.cases.pagesInStates(states, pageSize)) {
      page.forEach((c) => seen.add(c.id));
      yield ofKinds(page.flatMap((c) => caseReminders(c, deps.settings)));
    }
  const rest: PlannedReminder[] = [];
  if (kinds.includes('letter_dispatch')) {
    // Only cases whose oldest undispatched letter is old enough to be due, or will be shortly.
    for (const kase of await deps.cases.withLettersAwaitingDispatch(today))
      if (!seen.has(kase.id)) rest.push(...caseReminders(kase, deps.settings));
  }
  if (kinds.some((k) => ORGANISATION_KINDS.includes(k))) rest.push(...organisationReminders(deps.settings, today));
  if (rest.length > 0) yield ofKinds(rest);
}

/** The whole plan for these kinds (or for one case): what the schedule listing and the digest show. */
export async function plannedReminders(
  deps: Pick<SchedulingDeps, 'cases' | 'settings'>,
  today: string,
  kinds: readonly ReminderKind[] = REMINDER_KINDS,
  only?: Case,
): Promise<PlannedReminder[]> {
  if (only) return caseReminders(only, deps.settings).filter((r) => kinds.includes(r.kind));
  const plan: PlannedReminder[] = [];
  for await (const page of plannedReminderPages(deps, today, kinds)) plan.push(...page);
  return plan;
}

/** The key of a reminder without its number: reminders 1, 2, … of one deadline share it. */
function seriesOf(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

/**
 * Of a series' due reminders only the latest is sent: after an outage, the approver gets the
 * second reminder rather than both at once.
 */
export function supersededKeys(due: PlannedReminder[]): Set<string> {
  const latest = new Map<string, number>();
  for (const r of due) latest.set(seriesOf(r.key), Math.max(latest.get(seriesOf(r.key)) ?? 0, r.n));
  return new Set(due.filter((r) => r.n < (latest.get(seriesOf(r.key)) ?? 0)).map((r) => r.key));
}

function emptyReport(): SweepReport {
  return { due: 0, sent: 0, alreadySent: 0, busy: 0, waiting: 0, movedOn: 0, superseded: 0, expired: 0, failed: 0 };
}

/**
 * Reads the cases a page at a time and acts on each page's due reminders before reading the next:
 * the first nudges go out after one page, and memory holds one page of cases.
 */
export async function runSweep(
  deps: SchedulingDeps,
  now: Date,
  kinds: readonly ReminderKind[] = REMINDER_KINDS,
): Promise<SweepReport> {
  const report = emptyReport();
  const today = dateInLondon(now);
  const people = sweepPeople(deps.services.people);
  for await (const plan of plannedReminderPages(deps, today, kinds))
    await actOnDue(
      deps,
      plan.filter((r) => r.dueDate <= today),
      { now, people, workingTime: isWorkingTime(now) },
      report,
    );
  return report;
}

async function actOnDue(
  deps: SchedulingDeps,
  due: PlannedReminder[],
  context: { now: Date; people: PersonRepository; workingTime: boolean },
  report: SweepReport,
): Promise<void> {
  report.due += due.length;
  const superseded = supersededKeys(due);
  const records = await deps.reminders.find(due.filter((r) => r.action === 'remind').map((r) => r.key));

  const toSend: PlannedReminder[] = [];
  for (const item of due) {
    try {
      if (item.action === 'expire') {
        const outcome = await expire(deps, item);
        report[outcome]++;
        continue;
      }
      if (records.get(item.key)?.status === 'sent' || records.get(item.key)?.status === 'undeliverable')
        report.alreadySent++;
      else if (superseded.has(item.key)) report.superseded++;
      else if (!context.workingTime) report.waiting++;
      else toSend.push(item);
    } catch (error) {
      report.failed++;
      deps.log?.('scheduler: could not act on a due item', { key: item.key, error: errorMessage(error) });
    }
  }

  // Each reminder keeps its own exactly-once lease (exactly-once.ts); several are sent at once.
  // Not claimed in batches: FerretDB, the test and demo database, answers an _id $in filter by
  // reading the whole collection, where a single _id look-up is served by an index
  // (docs/test-database.md, docs/benchmarks.md "The scheduler").
  await forEachWithConcurrency(toSend, SEND_CONCURRENCY, async (item) => {
    try {
      report[await remind(deps, item, context.now, context.people)]++;
    } catch (error) {
      report.failed++;
      deps.log?.('scheduler: could not act on a due item', { key: item.key, error: errorMessage(error) });
    }
  });
}

function claimRecord(
  item: PlannedReminder,
  attempt: number,
  claimedAt: Date,
): Omit<ReminderRecord, 'status' | 'sentAt' | 'recipients'> {
  return {
    key: item.key,
    caseId: item.caseId,
    caseNumber: item.caseNumber,
    kind: item.kind,
    dueDate: item.dueDate,
    n: item.n,
    attempt,
    claimedAt,
  };
}

/** The scheduler's own decision: the end date is reached and nothing renewed the restrictions. */
async function expire(deps: SchedulingDeps, item: PlannedReminder): Promise<'expired' | 'movedOn' | 'failed'> {
  const kase = await deps.services.cases.findById(item.caseId!);
  const endDate =
    kase?.state === 'contact_refused'
      ? kase.refusal?.endDate
      : kase?.state === 'restricted'
        ? kase.restrictions?.endDate
        : null;
  if (!kase || endDate !== item.dueDate) return 'movedOn';
  // No idempotency key: the case's event sequence is the arbiter, so of two workers expiring the
  // same case one wins and the other is told "already decided", and a worker that dies here
  // leaves no claim behind to block the next sweep.
  const result = await decideCase(deps.services, {
    caseId: kase.id,
    actorPersonId: 'system',
    command: { action: 'expire', expectedVersion: kase.version },
  });
  if (result.ok) return 'expired';
  if (result.error.code === 'CASE.ALREADY_DECIDED') return 'movedOn';
  deps.log?.('scheduler: could not expire restrictions', {
    caseId: kase.id,
    code: result.error.code,
    message: result.error.message,
  });
  return 'failed';
}

async function recipientsFor(
  deps: SchedulingDeps,
  kase: Case | null,
  audience: Audience,
  now: Date,
  people: PersonRepository = deps.services.people,
): Promise<string[]> {
  if (typeof audience === 'object') {
    const person = await people.findById(audience.personId);
    return person && !person.deactivatedAt ? [person.id] : [];
  }
  if (audience === 'appeal_deciders') return kase ? appealDecidersFor(kase, people, now) : [];
  if (kase) return actorsFor(kase, audience, people, now);
  const holders = await people.findByRole(audience);
  const ids = holders.map((p) => p.id);
  for (const p of holders)
    for (const d of p.deputies)
      if (d.from <= now && now < d.until && !ids.includes(d.deputyPersonId)) ids.push(d.deputyPersonId);
  return ids;
}

async function remind(
  deps: SchedulingDeps,
  planned: PlannedReminder,
  now: Date,
  people?: PersonRepository,
): Promise<'sent' | 'alreadySent' | 'busy' | 'movedOn' | 'failed'> {
  // Re-read the case: act only if it still calls for exactly this reminder.
  let kase: Case | null = null;
  let item = planned;
  if (planned.caseId) {
    kase = await deps.services.cases.findById(planned.caseId);
    const current = kase ? caseReminders(kase, deps.settings).find((r) => r.key === planned.key) : undefined;
    if (!current) return 'movedOn';
    item = current;
  }

  const outcome = await runOnce(leaseDeps(deps), item.key, 'reminder', async (lease) => {
    await deps.reminders.recordClaim(claimRecord(item, lease.attempt, lease.claimedAt));
    const delivered = new Set<string>();
    const unreachable = new Set<string>();
    for (const planned of item.messages) {
      let message: { role: Audience; text: string } = planned;
      let reached = await recipientsFor(deps, kase, planned.role, now, people);
      // Nobody may act (no independent appeal decider): whoever can put that right is told instead.
      if (reached.length === 0 && planned.otherwise) {
        message = planned.otherwise;
        reached = await recipientsFor(deps, kase, message.role, now, people);
      }
      const recipients = reached.filter((id) => !delivered.has(id));
      if (recipients.length === 0) continue;
      // Never start a send once another worker may have taken the reminder over.
      if (!lease.stillHeld()) throw new LeaseExpiredError(lease.key);
      const sent = await withTimeout(
        deps.sender.send(recipients, message.text, item.caseId, people),
        lease.remainingMs(),
        `reminder ${item.key}`,
      );
      sent.delivered.forEach((id) => delivered.add(id));
      sent.unreachable.forEach((id) => unreachable.add(id));
    }
    const status = delivered.size > 0 ? 'sent' : 'undeliverable';
    if (status === 'undeliverable')
      deps.log?.('scheduler: nobody could be reached for a reminder', { key: item.key, unreachable: [...unreachable] });
    await deps.reminders.recordOutcome(item.key, {
      status,
      sentAt: deps.services.clock(),
      recipients: status === 'sent' ? [...delivered] : [...unreachable],
    });
    return status;
  });

  switch (outcome.status) {
    case 'done':
      return 'sent';
    case 'already_done':
      return 'alreadySent';
    case 'busy':
      return 'busy';
    case 'gave_up':
      deps.log?.('scheduler: a reminder crashed its workers too often; giving up on it', {
        key: item.key,
        attempts: outcome.attempts,
      });
      return 'failed';
  }
}
