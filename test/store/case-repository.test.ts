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

/** The line manager escalates `kase` and the repository saves it (with append's options): the step taken. */
async function escalateAndSave(kase: Case, rationale: string, options?: Parameters<MongoCaseRepository['append']>[3]) {
  const step = decide(kase, escalate(rationale), lineManager(), new Date());
  if (!step.ok) throw new Error(step.error.message);
  await repo.append(kase.version, step.next, step.events, options);
  return step;
}

/** Puts the case document back as it was at `kase`, as a crash after the event was written leaves it. */
const rollBackDocument = (kase: Case) =>
  db.connection
    .collection('cases')
    .updateOne({ _id: kase.id as never }, { $set: { version: kase.version, state: kase.state, snapshot: kase } });

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
    await escalateAndSave(kase, 'saved halfway');
    // Simulate the crash: put the case document back as it was before the decision.
    await rollBackDocument(kase);
    const loaded = await repo.findById(kase.id);
    expect(loaded!.state).toBe('cxm_review');
    expect(loaded!.version).toBe(kase.version + 1);
  });

  test('findAtHead reads the case from its latest event, also when the case document lags; the next save chains on that head and repairs the document', async () => {
    const kase = await caseWithEvents(0);
    const step = await escalateAndSave(kase, 'saved halfway');
    await rollBackDocument(kase);

    const head = await repo.findAtHead(kase.id);
    const events = await repo.events(kase.id);
    expect(head).toEqual({
      case: step.next,
      head: { seq: kase.version + 1, hash: events.at(-1)!.hash, requestKey: null },
    });
    const next = decide(
      head!.case,
      { action: 'escalate', rationale: 'On.', riskAssessment: { outcome: 'not_needed' } },
      {
        personId: fx.ids.cxm,
        name: 'Cora',
        roles: ['colleague', 'customer_experience_manager'],
        deputisingFor: [],
      },
      new Date(),
    );
    if (!next.ok) throw new Error(next.error.message);
    await repo.append(head!.case.version, next.next, next.events, { head: head!.head });
    const document = await db.connection.collection('cases').findOne({ _id: kase.id as never });
    expect(document?.version).toBe(kase.version + 2);
    expect(await verifyAuditTrail(repo, kase.id)).toEqual({ ok: true, length: kase.version + 2 });
    expect(await repo.findAtHead('no-such-case')).toBeNull();
  });

  test('a head for another place in the trail is not trusted: the previous hash is read instead', async () => {
    const kase = await caseWithEvents(0);
    await escalateAndSave(kase, 'chained', { head: { seq: kase.version - 1, hash: 'not-the-head' } });
    expect(await verifyAuditTrail(repo, kase.id)).toEqual({ ok: true, length: kase.version + 1 });
  });

  test('a request key saves one decision: found by findByRequestKey, refused a second time, never in the listed events', async () => {
    const kase = await caseWithEvents(0);
    const step = await escalateAndSave(kase, 'keyed', { requestKey: 'slack:view:V1' });

    const found = await repo.findByRequestKey('slack:view:V1');
    expect(found?.case).toEqual(step.next);
    expect(found?.event).toMatchObject({ caseId: kase.id, seq: kase.version + 1, action: 'escalate' });
    expect(found?.event).not.toHaveProperty('requestKey');
    expect((await repo.findAtHead(kase.id))?.head?.requestKey).toBe('slack:view:V1');
    expect(await repo.findByRequestKey('slack:view:V2')).toBeNull();

    const opened = await reportIncident(fx.services, {
      reporterPersonId: fx.ids.reporter,
      report: reportInput({ customerAccountRef: 'ACC-20002' }),
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const other = opened.case;
    const again = decide(other, escalate('same key, other case'), lineManager(), new Date());
    if (!again.ok) throw new Error(again.error.message);
    await expect(
      repo.append(other.version, again.next, again.events, { requestKey: 'slack:view:V1' }),
    ).rejects.toBeInstanceOf(ConcurrentDecisionError);
    expect(await repo.events(other.id)).toHaveLength(1);
    expect((await repo.events(kase.id)).every((e) => !('requestKey' in e))).toBe(true);
    expect(await verifyAuditTrail(repo, kase.id)).toEqual({ ok: true, length: 2 });
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
