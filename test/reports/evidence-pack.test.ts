import { findCaseFor } from '../../src/app/case-queries.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { loadLetterAssets } from '../../src/letters/letter-pdf.js';
import { LetterService } from '../../src/letters/letter-service.js';
import { letterSettingsSchema, organisationFrom } from '../../src/letters/letter-settings.js';
import { buildEvidencePack, type EvidencePack } from '../../src/reports/evidence-pack.js';
import { evidencePackJson, evidencePackPdf } from '../../src/reports/evidence-pack.export.js';
import { MongoReminderLog } from '../../src/store/mongo-schedule.store.js';
import { MongoLetterArchive } from '../../src/store/mongo-letter.archive.js';
import { MongoRetentionStore } from '../../src/store/mongo-retention.store.js';
import { storedLettersOf } from '../../src/store/stored-letter.reader.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases, type Seeded } from './report-seed.js';

let db: TestDatabase;
let seeded: Seeded;
let pack: EvidencePack;
const NOW = new Date('2026-12-01T09:00:00Z');

beforeAll(async () => {
  db = await openTestDatabase();
  seeded = await seedCases(db);
  const { fx, cases } = seeded;
  const alex = cases.alex;
  // The letters as the runtime stores them (GridFS), a reminder as the sweep records it, two views.
  const letters = new LetterService({
    archive: new MongoLetterArchive(db.connection),
    customers: fx.services.customers,
    people: fx.services.people,
    organisation: organisationFrom(letterSettingsSchema.parse({})),
    assets: loadLetterAssets(null),
    clock: fx.services.clock,
  });
  for (const index of alex.letters.keys()) await letters.ensure(alex.id, index);
  const reminders = new MongoReminderLog(db.connection);
  await reminders.recordClaim({
    key: `review_due:${alex.id}:2026-05-10:1`,
    caseId: alex.id,
    caseNumber: alex.number,
    kind: 'review_due',
    dueDate: '2026-05-10',
    n: 1,
    attempt: 0,
    claimedAt: new Date('2026-05-11T08:00:00Z'),
  });
  await reminders.recordOutcome(`review_due:${alex.id}:2026-05-10:1`, {
    status: 'sent',
    sentAt: new Date('2026-05-11T08:00:01Z'),
    recipients: [fx.ids.chc],
  });
  const cxm = (await resolveActor(fx.services.people, fx.ids.cxm, NOW))!;
  fx.setNow(new Date('2026-11-30T11:00:00Z'));
  await findCaseFor(fx.services, cxm, alex.number, 'slack: /lcp case');
  const retention = new MongoRetentionStore(db.connection);
  await retention.setHold({
    caseId: alex.id,
    caseNumber: alex.number,
    reason: 'Ombudsman enquiry',
    setBy: 'Jo Admin',
    setAt: '2026-11-30T12:00:00.000Z',
  });
  await retention.appendHoldAudit({
    caseId: alex.id,
    caseNumber: alex.number,
    action: 'set',
    reason: 'Ombudsman enquiry',
    by: 'Jo Admin',
    at: '2026-11-30T12:00:00.000Z',
  });
  pack = (await buildEvidencePack(
    {
      cases: fx.services.cases,
      reminders,
      views: fx.services.views!,
      refusals: fx.services.refusals,
      holds: retention,
      storedLetters: (id) => storedLettersOf(db.connection, id),
    },
    alex.number.toLowerCase(),
    NOW,
  ))!;
}, 120_000);
afterAll(() => db.close());

describe('the case evidence pack', () => {
  test('holds the reports, every decision with its reasons, letters with stored hashes, reminders sent, views and the verified trail', () => {
    const alex = seeded.cases.alex;
    expect(pack.caseNumber).toBe(alex.number);
    // The first report, the continued behaviour the CHC recorded when proposing restrictions (§27), and the breach.
    expect(pack.case.reports).toHaveLength(3);
    expect(pack.decisions.map((d) => d.action)).toEqual([
      'report',
      'escalate',
      'escalate',
      'propose_warning',
      'approve_warning',
      'propose_restrictions',
      'approve_restrictions',
      'attach_report',
      'propose_refusal',
      'refuse_all_contact',
    ]);
    expect(pack.decisions.find((d) => d.action === 'approve_restrictions')?.rationale).toBe(
      'Mr Example kept calling after the warning.',
    );
    expect(pack.auditTrail).toEqual({ ok: true, length: 10 });
    expect(pack.letters.map((l) => l.kind)).toEqual(['warning', 'restriction', 'refusal_of_all_contact']);
    expect(pack.storedLetters.map((l) => l.kind)).toEqual(['warning', 'restriction', 'refusal_of_all_contact']);
    for (const l of pack.storedLetters) expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pack.remindersSent).toEqual([
      {
        kind: 'review_due',
        n: 1,
        dueDate: '2026-05-10',
        status: 'sent',
        sentAt: '2026-05-11T08:00:01.000Z',
        recipients: [seeded.fx.ids.chc],
      },
    ]);
    expect(pack.views).toEqual([
      { personId: seeded.fx.ids.cxm, name: 'Cora Experience', via: 'slack: /lcp case', at: '2026-11-30T11:00:00.000Z' },
    ]);
    expect(pack.legalHold).toMatchObject({ reason: 'Ombudsman enquiry' });
    expect(JSON.parse(evidencePackJson(pack))).toEqual(JSON.parse(JSON.stringify(pack)));
  });

  test('the PDF shows each required element', async () => {
    const { text } = await pdfText(await evidencePackPdf(pack, 'Example Housing'));
    const alex = seeded.cases.alex;
    for (const required of [
      `Evidence pack: case ${alex.number}`,
      'Customer: Alex Example (account ACC-10001)',
      'Audit trail: verified: 10 events, hash chain intact',
      'Legal hold: yes',
      'Incident reports',
      'The customer called the colleague useless and shouted for ten minutes.',
      'Called again and swore.',
      'Decisions with reasons',
      'Mr Example kept calling after the warning.',
      'Restrictions were not adhered to.',
      'Letters',
      'Warning letter',
      pack.storedLetters[0]!.sha256.slice(0, 20),
      'Quarterly reviews',
      'Appeals',
      'Reminders sent',
      'review due #1',
      'Who viewed the case',
      'Cora Experience',
      'slack: /lcp case',
      'Legal hold history',
    ])
      expect(text).toContain(required);
  });

  test('an unknown case gives no pack', async () => {
    const { fx } = seeded;
    expect(
      await buildEvidencePack(
        {
          cases: fx.services.cases,
          reminders: new MongoReminderLog(db.connection),
          views: fx.services.views!,
          refusals: fx.services.refusals,
        },
        'LCP-2026-9999',
        NOW,
      ),
    ).toBeNull();
  });
});
