import { decideCase } from '../../src/app/decide-case.js';
import { nameDeputy } from '../../src/app/name-deputy.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { caseFixture, reportInput, type Fixture } from './case-services.fixture.js';

// Issue 11 §4: delegation limits (not to oneself, at most LCP_MAX_DELEGATION_DAYS at a time; the
// principal, the deputy and the admins are told) and leavers (no deciding, no seeing; the past stays).

let db: TestDatabase;
let fx: Fixture;
const sent: { personIds: string[]; text: string }[] = [];
const NOW = new Date('2026-11-30T10:00:00Z');

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection, NOW);
  await fx.services.people.upsertMany([
    {
      email: 'ada.admin@example.org',
      name: 'Ada Admin',
      roles: ['colleague', 'admin'],
      lineManagerEmail: null,
      slackUserId: null,
      teamsAadObjectId: null,
    },
  ]);
  sent.length = 0;
  fx.services.messenger = { send: async (personIds, text) => void sent.push({ personIds, text }) };
});
afterEach(() => db.close());

test('a deputy may not be oneself, nor named for longer than the limit (31 days by default); nothing is saved', async () => {
  const edc = (await fx.services.people.findById(fx.ids.edc))!;
  const self = await nameDeputy(fx.services, edc.id, edc, '2026-12-10');
  expect(self).toEqual({
    ok: false,
    code: 'DEPUTY.SELF',
    message: expect.stringContaining('You cannot be your own deputy'),
  });
  const deputy = (await fx.services.people.findById(fx.ids.deputy))!;
  const long = await nameDeputy(fx.services, edc.id, deputy, '2027-01-15');
  expect(long).toEqual({
    ok: false,
    code: 'DEPUTY.TOO_LONG',
    message:
      'A deputy can be named for at most 31 days at a time: choose 2026-12-31 or earlier, and name them again when that ends.',
  });
  fx.services.maxDelegationDays = 60;
  expect((await nameDeputy(fx.services, edc.id, deputy, '2027-01-15')).ok).toBe(true);
  fx.services.maxDelegationDays = undefined;
  expect((await fx.services.people.findById(edc.id))!.deputies).toHaveLength(1);
});

test('naming a deputy tells the principal, the deputy and the admins', async () => {
  const deputy = (await fx.services.people.findById(fx.ids.deputy))!;
  const result = await nameDeputy(fx.services, fx.ids.edc, deputy, '2026-12-31');
  expect(result.ok).toBe(true);
  const admin = (await fx.services.people.findByEmail('ada.admin@example.org'))!;
  expect(sent).toEqual([
    {
      personIds: expect.arrayContaining([fx.ids.edc, fx.ids.deputy, admin.id]),
      text: 'Dev Deputy is deputy for Edith Director until the end of 2026-12-31: their decisions are recorded as made on behalf of Edith Director.',
    },
  ]);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.personIds).toHaveLength(3);
});

test('a deactivated line manager can neither decide nor see the case; their past decision stays; the case passes on', async () => {
  const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
  if (!opened.ok) throw new Error(opened.error.message);
  await fx.services.people.deactivate(fx.ids.lineManager, NOW);
  expect(await resolveActor(fx.services.people, fx.ids.lineManager, NOW)).toBeNull();
  const refused = await decideCase(fx.services, {
    caseId: opened.case.id,
    actorPersonId: fx.ids.lineManager,
    command: {
      action: 'escalate',
      rationale: 'r',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(!refused.ok && refused.error.code).toBe('CASE.UNKNOWN_PERSON');
  // Their tier is vacant: the customer experience manager decides in their place.
  const escalated = await decideCase(fx.services, {
    caseId: opened.case.id,
    actorPersonId: fx.ids.cxm,
    command: {
      action: 'escalate',
      rationale: 'The line manager has left.',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(escalated.ok && escalated.case.state).toBe('cxm_review');
});

test('past decisions of a leaver stay on record', async () => {
  const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
  if (!opened.ok) throw new Error(opened.error.message);
  const escalated = await decideCase(fx.services, {
    caseId: opened.case.id,
    actorPersonId: fx.ids.lineManager,
    command: {
      action: 'escalate',
      rationale: 'r',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(escalated.ok).toBe(true);
  await fx.services.people.deactivate(fx.ids.lineManager, NOW);
  const events = await fx.services.cases.events(opened.case.id);
  expect(events.at(-1)!.actor).toEqual({ personId: fx.ids.lineManager, name: 'Lena Manager', onBehalfOf: null });
  expect((await fx.services.cases.findById(opened.case.id))!.deciderIds).toContain(fx.ids.lineManager);
});
