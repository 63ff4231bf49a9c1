import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { loadSettings } from '../../src/config.js';
import type { Case } from '../../src/cases/index.js';
import { CASE_STATES } from '../../src/policy/index.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';
import { slashCommand } from '../channels/slack/slash-command.js';
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  stateFor,
  viewSubmissionPayload,
} from '../channels/slack/slack-requests.js';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { decideCase } from '../../src/app/decide-case.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { benchReport } from '../../bench/targets/bench-people.js';
import { reportInput } from '../app/case-services.fixture.js';
import { reportForm } from '../../src/app/forms/report-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import type { ActionId, CaseState } from '../../src/policy/index.js';
import { advanceTo, type PathRole } from './case-path.js';
import { openTestDatabase, type TestDatabase } from './database/test-database.js';

// The whole app as main.ts wires it (runtime + the one HTTP server), with Slack's Web API played
// by FakeSlackApi; for tests that drive Slack flows over signed HTTP requests.

export const SLACK_SECRET = 'test-signing-secret';
export const SLACK_USERS = {
  reporter: 'UREPORTER1',
  lineManager: 'ULINEMGR01',
  otherManager: 'UOTHERMG01',
  cxm: 'UCXM000001',
  chc: 'UCHC000001',
  edc: 'UEDC000001',
} as const;
export type SlackUser = keyof typeof SLACK_USERS;

export const SLACK_PEOPLE = [
  {
    email: 'rita@example.org',
    name: 'Rita Reporter',
    roles: ['colleague'],
    lineManagerEmail: 'lena@example.org',
    slackUserId: SLACK_USERS.reporter,
    teamsAadObjectId: null,
  },
  {
    email: 'lena@example.org',
    name: 'Lena Manager',
    roles: ['colleague', 'line_manager'],
    lineManagerEmail: null,
    slackUserId: SLACK_USERS.lineManager,
    teamsAadObjectId: null,
  },
  {
    email: 'omar@example.org',
    name: 'Omar Manager',
    roles: ['colleague', 'line_manager'],
    lineManagerEmail: null,
    slackUserId: SLACK_USERS.otherManager,
    teamsAadObjectId: null,
  },
  {
    email: 'cora@example.org',
    name: 'Cora Experience',
    roles: ['colleague', 'customer_experience_manager'],
    lineManagerEmail: null,
    slackUserId: SLACK_USERS.cxm,
    teamsAadObjectId: null,
  },
  {
    email: 'hugo@example.org',
    name: 'Hugo Head',
    roles: ['colleague', 'corporate_head_of_customers'],
    lineManagerEmail: null,
    slackUserId: SLACK_USERS.chc,
    teamsAadObjectId: null,
  },
  {
    email: 'edith@example.org',
    name: 'Edith Director',
    roles: ['colleague', 'executive_director_of_customers'],
    lineManagerEmail: null,
    slackUserId: SLACK_USERS.edc,
    teamsAadObjectId: null,
  },
] as const;

export interface SlackAppHarness {
  api: FakeSlackApi;
  runtime: Runtime;
  base: string;
  /** Posts a signed request to /slack/events (or with the given headers). */
  post(body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown; text: string }>;
  /** `/lcp <text>` as `user`: its answer, from the acknowledgement or its response_url. */
  command(
    user: string,
    text: string,
    where?: { channel?: string; sharedChannel?: boolean },
  ): Promise<{ status: number; json: unknown }>;
  /** Waits for the Web API calls Bolt makes after it has answered Slack. */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  onlyCase(): Promise<Case>;
  close(): Promise<void>;
}

