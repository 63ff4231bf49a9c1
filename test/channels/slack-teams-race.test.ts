import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decideCase } from '../../src/app/decide-case.js';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { verifyAuditTrail } from '../../src/app/verify-audit-trail.js';
import { loadSettings } from '../../src/config.js';
import { createRuntime, TEAMS_MESSAGES_PATH, type Runtime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { reportInput } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { FakeSlackApi } from './slack/fake-slack-api.js';
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  stateFor,
  viewSubmissionPayload,
} from './slack/slack-requests.js';
import { FakeTeamsConnector, TeamsClient, type TeamsUser } from '../support/teams-harness.js';

// One server with both adapters, as `npm start` builds it. A case waits for a customer experience
// manager; two of them hold the role, Cora on Slack and Carl on Teams. Each opens the decision
// form on their own channel, then both confirm at the same moment: a signed view_submission to
// POST /slack/events and an Action.Execute invoke to POST /api/messages. The case_events unique
// index lets exactly one decision in; the other person is told "already decided", and the audit
// trail gains one event. Repeated over several cases, so both arrival orders are exercised.

const SECRET = 'race-signing-secret';
const SERVICE_URL = 'https://smba.trafficmanager.net/';
const CARL_AAD = '00000000-0000-0000-0000-00000000c001';
const SLACK = { reporter: 'UREPORTER1', lineManager: 'ULINEMGR01', cora: 'UCORA00001' };
const ROUNDS = 6;

