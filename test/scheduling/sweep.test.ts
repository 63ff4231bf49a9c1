import { decideCase } from '../../src/app/decide-case.js';
import type { RoleId } from '../../src/policy/index.js';
import { openDatabase, closeDatabase } from '../../src/store/connection.js';
import { mongoCaseServices } from '../../src/store/mongo-case-services.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import { DIGEST_DETAIL_POINTER, digestData, renderDigest } from '../../src/scheduling/digest.js';
import { reminderKey } from '../../src/scheduling/reminder-plan.js';
import { scheduleListing } from '../../src/scheduling/schedule-listing.js';
import { plannedReminderPages, plannedReminders, runSweep } from '../../src/scheduling/sweep.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { RecordingNotifier } from '../app/case-services.fixture.js';
import { london, RecordingSender, schedulingFixture, type SchedulingFixture } from './scheduling.fixture.js';

let db: TestDatabase;
let fx: SchedulingFixture;

afterEach(() => db.close());

async function sweepAt(at: string, kinds?: Parameters<typeof runSweep>[2]) {
  const now = london(at);
  fx.setNow(now);
  return runSweep(fx.deps, now, kinds);
}

describe('quarterly reviews (§29)', () => {
  beforeEach(async () => {
    db = await openTestDatabase();
    fx = await schedulingFixture(db, london('2026-11-30 10:00'));
  });

  test('restrictions approved on 30 Nov 2026 are reviewed at +3, +6 and +9 months; a Sunday due date waits for Monday 09:00', async () => {
    let kase = await fx.toRestricted(await fx.openCase());
    expect(kase.restrictionLetterDate).toBe('2026-11-30');
    expect(kase.nextReviewDue).toBe('2027-02-28');

    expect((await sweepAt('2027-02-27 10:00', ['review_due'])).sent).toBe(0);
    expect(await sweepAt('2027-02-28 10:00', ['review_due'])).toMatchObject({ due: 1, waiting: 1, sent: 0 }); // Sunday
    expect(await sweepAt('2027-03-01 08:45', ['review_due'])).toMatchObject({ waiting: 1, sent: 0 });
    expect(await sweepAt('2027-03-01 09:00', ['review_due'])).toMatchObject({ sent: 1 });
    expect(fx.sender.sent).toEqual([
      {
        personIds: [fx.ids.chc],
        caseId: kase.id,
        text: expect.stringContaining(`Case ${kase.number}: the quarterly review`),
      },
    ]);
    expect(await sweepAt('2027-03-01 09:15', ['review_due'])).toMatchObject({ sent: 0, alreadySent: 1 });

    kase = await fx.act(kase, 'chc', { action: 'review_continue', rationale: 'Still needed.' });
    expect(kase.nextReviewDue).toBe('2027-05-30');
    fx.setNow(london('2027-05-31 10:00'));
    kase = await fx.act(kase, 'chc', { action: 'review_continue', rationale: 'Still needed.' });
    expect(kase.nextReviewDue).toBe('2027-08-30');

    const rows = await scheduleListing(fx.deps, london('2027-06-01 10:00'), { caseNumber: kase.number });
    expect(rows!.filter((r) => r.kind === 'review_due').map((r) => [r.dueDate, r.n, r.status])).toEqual([
      ['2027-02-28', 1, 'sent'],
      ['2027-08-30', 1, 'upcoming'],
      ['2027-09-06', 2, 'upcoming'],
    ]);
  });

  test('a review 5 working days overdue escalates to the executive director', async () => {
    const kase = await fx.toRestricted(await fx.openCase());
    await sweepAt('2027-03-01 10:00', ['review_due']);
    expect(await sweepAt('2027-03-08 10:00', ['review_due'])).toMatchObject({ sent: 1 });
    expect(fx.sender.sent.slice(1).map((s) => s.personIds)).toEqual([[fx.ids.chc], [fx.ids.edc]]);
    expect(fx.sender.sent[2]!.text).toContain(
      `Escalation: the quarterly review of the restrictions on case ${kase.number}`,
    );
  });

  test('the end date closes the case through decideCase as the system, even on a Sunday; not before', async () => {
    const kase = await fx.toRestricted(await fx.openCase(), {
      type: 'no_office_access',
      details: { offices: [] },
      startDate: '2026-12-01',
      reviewDate: '2027-01-15',
      endDate: '2027-01-31',
    });
    expect(await sweepAt('2027-01-30 23:00', ['restriction_expiry'])).toMatchObject({ expired: 0 });
    expect(await sweepAt('2027-01-31 02:00', ['restriction_expiry'])).toMatchObject({ expired: 1 });
    const closed = await fx.services.cases.findById(kase.id);
    expect(closed).toMatchObject({ state: 'closed', closure: { reason: 'restrictions_expired' } });
    const events = await fx.services.cases.events(kase.id);
    expect(events.at(-1)).toMatchObject({ action: 'expire', actor: { personId: 'system' } });
    expect(await sweepAt('2027-01-31 02:15', ['restriction_expiry'])).toMatchObject({ due: 0, expired: 0 });
  });
});

