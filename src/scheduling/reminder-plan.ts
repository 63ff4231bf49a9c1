import { addMonths, dateInLondon } from '../cases/dates.js';
import { lettersToChase, type Case } from '../cases/index.js';
import { LETTER_DISPATCH, letterLabel } from '../policy/letters.js';
import { ROLES, type RoleId } from '../policy/roles.js';
import {
  DECISION_DEADLINES_WORKING_DAYS,
  EQUALITY_MONITORING,
  POLICY_REVIEW,
  REMINDER_RULES,
  REVIEW_CADENCE,
  TASK_DEADLINES_WORKING_DAYS,
  type TaskKind,
} from '../policy/schedule.js';
import { isUrgentReport } from '../cases/new-case.js';
import { STATE_APPROVER, STATE_LABELS, type CaseState } from '../policy/states.js';
import type { SchedulingSettings } from './scheduling-settings.js';
import { addCalendarDays, addWorkingDays } from './working-time.js';

// What the scheduler owes each case and the organisation, computed from stored state alone. The
// sweep sends what is due from this plan and `lcp schedule` lists the same plan, so the two can
// never disagree. A decision changes the case, hence the plan: reminders for a state the case has
// left simply stop being planned, which is how decisions "cancel" reminders.

export const REMINDER_KINDS = [
  'decision_deadline',
  'review_due',
  'restriction_expiry',
  'warning_follow_up',
  'policy_review',
  'equality_monitoring',
  'letter_dispatch',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A quarterly review this many working days late escalates to the executive director (§29). */
export const REVIEW_OVERDUE_WORKING_DAYS = 5;

/**
 * Who hears a reminder: the people acting for a role on the case (with active deputies), the
 * people who may decide its pending appeal (independent of the case), or one named person.
 */
export type Audience = RoleId | 'appeal_deciders' | { personId: string };

export interface PlannedMessage {
  role: Audience;
  /** Names the case number and what is due; never the customer. */
  text: string;
  /** When nobody can be reached for `role` (no independent appeal decider), who is told instead, and what. */
  otherwise?: { role: Audience; text: string };
}

export interface PlannedReminder {
  /** `reminder:<caseId|org>:<kind>:<dueDate>:<n>`: one receipt, one record, one nudge. */
  key: string;
  caseId: string | null;
  caseNumber: string | null;
  kind: ReminderKind;
  /** YYYY-MM-DD (London) from which it may go out, in working hours. */
  dueDate: string;
  /** 1 for the first reminder, 2 for the next, …; never above the kind's cap. */
  n: number;
  /** What the case was planned for; the sweep re-reads the case and re-plans before acting. */
  state: CaseState | null;
  /** Short description for lists and the digest: what is due, from whom. */
  what: string;
  /** Who is expected to act; 'system' for expiry. */
  assignee: Audience | 'system';
  /** 'expire' is the scheduler's own decision (no working hours); 'remind' sends messages. */
  action: 'remind' | 'expire';
  messages: PlannedMessage[];
}

const NEXT_TIER: Partial<Record<RoleId, RoleId>> = {
  line_manager: 'customer_experience_manager',
  customer_experience_manager: 'corporate_head_of_customers',
  corporate_head_of_customers: 'executive_director_of_customers',
};

export function roleLabel(role: RoleId): string {
  return ROLES.find((r) => r.id === role)?.label ?? role;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
export function formatDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T12:00:00Z`));
}

export function reminderKey(subject: string, kind: ReminderKind, dueDate: string, n: number): string {
  return `reminder:${subject}:${kind}:${dueDate}:${n}`;
}

/** The date the case started waiting on its current approver: the last decision, or the latest answer to a question. */
export function waitingSince(kase: Case): string {
  const answers = kase.informationRequests.map((q) => q.answeredAt).filter((a): a is string => a !== null);
  const candidates = [kase.lastDecision?.at ?? kase.openedAt, ...answers].sort();
  return dateInLondon(new Date(candidates[candidates.length - 1]!));
}

export function decisionDeadline(kase: Case): string | null {
  const days = DECISION_DEADLINES_WORKING_DAYS[kase.state];
  return days === undefined ? null : addWorkingDays(waitingSince(kase), days);
}

/** A decision waiting inside a case, beside its state's: who owes it, since when (ISO), in words. */
export interface PendingTask {
  kind: TaskKind;
  id: string;
  since: string;
  to: Audience[];
  /** "the decision on an appeal", for reminder texts (never the customer). */
  what: string;
  /** For lists: "appeal A1". */
  label: string;
  /** Told with the second reminder, with `owed` (what is late, in the third person). */
  escalateTo?: Audience;
  owed?: string;
  /** When nobody can be reached for `to`, who is told instead. */
  otherwise?: (due: string) => { role: Audience; text: string };
}

const CHC: RoleId = 'corporate_head_of_customers';
const EDC: RoleId = 'executive_director_of_customers';

/** The decisions waiting inside an open case now (issue 11 §5), with their own deadlines. */
export function pendingTasks(kase: Case): PendingTask[] {
  if (kase.state === 'closed') return [];
  const tasks: PendingTask[] = [];
  for (const a of kase.appeals.filter((x) => x.decision === null))
    tasks.push({
      kind: 'appeal',
      id: a.id,
      since: a.receivedAt,
      to: ['appeal_deciders'],
      what: 'the decision on an appeal',
      label: `appeal ${a.id}`,
      // The CXM keeps the records (§34) and recorded the appeal.
      escalateTo: 'customer_experience_manager',
      otherwise: (due) => ({
        role: 'admin',
        text: `Case ${kase.number}: an appeal due ${formatDate(due)} has nobody in the directory who may decide it. Add a senior colleague from outside the customer tiers with the role appeal_reviewer (directory file, then \`lcp directory import FILE\`).`,
      }),
    });
  for (const c of kase.newComplaints.filter((x) => x.decision === null))
    tasks.push({
      kind: 'new_complaint',
      id: c.id,
      since: c.receivedAt,
      to: [EDC],
      what: 'your decision on a new complaint (§33)',
      label: `new complaint ${c.id}`,
    });
  for (const step of kase.urgentPath?.protectiveSteps.filter((x) => x.ratification === null) ?? [])
    tasks.push({
      kind: 'protective_step',
      id: step.id,
      since: step.takenAt,
      to: [EDC],
      what: 'your ratification of an immediate protective step (§32)',
      label: `protective step ${step.id}`,
    });
  if (kase.flagMarker?.status === 'provisional')
    tasks.push({
      kind: 'flag_marker',
      id: 'marker',
      since: kase.flagMarker.proposedAt,
      to: [CHC, EDC],
      what: 'a decision on the proposed flag marker (§11)',
      label: 'flag marker approval',
    });
  // The reporter whose report made the case urgent was asked whether the police were called.
  const urgentReport = kase.reports.find((r) => isUrgentReport(r));
  if (kase.urgentPath && kase.urgentPath.policeCalled === null && urgentReport)
    tasks.push({
      kind: 'police_question',
      id: urgentReport.id,
      since: urgentReport.reportedAt,
      to: [{ personId: urgentReport.reporterId }],
      what: 'your answer to whether the police have been called',
      label: "the reporter's answer about the police",
      escalateTo: 'line_manager',
      owed: "the reporter's answer to whether the police have been called",
    });
  return tasks;
}

