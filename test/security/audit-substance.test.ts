import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { chainHash, configureAuditKey, GENESIS_HASH, hashedContent, verifyChain } from '../../src/audit/hash-chain.js';
import { retentionPurgeJob } from '../../jobs/retention-purge.job.js';
import { auditAnchorJob } from '../../jobs/audit-anchor.job.js';
import { caseEventModel } from '../../src/store/case-event.model.js';
import { caseLetterModel } from '../../src/store/case-letter.model.js';
import { caseModel } from '../../src/store/case.model.js';
import { MongoCaseRepository } from '../../src/store/mongo-case.repository.js';
import { MongoLetterArchive } from '../../src/store/mongo-letter.archive.js';
import { MongoReceiptRepository } from '../../src/store/mongo-receipt.repository.js';
import { MongoRetentionStore } from '../../src/store/mongo-retention.store.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import { defaultSchedulingSettings } from '../../src/scheduling/scheduling-settings.js';
import { continuedSinceWarning } from '../cases/fixtures.js';
import { lettersFixture, RESTRICTIONS, type LettersFixture } from '../letters/letters.fixture.js';
import { seedCases } from '../reports/report-seed.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// Issue 13 §3: the audit trail protects what was decided, not only the sequence. Each event's hash
// covers a digest of the case after it; `lcp audit verify` replays the snapshots against the stored
// case and checks each letter's bytes; with LCP_AUDIT_KEY the hashes are HMACs; the retention purge
// refuses a broken trail and tells the admins; a nightly job logs the chain heads.

let db: TestDatabase;
let fx: LettersFixture;
let repo: MongoCaseRepository;
let archive: MongoLetterArchive;
let caseId: string;

const full = () => verifyAuditTrail(repo, caseId, { snapshots: repo, letters: archive });

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await lettersFixture(db.connection);
  repo = new MongoCaseRepository(db.connection);
  archive = fx.archive;
  let kase = await fx.act(await fx.toWarningApproval(), 'edc', {
    action: 'approve_warning',
    rationale: 'Proportionate.',
  });
  kase = await fx.act(kase, 'chc', { ...RESTRICTIONS, ...continuedSinceWarning(kase) });
  kase = await fx.act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
  await fx.letters.storeNew(null, kase);
  caseId = kase.id;
}, 120_000);
afterAll(async () => {
  configureAuditKey(undefined);
  await db.close();
});

/** Runs `change` on the database, checks the verdict, then puts the document back. */
async function tampered(
  model: ReturnType<typeof caseEventModel> | ReturnType<typeof caseModel> | ReturnType<typeof caseLetterModel>,
  filter: Record<string, unknown>,
  update: Record<string, unknown>,
): Promise<Awaited<ReturnType<typeof full>>> {
  const m = model as unknown as {
    findOne(f: unknown): { lean(): Promise<Record<string, unknown>> };
    updateOne(f: unknown, u: unknown): Promise<unknown>;
    replaceOne(f: unknown, d: unknown): Promise<unknown>;
  };
  const original = await m.findOne(filter).lean();
  await m.updateOne(filter, { $set: update });
  try {
    return await full();
  } finally {
    await m.replaceOne(filter, original);
  }
}

describe('what the hash covers and what verify replays', () => {
  test('an untouched trail verifies in full, letters included', async () => {
    expect((await archive.forCase(caseId)).length).toBe(2);
    expect(await full()).toEqual({ ok: true, length: (await repo.events(caseId)).length });
    expect(
      (await repo.events(caseId)).every((e) => e.hashVersion === 2 && /^[0-9a-f]{64}$/.test(e.caseAfterDigest ?? '')),
    ).toBe(true);
  });

  test('rewriting the report, the customer or the restrictions in an event snapshot is detected (the chain of action, actor and data alone did not notice)', async () => {
    const verdict = await tampered(
      caseEventModel(db.connection),
      { caseId, seq: 1 },
      { 'caseAfter.reports.0.description': 'Asked politely about a repair.' },
    );
    expect(verdict).toEqual({
      ok: false,
      seq: 1,
      reason: 'the case as it stood after this event was changed after it was written',
    });
    const last = (await repo.events(caseId)).length;
    expect(
      await tampered(caseEventModel(db.connection), { caseId, seq: last }, { 'caseAfter.restrictions.items': [] }),
    ).toMatchObject({ ok: false, seq: last });
  });

  test('a stored case that differs from the replayed trail is detected', async () => {
    expect(
      await tampered(caseModel(db.connection), { _id: caseId }, { 'snapshot.customer.name': 'Somebody Else' }),
    ).toMatchObject({ ok: false, reason: 'the stored case differs from the case the trail leads to (replay)' });
  });

  test('a letter whose bytes no longer match their recorded hash is detected', async () => {
    const verdict = await tampered(caseLetterModel(db.connection), { caseId, index: 0 }, { sha256: 'f'.repeat(64) });
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^stored letter 1 .*: its bytes do not match the recorded sha256$/),
    });
  });

  test('events written before issue 13 (hash version 1) still verify', () => {
    const v1 = [1, 2].map((seq) => ({
      caseId: 'c-old',
      seq,
      action: 'report',
      at: '2026-01-01T00:00:00Z',
      actor: { personId: 'p', name: 'P', onBehalfOf: null },
      from: null,
      to: 'line_manager_review',
      rationale: null,
      data: {},
      prevHash: '',
      hash: '',
    }));
    let prev = GENESIS_HASH;
    for (const e of v1) {
      e.prevHash = prev;
      e.hash = createLegacyHash(prev, e);
      prev = e.hash;
    }
    expect(verifyChain(v1, hashedContent)).toEqual({ ok: true, length: 2 });
  });
});

