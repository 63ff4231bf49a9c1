import { reportIncident } from '../../src/app/report-incident.js';
import type { RefusedAttempt } from '../../src/app/ports.js';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { NO_PART_IN_CASE } from '../../src/app/prepare-decision.js';
import type { Case } from '../../src/cases/index.js';
import { TEAMS_MESSAGES_PATH } from '../../src/runtime.js';
import { VERBS } from '../../adaptive-cards/card-types.js';
import { reportInput } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import {
  decideOnSlack,
  SLACK_PEOPLE,
  SLACK_USERS,
  startSlackAppHarness,
  type SlackAppHarness,
} from '../support/slack-app-harness.js';
import { FakeTeamsConnector, TeamsClient, type TeamsUser } from '../support/teams-harness.js';
import { blockActionPayload, interactionBody, stateFor, viewSubmissionPayload } from './slack/slack-requests.js';

// Slack and Teams go through the same use cases (prepareDecision when a decision button is
// clicked, submitDecisionForm when its form is sent), so the same stale or refused click is
// answered with the same words and audited alike on both: a stale form with every required field
// filled is ALREADY_DECIDED on both (Teams once retried a bare command and ended unaudited as
// INVALID_COMMAND), and the wrong person's click is NOT_YOUR_TIER on both.

const SERVICE_URL = 'https://smba.trafficmanager.net/';
const TEAMS: Record<'lineManager' | 'otherManager', TeamsUser> = {
  lineManager: { key: 'lena', aadObjectId: '00000000-0000-0000-0000-0000000f0001' },
  otherManager: { key: 'omar', aadObjectId: '00000000-0000-0000-0000-0000000f0002' },
};
const ESCALATE = {
  safe_to_continue: 'yes',
  support_offered: 'Debrief with the team leader.',
  rationale: 'Third abusive call this month.',
};

let db: TestDatabase;
let app: SlackAppHarness;
let teams: TeamsClient;
const connector = new FakeTeamsConnector(SERVICE_URL);

