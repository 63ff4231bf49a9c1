import { LetterNotifier } from '../../src/letters/letter-notifier.js';
import { sha256 } from '../../src/letters/letter-service.js';
import { LETTER_BUCKET } from '../../src/store/mongo-letter.archive.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { lettersFixture, RESTRICTIONS, type LettersFixture } from './letters.fixture.js';
import { caseIn, continuedSinceWarning } from '../cases/fixtures.js';

// The approved letter is kept with the case in GridFS, once, with its hash, template version and
// sent date; rendering it again gives the same bytes.

let db: TestDatabase;
let fx: LettersFixture;
const logged: string[] = [];
const log = (message: string) => void logged.push(message);

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await lettersFixture(db.connection);
});
afterEach(() => db.close());

const gridFiles = (caseId: string) =>
  db.connection.collection(`${LETTER_BUCKET}.files`).countDocuments({ 'metadata.caseId': caseId });

describe('storing approved letters (real database, GridFS)', () => {
  test('the warning is stored once although the after-save step runs twice at the same time, with hash, version and sent date', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    const change = fx.notifier.changes.at(-1)!;
    expect(change.after.letters).toHaveLength(1);
    const notifier = new LetterNotifier(fx.letters, log);
    await Promise.all([notifier.caseChanged(change), notifier.caseChanged(change), notifier.caseChanged(change)]);

    const stored = await fx.archive.forCase(kase.id);
    expect(stored).toHaveLength(1);
    expect(await db.connection.collection('case_letters').countDocuments({ caseId: kase.id })).toBe(1);
    // Losers of the race delete the file they wrote: one record, one file.
    expect(await gridFiles(kase.id)).toBe(1);
    const letter = stored[0]!;
    expect(letter).toMatchObject({
      caseId: kase.id,
      caseNumber: kase.number,
      index: 0,
      kind: 'warning',
      templateVersion: 'v3',
      sentAt: kase.letters[0]!.sentAt,
      approvedBy: 'Edith Director',
      filename: `${kase.number}-1-warning.pdf`,
      largePrint: false,
    });

    const bytes = (await fx.archive.bytes(kase.id, 0))!;
    expect(bytes.length).toBe(letter.size);
    expect(sha256(bytes)).toBe(letter.sha256);
    const { text } = await pdfText(bytes);
    expect(text).toContain('A warning about your behaviour towards our colleagues');
    expect(text).toContain('Called the colleague useless on 30 November.');
    expect(text).toContain('Your complaint reference: CMP-501');
    expect(logged).toEqual([]);
  });

  test('regenerating gives the same hash: from the stored model, and from the case as the audit trail holds it', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    await new LetterNotifier(fx.letters, log).caseChanged(fx.notifier.changes.at(-1)!);
    const letter = (await fx.archive.find(kase.id, 0))!;

    const fromModel = await fx.letters.renderModel((await fx.archive.model(kase.id, 0))!);
    expect(fromModel.sha256).toBe(letter.sha256);
    const snapshot = (await fx.archive.caseWhenIssued(kase.id, 0))!;
    expect(snapshot.version).toBe(kase.version);
    expect((await fx.letters.render(snapshot, 0)).sha256).toBe(letter.sha256);
  });

  test('a letter missed by a stopped process is stored from the audit trail on the next change, in large print when the customer needs it', async () => {
    let kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    await db.connection
      .collection('customers')
      .updateOne(
        { accountRef: kase.customer.accountRef },
        { $set: { formatNeeds: ['Large print', 'Via advocate: Jo Bloggs'] } },
      );
    kase = await fx.act(kase, 'chc', { ...RESTRICTIONS, ...continuedSinceWarning(kase) });
    kase = await fx.act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
    // Neither letter was stored (the process stopped); the next change finds both missing.
    kase = await fx.act(kase, 'cxm', {
      action: 'receive_appeal',
      grounds: 'The customer says the calls were misheard.',
    });
    await new LetterNotifier(fx.letters, log).caseChanged(fx.notifier.changes.at(-1)!);

    const stored = await fx.archive.forCase(kase.id);
    expect(stored.map((l) => [l.index, l.kind, l.largePrint])).toEqual([
      [0, 'warning', true],
      [1, 'restriction', true],
    ]);
    expect(await gridFiles(kase.id)).toBe(2);
    const restriction = (await fx.archive.bytes(kase.id, 1))!;
    const { text } = await pdfText(restriction);
    expect(text).toContain('Alex Example c/o Jo Bloggs (advocate)');
    expect(text).toContain('We will review these restrictions by 28 February 2027');
    expect(text).toContain('A copy of our Limited Contact Policy');
    // Rendered from the event that added it, not from the case as it is now (with an appeal).
    expect((await fx.letters.render((await fx.archive.caseWhenIssued(kase.id, 1))!, 1)).sha256).toBe(stored[1]!.sha256);
  });

  test('purging a case deletes its letters and their files', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    await new LetterNotifier(fx.letters, log).caseChanged(fx.notifier.changes.at(-1)!);
    expect(await gridFiles(kase.id)).toBe(1);
    expect(await fx.archive.purgeCase(kase.id)).toBe(1);
    expect(await fx.archive.forCase(kase.id)).toEqual([]);
    expect(await gridFiles(kase.id)).toBe(0);
    expect(await db.connection.collection(`${LETTER_BUCKET}.chunks`).countDocuments({})).toBe(0);
  });
});

describe('previews: the letter as approving it now would send it', () => {
  test('restriction and refusal previews are drawn from the proposal; other states have none', async () => {
    const restriction = (await fx.letters.preview(caseIn('edc_restriction_approval')))!;
    expect(restriction.model).toMatchObject({ kind: 'restriction', preview: true });
    const restrictionText = (await pdfText(restriction.bytes)).text;
    expect(restrictionText).toContain('PREVIEW: this letter has not been approved and has not been sent.');
    expect(restrictionText).toContain(
      'Calls have continued after the warning; letters through an adviser keep the complaint moving.',
    );
    expect(restrictionText).toContain('Please contact us only by letter, or through Citizens Advice acting for you.');

    const refusal = (await fx.letters.preview(caseIn('edc_refusal_approval')))!;
    const refusalText = (await pdfText(refusal.bytes)).text;
    expect(refusal.model.kind).toBe('refusal_of_all_contact');
    expect(refusalText).toContain(
      'will decide, when approving this letter, whether the investigation of your complaint CMP-2025-0412 continues or stops',
    );
    expect(refusalText).toContain('Whether the complaint investigation stops is chosen when approving');

    for (const state of ['chc_review', 'warning_issued', 'restricted', 'closed'] as const)
      expect(await fx.letters.preview(caseIn(state))).toBeNull();
  });
});
