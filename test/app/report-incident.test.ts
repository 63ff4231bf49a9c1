import { reportIncident } from '../../src/app/report-incident.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { caseFixture, reportInput, type Fixture } from './case-services.fixture.js';

let db: TestDatabase;
let fx: Fixture;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
});
afterEach(() => db.close());

describe('reporting an incident (real database)', () => {
  test("a first report opens case LCP-<year>-0001 at line manager review, for the reporter's line manager", async () => {
    const result = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.attached).toBe(false);
    expect(result.case.number).toBe('LCP-2026-0001');
    expect(result.case.state).toBe('line_manager_review');
    expect(result.case.lineManagerId).toBe(fx.ids.lineManager);
    const stored = await fx.services.cases.findById(result.case.id);
    expect(stored).toEqual(result.case);
    expect(await fx.services.cases.events(result.case.id)).toHaveLength(1);
    expect(fx.notifier.changes).toHaveLength(1);
  });

  test('a new report about a customer with an open case is attached to it, whatever the spelling of the account reference', async () => {
    const first = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
    const second = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.deputy,
      report: reportInput({ customerAccountRef: 'acc-10001 ', description: 'Rang again and swore.' }),
    });
    if (!first.ok || !second.ok) throw new Error('report failed');
    expect(second.attached).toBe(true);
    expect(second.case.id).toBe(first.case.id);
    expect(second.case.reports.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(second.case.reporterIds).toEqual([fx.ids.reporter, fx.ids.deputy]);
  });

  test('ten simultaneous first reports about one customer open exactly one case holding all ten reports', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        reportIncident(fx.services, {
          reporterPersonId: fx.ids.reporter,
          report: reportInput({ description: `Call ${i}` }),
        }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const caseIds = new Set(results.map((r) => (r.ok ? r.case.id : '')));
    expect(caseIds.size).toBe(1);
    const stored = await fx.services.cases.findById([...caseIds][0]!);
    expect(stored!.reports).toHaveLength(10);
    expect(await fx.services.cases.events(stored!.id)).toHaveLength(10);
  });

  test('twenty simultaneous reports about different customers get twenty different case numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        reportIncident(fx.services, {
          reporterPersonId: fx.ids.reporter,
          report: reportInput({ customerAccountRef: `ACC-${2000 + i}` }),
        }),
      ),
    );
    const numbers = results.map((r) => (r.ok ? r.case.number : 'failed'));
    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `LCP-2026-${String(i + 1).padStart(4, '0')}`),
    );
  });

  test('invalid input is refused with the field and a message, and nothing is stored', async () => {
    const result = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({ description: '', channel: 'carrier pigeon' }),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CASE.INVALID_COMMAND');
    const paths = (result.error.details!.fields as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['description', 'channel']));
    expect(await db.connection.collection('cases').countDocuments()).toBe(0);
  });

  test('someone who is not in the directory cannot report', async () => {
    const result = await reportIncident(fx.services, { reporterPersonId: 'nobody', report: reportInput() });
    expect(result.ok ? 'ok' : result.error.code).toBe('CASE.UNKNOWN_PERSON');
  });

  test('a retried submission with the same idempotency key files one report, and the retry gets the same answer', async () => {
    const a = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput(),
      idempotencyKey: 'slack:view:V123',
    });
    const b = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput(),
      idempotencyKey: 'slack:view:V123',
    });
    if (!a.ok || !b.ok) throw new Error('report failed');
    expect(b.case.number).toBe(a.case.number);
    expect((await fx.services.cases.findById(a.case.id))!.reports).toHaveLength(1);
  });

  test('an urgent report (someone threatened or hurt) opens the urgent path', async () => {
    const result = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({
        threatenedOrHurt: true,
        behaviours: [{ criterionId: 'abusive_behaviour', behaviourId: 'violence' }],
      }),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.case.urgent).toBe(true);
    expect(result.case.urgentPath).toEqual({ policeCalled: null, policeAnsweredAt: null, protectiveSteps: [] });
  });
});
