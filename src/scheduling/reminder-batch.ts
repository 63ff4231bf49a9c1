import type { Case } from '../cases/index.js';
import type { Person, PersonRepository } from '../directory/person.js';
import { LeaseExpiredError, withTimeout } from './exactly-once.js';
import type { PlannedReminder } from './reminder-plan.js';

// Reminders in batches (docs/scheduling.md "Many reminders at once"). The exactly-once rule is the
// single reminder's (exactly-once.ts): whoever inserts lease 0 of a key sends it. A batch only does
// the same steps for many keys with one database command each (read the cases, claim, record the
// claims, record the outcomes, complete the receipts), and sends with bounded concurrency. Keys it
// cannot claim (another worker's, or an earlier attempt's) go the single reminder's way, which
// knows about live holders, take-overs and reminders already sent.

export const REMINDER_BATCH_SIZE = 200;
/** Chat messages in flight at once: the chat APIs' rate limits, not the database, bound this. */
export const SEND_CONCURRENCY = 8;

export type BatchOutcome = 'sent' | 'movedOn' | 'failed' | 'claimedElsewhere';

export interface BatchDeps {
  claimMany(keys: string[]): Promise<Set<string>>;
  casesByIds(ids: string[]): Promise<Case[]>;
  recordClaims(records: { item: PlannedReminder; claimedAt: Date }[]): Promise<void>;
  recordOutcomes(outcomes: { key: string; status: 'sent' | 'undeliverable'; sentAt: Date; recipients: string[] }[]): Promise<void>;
  completeMany(keys: string[], at: Date): Promise<void>;
  release(key: string): Promise<void>;
  recipients(kase: Case | null, role: PlannedReminder['messages'][number]['role']): Promise<string[]>;
  send(personIds: string[], text: string, caseId: string | null): Promise<{ delivered: string[]; unreachable: string[] }>;
  plan(kase: Case): PlannedReminder[];
  clock(): Date;
  lockLifetimeMs: number;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/** Sends one batch; returns each key's outcome. */
export async function remindBatch(deps: BatchDeps, planned: PlannedReminder[]): Promise<Map<string, BatchOutcome>> {
  const outcomes = new Map<string, BatchOutcome>();
  // Re-read the cases: act only on reminders the current case still plans.
  const caseIds = [...new Set(planned.flatMap((item) => (item.caseId ? [item.caseId] : [])))];
  const cases = new Map((await deps.casesByIds(caseIds)).map((kase) => [kase.id, kase]));
  const current: { item: PlannedReminder; kase: Case | null }[] = [];
  for (const item of planned) {
    if (!item.caseId) {
      current.push({ item, kase: null });
      continue;
    }
    const kase = cases.get(item.caseId);
    const still = kase ? deps.plan(kase).find((r) => r.key === item.key) : undefined;
    if (still && kase) current.push({ item: still, kase });
    else outcomes.set(item.key, 'movedOn');
  }

  const claimed = await deps.claimMany(current.map(({ item }) => item.key));
  const claimedAt = deps.clock();
  const mine = current.filter(({ item }) => claimed.has(item.key));
  for (const { item } of current) if (!claimed.has(item.key)) outcomes.set(item.key, 'claimedElsewhere');
  if (mine.length === 0) return outcomes;
  await deps.recordClaims(mine.map(({ item }) => ({ item, claimedAt })));

  const remainingMs = () => deps.lockLifetimeMs - (deps.clock().getTime() - claimedAt.getTime());
  const results: { key: string; status: 'sent' | 'undeliverable'; sentAt: Date; recipients: string[] }[] = [];
  await forEachWithConcurrency(mine, SEND_CONCURRENCY, async ({ item, kase }) => {
    try {
      const delivered = new Set<string>();
      const unreachable = new Set<string>();
      for (const message of item.messages) {
        const people = (await deps.recipients(kase, message.role)).filter((id) => !delivered.has(id));
        if (people.length === 0) continue;
        // Never start a send once another worker may have taken the reminder over.
        if (remainingMs() <= 0) throw new LeaseExpiredError(item.key);
        const sent = await withTimeout(deps.send(people, message.text, item.caseId), remainingMs(), `reminder ${item.key}`);
        sent.delivered.forEach((id) => delivered.add(id));
        sent.unreachable.forEach((id) => unreachable.add(id));
      }
      const status = delivered.size > 0 ? 'sent' : 'undeliverable';
      if (status === 'undeliverable') deps.log?.('scheduler: nobody could be reached for a reminder', { key: item.key, unreachable: [...unreachable] });
      results.push({ key: item.key, status, sentAt: deps.clock(), recipients: status === 'sent' ? [...delivered] : [...unreachable] });
      outcomes.set(item.key, 'sent');
    } catch (error) {
      // Free the lease so that the next sweep can try again (a chat API may be down).
      outcomes.set(item.key, 'failed');
      deps.log?.('scheduler: could not act on a due item', { key: item.key, error: error instanceof Error ? error.message : String(error) });
      await deps.release(item.key).catch(() => undefined);
    }
  });
  await deps.recordOutcomes(results);
  await deps.completeMany(
    results.map((r) => r.key),
    deps.clock(),
  );
  return outcomes;
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function forEachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The directory as one sweep sees it: each person and each role's holders read once per sweep
 * rather than once per reminder (10,000 reviews due at once go to the same few seniors).
 */
export function sweepPeople(people: PersonRepository): PersonRepository {
  const byId = new Map<string, Promise<Person | null>>();
  const byRole = new Map<string, Promise<Person[]>>();
  return Object.assign(Object.create(people) as PersonRepository, {
    findById: (id: string) => {
      if (!byId.has(id)) byId.set(id, people.findById(id));
      return byId.get(id)!;
    },
    findByRole: (role: Parameters<PersonRepository['findByRole']>[0]) => {
      if (!byRole.has(role)) byRole.set(role, people.findByRole(role));
      return byRole.get(role)!;
    },
  });
}