let db: TestDatabase;
let api: FakeSlackApi;
let runtime: Runtime;
let server: Server;
let base: string;
const ids: Record<'reporter' | 'lineManager' | 'cora' | 'carl', string> = {
  reporter: '',
  lineManager: '',
  cora: '',
  carl: '',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Loose = any;

const carl: TeamsUser = { key: 'carl', aadObjectId: CARL_AAD, name: 'Carl' };
const connector = new FakeTeamsConnector(SERVICE_URL);
let teams: TeamsClient;

/** Carl clicks a card button (Universal Actions); the invoke response is the card he sees next. */
const teamsClick = (verb: string, data: Record<string, unknown>) =>
  teams.click(carl, verb, data, { replyToId: 'carl-card' });

async function postSlack(body: string): Promise<{ status: number; json: Loose }> {
  const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: slackHeaders(body, SECRET) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  connector.start();
  db = await openTestDatabase();
  api = new FakeSlackApi();
  const apiUrl = await api.start();
  // No MICROSOFT_APP_ID: Teams authentication is off, as in local development (teams-auth.test.ts covers it on).
  runtime = await createRuntime({
    connection: db.connection,
    settings: loadSettings({ SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-race-token', SLACK_API_URL: apiUrl }),
    log: () => {},
    slackRetries: 0,
    scheduler: false,
  });
  await runtime.services.people.upsertMany([
    {
      email: 'rita@example.org',
      name: 'Rita Reporter',
      roles: ['colleague'],
      lineManagerEmail: 'lena@example.org',
      slackUserId: SLACK.reporter,
      teamsAadObjectId: null,
    },
    {
      email: 'lena@example.org',
      name: 'Lena Manager',
      roles: ['colleague', 'line_manager'],
      lineManagerEmail: null,
      slackUserId: SLACK.lineManager,
      teamsAadObjectId: null,
    },
    {
      email: 'cora@example.org',
      name: 'Cora Experience',
      roles: ['colleague', 'customer_experience_manager'],
      lineManagerEmail: null,
      slackUserId: SLACK.cora,
      teamsAadObjectId: null,
    },
    {
      email: 'carl@example.org',
      name: 'Carl Experience',
      roles: ['colleague', 'customer_experience_manager'],
      lineManagerEmail: null,
      slackUserId: null,
      teamsAadObjectId: CARL_AAD,
    },
  ]);
  await runtime.services.people.resolveLineManagers();
  for (const [key, email] of [
    ['reporter', 'rita@example.org'],
    ['lineManager', 'lena@example.org'],
    ['cora', 'cora@example.org'],
    ['carl', 'carl@example.org'],
  ] as const) {
    ids[key] = (await runtime.services.people.findByEmail(email))!.id;
  }
  server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Carl installs the app: Teams now has a way to reach him with proactive cards.
  teams = new TeamsClient(`${base}${TEAMS_MESSAGES_PATH}`, SERVICE_URL);
  expect((await teams.install(carl)).status).toBe(200);
});

afterAll(async () => {
  await runtime?.stop();
  server?.closeAllConnections();
  if (server) await new Promise((resolve) => server.close(resolve));
  await api?.stop();
  connector.stop();
  await db?.close();
});

/** A new case, escalated by the line manager: it waits for a customer experience manager. */
async function caseWaitingForCxm(round: number): Promise<{ caseId: string; version: number }> {
  const reported = await reportIncident(runtime.services, {
    reporterPersonId: ids.reporter,
    report: reportInput({ customerAccountRef: `ACC-RACE-${round}`, customerName: `Customer ${round}` }),
  });
  if (!reported.ok) throw new Error(reported.error.message);
  const escalated = await decideCase(runtime.services, {
    caseId: reported.case.id,
    actorPersonId: ids.lineManager,
    command: {
      action: 'escalate',
      expectedVersion: reported.case.version,
      rationale: 'Repeated abuse on the phone',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  if (!escalated.ok) throw new Error(escalated.error.message);
  await runtime.notifier.idle();
  expect(escalated.case.state).toBe('cxm_review');
  return { caseId: escalated.case.id, version: escalated.case.version };
}

const CXM_ESCALATION: FormValues = {
  risk_assessment: 'not_needed',
  rationale: 'A pattern of abuse across three calls',
};

test(`a Slack click and a Teams click on one case: exactly one wins, the other is told "already decided" (${ROUNDS} cases)`, async () => {
  const winners: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const { caseId, version } = await caseWaitingForCxm(round);
    const kase = (await runtime.services.cases.findById(caseId))!;
    // Both were told: Cora by Slack DM, Carl by a proactive Teams card, each with the Escalate button.
    expect(
      api
        .of('chat.postMessage')
        .some((c) => c.args.channel === SLACK.cora && JSON.stringify(c.args.blocks).includes(caseId)),
    ).toBe(true);
    const carlCard = connector.calls
      .filter((c) => c.method === 'POST' && JSON.stringify(c.body).includes(caseId))
      .at(-1);
    expect(JSON.stringify(carlCard?.body)).toContain('"verb":"lcp_action"');

    // Each opens the form on their own channel.
    api.clear();
    const button = JSON.stringify({ action: 'escalate', caseId, version });
    expect(
      (await postSlack(interactionBody(blockActionPayload(SLACK.cora, 'lcp_action:escalate', button)))).status,
    ).toBe(200);
    await until(() => api.of('views.open').length > 0, 'the Slack decision modal');
    const modal = api.of('views.open')[0]!.args.view as { private_metadata: string };
    const teamsForm = await teamsClick('lcp_action', { action: 'escalate', caseId, version });
    expect(JSON.stringify(teamsForm)).toContain('"id":"risk_assessment"');

    const eventsBefore = (await runtime.services.cases.events(caseId)).length;
    // Both confirm at once.
    const [slack, teams] = await Promise.all([
      postSlack(
        interactionBody(
          viewSubmissionPayload(
            SLACK.cora,
            'lcp_decide',
            `VRACE${round}`,
            stateFor(decisionForm('escalate', kase), CXM_ESCALATION),
            modal.private_metadata,
          ),
        ),
      ),
      teamsClick('lcp_decide', { action: 'escalate', caseId, version, ...CXM_ESCALATION }),
    ]);
    await runtime.notifier.idle();

    expect(slack.status).toBe(200);
    const slackWon = slack.json?.response_action === 'clear';
    const teamsText = JSON.stringify(teams);
    const teamsWon = teamsText.includes('Escalated: your decision is recorded.');
    expect([slackWon, teamsWon].filter(Boolean)).toHaveLength(1);

    const events = await runtime.services.cases.events(caseId);
    expect(events).toHaveLength(eventsBefore + 1);
    const decision = events.at(-1)!;
    expect(decision.action).toBe('escalate');
    expect(decision.actor.personId).toBe(slackWon ? ids.cora : ids.carl);
    const after = (await runtime.services.cases.findById(caseId))!;
    expect(after.state).toBe('chc_review');
    expect(after.version).toBe(version + 1);
    expect((await verifyAuditTrail(runtime.services.cases, caseId)).ok).toBe(true);

    // Both stored copies now show the one decision: Cora's Slack message and Carl's Teams card.
    const winnerName = slackWon ? 'Cora Experience' : 'Carl Experience';
    expect(
      api
        .of('chat.update')
        .some(
          (c) =>
            JSON.stringify(c.args.blocks).includes(after.number) &&
            JSON.stringify(c.args.blocks).includes(`Escalated by ${winnerName}`),
        ),
    ).toBe(true);
    const carlUpdates = connector.calls.filter(
      (c) => c.method === 'PUT' && JSON.stringify(c.body).includes(after.number),
    );
    expect(carlUpdates.some((c) => JSON.stringify(c.body).includes(`Escalated by ${winnerName}`))).toBe(true);

    if (slackWon) {
      // Carl's invoke answer is the case card with a banner naming Cora.
      expect(teamsText).toContain('Already decided by Cora Experience');
      winners.push('slack');
    } else {
      // Cora's modal is replaced by a notice naming Carl.
      expect(slack.json?.response_action).toBe('update');
      expect(JSON.stringify(slack.json.view)).toContain('Already decided by Carl Experience');
      winners.push('teams');
    }
  }
  // Which channel wins depends on arrival order; every round had exactly one winner.
  expect(winners).toHaveLength(ROUNDS);
  console.info(
    `slack-teams race: ${winners.filter((w) => w === 'slack').length} Slack wins, ${winners.filter((w) => w === 'teams').length} Teams wins over ${ROUNDS} cases`,
  );
});