/** Every reminder the case's current state calls for, past and future. */
export function caseReminders(kase: Case, settings: SchedulingSettings): PlannedReminder[] {
  const base = { caseId: kase.id, caseNumber: kase.number, state: kase.state };
  const plan: PlannedReminder[] = [];
  const number = kase.number;

  const approver = STATE_APPROVER[kase.state];
  const deadline = decisionDeadline(kase);
  const waitingOnReporter = kase.informationRequests.some((q) => q.answer === null);
  if (approver && deadline && !waitingOnReporter) {
    const label = STATE_LABELS[kase.state];
    for (let n = 1; n <= REMINDER_RULES.maxRemindersPerDeadline; n++) {
      const dueDate =
        n === 1 ? deadline : addWorkingDays(deadline, (n - 1) * REMINDER_RULES.secondReminderAfterWorkingDays);
      const messages: PlannedMessage[] =
        n === 1
          ? [
              {
                role: approver,
                text: `Reminder: case ${number} is waiting for your decision (${label}). It is due ${formatDate(deadline)}.`,
              },
            ]
          : [
              {
                role: approver,
                text: `Reminder ${n}: your decision on case ${number} (${label}) was due ${formatDate(deadline)} and is overdue.`,
              },
            ];
      const next = NEXT_TIER[approver];
      if (n > 1 && next) {
        messages.push({
          role: next,
          text: `For your information: the ${roleLabel(approver).toLowerCase()}'s decision on case ${number} (${label}) was due ${formatDate(deadline)} and is overdue; they have been reminded again.`,
        });
      }
      plan.push({
        ...base,
        key: reminderKey(kase.id, 'decision_deadline', deadline, n),
        kind: 'decision_deadline',
        dueDate,
        n,
        what: `decision: ${label}`,
        assignee: approver,
        action: 'remind',
        messages,
      });
    }
  }

  // A question to the reporter never blocks the case (issue 11 §2): when it is still unanswered at
  // the state's deadline (counted from when it was asked), the decider is reminded that they may
  // decide or close without the answer; the next tier hears of it with the second reminder.
  const question = kase.informationRequests.find((q) => q.answer === null);
  const questionDays = DECISION_DEADLINES_WORKING_DAYS[kase.state];
  if (approver && question && questionDays !== undefined) {
    const label = STATE_LABELS[kase.state];
    const due = addWorkingDays(dateInLondon(new Date(question.askedAt)), questionDays);
    for (let n = 1; n <= REMINDER_RULES.maxRemindersPerDeadline; n++) {
      const dueDate = n === 1 ? due : addWorkingDays(due, (n - 1) * REMINDER_RULES.secondReminderAfterWorkingDays);
      const messages: PlannedMessage[] = [
        {
          role: approver,
          text: `Reminder${n > 1 ? ` ${n}` : ''}: the reporter has not answered your question on case ${number} (${label}) since it was due ${formatDate(due)}. You can decide, or close the case, without the answer.`,
        },
      ];
      const next = NEXT_TIER[approver];
      if (n > 1 && next)
        messages.push({
          role: next,
          text: `For your information: case ${number} (${label}) has waited on an unanswered question to the reporter since ${formatDate(due)}; the ${roleLabel(approver).toLowerCase()} has been reminded that they may decide without it.`,
        });
      plan.push({
        ...base,
        key: reminderKey(`${kase.id}:${question.id}`, 'decision_deadline', due, n),
        kind: 'decision_deadline',
        dueDate,
        n,
        what: `decision: ${label} (question unanswered)`,
        assignee: approver,
        action: 'remind',
        messages,
      });
    }
  }

  // Decisions that wait inside the case whatever its state (issue 11 §5): reminded like a state's
  // deadline, from when each arose, and told to the next person with the second reminder.
  for (const task of pendingTasks(kase)) {
    const due = addWorkingDays(dateInLondon(new Date(task.since)), TASK_DEADLINES_WORKING_DAYS[task.kind]);
    for (let n = 1; n <= REMINDER_RULES.maxRemindersPerDeadline; n++) {
      const dueDate = n === 1 ? due : addWorkingDays(due, (n - 1) * REMINDER_RULES.secondReminderAfterWorkingDays);
      const lead = n === 1 ? 'Reminder' : `Reminder ${n}`;
      const messages: PlannedMessage[] = task.to.map((role) => ({
        role,
        text:
          n === 1
            ? `${lead}: case ${number} is waiting for ${task.what}. It is due ${formatDate(due)}.`
            : `${lead}: ${task.what} on case ${number} was due ${formatDate(due)} and is overdue.`,
        ...(task.otherwise ? { otherwise: task.otherwise(due) } : {}),
      }));
      if (n > 1 && task.escalateTo)
        messages.push({
          role: task.escalateTo,
          text: `For your information: ${task.owed ?? task.what} on case ${number} was due ${formatDate(due)} and is overdue; a reminder has gone again.`,
        });
      plan.push({
        ...base,
        key: reminderKey(`${kase.id}:${task.kind}:${task.id}`, 'decision_deadline', due, n),
        kind: 'decision_deadline',
        dueDate,
        n,
        what: `decision: ${task.label}`,
        assignee: task.to[0]!,
        action: 'remind',
        messages,
      });
    }
  }

  if (REVIEW_CADENCE.appliesTo.includes(kase.state) && kase.nextReviewDue) {
    const due = kase.nextReviewDue;
    const what = kase.state === 'contact_refused' ? 'the refusal of all contact' : 'the restrictions';
    const chc: RoleId = 'corporate_head_of_customers';
    const options =
      kase.state === 'contact_refused'
        ? 'continue the refusal or vary it'
        : 'continue, vary or lift them, or propose refusal of all contact';
    plan.push({
      ...base,
      key: reminderKey(kase.id, 'review_due', due, 1),
      kind: 'review_due',
      dueDate: due,
      n: 1,
      what: 'quarterly review',
      assignee: chc,
      action: 'remind',
      messages: [
        {
          role: chc,
          text: `Case ${number}: the quarterly review of ${what} is due ${formatDate(due)} (§29). Review them: ${options}.`,
        },
      ],
    });
    const overdue = addWorkingDays(due, REVIEW_OVERDUE_WORKING_DAYS);
    const escalateTo = REVIEW_CADENCE.overdueEscalatesTo;
    plan.push({
      ...base,
      key: reminderKey(kase.id, 'review_due', due, 2),
      kind: 'review_due',
      dueDate: overdue,
      n: 2,
      what: 'quarterly review (overdue)',
      assignee: chc,
      action: 'remind',
      messages: [
        {
          role: chc,
          text: `Case ${number}: the quarterly review of ${what} was due ${formatDate(due)} and is overdue.`,
        },
        {
          role: escalateTo,
          text: `Escalation: the quarterly review of ${what} on case ${number} was due ${formatDate(due)} and has not been held (${REVIEW_OVERDUE_WORKING_DAYS} working days overdue).`,
        },
      ],
    });
  }

  if (kase.state === 'restricted' && kase.restrictions) {
    const end = kase.restrictions.endDate;
    plan.push({
      ...base,
      key: `expire:${kase.id}:${end}`,
      kind: 'restriction_expiry',
      dueDate: end,
      n: 1,
      what: 'restrictions end (expire unless renewed)',
      assignee: 'system',
      action: 'expire',
      messages: [],
    });
  }
  // A refusal of all contact ends too (§31): it lapses with a letter unless the EDC renews it.
  if (kase.state === 'contact_refused' && kase.refusal?.endDate) {
    const end = kase.refusal.endDate;
    plan.push({
      ...base,
      key: `expire:${kase.id}:${end}`,
      kind: 'restriction_expiry',
      dueDate: end,
      n: 1,
      what: 'refusal of all contact ends (expires unless renewed)',
      assignee: 'system',
      action: 'expire',
      messages: [],
    });
  }

  plan.push(...dispatchReminders(kase));

  if (kase.state === 'warning_issued' && kase.warning?.approvedAt) {
    const due = addCalendarDays(dateInLondon(new Date(kase.warning.approvedAt)), settings.LCP_WARNING_OBSERVATION_DAYS);
    const chc: RoleId = 'corporate_head_of_customers';
    plan.push({
      ...base,
      key: reminderKey(kase.id, 'warning_follow_up', due, 1),
      kind: 'warning_follow_up',
      dueDate: due,
      n: 1,
      what: 'warning follow-up',
      assignee: chc,
      action: 'remind',
      messages: [
        {
          role: chc,
          text: `Case ${number}: the ${settings.LCP_WARNING_OBSERVATION_DAYS}-day observation period after the warning ended ${formatDate(due)}. Close the case as "behaviour modified", or keep monitoring.`,
        },
      ],
    });
  }
  return plan;
}

