import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import type { PersonData } from '../../src/directory/person.js';
import type { CaseState } from '../../src/policy/index.js';
import { loadSettings } from '../../src/config.js';
import { createRuntime, TEAMS_MESSAGES_PATH, type Runtime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { reportInput } from '../app/case-services.fixture.js';
import { advanceTo } from '../support/case-path.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { FakeSlackApi } from './slack/fake-slack-api.js';
import { slashCommand } from './slack/slash-command.js';
import { blockActionPayload, interactionBody, slackHeaders, viewSubmissionPayload } from './slack/slack-requests.js';
import { cardErrors } from './teams/card-schema.js';

// One server with both adapters, as `npm start` builds it: Slack through the fake Slack Web API,
// Teams through Bot Framework activities posted to /api/messages and a nock'd connector that
// records every proactive message (POST) and redraw (PUT). People may be on Slack, Teams or both.

const SECRET = 'two-platforms-secret';
const SERVICE_URL = 'https://smba.trafficmanager.net/';
const BOT = { id: '28:lcp-bot', name: 'Limited Contact' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
export type Loose = any;

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  body: Loose;
}

export interface TwoPlatforms {
  runtime: Runtime;
  slack: FakeSlackApi;
  /** Every Teams connector call since start (or the last clear). */
  teams: ConnectorCall[];
  ids: Record<string, string>;
  /** New Teams messages in a person's personal chat. */
  teamsPosts(key: string): ConnectorCall[];
  /** A card button press on Teams (Universal Actions): the invoke's answer. */
  teamsClick(key: string, verb: string, data: Record<string, unknown>): Promise<Loose>;
  /** A card button press on Slack; returns after Bolt has answered. */
  slackClick(key: string, actionId: string, value: string): Promise<number>;
  /** `/lcp <text>` on Slack: the answer as the person sees it (ack body or response_url post). */
  slackCommand(key: string, text: string): Promise<Loose>;
  /** A message typed in the person's Teams personal chat: the activities the bot replied with. */
  teamsMessage(key: string, text: string): Promise<ConnectorCall[]>;
  /** A modal submitted on Slack (view_submission): Bolt's answer (response_action, errors). */
  slackSubmit(key: string, callbackId: string, state: Record<string, unknown>, privateMetadata: string): Promise<Loose>;
  /** Decides `command` on `kase` as `key` through the use case, then waits until everyone has been told. */
  act(kase: Case, key: string, command: Record<string, unknown>): Promise<Case>;
  /** An incident reported by `reporter` about customer `accountRef`, everyone told: the case it opened. */
  report(accountRef: string, overrides?: Record<string, unknown>, reporter?: string): Promise<Case>;
  /** Takes `kase` along the usual path (test/support/case-path.ts) to `target`; `lm` is its line manager. */
  advance(kase: Case, target: CaseState): Promise<Case>;
  /** The Slack messages posted to a person that are about `kase`. */
  slackPostsAbout(key: string, kase: Case): ReturnType<FakeSlackApi['posts']>;
  /** The new Teams messages in a person's personal chat that are about `kase`. */
  teamsPostsAbout(key: string, kase: Case): ConnectorCall[];
  clear(): void;
  close(): Promise<void>;
}

export interface HarnessPerson extends Omit<PersonData, 'slackUserId' | 'teamsAadObjectId'> {
  key: string;
  slack?: boolean;
  teams?: boolean;
}

/**
 * The people the chat tests draw on, by key; lineManagerEmail is whom the directory makes their
 * line manager. `chatPeople` says who is on which platform.
 */
const CHAT_PEOPLE: Record<string, Omit<HarnessPerson, 'key' | 'slack' | 'teams'>> = {
  reporter: {
    email: 'rita@example.org',
    name: 'Rita Reporter',
    roles: ['colleague'],
    lineManagerEmail: 'lena@example.org',
  },
  lm: { email: 'lena@example.org', name: 'Lena Manager', roles: ['colleague', 'line_manager'], lineManagerEmail: null },
  cxm: {
    email: 'cora@example.org',
    name: 'Cora Experience',
    roles: ['colleague', 'customer_experience_manager'],
    lineManagerEmail: null,
  },
  chc: {
    email: 'hugo@example.org',
    name: 'Hugo Head',
    roles: ['colleague', 'corporate_head_of_customers'],
    lineManagerEmail: null,
  },
  edc: {
    email: 'edith@example.org',
    name: 'Edith Director',
    roles: ['colleague', 'executive_director_of_customers'],
    lineManagerEmail: null,
  },
  reviewer: {
    email: 'rae@example.org',
    name: 'Rae Reviewer',
    roles: ['colleague', 'appeal_reviewer'],
    lineManagerEmail: 'lena@example.org',
  },
  admin: { email: 'ada@example.org', name: 'Ada Admin', roles: ['colleague', 'admin'], lineManagerEmail: null },
  outsider: { email: 'olly@example.org', name: 'Olly Outsider', roles: ['colleague'], lineManagerEmail: null },
};

/** People from the chat tests' cast, each on Slack, Teams or both, in the order given. */
export function chatPeople(on: Record<string, 'slack' | 'teams' | 'both'>): HarnessPerson[] {
  return Object.entries(on).map(([key, where]) => {
    const person = CHAT_PEOPLE[key];
    if (!person) throw new Error(`no chat person ${key}`);
    return { key, ...person, slack: where !== 'teams', teams: where !== 'slack' };
  });
}

const slackIdOf = (key: string) => `U${key.toUpperCase().padEnd(9, '0').slice(0, 9)}`;
const aadOf = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

export async function twoPlatforms(people: HarnessPerson[]): Promise<TwoPlatforms> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const teams: ConnectorCall[] = [];
  let counter = 0;
  const record = (method: 'POST' | 'PUT') => (uri: string, body: unknown) => {
    const path = new URL(uri, SERVICE_URL).pathname;
    const conversationId = decodeURIComponent(path.split('/')[3] ?? '');
    teams.push({
      method,
      conversationId,
      body: typeof body === 'string' ? (body ? JSON.parse(body) : {}) : (body ?? {}),
    });
    return method === 'POST' ? { id: `teams-msg-${++counter}` } : { id: path.split('/').at(-1)! };
  };
  nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
    .reply(200, record('POST'))
    .put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
    .reply(200, record('PUT'));

  const db: TestDatabase = await openTestDatabase();
  const slack = new FakeSlackApi();
  const apiUrl = await slack.start();
  const runtime = await createRuntime({
    connection: db.connection,
    settings: loadSettings({
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-two-platforms',
      SLACK_API_URL: apiUrl,
    }),
    log: () => {},
    slackRetries: 0,
    scheduler: false,
  });
  const aad: Record<string, string> = {};
  people.forEach((p, i) => {
    if (p.teams) aad[p.key] = aadOf(i + 1);
  });
  await runtime.services.people.upsertMany(
    people.map(({ key, slack: onSlack, teams: onTeams, ...data }) => ({
      ...data,
      slackUserId: onSlack ? slackIdOf(key) : null,
      teamsAadObjectId: onTeams ? aad[key]! : null,
    })),
  );
  await runtime.services.people.resolveLineManagers();
  const ids: Record<string, string> = {};
  for (const p of people) ids[p.key] = (await runtime.services.people.findByEmail(p.email))!.id;

  const server: Server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const activity = (key: string, extra: Record<string, unknown>) => ({
    id: `act-${++counter}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date().toISOString(),
    from: { id: `29:${key}`, aadObjectId: aad[key], name: key },
    recipient: BOT,
    conversation: { id: `a:chat-${key}`, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    ...extra,
  });
  const postTeams = async (body: Record<string, unknown>) => {
    const res = await fetch(`${base}${TEAMS_MESSAGES_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Loose) : null };
  };
  // Everyone on Teams installs the app, so the bot can reach them in their personal chat.
  for (const p of people.filter((x) => x.teams)) {
    const res = await postTeams(
      activity(p.key, {
        type: 'conversationUpdate',
        membersAdded: [BOT, { id: `29:${p.key}`, aadObjectId: aad[p.key] }],
      }),
    );
    if (res.status !== 200) throw new Error(`installing the Teams app for ${p.key} answered ${res.status}`);
  }
  teams.length = 0;
  slack.clear();

  const act = async (kase: Case, key: string, command: Record<string, unknown>): Promise<Case> => {
    const result = await decideCase(runtime.services, {
      caseId: kase.id,
      actorPersonId: ids[key]!,
      command: { expectedVersion: kase.version, ...command },
    });
    if (!result.ok) throw new Error(`${key} ${String(command.action)}: ${result.error.message}`);
    await runtime.notifier.idle();
    return result.case;
  };
  const teamsPosts = (key: string) => teams.filter((c) => c.method === 'POST' && c.conversationId === `a:chat-${key}`);

  return {
    runtime,
    slack,
    teams,
    ids,
    teamsPosts,
    act,
    async report(accountRef, overrides = {}, reporter = 'reporter') {
      const opened = await reportIncident(runtime.services, {
        reporterPersonId: ids[reporter]!,
        report: reportInput({ customerAccountRef: accountRef, ...overrides }),
      });
      if (!opened.ok) throw new Error(opened.error.message);
      await runtime.notifier.idle();
      return opened.case;
    },
    advance: (kase, target) =>
      advanceTo(kase, target, (k, role, command) => act(k, role === 'lineManager' ? 'lm' : role, command)),
    slackPostsAbout: (key, kase) =>
      slack.posts(slackIdOf(key)).filter((c) => JSON.stringify(c.args.blocks ?? '').includes(kase.id)),
    teamsPostsAbout: (key, kase) => teamsPosts(key).filter((c) => JSON.stringify(c.body).includes(kase.id)),
    async teamsClick(key, verb, data) {
      const res = await postTeams(
        activity(key, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: 'some-card',
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
      );
      if (res.status !== 200) throw new Error(`Teams invoke answered ${res.status}`);
      if (res.body?.value?.type === 'AdaptiveCard' && cardErrors(res.body.value).length > 0)
        throw new Error(`invalid card: ${JSON.stringify(cardErrors(res.body.value))}`);
      return res.body;
    },
    async slackClick(key, actionId, value) {
      const body = interactionBody(blockActionPayload(slackIdOf(key), actionId, value));
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: slackHeaders(body, SECRET) });
      await res.text();
      return res.status;
    },
    async slackCommand(key, text) {
      const post = async (body: string) => {
        const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: slackHeaders(body, SECRET) });
        const raw = await res.text();
        return { status: res.status, json: raw ? (JSON.parse(raw) as unknown) : null };
      };
      return (await slashCommand(slack, post, slackIdOf(key), text)).json;
    },
    async teamsMessage(key, text) {
      const before = teams.length;
      const res = await postTeams(activity(key, { type: 'message', text }));
      if (res.status !== 200 && res.status !== 201) throw new Error(`Teams message answered ${res.status}`);
      return teams.slice(before).filter((c) => c.conversationId === `a:chat-${key}`);
    },
    async slackSubmit(key, callbackId, state, privateMetadata) {
      const body = interactionBody(
        viewSubmissionPayload(slackIdOf(key), callbackId, `V${++counter}`, state, privateMetadata),
      );
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: slackHeaders(body, SECRET) });
      const text = await res.text();
      return text ? (JSON.parse(text) as Loose) : null;
    },
    clear() {
      teams.length = 0;
      slack.clear();
    },
    async close() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await slack.stop();
      nock.cleanAll();
      nock.enableNetConnect();
      await db.close();
    },
  };
}

export const slackIdFor = slackIdOf;