beforeAll(async () => {
  connector.start();
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
  const aad: Record<string, string> = {
    'lena@example.org': TEAMS.lineManager.aadObjectId,
    'omar@example.org': TEAMS.otherManager.aadObjectId,
  };
  await app.runtime.services.people.upsertMany(
    SLACK_PEOPLE.map((p) => ({ ...p, roles: [...p.roles], teamsAadObjectId: aad[p.email] ?? null })),
  );
  teams = new TeamsClient(`${app.base}${TEAMS_MESSAGES_PATH}`, SERVICE_URL);
  for (const user of Object.values(TEAMS)) expect((await teams.install(user)).status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  connector.stop();
});

let customerNo = 0;
/** A case the line manager has escalated on Slack: the card drawn at version 1 is now stale. */
async function escalatedCase(): Promise<{ stale: Case; current: Case }> {
  const reporter = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.reporter))!;
  const opened = await reportIncident(app.runtime.services, {
    reporterPersonId: reporter.id,
    report: reportInput({ customerAccountRef: `ACC-7${String(++customerNo).padStart(4, '0')}` }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await app.runtime.notifier.idle();
  await decideOnSlack(app, SLACK_USERS.lineManager, 'escalate', ESCALATE, undefined, opened.case);
  const current = (await app.runtime.services.cases.findById(opened.case.id))!;
  expect(current.state).toBe('cxm_review');
  return { stale: opened.case, current };
}

/** A case waiting for its line manager. */
async function waitingCase(): Promise<Case> {
  const reporter = (await app.runtime.services.people.findBySlackUserId(SLACK_USERS.reporter))!;
  const opened = await reportIncident(app.runtime.services, {
    reporterPersonId: reporter.id,
    report: reportInput({ customerAccountRef: `ACC-7${String(++customerNo).padStart(4, '0')}` }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await app.runtime.notifier.idle();
  return opened.case;
}

/** What was audited, without the moment it was audited. */
async function refusals(caseId: string): Promise<Omit<RefusedAttempt, 'at'>[]> {
  return (await app.runtime.services.refusals.forCase(caseId)).map(({ at: _at, ...rest }) => rest);
}

/** Every text a Teams card shows, with its Markdown escapes removed. */
const cardText = (card: unknown): string => JSON.stringify(card).replace(/\\\\(.)/g, '$1');

async function slackClick(user: string, kase: Case, version: number): Promise<string> {
  const before = app.api.of('chat.postEphemeral').length;
  await app.post(
    interactionBody(
      blockActionPayload(user, 'lcp_action:escalate', JSON.stringify({ action: 'escalate', caseId: kase.id, version })),
    ),
  );
  await app.until(() => app.api.of('chat.postEphemeral').length > before, 'chat.postEphemeral');
  return String(app.api.of('chat.postEphemeral').at(-1)!.args.text);
}

describe('a stale or refused click is answered and audited alike on Slack and Teams', () => {
  test('a stale decision button: "Already decided by X at T", audited as ALREADY_DECIDED at the button', async () => {
    const onSlack = await escalatedCase();
    const slackText = await slackClick(SLACK_USERS.lineManager, onSlack.stale, onSlack.stale.version);
    const onTeams = await escalatedCase();
    const card = await teams.click(TEAMS.lineManager, VERBS.action, {
      action: 'escalate',
      caseId: onTeams.stale.id,
      version: onTeams.stale.version,
    });

    expect(slackText).toMatch(/^Already decided by Lena Manager at \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\.$/);
    expect(cardText(card)).toContain(slackText.replace(/ at .*$/, ' at '));
    expect(await refusals(onSlack.current.id)).toEqual([
      expect.objectContaining({
        code: 'CASE.ALREADY_DECIDED',
        stage: 'button',
        action: 'escalate',
        caseVersion: onSlack.current.version,
      }),
    ]);
    expect(await refusals(onTeams.current.id)).toEqual(
      await refusals(onSlack.current.id).then((r) => r.map((x) => ({ ...x, caseId: onTeams.current.id }))),
    );
  });

  test('a stale decision form with every required field filled: ALREADY_DECIDED, audited at the decision, on both', async () => {
    const onSlack = await escalatedCase();
    const metadata = JSON.stringify({ action: 'escalate', caseId: onSlack.stale.id, version: onSlack.stale.version });
    const slackAnswer = await app.post(
      interactionBody(
        viewSubmissionPayload(
          SLACK_USERS.lineManager,
          'lcp_decide',
          `VSTALE-${customerNo}`,
          stateFor(decisionForm('escalate', onSlack.stale), ESCALATE),
          metadata,
        ),
      ),
    );
    const onTeams = await escalatedCase();
    const card = await teams.click(TEAMS.lineManager, VERBS.decide, {
      action: 'escalate',
      caseId: onTeams.stale.id,
      version: onTeams.stale.version,
      ...ESCALATE,
    });

    expect(JSON.stringify(slackAnswer.json)).toContain('Already decided by Lena Manager at');
    expect(cardText(card)).toContain('Already decided by Lena Manager at');
    const audited = await refusals(onSlack.current.id);
    expect(audited).toEqual([
      expect.objectContaining({ code: 'CASE.ALREADY_DECIDED', stage: 'decision', action: 'escalate' }),
    ]);
    expect(await refusals(onTeams.current.id)).toEqual(audited.map((x) => ({ ...x, caseId: onTeams.current.id })));
  });

  test("another line manager's click: refused with the same words and audited as NOT_YOUR_TIER on both", async () => {
    const onSlack = await waitingCase();
    const slackText = await slackClick(SLACK_USERS.otherManager, onSlack, onSlack.version);
    const onTeams = await waitingCase();
    const card = await teams.click(TEAMS.otherManager, VERBS.action, {
      action: 'escalate',
      caseId: onTeams.id,
      version: onTeams.version,
    });

    // Omar has no part in the case: both tell him so, and show him nothing of it.
    expect(slackText).toBe(NO_PART_IN_CASE);
    expect(cardText(card)).toContain(NO_PART_IN_CASE);
    expect(cardText(card)).not.toContain(onTeams.number);
    const audited = await refusals(onSlack.id);
    expect(audited).toEqual([
      expect.objectContaining({ code: 'CASE.NOT_YOUR_TIER', stage: 'button', action: 'escalate' }),
    ]);
    expect(await refusals(onTeams.id)).toEqual(audited.map((x) => ({ ...x, caseId: onTeams.id })));
  });
});
