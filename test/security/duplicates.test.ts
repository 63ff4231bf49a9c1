import nock from 'nock';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  stateFor,
  viewSubmissionPayload,
} from '../channels/slack/slack-requests.js';
import { reportInput } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import {
  SLACK_PEOPLE,
  SLACK_SECRET,
  SLACK_USERS,
  startSlackAppHarness,
  type SlackAppHarness,
} from '../support/slack-app-harness.js';

// Item 2 of issue 8, over real HTTP. The same decision arriving many times (Slack's retries with
// X-Slack-Retry-Num, Teams re-sending an invoke with the same activity id, and 20 people's worth
// of clicks on one card at once) is one decision, one audit entry and one set of messages: the
// outbound Slack Web API and Bot Framework connector calls are exactly those of a single decision
// on a twin case (same people, same state). (The use case alone: test/app/decide-case.test.ts.)

const SERVICE_URL = 'https://smba.trafficmanager.net/';
const AAD: Record<string, string> = {
  reporter: '00000000-0000-0000-0000-0000000d0001',
  lineManager: '00000000-0000-0000-0000-0000000d0002',
  cxm: '00000000-0000-0000-0000-0000000d0003',
};
const EMAIL_OF: Record<string, string> = {
  reporter: 'rita@example.org',
  lineManager: 'lena@example.org',
  cxm: 'cora@example.org',
};

let db: TestDatabase;
let app: SlackAppHarness;
const connector: string[] = [];
let messageNo = 0;
let activityNo = 0;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const record = (method: string) => (uri: string) => {
    const path = decodeURIComponent(new URL(uri, SERVICE_URL).pathname);
    // The clicked card itself is replaced by the invoke's answer; whether the redraw after the
    // decision also reaches it depends on whether its reference was stored first (either way the
    // person sees one card with one outcome), so it is left out of the count.
    if (method === 'PUT' && path.endsWith('/activities/card-1')) return { id: 'card-1' };
    connector.push(`${method} ${path.replace(/\/activities\/[^/]+$/, '/activities/:id')}`);
    return { id: `msg-${++messageNo}` };
  };
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/.+\/activities(\/[^/]+)?$/)
    .reply(200, record('POST'))
    .put(/\/v3\/conversations\/.+\/activities\/[^/]+$/)
    .reply(200, record('PUT'));

  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
  const aadOf = (email: string) => {
    const who = Object.keys(EMAIL_OF).find((k) => EMAIL_OF[k] === email);
    return who ? AAD[who]! : null;
  };
  await app.runtime.services.people.upsertMany(
    SLACK_PEOPLE.map((p) => ({ ...p, roles: [...p.roles], teamsAadObjectId: aadOf(p.email) })),
  );
  for (const who of Object.keys(AAD))
    expect(
      (
        await teams(who, {
          type: 'conversationUpdate',
          membersAdded: [{ id: '28:bot' }, { id: `29:${who}`, aadObjectId: AAD[who] }],
        })
      ).status,
    ).toBe(200);
});

