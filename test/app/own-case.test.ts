import { decideCase } from '../../src/app/decide-case.js';
import { planNotifications } from '../../src/app/notifications/plan-notifications.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { resolveActorFor, vacantTiers } from '../../src/app/stand-ins.js';
import { submitReportForm } from '../../src/app/submit-forms.js';
import type { Case } from '../../src/cases/index.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { caseFixture, PEOPLE, reportInput, type Fixture } from './case-services.fixture.js';

// Issue 11 §4 with the real directory: a tier whose every holder is a party to the case passes to
// the next tier, whose people are told and may decide; a refused attempt is audited.

let db: TestDatabase;
let fx: Fixture;
const NOW = new Date('2026-11-30T10:00:00Z');

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection, NOW);
});
afterEach(() => db.close());

async function report(by: keyof Fixture['ids'], overrides: Record<string, unknown> = {}): Promise<Case> {
  const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids[by], report: reportInput(overrides) });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.case;
}

test('the line manager named as affected: the case goes to the customer experience manager, who is told and may escalate; the manager is refused and it is audited', async () => {
  const kase = await report('reporter', { affectedColleagueEmails: [PEOPLE.lineManager.email] });
  expect(kase.reports[0]!.affectedColleagueIds).toEqual([fx.ids.lineManager]);
  expect(await vacantTiers(kase, fx.services.people, NOW)).toEqual(['line_manager']);

  const notices = await planNotifications(fx.notifier.changes.at(-1)!, fx.services.people, NOW);
  expect(notices.filter((n) => n.kind === 'case_card').map((n) => n.personId)).toEqual([fx.ids.cxm]);

  const refused = await decideCase(fx.services, {
    caseId: kase.id,
    actorPersonId: fx.ids.lineManager,
    command: {
      action: 'escalate',
      rationale: 'r',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.code).toBe('CASE.CONFLICT_OF_INTEREST');
  const audited = await fx.services.refusals.forCase(kase.id);
  expect(audited).toEqual([
    expect.objectContaining({ action: 'escalate', code: 'CASE.CONFLICT_OF_INTEREST', stage: 'decision' }),
  ]);

  const cxm = await resolveActorFor(fx.services.people, fx.ids.cxm, NOW, kase);
  expect(cxm?.standingIn).toEqual(['line_manager']);
  const escalated = await decideCase(fx.services, {
    caseId: kase.id,
    actorPersonId: fx.ids.cxm,
    command: {
      action: 'escalate',
      rationale: 'Taken on for the affected manager.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(escalated.ok && escalated.case.state).toBe('cxm_review');
});

test('the corporate head reports: tier 3 passes to the executive director, who is told when the case reaches it', async () => {
  let kase = await report('chc');
  expect(await vacantTiers(kase, fx.services.people, NOW)).toEqual(
    expect.arrayContaining(['corporate_head_of_customers']),
  );
  for (const [who, command] of [
    [
      'cxm',
      { action: 'escalate', rationale: 'r', colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' } },
    ],
    ['cxm', { action: 'escalate', rationale: 'r', riskAssessment: { outcome: 'not_needed' } }],
  ] as const) {
    const result = await decideCase(fx.services, { caseId: kase.id, actorPersonId: fx.ids[who], command });
    if (!result.ok) throw new Error(result.error.message);
    kase = result.case;
  }
  expect(kase.state).toBe('chc_review');
  const notices = await planNotifications(fx.notifier.changes.at(-1)!, fx.services.people, NOW);
  expect(notices.filter((n) => n.kind === 'case_card').map((n) => n.personId)).toEqual([fx.ids.edc]);
  const bySelf = await decideCase(fx.services, {
    caseId: kase.id,
    actorPersonId: fx.ids.chc,
    command: { action: 'refer_to_asb', rationale: 'r' },
  });
  expect(!bySelf.ok && bySelf.error.code).toBe('CASE.CONFLICT_OF_INTEREST');
  const byEdc = await decideCase(fx.services, {
    caseId: kase.id,
    actorPersonId: fx.ids.edc,
    command: { action: 'refer_to_asb', rationale: 'Resident on resident.' },
  });
  expect(byEdc.ok && byEdc.case.state).toBe('closed');
});

test('an affected colleague with an active deputy: the tier is not vacant, the deputy acts for them', async () => {
  await fx.services.people.setDeputy(fx.ids.lineManager, {
    deputyPersonId: fx.ids.deputy,
    from: new Date('2026-11-01T00:00:00Z'),
    until: new Date('2026-12-31T00:00:00Z'),
  });
  const kase = await report('reporter', { affectedColleagueEmails: [PEOPLE.lineManager.email] });
  expect(await vacantTiers(kase, fx.services.people, NOW)).toEqual([]);
  const notices = await planNotifications(fx.notifier.changes.at(-1)!, fx.services.people, NOW);
  expect(notices.filter((n) => n.kind === 'case_card').map((n) => n.personId)).toEqual([fx.ids.deputy]);
});

test('an affected colleague who is not in the directory is named back; nothing is saved', async () => {
  const result = await submitReportForm(fx.services, {
    reporterPersonId: fx.ids.reporter,
    values: {
      customer_account_ref: 'ACC-1',
      customer_name: 'Alex Example',
      occurred_at: '2026-11-30T09:15',
      channel: 'telephone',
      behaviours: ['unacceptable_language:insulting'],
      description: 'Shouted.',
      threatened_or_hurt: 'no',
      affected_colleagues: 'nobody@example.org, lena.manager@example.org',
    },
  });
  expect(result).toEqual({
    ok: false,
    fieldErrors: { affected_colleagues: 'Not in the Limited Contact directory: nobody@example.org.' },
    error: expect.objectContaining({ code: 'CASE.INVALID_COMMAND' }),
  });
  expect(await fx.services.cases.listByReporter(fx.ids.reporter)).toEqual([]);
});