/**
 * A letter with no dispatch recorded two working days after its approval reminds the customer
 * experience manager, once (issue 12 §5), in whatever state the case is (a lift's letter closes it).
 */
export function dispatchReminders(kase: Case): PlannedReminder[] {
  const role = LETTER_DISPATCH.remind;
  return lettersToChase(kase).map((index) => {
    const letter = kase.letters[index]!;
    const approvedOn = dateInLondon(new Date(letter.approvedAt));
    const due = addWorkingDays(approvedOn, LETTER_DISPATCH.remindAfterWorkingDays);
    const label = letterLabel(letter.kind);
    return {
      caseId: kase.id,
      caseNumber: kase.number,
      state: kase.state,
      key: reminderKey(`${kase.id}:letter-${index}`, 'letter_dispatch', due, 1),
      kind: 'letter_dispatch',
      dueDate: due,
      n: 1,
      what: `dispatch of the ${label.toLowerCase()}`,
      assignee: role,
      action: 'remind',
      messages: [
        {
          role,
          text: `Case ${kase.number}: the ${label.toLowerCase()} approved on ${formatDate(approvedOn)} has no dispatch recorded. If it has gone, record how (posted, e-mailed or handed over) with "Record letter dispatch" on the case card; if not, please send it.`,
        },
      ],
    };
  });
}

