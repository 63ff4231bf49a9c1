import { dateInLondon } from '../cases/dates.js';
import type { ReminderRecord } from './ports.js';
import { REMINDER_KINDS, type PlannedReminder, type ReminderKind } from './reminder-plan.js';
import { plannedReminders, supersededKeys, type SchedulingDeps } from './sweep.js';
import { firstSlotFor, isWorkingTime } from './working-time.js';

// What `lcp schedule` shows, computed with the sweep's own plan and records.

export type ListingStatus =
  'upcoming' | 'due' | 'waiting_for_working_hours' | 'sent' | 'undeliverable' | 'superseded' | 'claimed';

export interface ListingRow {
  caseNumber: string | null;
  kind: ReminderKind;
  n: number;
  what: string;
  dueDate: string;
  /** When it can first go out (reminders wait for working hours). */
  firstSlot: string | null;
  status: ListingStatus;
  overdue: boolean;
  sentAt: string | null;
  recipients: string[];
}

export async function scheduleListing(
  deps: Pick<SchedulingDeps, 'cases' | 'settings' | 'reminders'>,
  now: Date,
  options: { caseNumber?: string } = {},
): Promise<ListingRow[] | null> {
  const today = dateInLondon(now);
  let plan: PlannedReminder[];
  let history: ReminderRecord[] = [];
  if (options.caseNumber) {
    const kase = await deps.cases.byNumber(options.caseNumber);
    if (!kase) return null;
    plan = await plannedReminders(deps, today, REMINDER_KINDS, kase);
    history = await deps.reminders.forCase(kase.id);
  } else {
    plan = await plannedReminders(deps, today);
  }
  const records = await deps.reminders.find(plan.map((r) => r.key));
  for (const h of history) if (!records.has(h.key)) records.set(h.key, h);
  const superseded = supersededKeys(plan.filter((r) => r.dueDate <= today));
  const working = isWorkingTime(now);

  const rows: ListingRow[] = plan.map((r) => {
    const record = records.get(r.key);
    const status: ListingStatus = record
      ? record.status
      : r.dueDate > today
        ? 'upcoming'
        : superseded.has(r.key)
          ? 'superseded'
          : r.action === 'remind' && !working
            ? 'waiting_for_working_hours'
            : 'due';
    return {
      caseNumber: r.caseNumber,
      kind: r.kind,
      n: r.n,
      what: r.what,
      dueDate: r.dueDate,
      firstSlot: r.action === 'remind' ? firstSlotFor(r.dueDate) : null,
      status,
      overdue: r.n === 1 && r.dueDate < today,
      sentAt: record?.sentAt?.toISOString() ?? null,
      recipients: record?.recipients ?? [],
    };
  });
  // Past reminders of this case that its current state no longer plans: still part of its record.
  const planned = new Set(plan.map((r) => r.key));
  for (const h of history) {
    if (planned.has(h.key)) continue;
    rows.push({
      caseNumber: h.caseNumber,
      kind: h.kind,
      n: h.n,
      what: `${h.kind.replace(/_/g, ' ')} (earlier state)`,
      dueDate: h.dueDate,
      firstSlot: null,
      status: h.status,
      overdue: false,
      sentAt: h.sentAt?.toISOString() ?? null,
      recipients: h.recipients,
    });
  }
  return rows.sort(
    (a, b) => a.dueDate.localeCompare(b.dueDate) || (a.caseNumber ?? '').localeCompare(b.caseNumber ?? '') || a.n - b.n,
  );
}