export interface SlackAppHarnessOptions {
  connection: Connection;
  env?: Record<string, string>;
  clock?: () => Date;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

export async function startSlackAppHarness(options: SlackAppHarnessOptions): Promise<SlackAppHarness> {
  const api = new FakeSlackApi();
  const apiUrl = await api.start();
  const runtime = await createRuntime({
    connection: options.connection,
    settings: loadSettings({
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: apiUrl,
      ...options.env,
    }),
    log: options.log ?? (() => {}),
    slackRetries: 0,
    scheduler: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await runtime.services.people.upsertMany(SLACK_PEOPLE.map((p) => ({ ...p, roles: [...p.roles] })));
  await runtime.services.people.resolveLineManagers();
  const server: Server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const harness: SlackAppHarness = {
    api,
    runtime,
    base,
    command: (user, text, where) => slashCommand(api, (body) => harness.post(body), user, text, where),
    async post(body, headers = slackHeaders(body, SLACK_SECRET)) {
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      return { status: res.status, json, text };
    },
    async until(predicate, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what}: ${JSON.stringify(api.calls.map((c) => c.method))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async onlyCase() {
      const [kase, ...more] = await runtime.services.cases.listByStates(CASE_STATES);
      if (!kase || more.length) throw new Error(`expected one case, found ${more.length + (kase ? 1 : 0)}`);
      return kase;
    },
    async close() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.stop();
    },
  };
  return harness;
}

/** The harness on a test database of its own (`db`); close() closes both. */
export interface SlackAppOnOwnDatabase extends SlackAppHarness {
  db: TestDatabase;
}

export async function startSlackAppOnOwnDatabase(
  options: Omit<SlackAppHarnessOptions, 'connection'> = {},
): Promise<SlackAppOnOwnDatabase> {
  const db = await openTestDatabase();
  try {
    const app = await startSlackAppHarness({ ...options, connection: db.connection });
    return {
      ...app,
      db,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * A case about customer `accountRef` reported by Rita (the reporter) through the use case rather
 * than the modal, its cards sent.
 */
export async function reportCase(app: SlackAppHarness, accountRef: string): Promise<Case> {
  const reporter = (await app.runtime.services.people.findByEmail('rita@example.org'))!;
  const opened = await reportIncident(app.runtime.services, {
    reporterPersonId: reporter.id,
    report: reportInput({ customerAccountRef: accountRef }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await app.runtime.notifier.idle();
  return opened.case;
}

/**
 * `count` open cases about other customers (ACC-1000 onwards), reported by Rita, their cards sent:
 * what the round-trip tests measure against, so that no count holds only on an empty database.
 */
export async function reportOtherCases(app: SlackAppHarness, count: number): Promise<void> {
  const reporter = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.reporter))!;
  for (let i = 0; i < count; i++) {
    const result = await reportIncident(app.runtime.services, {
      reporterPersonId: reporter.id,
      report: { ...benchReport(`ACC-${1000 + i}`, new Date('2026-11-27T09:15:00.000Z')), customerName: `Other ${i}` },
    });
    if (!result.ok) throw new Error(result.error.message);
  }
  await app.runtime.notifier.idle();
}

/** Who holds each role on the usual path among SLACK_PEOPLE. */
const PATH_HOLDER: Record<PathRole, string> = {
  lineManager: 'lena@example.org',
  cxm: 'cora@example.org',
  chc: 'hugo@example.org',
  edc: 'edith@example.org',
};

/** Takes `kase` along the usual path (case-path.ts) to `target` through the use cases, its cards sent. */
export async function advanceCase(app: SlackAppHarness, kase: Case, target: CaseState): Promise<Case> {
  const people = app.runtime.services.people;
  const reached = await advanceTo(kase, target, async (current, role, command) => {
    const result = await decideCase(app.runtime.services, {
      caseId: current.id,
      actorPersonId: (await people.findByEmail(PATH_HOLDER[role]))!.id,
      command: { ...command, expectedVersion: current.version },
    });
    if (!result.ok) throw new Error(`${String(command.action)}: ${result.error.message}`);
    return result.case;
  });
  await app.runtime.notifier.idle();
  return reached;
}

/** Submits the report modal as `user` (Slack user id), as Slack posts it. */
export function submitSlackReport(
  app: SlackAppHarness,
  user: string,
  values: FormValues,
  viewId = `VREPORT-${Math.random()}`,
) {
  return app.post(interactionBody(viewSubmissionPayload(user, 'lcp_report', viewId, stateFor(reportForm(), values))));
}

/** Presses the `action` button of a case card drawn at `version` (by default the case's own) as `user`, as Slack posts it. */
export function pressCaseButton(
  app: SlackAppHarness,
  user: string,
  action: ActionId,
  kase: Case,
  version = kase.version,
) {
  const value = JSON.stringify({ action, caseId: kase.id, version });
  return app.post(interactionBody(blockActionPayload(user, `lcp_action:${action}`, value)));
}

/** Presses a case button whose answer comes privately (a refusal, a stale card): the ephemeral message's text. */
export async function pressForEphemeral(
  app: SlackAppHarness,
  user: string,
  action: ActionId,
  kase: Case,
  version = kase.version,
): Promise<string> {
  const before = app.api.of('chat.postEphemeral').length;
  await pressCaseButton(app, user, action, kase, version);
  await app.until(() => app.api.of('chat.postEphemeral').length > before, 'chat.postEphemeral');
  return String(app.api.of('chat.postEphemeral').at(-1)!.args.text);
}

/** Clicks the decision button on the case (by default the only one) as `user`, then submits the form it opens. */
export async function decideOnSlack(
  app: SlackAppHarness,
  user: string,
  action: ActionId,
  values: FormValues,
  viewId = `VDECIDE-${Math.random()}`,
  onCase?: Case,
): Promise<unknown> {
  const kase = onCase ?? (await app.onlyCase());
  const opensBefore = app.api.of('views.open').length;
  await pressCaseButton(app, user, action, kase);
  await app.until(() => app.api.of('views.open').length > opensBefore, 'views.open');
  const view = app.api.of('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string };
  expect(view.callback_id).toBe('lcp_decide');
  const result = await app.post(
    interactionBody(
      viewSubmissionPayload(
        user,
        'lcp_decide',
        viewId,
        stateFor(decisionForm(action, kase), values),
        view.private_metadata,
      ),
    ),
  );
  await app.runtime.notifier.idle();
  return result.json;
}
