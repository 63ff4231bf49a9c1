import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import { operatorKeyIn } from '../../src/app/untrusted-input.js';
import { TRUNCATION_MARKER } from '../../src/channels/slack/views/escape.js';
import { MongoConversationReferenceRepository } from '../../src/store/mongo-conversation-reference.repository.js';
import {
  blockActionPayload,
  interactionBody,
  slashCommandBody,
  slackHeaders,
  stateFor,
  viewSubmissionPayload,
} from '../channels/slack/slack-requests.js';
import { reportForm } from '../../src/app/forms/report-form.js';
import type { TestDatabase } from '../support/database/test-database.js';
import { collectionCounts } from '../support/collection-snapshot.js';
import { slackTexts } from '../support/outbound-messages.js';
import {
  decideOnSlack,
  SLACK_SECRET,
  SLACK_USERS,
  startSlackAppOnOwnDatabase,
  submitSlackReport,
  type SlackAppOnOwnDatabase,
} from '../support/slack-app-harness.js';

// Item 6 of issue 8. What people type cannot ping, link, format or add actions; "$" keys and
// operator objects never reach MongoDB; oversized input is refused or truncated with notice.
// (Adaptive Card text and templating expressions: test/channels/teams/cards.test.ts, "user text
// cannot add actions or links" and "the templates evaluate only their own expressions".)

let app: SlackAppOnOwnDatabase;
let db: TestDatabase;

beforeEach(async () => {
  app = await startSlackAppOnOwnDatabase();
  db = app.db;
});
afterEach(() => app.close());

const HOSTILE =
  'Hi <!channel> and <!here> <@U0LEADER1> see <http://evil.example/phish|the policy> *bold* _italic_ ~gone~ `code` > quote @everyone';
