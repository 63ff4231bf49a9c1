import { planNotifications, type Notice } from '../../src/app/notifications/plan-notifications.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import type { RoleId } from '../../src/policy/index.js';
import { appealDecidersFor } from '../../src/app/appeal-deciders.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { caseFixture, reportInput, type Fixture } from './case-services.fixture.js';
import { continuedSinceWarning } from '../cases/fixtures.js';

let db: TestDatabase;
let fx: Fixture;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterEach(() => db.close());

/** The notices planned for the change the fixture's recording notifier saw last. */
async function lastNotices(): Promise<Notice[]> {
  const change = fx.notifier.changes.at(-1)!;
  return planNotifications(change, fx.services.people, new Date('2026-11-30T10:00:00Z'));
}

const to = (notices: Notice[], who: string) => notices.filter((n) => n.personId === who);

/** Adds someone to the directory; returns their id. */
async function addPerson(email: string, name: string, roles: RoleId[]): Promise<string> {
  await fx.services.people.upsertMany([
    { email, name, roles, lineManagerEmail: null, slackUserId: null, teamsAadObjectId: null },
  ]);
  return (await fx.services.people.findByEmail(email))!.id;
}

const act: Fixture['act'] = (kase, who, command) => fx.act(kase, who, command);

/** A case whose warning the EDC has approved. */
const toWarning = async (): Promise<Case> => fx.advance(await fx.openCase(), 'warning_issued');