afterAll(async () => {
  await app.close();
  await db.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

function teams(who: string, extra: Record<string, unknown>, id = `act-${++activityNo}`) {
  const activity = {
    id,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    from: { id: `29:${who}`, aadObjectId: AAD[who], name: who },
    recipient: { id: '28:bot', name: 'Limited Contact' },
    conversation: { id: `a:chat-${who}`, conversationType: 'personal', tenantId: 't1' },
    channelData: { tenant: { id: 't1' } },
    ...extra,
  };
  return fetch(`${app.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
}

let customerNo = 0;
async function freshCase(): Promise<Case> {
  const reporter = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.reporter))!;
  const opened = await reportIncident(app.runtime.services, {
    reporterPersonId: reporter.id,
    report: reportInput({ customerAccountRef: `ACC-8${String(++customerNo).padStart(4, '0')}` }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await app.runtime.notifier.idle();
  return opened.case;
}

const ESCALATE = { safe_to_continue: 'yes', support_offered: 'Debrief', rationale: 'Third abusive call.' };

function slackSubmission(kase: Case, viewId: string): string {
  const metadata = JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version });
  return interactionBody(
    viewSubmissionPayload(
      SLACK_USERS.lineManager,
      'lcp_decide',
      viewId,
      stateFor(decisionForm('escalate', kase), ESCALATE),
      metadata,
    ),
  );
}

/** What went out while `work` ran: Slack calls by method and recipient, connector calls by path. */
async function outbound(kase: Case, work: () => Promise<unknown>): Promise<string[]> {
  app.api.clear();
  connector.length = 0;
  await work();
  await app.runtime.notifier.idle();
  const slack = app.api.calls
    .filter((c) => c.method !== 'auth.test')
    .map((c) => `slack ${c.method} ${String(c.args.channel ?? c.args.user_id ?? '')}`);
  return [...slack, ...connector.map((c) => `teams ${c}`)].map((line) => line.replaceAll(kase.id, '<case>')).sort();
}

async function expectOneDecision(kase: Case): Promise<void> {
  const events = await app.runtime.services.cases.events(kase.id);
  expect(events.map((e) => e.action)).toEqual(['report', 'escalate']);
  expect((await app.runtime.services.cases.findById(kase.id))!.version).toBe(kase.version + 1);
}

test('Slack: 20 submissions of one card at once, and Slack retrying one of them, give one decision and the messages of one', async () => {
  const twin = await freshCase();
  const single = await outbound(twin, () => app.post(slackSubmission(twin, 'VTWIN')));
  await expectOneDecision(twin);
  expect(single.some((l) => l.startsWith('slack chat.postMessage'))).toBe(true);

  const kase = await freshCase();
  const race = await outbound(kase, async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => slackSubmission(kase, `VRACE${i}`));
    const retried = bodies[0]!;
    const answers = await Promise.all([
      ...bodies.map((b) => app.post(b)),
      ...[1, 2, 3].map((n) =>
        app.post(
          retried,
          slackHeaders(retried, SLACK_SECRET, undefined, {
            'x-slack-retry-num': String(n),
            'x-slack-retry-reason': 'http_timeout',
          }),
        ),
      ),
    ]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const cleared = answers.filter((a) => JSON.stringify(a.json) === JSON.stringify({ response_action: 'clear' }));
    // The winner, and its retries (same view id: the receipt gives back the first outcome).
    expect(cleared.length).toBeGreaterThanOrEqual(1);
    expect(cleared.length).toBeLessThanOrEqual(4);
    for (const a of answers.filter((x) => !cleared.includes(x)))
      expect(JSON.stringify(a.json)).toMatch(/Already decided by Lena Manager at|already being handled/);
  });
  await expectOneDecision(kase);
  expect(race).toEqual(single);
});

test("Slack: 20 clicks on one card's button at once each open the form, and decide nothing", async () => {
  const kase = await freshCase();
  app.api.clear();
  const value = JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version });
  const clicks = await Promise.all(
    Array.from({ length: 20 }, () =>
      app.post(interactionBody(blockActionPayload(SLACK_USERS.lineManager, 'lcp_action:escalate', value))),
    ),
  );
  expect(clicks.every((c) => c.status === 200)).toBe(true);
  await app.until(() => app.api.of('views.open').length === 20, '20 views.open');
  // The decision is taken when a form is submitted (above); a click changes nothing.
  expect(await app.runtime.services.cases.events(kase.id)).toHaveLength(1);
  expect(app.api.calls.filter((c) => c.method !== 'auth.test' && c.method !== 'views.open')).toEqual([]);
});

test('Teams: 20 confirmations of one card at once, and Teams re-sending one invoke, give one decision and the messages of one', async () => {
  const invoke = (kase: Case, id: string) =>
    teams(
      'lineManager',
      {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'card-1',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'lcp_decide',
            data: { action: 'escalate', caseId: kase.id, version: kase.version, ...ESCALATE },
          },
          trigger: 'manual',
        },
      },
      id,
    );

  const twin = await freshCase();
  const single = await outbound(twin, async () => expect((await invoke(twin, 'twin-1')).status).toBe(200));
  await expectOneDecision(twin);
  expect(single.some((l) => l.startsWith('teams POST'))).toBe(true);

  const kase = await freshCase();
  const race = await outbound(kase, async () => {
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => invoke(kase, `race-${i}`)),
      invoke(kase, 'race-0'),
      invoke(kase, 'race-0'),
    ]);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const cards = await Promise.all(responses.map((r) => r.text()));
    expect(cards.filter((c) => c.includes('Escalated: your decision is recorded.')).length).toBeGreaterThanOrEqual(1);
    for (const c of cards.filter((x) => !x.includes('Escalated: your decision is recorded.')))
      expect(c).toMatch(/Already decided by Lena Manager|already being handled|out of date/);
  });
  await expectOneDecision(kase);
  expect(race).toEqual(single);
});
