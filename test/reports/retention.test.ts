import { recordCaseView, findCaseFor } from '../../src/app/case-queries.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { changeLegalHold, purgeExpiredCases } from '../../src/reports/retention.js';
import { retentionPurgeJob } from '../../jobs/retention-purge.job.js';
import { caseEventModel } from '../../src/store/case-event.model.js';
import { caseViewModel } from '../../src/store/case-view.model.js';
import { caseModel } from '../../src/store/case.model.js';
import { MongoRetentionStore } from '../../src/store/mongo-retention.store.js';
import { MongoEqualityStore } from '../../src/store/mongo-equality.store.js';
import { editCustomer } from '../../src/app/customer-records.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import { defaultSchedulingSettings } from '../../src/scheduling/scheduling-settings.js';
import { MongoReceiptRepository } from '../../src/store/mongo-receipt.repository.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases, type Seeded } from './report-seed.js';

let db: TestDatabase;
let seeded: Seeded;
beforeEach(async () => {
  db = await openTestDatabase();
  seeded = await seedCases(db);
}, 120_000);
afterEach(() => db.close());

// Closed: Cy 2 April 2026 (informal), Bea 8 April 2026 (quashed), Eli 10 November 2026 (lifted).
const NOW = new Date('2026-12-01T02:00:00Z');
const DAYS_TO_MID_APRIL = 230; // cutoff 15 April 2026: Cy and Bea are due, Eli is not