/** Reminders that belong to no case: the policy review (§36) and equality monitoring. */
export function organisationReminders(settings: SchedulingSettings, today: string): PlannedReminder[] {
  const base = { caseId: null, caseNumber: null, state: null, action: 'remind' as const, n: 1 };
  const review = settings.LCP_POLICY_NEXT_REVIEW;
  const reviewNotice = addCalendarDays(review, -settings.LCP_POLICY_REVIEW_NOTICE_DAYS);
  const owner = POLICY_REVIEW.owner;
  const plan: PlannedReminder[] = [
    {
      ...base,
      // Keyed by the review date, so a changed notice period does not send it again.
      key: reminderKey('org', 'policy_review', review, 1),
      kind: 'policy_review',
      dueDate: reviewNotice,
      what: `policy review due ${review}`,
      assignee: owner,
      messages: [
        {
          role: owner,
          text:
            review < today
              ? `The Limited Contact Policy was due for review on ${formatDate(review)} and is overdue (§36). Please review it and record the next review date.`
              : `The Limited Contact Policy is due for review on ${formatDate(review)} (§36). Please plan the review.`,
        },
      ],
    },
  ];

  // The latest cycle date already reached (if any) and the next one, for listing.
  const from = settings.LCP_EQUALITY_MONITORING_FROM;
  let latest: string | null = null;
  let next = from;
  for (let k = 1; next <= today; k++) {
    latest = next;
    next = addMonths(from, k * EQUALITY_MONITORING.everyMonths);
  }
  const cxm: RoleId = 'customer_experience_manager';
  for (const due of [latest, next]) {
    if (!due) continue;
    plan.push({
      ...base,
      key: reminderKey('org', 'equality_monitoring', due, 1),
      kind: 'equality_monitoring',
      dueDate: due,
      what: 'six-monthly equality monitoring review',
      assignee: cxm,
      messages: [
        {
          role: cxm,
          text: `Six-monthly reminder: please review the equality monitoring of the Limited Contact Policy (due ${formatDate(due)}).`,
        },
      ],
    });
  }
  return plan;
}
