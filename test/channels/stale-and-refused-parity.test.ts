import type { RefusedAttempt } from '../../src/app/ports.js';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { NO_PART_IN_CASE } from '../../src/app/prepare-decision.js';
import type { Case } from '../../src/cases/index.js';
import { VERBS } from '../../adaptive-cards/card-types.js';
import { startSlackAndTeams, type SlackAndTeams } from '../support/slack-and-teams-harness.js';
import {
  decideOnSlack,
  pressForEphemeral,
  reportCase,
  SLACK_USERS,
  type SlackAppHarness,
} from '../support/slack-app-harness.js';
import type { TeamsClient, TeamsUser } from '../support/teams-harness.js';
import { interactionBody, stateFor, viewSubmissionPayload } from './slack/slack-requests.js';

// Slack and Teams go through the same use cases (prepareDecision when a decision button is
// clicked, submitDecisionForm when its form is sent), so the same stale or refused click is
// answered with the same words and audited alike on both: a stale form with every required field
// filled is ALREADY_DECIDED on both (Teams once retried a bare command and ended unaudited as
// INVALID_COMMAND), and the wrong person's click is NOT_YOUR_TIER on both.

const TEAMS: Record<'lineManager' | 'otherManager', TeamsUser> = {
  lineManager: { key: 'lena', aadObjectId: '00000000-0000-0000-0000-0000000f0001' },
  otherManager: { key: 'omar', aadObjectId: '00000000-0000-0000-0000-0000000f0002' },
};
const ESCALATE = {
  safe_to_continue: 'yes',
  support_offered: 'Debrief with the team leader.',
  rationale: 'Third abusive call this month.',
};

let both: SlackAndTeams;
let app: SlackAppHarness;
let teams: TeamsClient;

beforeAll(async () => {
  both = await startSlackAndTeams({
    'lena@example.org': TEAMS.lineManager,
    'omar@example.org': TEAMS.otherManager,
  });
  ({ app, teams } = both);
});
afterAll(() => both?.close());

let customerNo = 0;
/** A case waiting for its line manager. */
const waitingCase = (): Promise<Case> => reportCase(app, `ACC-7${String(++customerNo).padStart(4, '0')}`);

/** A case the line manager has escalated on Slack: the card drawn at version 1 is now stale. */
async function escalatedCase(): Promise<{ stale: Case; current: Case }> {
  const stale = await waitingCase();
  await decideOnSlack(app, SLACK_USERS.lineManager, 'escalate', ESCALATE, undefined, stale);
  const current = (await app.runtime.services.cases.findById(stale.id))!;
  expect(current.state).toBe('cxm_review');
  return { stale, current };
}

/** What was audited, without the moment it was audited. */
async function refusals(caseId: string): Promise<Omit<RefusedAttempt, 'at'>[]> {
  return (await app.runtime.services.refusals.forCase(caseId)).map(({ at: _at, ...rest }) => rest);
}

/** Every text a Teams card shows, with its Markdown escapes removed. */
const cardText = (card: unknown): string => JSON.stringify(card).replace(/\\\\(.)/g, '$1');

/** The line manager's escalate button on a card drawn at `version`, pressed by `user` on Slack: what Slack shows them. */
const slackClick = (user: string, kase: Case, version: number): Promise<string> =>
  pressForEphemeral(app, user, 'escalate', kase, version);

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