const REPORT: FormValues = {
  customer_account_ref: 'ACC-30001',
  customer_name: `Alex *Example* <@U0LEADER1>`,
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: HOSTILE,
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

/** Control sequences and formatting pairs as Slack would read them in mrkdwn. */
const LIVE_MRKDWN = [
  /<!channel>/,
  /<!here>/,
  /<@U0LEADER1>/,
  /<http:\/\/evil/,
  /\*bold\*/,
  /_italic_/,
  /~gone~/,
  /`code`/,
  /@(channel|here|everyone)\b/,
];

describe('Slack: text people type is shown, never obeyed', () => {
  test('mentions, broadcasts, links and formatting in a report and a rationale are escaped in every message and view the flow sends', async () => {
    expect((await submitSlackReport(app, SLACK_USERS.reporter, REPORT)).json).toEqual({ response_action: 'clear' });
    await app.runtime.notifier.idle();
    await decideOnSlack(app, SLACK_USERS.lineManager, 'escalate', {
      safe_to_continue: 'yes',
      support_offered: HOSTILE,
      rationale: HOSTILE,
    });
    await app.command(SLACK_USERS.cxm, 'case LCP-2026-0001');

    const texts = slackTexts(app.api.calls);
    // The hostile text did reach the messages (escaped), so the check below is not vacuous.
    expect(texts.some((t) => t.includes('&lt;!channel&gt;'))).toBe(true);
    expect(texts.some((t) => t.includes('\u2217bold\u2217'))).toBe(true);
    for (const text of texts)
      for (const live of LIVE_MRKDWN) expect({ text, live: live.test(text) }).toEqual({ text, live: false });
  });

  test('a case number typed into /lcp case is escaped in the answer', async () => {
    const res = await app.command(SLACK_USERS.reporter, 'case <!channel> *x*');
    expect(JSON.stringify(res.json)).not.toMatch(/<!channel>|\*x\*/);
  });
});

describe('"$" keys and operator objects never reach MongoDB', () => {
  test("the inbound guard finds operator keys at any depth (and Adaptive Cards' $schema is data)", () => {
    expect(operatorKeyIn({ a: [{ b: { $gt: '' } }] })).toBe('a[0].b.$gt');
    expect(operatorKeyIn({ user: { id: { $ne: null } } })).toBe('user.id.$ne');
    expect(operatorKeyIn({ $where: 'sleep(1000)' })).toBe('$where');
    expect(
      operatorKeyIn({ attachments: [{ content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' } }] }),
    ).toBeNull();
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(operatorKeyIn(deep)).toMatch(/too deep/);
  });

  test('Slack: a signed payload with an operator object as the user id is acknowledged and ignored; nothing is stored', async () => {
    const before = await collectionCounts(db.connection);
    const payload = viewSubmissionPayload(SLACK_USERS.reporter, 'lcp_report', 'VOP1', stateFor(reportForm(), REPORT));
    (payload.user as Record<string, unknown>).id = { $gt: '' };
    const res = await app.post(interactionBody(payload));
    expect(res.status).toBe(200);
    // Inside a button's value (a JSON string) the object is caught by the value's schema instead.
    const click = blockActionPayload(
      SLACK_USERS.lineManager,
      'lcp_action:escalate',
      JSON.stringify({ action: 'escalate', caseId: { $ne: null }, version: 1 }),
    );
    expect((await app.post(interactionBody(click))).status).toBe(200);
    await app.until(() => app.api.of('chat.postEphemeral').length > 0, 'chat.postEphemeral');
    expect(app.api.of('chat.postEphemeral').map((c) => c.args.text)).toEqual([
      'That button could not be read. Open the case again with `/lcp case <number>`.',
    ]);
    const event = JSON.stringify({
      token: 't',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1,
      event: { type: 'app_home_opened', user: { $gt: '' }, tab: 'home', event_ts: '1.0' },
    });
    expect(
      (await app.post(event, { ...slackHeaders(event, SLACK_SECRET), 'content-type': 'application/json' })).status,
    ).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await collectionCounts(db.connection)).toEqual(before);
    expect(app.api.calls.map((c) => c.method).filter((m) => m !== 'auth.test')).toEqual(['chat.postEphemeral']);
  });

  test('Teams: an activity with an operator object as the sender or in card data gets 400 and nothing is stored', async () => {
    const before = await collectionCounts(db.connection);
    const post = (activity: Record<string, unknown>) =>
      fetch(`${app.base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    const base = {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/',
      recipient: { id: '28:bot' },
      conversation: { id: 'a:1', conversationType: 'personal' },
    };
    expect(
      (
        await post({
          ...base,
          type: 'message',
          id: 'm1',
          text: 'cases',
          from: { id: '29:x', aadObjectId: { $gt: '' } },
        })
      ).status,
    ).toBe(400);
    const invoke = {
      ...base,
      type: 'invoke',
      id: 'i1',
      name: 'adaptiveCard/action',
      from: { id: '29:x', aadObjectId: '00000000-0000-0000-0000-00000000a001' },
      value: { action: { type: 'Action.Execute', verb: 'lcp_show', data: { caseId: { $ne: null } } } },
    };
    expect((await post(invoke)).status).toBe(400);
    expect(await collectionCounts(db.connection)).toEqual(before);
  });

  test('repositories: an operator object where a key belongs matches nothing, though documents exist that it would match', async () => {
    const services = app.runtime.services;
    const reporter = (await services.people.findBySlackUserId(SLACK_USERS.reporter))!;
    const opened = await reportIncident(services, {
      reporterPersonId: reporter.id,
      report: { ...reportInputLike(), customerAccountRef: 'ACC-30002' },
    });
    expect(opened.ok).toBe(true);
    await new MongoConversationReferenceRepository(db.connection).save({
      aadObjectId: 'aad-1',
      personId: reporter.id,
      conversationId: 'a:conv',
      reference: {},
      updatedAt: new Date(),
    });
    const op = { $gt: '' } as unknown as string;
    expect(await services.people.findBySlackUserId(op)).toBeNull();
    expect(await services.people.findByTeamsAadObjectId(op)).toBeNull();
    expect(await services.people.findByEmail(op)).toBeNull();
    expect(await services.people.findById({ $ne: null } as unknown as string)).toBeNull();
    expect(await services.cases.findByNumber(op)).toBeNull();
    expect(await services.cases.findById(op)).toBeNull();
    expect(await services.customers.findByAccountRef(op)).toBeNull();
    const refs = new MongoConversationReferenceRepository(db.connection);
    expect(await refs.findByAadObjectId(op)).toBeNull();
    expect(await refs.findByConversationId(op)).toBeNull();
    expect(await refs.findByPersonId(op)).toBeNull();
  });

  test('use cases: operator objects inside a report or a decision are invalid input, and nothing is stored', async () => {
    const services = app.runtime.services;
    const reporter = (await services.people.findBySlackUserId(SLACK_USERS.reporter))!;
    const before = await collectionCounts(db.connection);
    const report = await reportIncident(services, {
      reporterPersonId: reporter.id,
      report: { ...reportInputLike(), customerAccountRef: { $gt: '' }, customerName: { $where: '1' } },
    });
    expect(report.ok ? 'ok' : report.error.code).toBe('CASE.INVALID_COMMAND');
    expect(await collectionCounts(db.connection)).toEqual(before);

    const opened = await reportIncident(services, {
      reporterPersonId: reporter.id,
      report: { ...reportInputLike(), customerAccountRef: 'ACC-30003' },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const lm = (await services.people.findBySlackUserId(SLACK_USERS.lineManager))!;
    const decision = await decideCase(services, {
      caseId: opened.case.id,
      actorPersonId: lm.id,
      command: {
        action: 'escalate',
        expectedVersion: opened.case.version,
        rationale: { $ne: '' },
        colleagueSupport: { safeToContinue: true, supportOffered: { $gt: '' } },
      },
    });
    expect(decision.ok ? 'ok' : decision.error.code).toBe('CASE.INVALID_COMMAND');
    expect(await services.cases.events(opened.case.id)).toHaveLength(1);
    const asOperatorId = await decideCase(services, {
      caseId: { $ne: null } as unknown as string,
      actorPersonId: lm.id,
      command: { action: 'escalate', expectedVersion: 1 },
    });
    expect(asOperatorId.ok ? 'ok' : asOperatorId.error.code).toBe('CASE.NOT_FOUND');
  });
});

describe('oversized input is refused or truncated with notice', () => {
  test('a description longer than the workflow accepts (4000) is refused beside its field, and nothing is stored', async () => {
    // Slack's input stops people at 3000; a client that sends more is refused by the workflow.
    const res = await submitSlackReport(app, SLACK_USERS.reporter, { ...REPORT, description: 'x'.repeat(4001) });
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { description: expect.stringMatching(/4000/) },
    });
    expect(await db.connection.collection('cases').countDocuments()).toBe(0);
  });

  test('a rationale at its limit is stored whole and shown truncated with "… (truncated)" within Slack\'s limits', async () => {
    await submitSlackReport(app, SLACK_USERS.reporter, REPORT);
    await app.runtime.notifier.idle();
    const long = `${'Repeated abuse on the phone. '.repeat(110)}END`.slice(0, 3000);
    await decideOnSlack(app, SLACK_USERS.lineManager, 'escalate', {
      safe_to_continue: 'yes',
      support_offered: 'Debrief',
      rationale: long,
    });
    const kase = await app.onlyCase();
    expect((await app.runtime.services.cases.events(kase.id)).at(-1)!.rationale).toBe(long);
    const cxmCard = app.api.of('chat.postMessage').find((c) => c.args.channel === SLACK_USERS.cxm)!;
    const sections = (cxmCard.args.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.text)
      .map((b) => b.text!.text);
    expect(sections.some((t) => t.endsWith(TRUNCATION_MARKER))).toBe(true);
    for (const t of sections) expect(t.length).toBeLessThanOrEqual(3000);
  });

  test('a huge signed Slack request is answered without a crash (no 500) and stores nothing', async () => {
    const body = slashCommandBody(SLACK_USERS.reporter, `case ${'9'.repeat(200_000)}`);
    const res = await app.post(body);
    expect(res.status).toBeLessThan(500);
    expect(await db.connection.collection('cases').countDocuments()).toBe(0);
  });
});

function reportInputLike(): Record<string, unknown> {
  return {
    customerName: 'Alex Example',
    occurredAt: '2026-11-27T09:15:00Z',
    channel: 'telephone',
    behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting' }],
    description: 'Shouted at the colleague for ten minutes.',
    threatenedOrHurt: false,
  };
}
