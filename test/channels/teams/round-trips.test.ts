import nock from 'nock';
import type { CaseChange } from '../../../src/app/ports.js';
import type { Case } from '../../../src/cases/index.js';
import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import {
  reportOtherCases,
  SLACK_PEOPLE,
  SLACK_USERS,
  startSlackAppHarness,
  type SlackAppHarness,
} from '../../support/slack-app-harness.js';

// Issue 14, the Teams side of test/channels/slack/round-trips.test.ts: the database commands an
// Action.Execute sends before Teams gets its answer, with other open cases in the database. The
// button and the decision go through the same use cases as Slack's (prepareDecision,
// submitDecisionForm). Teams answers a decision with the case card itself, so it also reads what
// the card shows (the trail, the customer's needs) and records where the card is, for redrawing.

const BOUNDS = { buttonClick: 3, decision: 9 } as const;
const OTHER_OPEN_CASES = 20;
const SERVICE_URL = 'https://smba.trafficmanager.net/';
const LINE_MANAGER_AAD = '00000000-0000-0000-0000-0000000e0002';

let db: TestDatabase;
let app: SlackAppHarness;
let commands: string[] = [];
const held: CaseChange[] = [];
let activityNo = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/.+\/activities(\/[^/]+)?$/)
    .reply(200, { id: 'msg-1' })
    .put(/\/v3\/conversations\/.+\/activities\/[^/]+$/)
    .reply(200, { id: 'msg-1' });
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
  await app.runtime.services.people.upsertMany(
    SLACK_PEOPLE.map((p) => ({
      ...p,
      roles: [...p.roles],
      teamsAadObjectId: p.slackUserId === SLACK_USERS.lineManager ? LINE_MANAGER_AAD : null,
    })),
  );
  await reportOtherCases(app, OTHER_OPEN_CASES);
  db.connection.getClient().on('commandStarted', (event) => {
    commands.push(`${event.commandName} ${String(event.command[event.commandName])}`);
  });
  // Hold the notifications back: they run after the answer in the product too.
  app.runtime.notifier.caseChanged = async (change) => void held.push(change);
});
afterAll(async () => {
  await app.close();
  await db.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Shows the commands when there are too many. */
function expectAtMost(sent: string[], bound: number): void {
  expect(sent.length <= bound ? [] : sent).toEqual([]);
}

/** An Action.Execute from the line manager on a card in their personal chat; resolves with the answer. */
async function execute(verb: string, data: Record<string, unknown>): Promise<{ sent: string[]; card: string }> {
  const activity = {
    id: `act-${++activityNo}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    from: { id: '29:lineManager', aadObjectId: LINE_MANAGER_AAD, name: 'Lena Manager' },
    recipient: { id: '28:bot', name: 'Limited Contact' },
    conversation: { id: 'a:chat-lineManager', conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
    replyToId: `card-${activityNo}`,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
  commands = [];
  const response = await fetch(`${app.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const card = await response.text();
  const sent = commands;
  commands = [];
  expect(response.status).toBe(200);
  return { sent, card };
}

const openCase = async (accountRef: string): Promise<Case> =>
  (await app.runtime.services.cases.listByStates(['line_manager_review'])).find(
    (k) => k.customer.accountRef === accountRef,
  )!;

test(`a button click: at most ${BOUNDS.buttonClick} commands before the form card comes back`, async () => {
  const kase = await openCase('ACC-1001');
  const { sent, card } = await execute('lcp_action', { action: 'escalate', caseId: kase.id, version: kase.version });
  expect(card).toContain('lcp_decide');
  expectAtMost(sent, BOUNDS.buttonClick);
});

test(`a decision: at most ${BOUNDS.decision} commands before the case card comes back`, async () => {
  const kase = await openCase('ACC-1002');
  const { sent, card } = await execute('lcp_decide', {
    action: 'escalate',
    caseId: kase.id,
    version: kase.version,
    safe_to_continue: 'yes',
    support_offered: 'Debrief',
    rationale: 'Needs the next tier.',
  });
  expect(card).toContain('Escalated: your decision is recorded.');
  expect(held.map((c) => c.after.id)).toContain(kase.id);
  expectAtMost(sent, BOUNDS.decision);
});