describe('retention', () => {
  test("a customer's record goes with their last case; equality imports older than the period are deleted (issue 12 §6)", async () => {
    const store = new MongoRetentionStore(db.connection);
    const { fx, cases } = seeded;
    await editCustomer(fx.services, {
      actorPersonId: fx.ids.cxm,
      accountRef: 'ACC-20002',
      values: { vulnerabilities: 'Sight loss', postal_address: '1 Road\nTown', email_ok: 'no' },
      source: 'slack',
    });
    await new MongoEqualityStore(db.connection).setCharacteristics(
      'ACC-20002',
      { disability: 'yes' },
      '2026-01-10T10:00:00.000Z',
    );
    await new MongoEqualityStore(db.connection).setCharacteristics(
      'ACC-10001',
      { disability: 'no' },
      '2026-01-20T10:00:00.000Z',
    );
    await new MongoEqualityStore(db.connection).setCharacteristics(
      'ACC-55555',
      { disability: 'no' },
      '2026-11-20T10:00:00.000Z',
    );
    expect(await fx.services.customers.changes('ACC-20002')).toHaveLength(1);

    const outcome = await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' });
    expect(outcome.purged.map((p) => p.caseNumber)).toContain(cases.bea.number);
    expect(outcome.purged.find((p) => p.caseNumber === cases.bea.number)).toMatchObject({
      counts: expect.objectContaining({ customer_record: 1, customer_changes: 1 }),
    });
    expect(await fx.services.customers.findByAccountRef('ACC-20002')).toBeNull();
    expect(await fx.services.customers.changes('ACC-20002')).toEqual([]);
    // A customer whose cases remain keeps their record; an import older than the cutoff is gone.
    expect(await fx.services.customers.findByAccountRef('ACC-10001')).not.toBeNull();
    expect(outcome.equality?.customers).toBe(1);
    const characteristics = await new MongoEqualityStore(db.connection).characteristicsOf(['ACC-10001', 'ACC-55555']);
    expect([...characteristics.keys()]).toEqual(['ACC-55555']);
  });

  test('the equality base import (aggregate counts) goes when it is older than the period, and stays when it is newer (issue 12 §6)', async () => {
    const store = new MongoRetentionStore(db.connection);
    const equality = new MongoEqualityStore(db.connection);
    const rows = [{ characteristic: 'disability', group: 'yes', count: 120 }];
    await equality.replaceBase(rows, { fileName: 'base-2026-01.csv', importedAt: '2026-01-05T09:00:00.000Z' });
    const outcome = await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' });
    expect(outcome.equality?.base).toBe(1);
    expect(await equality.base()).toEqual({ rows: [], importedAt: null, fileName: null });

    await equality.replaceBase(rows, { fileName: 'base-2026-11.csv', importedAt: '2026-11-20T09:00:00.000Z' });
    const again = await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' });
    expect(again.equality?.base).toBe(0);
    expect((await equality.base()).fileName).toBe('base-2026-11.csv');
  });

  test('purges closed cases past the period except under legal hold; records each purge; every remaining chain verifies', async () => {
    const store = new MongoRetentionStore(db.connection);
    const { fx, cases } = seeded;
    const cxm = (await resolveActor(fx.services.people, fx.ids.cxm, NOW))!;
    await findCaseFor(fx.services, cxm, cases.bea.number, 'test');
    expect(await caseViewModel(db.connection).countDocuments({ caseId: cases.bea.id })).toBe(1);

    const hold = await changeLegalHold(
      { cases: fx.services.cases, store },
      { action: 'set', caseNumber: cases.cy.number, reason: 'Claim issued in the county court', by: 'Jo Admin' },
      NOW,
    );
    expect(hold).toEqual({ ok: true, caseNumber: cases.cy.number, changed: true });
    expect(
      await changeLegalHold(
        { cases: fx.services.cases, store },
        { action: 'set', caseNumber: 'LCP-2026-9999', reason: 'x', by: 'Jo' },
        NOW,
      ),
    ).toMatchObject({ ok: false, code: 'LEGAL_HOLD.CASE_NOT_FOUND' });
    expect(
      await changeLegalHold(
        { cases: fx.services.cases, store },
        { action: 'clear', caseNumber: cases.cy.number, reason: ' ', by: 'Jo' },
        NOW,
      ),
    ).toMatchObject({ ok: false, code: 'LEGAL_HOLD.REASON_MISSING' });

    const dry = await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, dryRun: true, trigger: 'cli' });
    expect(dry.purged.map((p) => p.caseNumber)).toEqual([cases.bea.number]);
    expect(dry.held.map((h) => h.caseNumber)).toEqual([cases.cy.number]);
    expect(await caseModel(db.connection).countDocuments()).toBe(5);

    const beaEvents = await caseEventModel(db.connection).countDocuments({ caseId: cases.bea.id });
    const outcome = await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' });
    expect(outcome.purged).toEqual([
      {
        caseId: cases.bea.id,
        caseNumber: cases.bea.number,
        closedAt: '2026-04-08T10:00:00.000Z',
        purgedAt: NOW.toISOString(),
        trigger: 'cli',
        counts: expect.objectContaining({ case: 1, events: beaEvents, views: 1 }),
      },
    ]);
    expect(await fx.services.cases.findByNumber(cases.bea.number)).toBeNull();
    expect(await caseEventModel(db.connection).countDocuments({ caseId: cases.bea.id })).toBe(0);
    expect(await caseViewModel(db.connection).countDocuments({ caseId: cases.bea.id })).toBe(0);
    expect(await fx.services.cases.findByNumber(cases.cy.number)).not.toBeNull();
    // The purge record names the case and counts, and holds no content.
    const [record] = await store.purgeRecords();
    expect(JSON.stringify(record)).not.toMatch(/Bea|ACC-20002|misheard/);

    // The trail is a hash chain per case: every other case's chain still verifies in full.
    for (const kase of [cases.alex, cases.cy, cases.dee, cases.eli]) {
      const events = await caseEventModel(db.connection).countDocuments({ caseId: kase.id });
      expect(await verifyAuditTrail(fx.services.cases, kase.id)).toEqual({ ok: true, length: events });
    }

    // Clearing the hold (audited) lets the next run purge Cy too; a second run finds nothing more.
    await changeLegalHold(
      { cases: fx.services.cases, store },
      { action: 'clear', caseNumber: cases.cy.number, reason: 'Claim settled', by: 'Jo Admin' },
      NOW,
    );
    expect((await store.holdAudit(cases.cy.id)).map((a) => [a.action, a.reason, a.by])).toEqual([
      ['set', 'Claim issued in the county court', 'Jo Admin'],
      ['clear', 'Claim settled', 'Jo Admin'],
    ]);
    expect(
      (await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' })).purged.map(
        (p) => p.caseNumber,
      ),
    ).toEqual([cases.cy.number]);
    expect((await purgeExpiredCases(store, NOW, { retentionDays: DAYS_TO_MID_APRIL, trigger: 'cli' })).purged).toEqual(
      [],
    );
  });

  test('a view is not a case event: it leaves the version and the chain alone', async () => {
    const { fx, cases } = seeded;
    const before = await fx.services.cases.findById(cases.alex.id);
    await recordCaseView(fx.services, cases.alex, { personId: fx.ids.cxm, name: 'Cora Experience' }, 'test');
    const after = await fx.services.cases.findById(cases.alex.id);
    expect(after!.version).toBe(before!.version);
    expect((await fx.services.cases.events(cases.alex.id)).length).toBe(before!.version);
    expect(await fx.services.views!.forCase(cases.alex.id)).toEqual([
      expect.objectContaining({ personId: fx.ids.cxm, via: 'test' }),
    ]);
  });

  test('the scheduled job purges with the setting from its settings object and reports each case', async () => {
    const { fx, cases } = seeded;
    const logs: [string, Record<string, unknown> | undefined][] = [];
    const deps = mongoSchedulingDeps(
      db.connection,
      fx.services,
      { send: async () => ({ delivered: [], unreachable: [] }) },
      { ...defaultSchedulingSettings(), LCP_RETENTION_DAYS: DAYS_TO_MID_APRIL } as ReturnType<
        typeof defaultSchedulingSettings
      >,
      (m, d) => logs.push([m, d]),
    );
    const result = await retentionPurgeJob.run(
      {
        deps,
        digestPosters: [],
        receiptStore: new MongoReceiptRepository(db.connection),
        retention: new MongoRetentionStore(db.connection),
        clock: () => NOW,
      },
      {},
    );
    expect(result).toEqual({ purged: [cases.cy.number, cases.bea.number], held: [], refused: [] });
    expect(logs.filter(([m]) => m === 'retention: purged a closed case').map(([, d]) => d?.caseNumber)).toEqual([
      cases.cy.number,
      cases.bea.number,
    ]);
    expect((await new MongoRetentionStore(db.connection).purgeRecords()).map((r) => r.trigger)).toEqual(['job', 'job']);
  });
});
