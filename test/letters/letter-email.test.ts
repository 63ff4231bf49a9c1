import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { prepareDecision } from '../../src/app/prepare-decision.js';
import { submitDecisionForm } from '../../src/app/submit-forms.js';
import { dateInLondon } from '../../src/cases/dates.js';
import type { Case } from '../../src/cases/index.js';
import { EMPTY_DETAILS } from '../../src/customers/customer-record.js';
import { SmtpLetterEmailer } from '../../src/letters/letter-email.js';
import { sha256 } from '../../src/letters/letter-service.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { lettersFixture, organisation, type LettersFixture } from './letters.fixture.js';

// Issue 12 §5, e-mail dispatch: against a real SMTP server started here (smtp-server), the
// message is read back and parsed (mailparser): the PDF attached is the stored letter, byte for
// byte; the dispatch is recorded as e-mailed only when the server accepted the message, and only
// for a customer whose record says letters may be e-mailed.

const FROM = 'LHP Housing <letters@lhp.example.org>';
const CUSTOMER_EMAIL = 'alex.customer@example.net';

let db: TestDatabase;
let fx: LettersFixture;
let server: SMTPServer;
let received: { to: string[]; mail: ParsedMail }[];
/** The next message is refused with this SMTP reply, when set. */
let refuseNext: string | null;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuseNext) {
          const message = refuseNext;
          refuseNext = null;
          return callback(Object.assign(new Error(message), { responseCode: 550 }));
        }
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  received = [];
  refuseNext = null;
  db = await openTestDatabase();
  fx = await lettersFixture(db.connection, new Date('2026-11-30T10:00:00Z'));
  const port = (server.server.address() as AddressInfo).port;
  fx.services.letterEmail = new SmtpLetterEmailer(
    { smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM },
    fx.letters,
    organisation,
  );
});
afterEach(() => db.close());

async function warned(emailAcceptable: boolean): Promise<Case> {
  const pending = await fx.toWarningApproval();
  await fx.services.customers.saveDetails(
    pending.customer.accountRef,
    pending.customer.name,
    { ...EMPTY_DETAILS, email: CUSTOMER_EMAIL, emailAcceptable, preferredChannel: 'email' },
    {
      accountRef: pending.customer.accountRef,
      at: new Date().toISOString(),
      by: { personId: fx.ids.cxm, name: 'Cara' },
      source: 'slack',
      fields: ['email', 'emailAcceptable'],
      before: {},
      after: { email: CUSTOMER_EMAIL, emailAcceptable },
    },
  );
  return fx.act(pending, 'edc', { action: 'approve_warning', rationale: 'Proportionate.' });
}

const today = () => dateInLondon(fx.services.clock());
/** Submits the warning letter's dispatch form with `method`, as the CXM unless `by` is given. */
const submit = (kase: Case, method: string, by: string = fx.ids.cxm) =>
  submitDecisionForm(fx.services, {
    caseId: kase.id,
    actorPersonId: by,
    action: 'record_dispatch',
    version: kase.version,
    values: { letter: '0', method, dispatched_on: today() },
  });
/** The dispatch form as the CXM is shown it. */
async function dispatchForm(kase: Case) {
  const prepared = await prepareDecision(fx.services, {
    caseId: kase.id,
    actorPersonId: fx.ids.cxm,
    action: 'record_dispatch',
    version: kase.version,
  });
  if (!prepared.ok) throw new Error(prepared.error.message);
  return prepared.form;
}

