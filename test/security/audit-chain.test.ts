import { chainHash, hashedContent } from '../../src/audit/hash-chain.js';
import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import type { Case } from '../../src/cases/index.js';
import { caseFixture, reportInput, type Fixture, type PersonKey } from '../app/case-services.fixture.js';
import { validCommand } from '../cases/fixtures.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// Item 8 of issue 8, on the real database, over a trail made by real decisions (report, every tier
// to a warning, restrictions). Edits, deletions and re-orderings in the middle are also proven on
// a synthetic trail in test/store/case-repository.test.ts; here: each kind of tampering at each
// position of a real trail, including the latest event, which a chain alone cannot vouch for.

let db: TestDatabase;
let fx: Fixture;
let kase: Case;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await caseFixture(db.connection);
  const opened = await reportIncident(fx.services, { reporterPersonId: fx.ids.reporter, report: reportInput() });
  if (!opened.ok) throw new Error(opened.error.message);
  kase = opened.case;
  const steps: [string, PersonKey][] = [
    ['escalate', 'lineManager'],
    ['escalate', 'cxm'],
    ['propose_warning', 'chc'],
    ['approve_warning', 'edc'],
  ];
  for (const [action, by] of steps) {
    const result = await decideCase(fx.services, {
      caseId: kase.id,
      actorPersonId: fx.ids[by],
      command: { ...validCommand(action as never, kase, fx.services.clock()), expectedVersion: kase.version },
    });
    if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
    kase = result.case;
  }
});
afterEach(() => db.close());

const events = () => db.connection.collection('case_events');
const verify = () => verifyAuditTrail(fx.services.cases, kase.id);

test('the untouched trail of a real case verifies, one event per version', async () => {
  expect(kase.version).toBe(5);
  expect(await verify()).toEqual({ ok: true, length: 5 });
});

test.each([1, 2, 3, 4, 5])('an edited rationale, actor or date in event %i is detected at that event', async (seq) => {
  for (const change of [
    { rationale: 'Rewritten later.' },
    { 'actor.name': 'Someone Else' },
    { at: '2020-01-01T00:00:00.000Z' },
  ]) {
    const original = await events().findOne({ caseId: kase.id, seq });
    await events().updateOne({ caseId: kase.id, seq }, { $set: change });
    expect(await verify()).toEqual({ ok: false, seq, reason: 'its content was changed after it was written' });
    await events().replaceOne({ _id: original!._id }, original!);
    expect(await verify()).toMatchObject({ ok: true });
  }
});

test.each([1, 2, 3, 4])('event %i edited and its own hash recomputed: caught by the next link', async (seq) => {
  const [stored] = (await fx.services.cases.events(kase.id)).filter((e) => e.seq === seq);
  const forged = { ...stored!, rationale: 'Rewritten, hash and all.' };
  await events().updateOne(
    { caseId: kase.id, seq },
    { $set: { rationale: forged.rationale, hash: chainHash(forged.prevHash, hashedContent(forged)) } },
  );
  expect(await verify()).toEqual({ ok: false, seq: seq + 1, reason: 'does not follow the event before it' });
});

test.each([1, 2, 3, 4])('deleting event %i is detected', async (seq) => {
  await events().deleteOne({ caseId: kase.id, seq });
  expect(await verify()).toMatchObject({ ok: false, seq: seq === 1 ? 2 : seq + 1 });
});

test("deleting the latest event (the trail cut short) is detected against the case's version", async () => {
  await events().deleteOne({ caseId: kase.id, seq: 5 });
  expect(await verify()).toEqual({
    ok: false,
    seq: 5,
    reason: 'missing: the case is at version 5 but the trail ends at event 4',
  });
});

test.each([
  [1, 2],
  [2, 4],
  [4, 5],
])('swapping events %i and %i is detected', async (a, b) => {
  await events().updateOne({ caseId: kase.id, seq: a }, { $set: { seq: 99 } });
  await events().updateOne({ caseId: kase.id, seq: b }, { $set: { seq: a } });
  await events().updateOne({ caseId: kase.id, seq: 99 }, { $set: { seq: b } });
  expect(await verify()).toMatchObject({ ok: false, seq: a });
});

test('re-linking a re-ordered trail (prevHash rewritten) still fails on the content hashes', async () => {
  const stored = await fx.services.cases.events(kase.id);
  const [two, three] = [stored[1]!, stored[2]!];
  // Event 3 moves to position 2 pointing at event 1, event 2 to position 3 pointing at it.
  await events().updateOne({ caseId: kase.id, seq: 2 }, { $set: { seq: 99 } });
  await events().updateOne({ caseId: kase.id, seq: 3 }, { $set: { seq: 2, prevHash: stored[0]!.hash } });
  await events().updateOne({ caseId: kase.id, seq: 99 }, { $set: { seq: 3, prevHash: three.hash } });
  expect(two.seq).toBe(2);
  expect(await verify()).toMatchObject({ ok: false, seq: 2 });
});
