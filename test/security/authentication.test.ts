import { createHmac } from 'node:crypto';
import { jest } from '@jest/globals';
import nock from 'nock';
import { reportForm } from '../../src/app/forms/report-form.js';
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  slashCommandBody,
  stateFor,
  viewSubmissionPayload,
} from '../channels/slack/slack-requests.js';
import { collectionContents } from '../support/collection-snapshot.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { SLACK_SECRET, SLACK_USERS, startSlackAppHarness, type SlackAppHarness } from '../support/slack-app-harness.js';

// Item 3 of issue 8. Every kind of Slack request with a forged, stale, future, missing or
// replayed-onto-another-body signature, and Bot Framework activities of every kind with no token
// or a bad one while an app id is set: 401, no listener or turn runs (no Web API or connector
// call), and every collection of the database is exactly as it was, document for document.
// (One forged and one stale view submission: test/channels/slack/slack-flow.test.ts; tokens that
// fail in other ways: test/channels/teams/teams-auth.test.ts.)

let db: TestDatabase;
let app: SlackAppHarness;
const outboundHosts: string[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock.emitter.on(
    'no match',
    (req: { hostname?: string; host?: string }) => void outboundHosts.push(String(req.hostname ?? req.host)),
  );
  db = await openTestDatabase();
  app = await startSlackAppHarness({
    connection: db.connection,
    env: {
      MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TENANT_ID: 'tenant-1',
    },
  });
  // Something to leave untouched: a real report and its messages.
  const body = interactionBody(
    viewSubmissionPayload(SLACK_USERS.reporter, 'lcp_report', 'VSEED', stateFor(reportForm(), REPORT)),
  );
  expect((await app.post(body)).json).toEqual({ response_action: 'clear' });
  await app.runtime.notifier.idle();
});
afterAll(async () => {
  await app.close();
  await db.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

const REPORT = {
  customer_account_ref: 'ACC-90001',
  customer_name: 'Alex Example',
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: 'Shouted at the colleague.',
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

async function expectNothingHappens(send: () => Promise<number>): Promise<void> {
  const before = await collectionContents(db.connection);
  app.api.clear();
  expect(await send()).toBe(401);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await app.runtime.notifier.idle();
  expect(await collectionContents(db.connection)).toEqual(before);
  expect(app.api.calls).toEqual([]);
}

describe('Slack: a bad signature is 401 for every kind of request, and nothing is stored or sent', () => {
  const kase = () => app.onlyCase();
  const KINDS: Record<string, () => Promise<{ body: string; json?: boolean }>> = {
    'slash command': async () => ({ body: slashCommandBody(SLACK_USERS.reporter, 'cases') }),
    'report submission': async () => ({
      body: interactionBody(
        viewSubmissionPayload(
          SLACK_USERS.reporter,
          'lcp_report',
          'VFORGED',
          stateFor(reportForm(), { ...REPORT, customer_account_ref: 'ACC-90002' }),
        ),
      ),
    }),
    'decision button': async () => {
      const k = await kase();
      return {
        body: interactionBody(
          blockActionPayload(
            SLACK_USERS.lineManager,
            'lcp_action:escalate',
            JSON.stringify({ action: 'escalate', caseId: k.id, version: k.version }),
          ),
        ),
      };
    },
    'decision submission': async () => {
      const k = await kase();
      const metadata = JSON.stringify({ action: 'escalate', caseId: k.id, version: k.version });
      return {
        body: interactionBody(
          viewSubmissionPayload(
            SLACK_USERS.lineManager,
            'lcp_decide',
            'VFORGED2',
            { rationale: { rationale: { type: 'plain_text_input', value: 'x' } } },
            metadata,
          ),
        ),
      };
    },
    'App Home event': async () => ({
      body: JSON.stringify({
        token: 't',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: 'EvF',
        event_time: 1,
        event: { type: 'app_home_opened', user: SLACK_USERS.lineManager, tab: 'home', event_ts: '1.0' },
      }),
      json: true,
    }),
  };
  const now = () => Math.floor(Date.now() / 1000);
  const FORGERIES: Record<string, (body: string, json: boolean) => Record<string, string>> = {
    'signed with another secret': (body, json) =>
      slackHeaders(body, 'not-the-secret', now(), json ? { 'content-type': 'application/json' } : {}),
    'signed six minutes ago (replayed)': (body, json) =>
      slackHeaders(body, SLACK_SECRET, now() - 6 * 60, json ? { 'content-type': 'application/json' } : {}),
    'signed for six minutes from now': (body, json) =>
      slackHeaders(body, SLACK_SECRET, now() + 6 * 60, json ? { 'content-type': 'application/json' } : {}),
    'a genuine signature of another body': (_body, json) =>
      slackHeaders(
        slashCommandBody(SLACK_USERS.reporter, 'help'),
        SLACK_SECRET,
        now(),
        json ? { 'content-type': 'application/json' } : {},
      ),
    'no signature headers, retry header present': (_body, json) => ({
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-retry-num': '1',
    }),
    'signature without its v0= prefix': (body, json) => {
      const ts = now();
      return {
        'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': createHmac('sha256', SLACK_SECRET).update(`v0:${ts}:${body}`).digest('hex'),
      };
    },
  };
  const cases = Object.keys(KINDS).flatMap((kind) => Object.keys(FORGERIES).map((forgery) => ({ kind, forgery })));

  test.each(cases)('$kind, $forgery', async ({ kind, forgery }) => {
    const { body, json = false } = await KINDS[kind]!();
    await expectNothingHappens(async () => (await app.post(body, FORGERIES[forgery]!(body, json))).status);
  });

  test('the same requests correctly signed do get through (the forgeries above were refused for their signature alone)', async () => {
    const { body } = await KINDS['slash command']!();
    expect((await app.post(body)).status).toBe(200);
  });
});

describe('Teams with an app id: no token or a bad one is 401 for every kind of activity, and nothing is stored or sent', () => {
  let errorSpy: ReturnType<typeof jest.spyOn>;
  beforeEach(() => (errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined)));
  afterEach(() => errorSpy.mockRestore());

  const activity = (extra: Record<string, unknown>) => ({
    id: `act-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/',
    from: { id: '29:lm', aadObjectId: '00000000-0000-0000-0000-00000000a002' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:chat-lm', conversationType: 'personal', tenantId: 'tenant-1' },
    ...extra,
  });
  const ACTIVITIES: Record<string, () => Promise<Record<string, unknown>>> = {
    message: async () => activity({ type: 'message', text: 'report' }),
    install: async () =>
      activity({
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:bot' }, { id: '29:lm', aadObjectId: '00000000-0000-0000-0000-00000000a002' }],
      }),
    'decision invoke': async () => {
      const k = await app.onlyCase();
      return activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'lcp_decide',
            data: {
              action: 'escalate',
              caseId: k.id,
              version: k.version,
              safe_to_continue: 'yes',
              support_offered: 'x',
              rationale: 'y',
            },
          },
        },
      });
    },
  };
  const header = (token: string) => ({ authorization: `Bearer ${token}` });
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  const TOKENS: Record<string, Record<string, string>> = {
    'no token': {},
    'not a JWT': header('not-a-real-token'),
    'an unsigned JWT (alg none) naming the app': header(
      unsigned({
        aud: '11111111-2222-3333-4444-555555555555',
        iss: 'https://api.botframework.com',
        serviceurl: 'https://smba.trafficmanager.net/',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ),
    'a basic auth header': { authorization: 'Basic dXNlcjpwYXNz' },
  };
  const cases = Object.keys(ACTIVITIES).flatMap((kind) => Object.keys(TOKENS).map((token) => ({ kind, token })));

  test.each(cases)('$kind, $token', async ({ kind, token }) => {
    const body = JSON.stringify(await ACTIVITIES[kind]!());
    outboundHosts.length = 0;
    await expectNothingHappens(
      async () =>
        (
          await fetch(`${app.base}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...TOKENS[token] },
            body,
          })
        ).status,
    );
    // The only thing botbuilder may reach for is Microsoft's signing keys, never the connector.
    expect(outboundHosts.filter((h) => h.includes('smba'))).toEqual([]);
  });
});
