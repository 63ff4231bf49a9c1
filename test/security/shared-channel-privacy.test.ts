import type { FormValues } from '../../src/app/forms/form-types.js';
import { postWeeklyDigest } from '../../src/scheduling/digest.js';
import { ChatReminderSender } from '../../src/scheduling/reminder-sender.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import { defaultSchedulingSettings } from '../../src/scheduling/scheduling-settings.js';
import { runSweep } from '../../src/scheduling/sweep.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { customerDetailsIn, isSlackDirectMessage } from '../support/outbound-messages.js';
import {
  decideOnSlack,
  SLACK_USERS,
  startSlackAppHarness,
  submitSlackReport,
  type SlackAppHarness,
} from '../support/slack-app-harness.js';

// Item 7 of issue 8 (docs/domain.md "Who sees what"): shared channels see case numbers, never a customer.
// The flows run end to end over Slack (report, every tier to a warning, a second report, the
// reminder sweeps, the weekly digest to a channel) and every message the app sent is checked:
// none to a channel that is not a direct message carries the customer's name, account reference
// or what was reported; and no notification text (what lock screens show) names the customer.

const CUSTOMER = { name: 'Theodora Quillfeather', accountRef: 'ACC-70001', words: 'marmalade-sandwich threat' };
const DIGEST_CHANNEL = 'C0DIGEST01';

let db: TestDatabase;
let app: SlackAppHarness;
let now = new Date('2026-11-30T10:00:00Z');

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startSlackAppHarness({
    connection: db.connection,
    env: { LCP_DIGEST_SLACK_CHANNEL: DIGEST_CHANNEL },
    clock: () => now,
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const REPORT: FormValues = {
  customer_account_ref: CUSTOMER.accountRef,
  customer_name: CUSTOMER.name,
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: `Made a ${CUSTOMER.words} on the phone.`,
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

test('every message of the flows: nothing about the customer outside direct messages, and no customer in notification text', async () => {
  expect((await submitSlackReport(app, SLACK_USERS.reporter, REPORT)).json).toEqual({ response_action: 'clear' });
  await app.runtime.notifier.idle();
  await decideOnSlack(app, SLACK_USERS.lineManager, 'escalate', {
    safe_to_continue: 'yes',
    support_offered: 'Debrief',
    rationale: `About ${CUSTOMER.name}.`,
  });
  await decideOnSlack(app, SLACK_USERS.cxm, 'escalate', {
    risk_assessment: 'not_needed',
    rationale: 'Pattern of abuse.',
  });
  await decideOnSlack(app, SLACK_USERS.chc, 'propose_warning', {
    complaint_reference: 'CMP-501',
    complaint_status: 'being_investigated',
    adjustments_considered: 'None requested.',
    behaviours: ['unacceptable_language:insulting'],
    examples: 'Called a colleague useless.',
    rationale: 'Continued despite informal words.',
  });
  await decideOnSlack(app, SLACK_USERS.edc, 'approve_warning', { rationale: 'Proportionate.' });
  expect((await app.onlyCase()).state).toBe('warning_issued');
  await submitSlackReport(app, SLACK_USERS.reporter, { ...REPORT, occurred_at: '2026-11-30T08:00:00.000Z' });
  await app.runtime.notifier.idle();
  await app.command(SLACK_USERS.lineManager, 'approvals');
  await app.command(SLACK_USERS.reporter, 'cases');

  // The scheduler's messages, weeks later: reminders to people and the digest to the channel.
  const delivery = app.runtime.slack!.delivery;
  const deps = mongoSchedulingDeps(
    db.connection,
    app.runtime.services,
    new ChatReminderSender([delivery], app.runtime.services.people),
    defaultSchedulingSettings(),
  );
  for (const at of ['2026-12-14T10:00:00Z', '2027-02-24T10:00:00Z', '2027-03-01T10:00:00Z']) {
    now = new Date(at);
    await runSweep(deps, now);
    await postWeeklyDigest(
      deps,
      [{ name: 'slack', postDigest: (text) => delivery.postToChannel(DIGEST_CHANNEL, text) }],
      now,
    );
  }
  await app.runtime.notifier.idle();

  const sent = app.api.calls.filter((c) => typeof c.args.channel === 'string' || typeof c.args.user_id === 'string');
  const shared = sent.filter((c) => c.args.channel !== undefined && !isSlackDirectMessage(c.args.channel));
  // Not vacuous: the digest went to its channel, and the customer does appear in direct messages.
  expect(shared.filter((c) => c.args.channel === DIGEST_CHANNEL).length).toBeGreaterThan(0);
  expect(sent.some((c) => customerDetailsIn(c.args, CUSTOMER).length > 0)).toBe(true);

  for (const call of shared)
    expect({ method: call.method, channel: call.args.channel, leaks: customerDetailsIn(call.args, CUSTOMER) }).toEqual({
      method: call.method,
      channel: call.args.channel,
      leaks: [],
    });
  for (const call of sent.filter((c) => typeof c.args.text === 'string'))
    expect({ text: call.args.text, leaks: customerDetailsIn(call.args.text, CUSTOMER) }).toEqual({
      text: call.args.text,
      leaks: [],
    });
});
