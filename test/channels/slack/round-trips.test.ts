import type { FormValues } from '../../../src/app/forms/form-types.js';
import { BackgroundNotifier } from '../../../src/app/notifications/background-notifier.js';
import type { CaseChange } from '../../../src/app/ports.js';
import type { Case } from '../../../src/cases/index.js';
import { decisionForm } from '../../../src/app/forms/decision-form.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import {
  pressCaseButton,
  reportOtherCases,
  SLACK_USERS,
  startSlackAppHarness,
  submitSlackReport,
  type SlackAppHarness,
} from '../../support/slack-app-harness.js';
import { interactionBody, slashCommandBody, stateFor, viewSubmissionPayload } from './slack-requests.js';

// Issue 14: how many database commands each user action sends before Slack gets its answer, with
// other open cases in the database (none of these may grow with them). The notifications that
// follow a saved change run after the answer and are held back here, so that only the work
// inside the acknowledgement is counted.

// Each bound is the one issue 14 sets. A click reads the person, the case (from its latest event)
// and whom the person deputises for with the case's parties (one query); a decision adds the
// event and the case document. Only the restriction forms also read the customer's adjustments.
const BOUNDS = { reportSubmission: 6, buttonClick: 3, decision: 5, slashCommandAck: 1 } as const;
const OTHER_OPEN_CASES = 20;

let db: TestDatabase;
let app: SlackAppHarness;
let commands: string[] = [];
const held: CaseChange[] = [];

const REPORT: FormValues = {
  customer_account_ref: 'ACC-9000',
  customer_name: 'Morwenna Test',
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: 'Shouted at a colleague on the phone.',
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
  await reportOtherCases(app, OTHER_OPEN_CASES);
  db.connection
    .getClient()
    .on('commandStarted', (event) => commands.push(`${event.commandName} ${String(event.command[event.commandName])}`));
  // Hold the notifications back: they run after the answer in the product too.
  app.runtime.notifier.caseChanged = async (change) => void held.push(change);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

/** Shows the commands when there are too many. */
function expectAtMost(sent: string[], bound: number): void {
  expect(sent.length <= bound ? [] : sent).toEqual([]);
}

/** The commands `work` sends until its answer arrives. */
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  commands = [];
  const result = await work();
  const sent = commands;
  commands = [];
  return { result, sent };
}

test(`a report submission: at most ${BOUNDS.reportSubmission} commands before Slack's clear`, async () => {
  const { result, sent } = await counted(() => submitSlackReport(app, SLACK_USERS.reporter, REPORT));
  expect(result.json).toEqual({ response_action: 'clear' });
  expectAtMost(sent, BOUNDS.reportSubmission);
});

async function clickEscalate(kase: Case) {
  const opens = app.api.of('views.open').length;
  await pressCaseButton(app, SLACK_USERS.lineManager, 'escalate', kase);
  await app.until(() => app.api.of('views.open').length > opens, 'views.open');
  return app.api.of('views.open').at(-1)!.args.view as { private_metadata: string };
}

const openCase = async (accountRef: string) =>
  (await app.runtime.services.cases.listByStates(['line_manager_review'])).find(
    (k) => k.customer.accountRef === accountRef,
  )!;

test(`a button click: at most ${BOUNDS.buttonClick} commands before the form opens`, async () => {
  const kase = await openCase('ACC-1001');
  const click = await counted(() => clickEscalate(kase));
  expectAtMost(click.sent, BOUNDS.buttonClick);
});

test(`a decision: at most ${BOUNDS.decision} commands before Slack's clear`, async () => {
  const kase = await openCase('ACC-1002');
  const view = await clickEscalate(kase);
  const values = { safe_to_continue: 'yes', support_offered: 'Debrief', rationale: 'Needs the next tier.' };
  const decision = await counted(() =>
    app.post(
      interactionBody(
        viewSubmissionPayload(
          SLACK_USERS.lineManager,
          'lcp_decide',
          'VDECIDE-1',
          stateFor(decisionForm('escalate', kase), values),
          view.private_metadata,
        ),
      ),
    ),
  );
  expect(decision.result.json).toEqual({ response_action: 'clear' });
  expectAtMost(decision.sent, BOUNDS.decision);
});

test.each(['approvals', 'cases', 'case LCP-2026-0001'])(
  `/lcp %s is acknowledged after at most ${BOUNDS.slashCommandAck} command; the answer follows through response_url`,
  async (text) => {
    const responseUrl = app.api.responseUrl();
    const { result, sent } = await counted(() =>
      app.post(slashCommandBody(SLACK_USERS.cxm, text, undefined, responseUrl)),
    );
    expect(result.status).toBe(200);
    expectAtMost(sent, BOUNDS.slashCommandAck);
    await app.until(() => app.api.responseTo(responseUrl) !== undefined, 'the answer at the response_url');
    expect(app.api.responseTo(responseUrl)).toMatchObject({ response_type: 'ephemeral', text: expect.any(String) });
  },
);

test('after the answer, the held-back notifications still go out, reading the directory once per channel for every recipient', async () => {
  const change = held.find((c) => c.after.customer.accountRef === 'ACC-1002' && c.after.state === 'cxm_review')!;
  const posts = app.api.of('chat.postMessage').length;
  commands = [];
  // What the product's notifier does after the answer (the test held it back above).
  await BackgroundNotifier.prototype.caseChanged.call(app.runtime.notifier, change);
  await app.runtime.notifier.idle();
  const sent = commands;
  commands = [];
  expect(
    app.api
      .of('chat.postMessage')
      .slice(posts)
      .map((c) => c.args.channel),
  ).toContain(SLACK_USERS.cxm);
  // Per channel (Slack, Teams): who acts next (the CXM role), then every recipient whose card is
  // redrawn or who is told, with whom they deputise for, in one query.
  expectAtMost(
    sent.filter((c) => c === 'find people'),
    2 * 2,
  );
});
