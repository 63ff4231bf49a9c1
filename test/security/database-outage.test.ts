import { jest } from '@jest/globals';
import type { Connection } from 'mongoose';
import { reportForm } from '../../src/app/forms/report-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { SAVE_UNAVAILABLE } from '../../src/channels/slack/slack-deadline.js';
import { withDatabaseName } from '../../src/store/mongodb-uri.js';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { interactionBody, stateFor, viewSubmissionPayload } from '../channels/slack/slack-requests.js';
import { OwnFerretDb } from '../support/own-ferretdb.js';
import { SLACK_USERS, startSlackAppHarness, type SlackAppHarness } from '../support/slack-app-harness.js';

// Item 1 of issue 8: the database stops in the middle of a report. The app runs on a FerretDB of
// this test's own, which is stopped and started again on the same port and data folder while the
// app keeps running (no restart, the same mongoose connection).

jest.setTimeout(120_000);

const REPORT: FormValues = {
  customer_account_ref: 'ACC-20001',
  customer_name: 'Alex Example',
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: 'Shouted at the colleague for ten minutes and called them useless.',
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};
/** Longer than mongoose's 10 s buffer: every operation of the interrupted attempt fails. */
const LONG_OUTAGE_MS = 11_500;

let ferret: OwnFerretDb;
let connection: Connection;
let app: SlackAppHarness;
let clockOffsetMs = 0;
const logged: string[] = [];

beforeEach(async () => {
  ferret = new OwnFerretDb();
  await ferret.start();
  connection = await openDatabase(withDatabaseName(ferret.uri, 'lcp_outage'));
  clockOffsetMs = 0;
  logged.length = 0;
  app = await startSlackAppHarness({
    connection,
    clock: () => new Date(Date.now() + clockOffsetMs),
    log: (m) => void logged.push(m),
  });
});

afterEach(async () => {
  await app?.close();
  await ferret.start();
  await connection?.dropDatabase().catch(() => undefined);
  await closeDatabase(connection).catch(() => undefined);
  await ferret.destroy();
});

const submit = (viewId: string) =>
  app.post(
    interactionBody(viewSubmissionPayload(SLACK_USERS.reporter, 'lcp_report', viewId, stateFor(reportForm(), REPORT))),
  );

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

/** Until mongoose has reconnected by itself (nothing in the app is restarted). */
async function databaseBack(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await connection.db!.admin().ping();
      if (connection.readyState === 1) return;
    } catch {
      if (Date.now() > deadline) throw new Error('the connection did not come back');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function counts(): Promise<Record<string, number>> {
  const names = ['cases', 'case_events', 'open_cases', 'idempotency_receipts'];
  const out: Record<string, number> = {};
  for (const name of names) out[name] = await connection.collection(name).countDocuments();
  return out;
}

/** The person's input comes back: the modal stays open (errors, not clear/update) with the message. */
function expectFormKeptWithMessage(res: { status: number; json: unknown }, message: string): void {
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ response_action: 'errors', errors: { customer_account_ref: message } });
}

/** No partial case: every event belongs to a case, every claim to a case, and the chain verifies. */
async function expectWholeCases(): Promise<void> {
  const caseIds = (
    await connection
      .collection('cases')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => String(d._id));
  const eventCaseIds = await connection.collection('case_events').distinct('caseId');
  expect(eventCaseIds.sort()).toEqual([...caseIds].sort());
  for (const claim of await connection.collection('open_cases').find().toArray())
    expect(caseIds).toContain(claim.caseId);
  for (const id of caseIds) expect(await verifyAuditTrail(app.runtime.services.cases, id)).toMatchObject({ ok: true });
}

const thankYous = () =>
  app.api
    .of('chat.postMessage')
    .filter((c) => c.args.channel === SLACK_USERS.reporter && String(c.args.text).startsWith('Thank you'));

test("database down when the report is submitted: a clear message in the form within Slack's 3 s, then it files once the database is back", async () => {
  await ferret.stop();
  const { value: res, ms } = await timed(submit('VOUT1'));
  expect(ms).toBeLessThan(3000);
  expectFormKeptWithMessage(res, SAVE_UNAVAILABLE);

  // A long outage: the attempt that was cut off fails completely and leaves nothing behind.
  await new Promise((resolve) => setTimeout(resolve, LONG_OUTAGE_MS));
  await ferret.start();
  await databaseBack();
  expect(await counts()).toEqual({ cases: 0, case_events: 0, open_cases: 0, idempotency_receipts: 0 });

  // The person presses Submit again in the same modal: the same app, now saving.
  const again = await submit('VOUT1');
  expect(again.json).toEqual({ response_action: 'clear' });
  await app.runtime.notifier.idle();
  expect((await app.onlyCase()).reports).toHaveLength(1);
  expect(thankYous()).toHaveLength(1);
  await expectWholeCases();
});

test('database stopped in the middle of filing (after the customer was claimed, before the case number): no partial case; the same modal files it once the database is back', async () => {
  const cases = app.runtime.services.cases;
  const allocate = cases.allocateNumber.bind(cases);
  let interrupted = false;
  cases.allocateNumber = async (year, caseId) => {
    if (!interrupted) {
      interrupted = true;
      await ferret.stop();
    }
    return allocate(year, caseId);
  };

  const { value: res, ms } = await timed(submit('VMID1'));
  expect(interrupted).toBe(true);
  expect(ms).toBeLessThan(3000);
  expectFormKeptWithMessage(res, SAVE_UNAVAILABLE);

  await new Promise((resolve) => setTimeout(resolve, LONG_OUTAGE_MS));
  await ferret.start();
  await databaseBack();
  // What the cut-off attempt wrote before the stop: its claim on the customer, not released (the
  // database was gone). No case and no event.
  expect(await counts()).toMatchObject({ cases: 0, case_events: 0 });

  // Pressed again at once: the claim may still be a live report's, so it is not taken over yet;
  // told to submit again in a minute, and the form keeps what was typed.
  const tooSoon = await submit('VMID1');
  expectFormKeptWithMessage(tooSoon, SAVE_UNAVAILABLE);

  // "In a minute": the abandoned claim is taken over; one case, one thank-you.
  clockOffsetMs = 61_000;
  const again = await submit('VMID1');
  expect(again.json).toEqual({ response_action: 'clear' });
  await app.runtime.notifier.idle();
  const kase = await app.onlyCase();
  expect(kase.reports).toHaveLength(1);
  expect(thankYous()).toHaveLength(1);
  expect(await counts()).toMatchObject({ cases: 1, case_events: 1, open_cases: 1 });
  await expectWholeCases();
  expect(logged).toContain('slack: a report could not be saved in time');
});

test('a short outage: the submission that was waiting completes when the database returns, and pressing Submit again does not file it twice', async () => {
  await ferret.stop();
  const res = await submit('VSHORT');
  expectFormKeptWithMessage(res, SAVE_UNAVAILABLE);
  await ferret.start();
  await databaseBack();
  const again = await submit('VSHORT');
  // Either the waiting attempt finished first (its outcome is given back) or this one files it.
  expect(['clear', 'errors']).toContain((again.json as { response_action: string }).response_action);
  const deadline = Date.now() + 15_000;
  while ((await counts()).cases === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await app.runtime.notifier.idle();
  expect((await app.onlyCase()).reports).toHaveLength(1);
  expect(thankYous()).toHaveLength(1);
  await expectWholeCases();
});