test('the form offers "E-mail it now" for a customer who accepts e-mail; the PDF arrives attached and the dispatch is recorded as e-mailed', async () => {
  const kase = await warned(true);
  const form = await dispatchForm(kase);
  const method = form.fields.find((f) => f.id === 'method')!;
  expect(method.options!.map((o) => o.value)).toEqual(['posted', 'emailed', 'handed_over', 'send_email']);
  expect(method.options!.at(-1)!.label).toBe(`E-mail it now to ${CUSTOMER_EMAIL} (PDF attached)`);
  expect(method.hint).toBe(
    `"E-mail it now" sends the letter to ${CUSTOMER_EMAIL}, the address on the customer record.`,
  );

  const outcome = await submit(kase, 'send_email');
  expect(outcome.ok).toBe(true);

  expect(received).toHaveLength(1);
  const { to, mail } = received[0]!;
  expect(to).toEqual([CUSTOMER_EMAIL]);
  expect(mail.from?.value).toEqual([{ name: 'LHP Housing', address: 'letters@lhp.example.org' }]);
  expect(mail.subject).toBe(`A letter from LHP Housing (our reference ${kase.number})`);
  expect(mail.text).toContain('Please find attached a letter from LHP Housing (Warning letter');
  // Nothing of the case but its number in the message itself.
  expect(`${mail.subject} ${mail.text}`).not.toContain(kase.customer.name);
  expect(mail.attachments).toHaveLength(1);
  const pdf = mail.attachments[0]!;
  expect(pdf.contentType).toBe('application/pdf');
  expect(pdf.filename).toBe(`${kase.number}-1-warning.pdf`);
  expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
  const stored = (await fx.archive.find(kase.id, 0))!;
  expect(sha256(pdf.content)).toBe(stored.sha256);

  const after = (await fx.services.cases.findById(kase.id))!;
  expect(after.letters[0]!.dispatch).toMatchObject({
    method: 'emailed',
    on: today(),
    emailedTo: CUSTOMER_EMAIL,
    recordedBy: { personId: fx.ids.cxm },
  });
  // The record is stored with the letter too (case_letters), as the letter notifier does after a change.
  await fx.letters.storeNew(kase, after);
  expect((await fx.archive.find(kase.id, 0))!.dispatch).toMatchObject({ method: 'emailed', emailedTo: CUSTOMER_EMAIL });
});

test('a customer whose record does not accept e-mail: no option, a forced "e-mail it" is refused beside the field, nothing sent or recorded', async () => {
  const kase = await warned(false);
  const form = await dispatchForm(kase);
  expect(form.fields.find((f) => f.id === 'method')!.options!.map((o) => o.value)).not.toContain('send_email');

  const outcome = await submit(kase, 'send_email');
  expect(outcome).toMatchObject({
    ok: false,
    fieldErrors: { method: expect.stringContaining('does not say letters may be e-mailed') },
  });
  expect(received).toEqual([]);
  expect((await fx.services.cases.findById(kase.id))!.version).toBe(kase.version);
});

test('the mail server refuses the message: the person is told why, nothing is recorded, the letter still awaits dispatch', async () => {
  const kase = await warned(true);
  refuseNext = 'Mailbox unavailable';
  const outcome = await submit(kase, 'send_email');
  expect(outcome).toMatchObject({
    ok: false,
    fieldErrors: {
      method: expect.stringMatching(/^The e-mail could not be sent \(.*Mailbox unavailable.*\)\. Nothing was recorded/),
    },
  });
  const after = (await fx.services.cases.findById(kase.id))!;
  expect(after.version).toBe(kase.version);
  expect(after.letters[0]!.dispatch).toBeNull();
  // Trying again once the server accepts works.
  expect((await submit(kase, 'send_email')).ok).toBe(true);
  expect(received).toHaveLength(1);
});

test('someone who may not record the dispatch sends nothing: refused and audited as for a dispatch recorded by hand', async () => {
  const kase = await warned(true);
  const outcome = await submit(kase, 'send_email', fx.ids.chc);
  expect(outcome).toMatchObject({ ok: false, error: { code: 'CASE.NOT_YOUR_TIER' } });
  expect(received).toEqual([]);
  expect(await fx.services.refusals.forCase(kase.id)).toEqual([
    expect.objectContaining({ code: 'CASE.NOT_YOUR_TIER', action: 'record_dispatch' }),
  ]);
});

test('without SMTP_URL there is no e-mail option at all', async () => {
  const kase = await warned(true);
  delete fx.services.letterEmail;
  const form = await dispatchForm(kase);
  expect(JSON.stringify(form)).not.toContain('E-mail it now');
  expect(await submit(kase, 'send_email')).toMatchObject({
    ok: false,
    fieldErrors: { method: expect.stringContaining('not set up on this server (SMTP_URL)') },
  });
});