describe('who is told what after a change (one plan for Slack and Teams)', () => {
  test('a report: the reporter is thanked with the case number and their line manager gets a card', async () => {
    await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    const notices = await lastNotices();
    expect(to(notices, fx.ids.reporter)).toEqual([
      expect.objectContaining({ kind: 'message', text: expect.stringContaining('Your report is case LCP-2026-0001') }),
    ]);
    expect(to(notices, fx.ids.lineManager)).toEqual([expect.objectContaining({ kind: 'case_card' })]);
    expect(notices.every((n) => n.kind !== 'message' || !n.text.includes('Alex Example'))).toBe(true);
  });

  test('a flag marker proposed on its own (§11): the CHC and the EDC get a card to approve or reject it', async () => {
    const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    if (!opened.ok) throw new Error(opened.error.message);
    const kase = await act(opened.case, 'lineManager', {
      action: 'escalate',
      rationale: 'r',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    });
    await act(kase, 'cxm', {
      action: 'propose_flag_marker',
      rationale: 'Threatening calls: colleagues should be warned before calling back.',
    });
    const notices = await lastNotices();
    for (const who of ['chc', 'edc'] as const) {
      expect(to(notices, fx.ids[who])).toEqual([
        expect.objectContaining({ kind: 'case_card', reason: expect.stringContaining('flag marker') }),
      ]);
    }
    expect(to(notices, fx.ids.cxm)).toEqual([]);
  });

  test('urgent path (§14, §32): CXM and CHC alerted at once, the reporter asked about the police', async () => {
    await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({ threatenedOrHurt: true }),
    });
    const notices = await lastNotices();
    expect(to(notices, fx.ids.cxm)).toEqual([
      expect.objectContaining({ kind: 'message', text: 'URGENT: case LCP-2026-0001 reports threats or violence.' }),
    ]);
    expect(to(notices, fx.ids.chc)).toEqual([
      expect.objectContaining({ kind: 'message', text: 'URGENT: case LCP-2026-0001 reports threats or violence.' }),
    ]);
    expect(to(notices, fx.ids.reporter)).toContainEqual(
      expect.objectContaining({ kind: 'case_card', reason: 'Case LCP-2026-0001: have the police been called?' }),
    );
  });

  test('a further incident after a warning gives the corporate head a new card: behaviour continued (§27)', async () => {
    await toWarning();
    await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({ description: 'Again.' }),
    });
    const notices = await lastNotices();
    expect(to(notices, fx.ids.chc)).toEqual([
      expect.objectContaining({
        kind: 'case_card',
        reason: expect.stringContaining('the behaviour has continued (§27, §31)'),
      }),
    ]);
  });

  test('an issued warning: the reporter is told a letter went out; the corporate head gets the case', async () => {
    await toWarning();
    const notices = await lastNotices();
    expect(to(notices, fx.ids.reporter)).toEqual([
      expect.objectContaining({ kind: 'message', text: expect.stringContaining('a warning letter') }),
    ]);
    expect(to(notices, fx.ids.chc)).toEqual([expect.objectContaining({ kind: 'case_card' })]);
  });

  test('a closed case: every reporter hears the outcome', async () => {
    const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    await reportIncident(fx.services, {
      reporterPersonId: fx.ids.deputy,
      report: reportInput({ description: 'Me too.' }),
    });
    if (!opened.ok) throw new Error('report failed');
    const current = (await fx.services.cases.findById(opened.case.id))!;
    await act(current, 'lineManager', { action: 'resolve_informally', rationale: 'Out of character (§12).' });
    const notices = await lastNotices();
    for (const who of [fx.ids.reporter, fx.ids.deputy]) {
      expect(to(notices, who)).toEqual([
        expect.objectContaining({
          kind: 'message',
          text: expect.stringContaining('Case LCP-2026-0001 is closed: resolved informally'),
        }),
      ]);
    }
  });

  test('a deputy of the line manager gets the card too while the deputy period runs', async () => {
    await fx.services.people.setDeputy(fx.ids.lineManager, {
      deputyPersonId: fx.ids.deputy,
      from: new Date('2026-11-01T00:00:00Z'),
      until: new Date('2026-12-31T00:00:00Z'),
    });
    await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    const notices = await lastNotices();
    expect(to(notices, fx.ids.deputy)).toEqual([expect.objectContaining({ kind: 'case_card' })]);
  });

  test('a new complaint from a restricted customer goes to the executive director (§33); an appeal to seniors who took no decision', async () => {
    let kase = await toWarning();
    kase = await act(kase, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      rationale: 'r',
      proportionality: 'Needed.',
      restrictions: [
        {
          type: 'no_office_access',
          details: { offices: [] },
          startDate: '2026-12-01',
          reviewDate: '2027-02-28',
          endDate: '2027-05-31',
        },
      ],
    });
    kase = await act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
    kase = await act(kase, 'reporter', { action: 'receive_new_complaint', summary: 'Repairs not done.' });
    const admin = await addPerson('ada@example.org', 'Ada Admin', ['colleague', 'admin']);
    expect(to(await lastNotices(), fx.ids.edc)).toContainEqual(
      expect.objectContaining({
        kind: 'case_card',
        reason: expect.stringContaining('a new complaint needs your decision (§33)'),
      }),
    );
    await act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Disproportionate.' });
    const appealNotices = (await lastNotices()).filter((n) => n.kind === 'case_card' && n.reason.includes('an appeal'));
    // Both the corporate head and the executive director decided earlier: neither may hear the appeal.
    expect(appealNotices.map((n) => n.personId)).not.toContain(fx.ids.chc);
    expect(appealNotices.map((n) => n.personId)).not.toContain(fx.ids.edc);
    // Nobody independent exists (issue 11 §3): the CXM hears that it waits, with its deadline, and
    // the admins are told at once what to do.
    expect(to(await lastNotices(), fx.ids.cxm)).toContainEqual(
      expect.objectContaining({
        kind: 'message',
        text: expect.stringContaining('nobody in the directory may decide this appeal yet'),
      }),
    );
    expect(to(await lastNotices(), admin)).toEqual([
      expect.objectContaining({
        kind: 'message',
        text: expect.stringMatching(/add .*appeal_reviewer.*lcp directory import FILE.*within 10 working days/s),
      }),
    ]);
    expect(JSON.stringify(to(await lastNotices(), admin))).not.toContain('Alex Example');

    // Once an appeal reviewer is in the directory, they may decide it (and see it in their approvals).
    const reviewer = await addPerson('rae@example.org', 'Rae Reviewer', ['colleague', 'appeal_reviewer']);
    const appealed = (await fx.services.cases.findById(kase.id))!;
    expect(await appealDecidersFor(appealed, fx.services.people, new Date('2026-11-30T10:00:00Z'))).toEqual([reviewer]);
  });

  test('issue 11 §3: an appeal goes to every independent appeal reviewer, corporate head and executive director; nobody else, and no admin', async () => {
    const reviewer = await addPerson('rae@example.org', 'Rae Reviewer', ['colleague', 'appeal_reviewer']);
    const edc2 = await addPerson('ed2@example.org', 'Ed Second', ['colleague', 'executive_director_of_customers']);
    const admin = await addPerson('ada@example.org', 'Ada Admin', ['colleague', 'admin']);
    const kase = await toWarning();
    await act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Disproportionate.' });
    const cards = (await lastNotices()).filter((n) => n.kind === 'case_card' && n.reason.includes('an appeal'));
    expect(cards.map((n) => n.personId).sort()).toEqual([reviewer, edc2].sort());
    expect(to(await lastNotices(), admin)).toEqual([]);
  });

  test('designated colleagues are told when restrictions naming them start and when they end, by case number only (issue 12 §4)', async () => {
    let kase = await toWarning();
    const dates = { startDate: '2026-12-01', reviewDate: '2027-02-28', endDate: '2027-05-31' };
    kase = await act(kase, 'chc', {
      action: 'propose_restrictions',
      ...continuedSinceWarning(kase),
      rationale: 'r',
      proportionality: 'Needed.',
      restrictions: [
        {
          type: 'named_colleagues_only',
          details: { colleagueIds: [fx.ids.otherManager], coverColleagueIds: [fx.ids.deputy] },
          ...dates,
        },
      ],
    });
    expect(to(await lastNotices(), fx.ids.otherManager)).toEqual([]);
    kase = await act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
    const started = await lastNotices();
    for (const who of [fx.ids.otherManager, fx.ids.deputy]) {
      expect(to(started, who)).toEqual([
        {
          kind: 'message',
          personId: who,
          caseId: kase.id,
          text: `Case ${kase.number}: you are named as a designated colleague in contact restrictions from 2026-12-01 to 2027-05-31. Before any contact, ask /lcp check ${kase.number} (Teams: check ${kase.number}) what they allow.`,
        },
      ]);
    }
    expect(JSON.stringify(started)).not.toMatch(/Alex Example|ACC-10001/);
    await act(kase, 'chc', { action: 'review_lift', rationale: 'Behaviour improved.' });
    const ended = await lastNotices();
    expect(to(ended, fx.ids.deputy)).toContainEqual(
      expect.objectContaining({
        text: `Case ${kase.number}: the contact restrictions that named you as a designated colleague have ended.`,
      }),
    );
  });
});