describe('decision deadlines in working days', () => {
  beforeEach(async () => {
    db = await openTestDatabase();
    fx = await schedulingFixture(db, london('2026-12-24 10:00'));
  });

  test('a CXM deadline of 3 working days from Thu 24 Dec 2026 falls on Thu 31 Dec; the second reminder waits past New Year and tells the next tier; then the cap holds', async () => {
    let kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    kase = await fx.act(kase, 'lineManager', {
      action: 'escalate',
      rationale: 'Abuse.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    expect(kase.state).toBe('cxm_review');

    expect(await sweepAt('2026-12-30 16:00', ['decision_deadline'])).toMatchObject({ due: 0 });
    expect(await sweepAt('2026-12-31 09:05', ['decision_deadline'])).toMatchObject({ due: 1, sent: 1 });
    expect(fx.sender.sent).toEqual([
      {
        personIds: [fx.ids.cxm],
        caseId: kase.id,
        text: `Reminder: case ${kase.number} is waiting for your decision (Customer experience manager review). It is due Thu, 31 Dec 2026.`,
      },
    ]);

    expect(await sweepAt('2027-01-01 10:00', ['decision_deadline'])).toMatchObject({ sent: 0 }); // bank holiday: not yet due anyway
    expect(await sweepAt('2027-01-04 08:00', ['decision_deadline'])).toMatchObject({ waiting: 1, sent: 0 });
    expect(await sweepAt('2027-01-04 09:00', ['decision_deadline'])).toMatchObject({
      sent: 1,
      alreadySent: 1,
      superseded: 0,
    });
    expect(fx.sender.sent.slice(1).map((s) => s.personIds)).toEqual([[fx.ids.cxm], [fx.ids.chc]]);
    expect(fx.sender.sent[2]!.text).toContain('overdue');

    expect(await sweepAt('2027-01-12 10:00', ['decision_deadline'])).toMatchObject({ sent: 0, alreadySent: 2 });
    const stored = await fx.deps.reminders.forCase(kase.id);
    expect(stored.map((r) => [r.kind, r.dueDate, r.n, r.status, r.recipients])).toEqual([
      ['decision_deadline', '2026-12-31', 1, 'sent', [fx.ids.cxm]],
      ['decision_deadline', '2027-01-04', 2, 'sent', [fx.ids.cxm, fx.ids.chc]],
    ]);
  });

  test('issue 11 §2: a question the reporter never answers does not block: at the deadline the decider is reminded they may decide without it, and then can', async () => {
    let kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    kase = await fx.act(kase, 'lineManager', {
      action: 'request_information',
      rationale: 'Need the call time.',
      question: 'What time was the call?',
    });
    // Line manager: 2 working days from Thu 24 Dec = Wed 30 Dec (Christmas and Boxing Day off).
    expect(await sweepAt('2026-12-29 16:00', ['decision_deadline'])).toMatchObject({ due: 0 });
    expect(await sweepAt('2026-12-30 09:05', ['decision_deadline'])).toMatchObject({ due: 1, sent: 1 });
    expect(fx.sender.sent).toEqual([
      {
        personIds: [fx.ids.lineManager],
        caseId: kase.id,
        text: `Reminder: the reporter has not answered your question on case ${kase.number} (Line manager review) since it was due Wed, 30 Dec 2026. You can decide, or close the case, without the answer.`,
      },
    ]);
    kase = await fx.act(kase, 'lineManager', {
      action: 'escalate',
      rationale: 'Deciding without the answer.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    expect(kase.state).toBe('cxm_review');
  });

  test('a decided case gets no reminder: the decision moves it on and the plan no longer holds the old deadline', async () => {
    const kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    // Line manager deadline: 2 working days from 24 Dec = 30 Dec.
    fx.setNow(london('2026-12-30 08:30'));
    await fx.act(kase, 'lineManager', {
      action: 'escalate',
      rationale: 'Abuse.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    expect(await sweepAt('2026-12-30 10:00', ['decision_deadline'])).toMatchObject({ due: 0, sent: 0 });
    expect(fx.sender.sent).toEqual([]);
  });

  test('two workers sweeping the same database at once send each nudge once', async () => {
    await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    await fx.openCase({
      customerAccountRef: 'ACC-20002',
      customerName: 'Blair Other',
      occurredAt: '2026-12-24T09:00:00Z',
    });
    const second = await openDatabase(db.uri);
    try {
      const now = london('2026-12-30 10:00');
      fx.setNow(now);
      const otherSender = new RecordingSender();
      const other = mongoSchedulingDeps(
        second,
        mongoCaseServices(second, new RecordingNotifier(), () => now),
        otherSender,
        fx.deps.settings,
      );
      const reports = await Promise.all([
        runSweep(fx.deps, now),
        runSweep(other, now),
        runSweep(fx.deps, now),
        runSweep(other, now),
      ]);
      // Two cases' line manager deadlines, the passed policy review date and the equality reminder.
      const texts = [...fx.sender.sent, ...otherSender.sent].map((s) => s.text);
      expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(4);
      expect(texts).toHaveLength(4);
      expect(new Set(texts).size).toBe(4);
      expect(reports.reduce((sum, r) => sum + r.busy + r.alreadySent, 0)).toBe(12);
    } finally {
      await closeDatabase(second);
    }
  });

  test("a killed worker's claim blocks nobody for ever: after the lock lifetime another worker takes over and sends once", async () => {
    const kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    const key = reminderKey(kase.id, 'decision_deadline', '2026-12-30', 1);
    // A worker claims the reminder at 10:00 and dies before sending.
    fx.setNow(london('2026-12-30 10:00'));
    expect(await fx.services.receipts.claim(key, 'reminder')).toBe(true);

    expect(await sweepAt('2026-12-30 10:05', ['decision_deadline'])).toMatchObject({ busy: 1, sent: 0 });
    expect(await sweepAt('2026-12-30 10:11', ['decision_deadline'])).toMatchObject({ sent: 1 });
    expect(await sweepAt('2026-12-30 10:30', ['decision_deadline'])).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(fx.sender.sent).toHaveLength(1);
    expect((await fx.deps.reminders.forCase(kase.id))[0]).toMatchObject({ status: 'sent', attempt: 1 });
  });

  test('the digest counts open cases per state and deadlines per kind; it names no case, customer or assignee (issue 13 §4)', async () => {
    const kase = await fx.openCase({ occurredAt: '2026-12-24T09:00:00Z' });
    const now = london('2027-01-04 09:05');
    fx.setNow(now);
    const text = renderDigest(await digestData(fx.deps, now), '2027-01-04');
    expect(text).toContain('• Line manager review: 1');
    expect(text).toContain('Case deadlines: 1 overdue, 0 due in the next 7 days');
    expect(text).toContain('• decision: Line manager review: 1 overdue');
    expect(text).toContain('Policy: policy review');
    expect(text).toContain(DIGEST_DETAIL_POINTER);
    expect(text).not.toContain(kase.number);
    expect(text).not.toMatch(/Alex|Example|ACC-10001|Lena/i);
  });
});

describe('issue 11 §5: every decision a person owes has a deadline in working days, with reminders', () => {
  beforeEach(async () => {
    db = await openTestDatabase();
    // Monday 30 November 2026.
    fx = await schedulingFixture(db, london('2026-11-30 10:00'));
  });

  const addPerson = async (email: string, name: string, roles: RoleId[]): Promise<string> => {
    await fx.services.people.upsertMany([
      { email, name, roles, lineManagerEmail: null, slackUserId: null, teamsAadObjectId: null },
    ]);
    return (await fx.services.people.findByEmail(email))!.id;
  };
  const sentAbout = (words: string) => fx.sender.sent.filter((s) => s.text.includes(words));

  test('an appeal: 10 working days; with nobody independent the admins are reminded what to do; once an appeal reviewer exists they are reminded, and the CXM told', async () => {
    const admin = await addPerson('ada@example.org', 'Ada Admin', ['colleague', 'admin']);
    let kase = await fx.toRestricted(await fx.openCase());
    kase = await fx.act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Too strict.' });
    // Both seniors decided: nobody independent. Due Mon 14 Dec.
    await sweepAt('2026-12-11 16:00', ['decision_deadline']);
    expect(sentAbout('appeal')).toEqual([]);
    await sweepAt('2026-12-14 09:05', ['decision_deadline']);
    expect(sentAbout('appeal')).toEqual([
      {
        personIds: [admin],
        caseId: kase.id,
        text: expect.stringMatching(/appeal due Mon, 14 Dec 2026 has nobody .* appeal_reviewer/),
      },
    ]);

    const reviewer = await addPerson('rae@example.org', 'Rae Reviewer', ['colleague', 'appeal_reviewer']);
    await sweepAt('2026-12-15 09:05', ['decision_deadline']);
    expect(sentAbout('appeal').slice(1)).toEqual([
      {
        personIds: [reviewer],
        caseId: kase.id,
        text: `Reminder 2: the decision on an appeal on case ${kase.number} was due Mon, 14 Dec 2026 and is overdue.`,
      },
      expect.objectContaining({ personIds: [fx.ids.cxm], text: expect.stringContaining('For your information') }),
    ]);
    // Decided: nothing more is planned.
    const decided = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: reviewer,
      command: { action: 'decide_appeal', expectedVersion: kase.version, outcome: 'uphold', rationale: 'Fair.' },
    });
    expect(decided.ok).toBe(true);
    expect(await sweepAt('2026-12-21 10:00', ['decision_deadline'])).toMatchObject({ sent: 0 });
  });

  test('a new complaint from a restricted customer (§33): 10 working days, to the executive director', async () => {
    let kase = await fx.toRestricted(await fx.openCase());
    kase = await fx.act(kase, 'reporter', { action: 'receive_new_complaint', summary: 'Repairs not done.' });
    await sweepAt('2026-12-11 16:00', ['decision_deadline']);
    expect(sentAbout('new complaint')).toEqual([]);
    await sweepAt('2026-12-14 09:05', ['decision_deadline']);
    expect(sentAbout('new complaint')).toEqual([
      {
        personIds: [fx.ids.edc],
        caseId: kase.id,
        text: `Reminder: case ${kase.number} is waiting for your decision on a new complaint (§33). It is due Mon, 14 Dec 2026.`,
      },
    ]);
  });

  test("urgent path: the ratification of a protective step and the reporter's answer about the police are due in 1 working day; the reporter's line manager hears of a late answer", async () => {
    let kase = await fx.openCase({ threatenedOrHurt: true });
    kase = await fx.act(kase, 'lineManager', {
      action: 'propose_protective_step',
      rationale: 'Safety first.',
      description: 'Calls go to a senior officer.',
    });
    await sweepAt('2026-11-30 16:00', ['decision_deadline']);
    expect(fx.sender.sent).toEqual([]);
    await sweepAt('2026-12-01 09:05', ['decision_deadline']);
    expect(sentAbout('protective step')).toEqual([
      {
        personIds: [fx.ids.edc],
        caseId: kase.id,
        text: `Reminder: case ${kase.number} is waiting for your ratification of an immediate protective step (§32). It is due Tue, 1 Dec 2026.`,
      },
    ]);
    expect(sentAbout('police')).toEqual([
      {
        personIds: [fx.ids.reporter],
        caseId: kase.id,
        text: `Reminder: case ${kase.number} is waiting for your answer to whether the police have been called. It is due Tue, 1 Dec 2026.`,
      },
    ]);
    // The reporter answers: the second reminder about the police is no longer planned.
    kase = await fx.act(kase, 'reporter', { action: 'answer_police_question', policeCalled: false });
    await sweepAt('2026-12-02 09:05', ['decision_deadline']);
    expect(sentAbout('police')).toHaveLength(1);
    expect(sentAbout('protective step')).toHaveLength(2);
  });

  test('the police question unanswered a working day late: the reporter is reminded again and their line manager told', async () => {
    const kase = await fx.openCase({ threatenedOrHurt: true });
    await sweepAt('2026-12-02 09:05', ['decision_deadline']);
    expect(sentAbout('police')).toEqual([
      expect.objectContaining({ personIds: [fx.ids.reporter], text: expect.stringContaining('Reminder 2') }),
      {
        personIds: [fx.ids.lineManager],
        caseId: kase.id,
        text: `For your information: the reporter's answer to whether the police have been called on case ${kase.number} was due Tue, 1 Dec 2026 and is overdue; a reminder has gone again.`,
      },
    ]);
  });

  test('a proposed flag marker (§11): 5 working days, to the corporate head and the executive director; listed by lcp schedule', async () => {
    let kase = await fx.openCase();
    kase = await fx.act(kase, 'lineManager', {
      action: 'escalate',
      rationale: 'Abuse.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    kase = await fx.act(kase, 'cxm', { action: 'propose_flag_marker', rationale: 'Colleagues should be warned.' });
    const listing = await scheduleListing(fx.deps, london('2026-11-30 10:00'), { caseNumber: kase.number });
    expect(JSON.stringify(listing)).toContain('flag marker approval');
    await sweepAt('2026-12-04 16:00', ['decision_deadline']);
    expect(sentAbout('flag marker')).toEqual([]);
    await sweepAt('2026-12-07 09:05', ['decision_deadline']);
    expect(sentAbout('flag marker').map((s) => s.personIds)).toEqual([[fx.ids.chc], [fx.ids.edc]]);
  });
});

describe('a sweep reads the cases a page at a time', () => {
  beforeEach(async () => {
    db = await openTestDatabase();
    fx = await schedulingFixture(db, london('2026-11-30 10:00'));
  });

  test('pages of 2 over 5 restricted cases plan the same reviews as one read, each case whole on one page', async () => {
    const cases = [];
    for (let i = 0; i < 5; i++)
      cases.push(await fx.toRestricted(await fx.openCase({ customerAccountRef: `ACC-2000${i}` })));
    const today = '2027-03-01';
    const pages: string[][] = [];
    for await (const page of plannedReminderPages(fx.deps, today, ['review_due'], 2))
      pages.push(page.map((r) => r.caseId!));
    expect(pages.map((p) => new Set(p).size)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat())).toEqual(new Set(cases.map((c) => c.id)));
    const whole = await plannedReminders(fx.deps, today, ['review_due']);
    expect(pages.flat().sort()).toEqual(whole.map((r) => r.caseId!).sort());

    // The sweep itself: every case's review sent once, the next sweep finds them all sent.
    expect(await sweepAt('2027-03-01 10:00', ['review_due'])).toMatchObject({ due: 5, sent: 5 });
    expect(await sweepAt('2027-03-01 10:05', ['review_due'])).toMatchObject({ due: 5, sent: 0, alreadySent: 5 });
  });
});