/** Version 1 hashed exactly these fields. */
function createLegacyHash(
  prev: string,
  e: {
    caseId: string;
    seq: number;
    action: string;
    at: string;
    actor: unknown;
    from: string | null;
    to: string;
    rationale: string | null;
    data: unknown;
  },
): string {
  const { caseId: c, seq, action, at, actor, from, to, rationale, data } = e;
  return chainHash(prev, { caseId: c, seq, action, at, actor, from, to, rationale, data });
}

describe('LCP_AUDIT_KEY', () => {
  test('keyed events need the key to verify, and a trail recomputed without it is detected', async () => {
    const key = 'k'.repeat(40);
    configureAuditKey(key);
    try {
      // Two reports attached with the key set: the trail's last two events are keyed.
      await fx.openCase();
      const kase = await fx.openCase();
      const events = await repo.events(kase.id);
      expect(events.slice(-2).map((e) => e.keyed)).toEqual([true, true]);
      expect(events[0]!.keyed).toBeUndefined();
      expect(verifyChain(events, hashedContent, key)).toEqual({ ok: true, length: events.length });
      expect(verifyChain(events, hashedContent, null)).toMatchObject({
        ok: false,
        seq: events.length - 1,
        reason: 'its hash is keyed: set LCP_AUDIT_KEY to verify it',
      });
      expect(verifyChain(events, hashedContent, 'another-key-of-forty-characters-xxxxxxx')).toMatchObject({
        ok: false,
        reason: 'its content was changed after it was written',
      });
      // Someone without the key edits the last event's rationale and recomputes its hash as plain sha256,
      const forged = events.map((e) => ({ ...e }));
      const last = forged.at(-1)!;
      last.rationale = 'changed';
      last.hash = chainHash(last.prevHash, hashedContent(last));
      expect(verifyChain(forged, hashedContent, key)).toMatchObject({
        ok: false,
        seq: events.length,
        reason: 'its content was changed after it was written',
      });
      // or also marks it unkeyed: it follows a keyed event, so that is seen too.
      last.keyed = false;
      last.hash = chainHash(last.prevHash, hashedContent(last));
      expect(verifyChain(forged, hashedContent, key)).toMatchObject({
        ok: false,
        seq: events.length,
        reason: 'unkeyed after a keyed event (the trail was rewritten without the key)',
      });
    } finally {
      configureAuditKey(undefined);
    }
  });
});

describe('the retention purge and the nightly anchor', () => {
  test('a closed case whose trail is broken is not purged; the admins are told; the others are purged', async () => {
    const other = await openTestDatabase();
    try {
      const seeded = await seedCases(other);
      const { fx: sfx, cases } = seeded;
      await sfx.services.people.upsertMany([
        {
          email: 'gareth.admin@example.org',
          name: 'Gareth Admin',
          roles: ['colleague', 'admin'],
          lineManagerEmail: null,
          slackUserId: null,
          teamsAadObjectId: null,
        },
      ]);
      // Bea and Cy are past the period (test/reports/retention.test.ts); Bea's first event is edited.
      await caseEventModel(other.connection).updateOne(
        { caseId: cases.bea.id, seq: 1 },
        { $set: { rationale: 'rewritten' } },
      );
      const told: { ids: string[]; text: string }[] = [];
      const logs: string[] = [];
      const deps = mongoSchedulingDeps(
        other.connection,
        sfx.services,
        { send: async (ids, text) => (told.push({ ids, text }), { delivered: ids, unreachable: [] }) },
        { ...defaultSchedulingSettings(), LCP_RETENTION_DAYS: 230 } as ReturnType<typeof defaultSchedulingSettings>,
        (m, d) => void logs.push(`${m} ${JSON.stringify(d)}`),
      );
      const result = await retentionPurgeJob.run(
        {
          deps,
          digestPosters: [],
          receiptStore: new MongoReceiptRepository(other.connection),
          retention: new MongoRetentionStore(other.connection),
          clock: () => new Date('2026-12-01T02:00:00Z'),
        },
        {},
      );
      expect(result).toEqual({ purged: [cases.cy.number], held: [], refused: [cases.bea.number] });
      expect(await sfx.services.cases.findByNumber(cases.bea.number)).not.toBeNull();
      const admins = (await sfx.services.people.findByRole('admin')).map((p) => p.id);
      expect(admins.length).toBeGreaterThan(0);
      expect(told).toEqual([
        {
          ids: admins,
          text: expect.stringContaining(`• ${cases.bea.number}: event 1: its content was changed after it was written`),
        },
      ]);
      expect(logs.some((l) => l.startsWith('retention: refused to purge a case whose audit trail is broken'))).toBe(
        true,
      );
    } finally {
      await other.close();
    }
  }, 120_000);

  test('the nightly job logs the chain heads of the cases changed in the last day, with a digest over them', async () => {
    const logs: [string, Record<string, unknown> | undefined][] = [];
    const deps = mongoSchedulingDeps(
      db.connection,
      fx.services,
      { send: async () => ({ delivered: [], unreachable: [] }) },
      defaultSchedulingSettings(),
      (m, d) => void logs.push([m, d]),
    );
    const result = await auditAnchorJob.run(
      {
        deps,
        digestPosters: [],
        receiptStore: new MongoReceiptRepository(db.connection),
        clock: () => fx.services.clock(),
      },
      {},
    );
    const events = await repo.events(caseId);
    const [, detail] = logs.find(([m]) => m === 'audit: chain heads')!;
    expect(detail!.heads).toEqual(
      expect.arrayContaining([
        { caseNumber: (await repo.findById(caseId))!.number, seq: events.length, hash: events.at(-1)!.hash },
      ]),
    );
    expect(result).toEqual({ count: (detail!.heads as unknown[]).length, digest: detail!.digest });
  });
});
