import { chainHash, hashedContent } from '../../src/audit/hash-chain.js';
import { ConcurrentDecisionError } from '../../src/app/ports.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { decide, type Case } from '../../src/cases/index.js';
import { MongoCaseRepository } from '../../src/store/mongo-case.repository.js';
import { caseFixture, reportInput, type Fixture } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

let db: TestDatabase;
let fx: Fixture;
let repo: MongoCaseRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
  repo = new MongoCaseRepository(db.connection);
});
afterEach(() => db.close());

const lineManager = () => ({
  personId: fx.ids.lineManager,
  name: 'Lena Manager',
  roles: ['colleague' as const, 'line_manager' as const],
  deputisingFor: [],
});
const escalate = (rationale: string) => ({
  action: 'escalate',
  rationale,
  colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
});

async function caseWithEvents(extra: number): Promise<Case> {
  const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
  if (!opened.ok) throw new Error(opened.error.message);
  let kase = opened.case;
  for (let i = 0; i < extra; i++) {
    const step = decide(
      kase,
      { action: 'attach_report', report: reportInput({ description: `Further call ${i}` }) },
      lineManager(),
      new Date('2026-11-30T11:00:00Z'),
    );
    if (!step.ok) throw new Error(step.error.message);
    await repo.append(kase.version, step.next, step.events);
    kase = step.next;
  }
  return kase;
}

describe('the case repository (real database)', () => {
  test('the unique (caseId, seq) index lets exactly one of two decisions from the same version win', async () => {
    const kase = await caseWithEvents(0);
    const a = decide(kase, escalate('first'), lineManager(), new Date());
    const b = decide(kase, escalate('second'), lineManager(), new Date());
    if (!a.ok || !b.ok) throw new Error('decide failed');
    const outcomes = await Promise.allSettled([
      repo.append(kase.version, a.next, a.events),
      repo.append(kase.version, b.next, b.events),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrentDecisionError);
    expect(await repo.events(kase.id)).toHaveLength(2);
  });

  test('a save interrupted after the event was written is recovered from the event on the next load', async () => {
    const kase = await caseWithEvents(0);
    const step = decide(kase, escalate('saved halfway'), lineManager(), new Date());
    if (!step.ok) throw new Error(step.error.message);
    await repo.append(kase.version, step.next, step.events);
    // Simulate the crash: put the case document back as it was before the decision.
    await db.connection
      .collection('cases')
      .updateOne({ _id: kase.id as never }, { $set: { version: kase.version, state: kase.state, snapshot: kase } });
    const loaded = await repo.findById(kase.id);
    expect(loaded!.state).toBe('cxm_review');
    expect(loaded!.version).toBe(kase.version + 1);
  });

  describe('the audit trail hash chain', () => {
    test('an untouched trail verifies', async () => {
      const kase = await caseWithEvents(3);
      expect(await verifyAuditTrail(repo, kase.id)).toEqual({ ok: true, length: 4 });
    });

    test('an edited event is detected', async () => {
      const kase = await caseWithEvents(3);
      await db.connection
        .collection('case_events')
        .updateOne({ caseId: kase.id, seq: 2 }, { $set: { 'data.reportId': 'R9' } });
      expect(await verifyAuditTrail(repo, kase.id)).toEqual({
        ok: false,
        seq: 2,
        reason: 'its content was changed after it was written',
      });
    });

    test('an edited event whose own hash was recomputed is caught by the link after it', async () => {
      const kase = await caseWithEvents(3);
      const [, second] = await repo.events(kase.id);
      const forged = { ...second!, rationale: 'rewritten afterwards' };
      await db.connection
        .collection('case_events')
        .updateOne(
          { caseId: kase.id, seq: 2 },
          { $set: { rationale: forged.rationale, hash: chainHash(forged.prevHash, hashedContent(forged)) } },
        );
      expect(await verifyAuditTrail(repo, kase.id)).toEqual({
        ok: false,
        seq: 3,
        reason: 'does not follow the event before it',
      });
    });

    test('a deleted event is detected', async () => {
      const kase = await caseWithEvents(3);
      await db.connection.collection('case_events').deleteOne({ caseId: kase.id, seq: 3 });
      expect(await verifyAuditTrail(repo, kase.id)).toMatchObject({ ok: false, seq: 4 });
    });

    test('re-ordered events are detected', async () => {
      const kase = await caseWithEvents(3);
      const events = db.connection.collection('case_events');
      await events.updateOne({ caseId: kase.id, seq: 2 }, { $set: { seq: 99 } });
      await events.updateOne({ caseId: kase.id, seq: 3 }, { $set: { seq: 2 } });
      await events.updateOne({ caseId: kase.id, seq: 99 }, { $set: { seq: 3 } });
      expect(await verifyAuditTrail(repo, kase.id)).toMatchObject({ ok: false, seq: 2 });
    });
  });
});
