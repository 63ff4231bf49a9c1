import { caseView } from '../../src/app/views/case-view.js';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { dateInLondon, displayDay } from '../../src/cases/dates.js';
import type { Case } from '../../src/cases/index.js';
import { VERBS } from '../../adaptive-cards/card-types.js';
import { caseCard } from '../../adaptive-cards/case.card.js';
import { caseMessage } from '../../src/channels/slack/views/case-message.view.js';
import { startSlackAndTeams, type SlackAndTeams } from '../support/slack-and-teams-harness.js';
import {
  advanceCase,
  decideOnSlack,
  pressForEphemeral,
  reportCase,
  SLACK_USERS,
  type SlackAppHarness,
} from '../support/slack-app-harness.js';
import type { TeamsClient, TeamsUser } from '../support/teams-harness.js';
import { cardErrors } from './teams/card-schema.js';

// Issue 12 §5 on both channels: the approver or the customer experience manager records a
// letter's dispatch from the case card (Slack: button, then a modal; Teams: Action.Execute, then
// the form on the card), re-checked on the server; anyone else is refused alike on both.

const TEAMS: Record<'cxm' | 'chc', TeamsUser> = {
  cxm: { key: 'cora', aadObjectId: '00000000-0000-0000-0000-0000000d0001' },
  chc: { key: 'hugo', aadObjectId: '00000000-0000-0000-0000-0000000d0002' },
};

let both: SlackAndTeams;
let app: SlackAppHarness;
let teams: TeamsClient;

beforeAll(async () => {
  both = await startSlackAndTeams({ 'cora@example.org': TEAMS.cxm, 'hugo@example.org': TEAMS.chc });
  ({ app, teams } = both);
});
afterAll(() => both?.close());

const idOf = async (email: string) => (await app.runtime.services.people.findByEmail(email))!.id;
let customerNo = 0;
/** A case whose warning letter the EDC (Edith) has just approved. */
const warned = async (): Promise<Case> =>
  advanceCase(app, await reportCase(app, `ACC-8${String(++customerNo).padStart(4, '0')}`), 'warning_issued');

const today = () => dateInLondon(new Date());
const cardText = (card: unknown): string => JSON.stringify(card).replace(/\\\\(.)/g, '$1');

test('the case card offers "Record letter dispatch" to the approver and the CXM, on both channels, and not to the CHC', async () => {
  const kase = await warned();
  const people = app.runtime.services.people;
  const now = new Date();
  for (const [email, offered] of [
    ['edith@example.org', true],
    ['cora@example.org', true],
    ['hugo@example.org', false],
  ] as const) {
    const view = caseView(kase, (await resolveActor(people, await idOf(email), now))!, [])!;
    expect([email, view.actions.some((a) => a.action === 'record_dispatch')]).toEqual([email, offered]);
    expect(JSON.stringify(caseMessage(view).blocks).includes('lcp_action:record_dispatch')).toBe(offered);
    const card = caseCard(view);
    expect(cardErrors(card)).toEqual([]);
    expect(JSON.stringify(card).includes('"action":"record_dispatch"')).toBe(offered);
    // Everyone with the whole case sees where each letter stands.
    expect(view.facts).toContainEqual({ label: 'Letters', value: expect.stringMatching(/dispatch not recorded/) });
  }
});

test('Slack: the approver records the warning letter as posted from a modal; the card then shows it', async () => {
  const kase = await warned();
  await decideOnSlack(
    app,
    SLACK_USERS.edc,
    'record_dispatch',
    { letter: '0', method: 'posted', dispatched_on: today() },
    undefined,
    kase,
  );
  const after = (await app.runtime.services.cases.findById(kase.id))!;
  expect(after.letters[0]!.dispatch).toMatchObject({
    method: 'posted',
    on: today(),
    recordedBy: { name: 'Edith Director', onBehalfOf: null },
  });
  const events = await app.runtime.services.cases.events(kase.id);
  expect(events.at(-1)).toMatchObject({ action: 'record_dispatch', data: { letterIndex: 0, method: 'posted' } });
  const view = caseView(
    after,
    (await resolveActor(app.runtime.services.people, await idOf('cora@example.org'), new Date()))!,
    [],
  )!;
  expect(view.actions.map((a) => a.action)).not.toContain('record_dispatch');
  expect(view.facts.find((f) => f.label === 'Letters')!.value).toMatch(
    new RegExp(
      `Warning letter of \\d{1,2} \\w{3} \\d{4}: posted ${displayDay(today())} \\(recorded by Edith Director\\)`,
    ),
  );
});

test('Teams: the CXM records the warning letter as handed over from the card form (Action.Execute)', async () => {
  const kase = await warned();
  const form = await teams.click(TEAMS.cxm, VERBS.action, {
    action: 'record_dispatch',
    caseId: kase.id,
    version: kase.version,
  });
  expect(cardText(form)).toContain('How it reached the customer');
  expect(cardText(form)).toContain('Handed over');
  // No e-mail option: e-mail dispatch is not set up on this server.
  expect(cardText(form)).not.toContain('E-mail it now');
  const done = await teams.click(TEAMS.cxm, VERBS.decide, {
    action: 'record_dispatch',
    caseId: kase.id,
    version: kase.version,
    letter: '0',
    method: 'handed_over',
    dispatched_on: today(),
  });
  expect(cardErrors(done)).toEqual([]);
  const after = (await app.runtime.services.cases.findById(kase.id))!;
  expect(after.letters[0]!.dispatch).toMatchObject({ method: 'handed_over', recordedBy: { name: 'Cora Experience' } });
});

test('a date in the future is shown beside the date field on Teams, and nothing is recorded', async () => {
  const kase = await warned();
  const card = await teams.click(TEAMS.cxm, VERBS.decide, {
    action: 'record_dispatch',
    caseId: kase.id,
    version: kase.version,
    letter: '0',
    method: 'posted',
    dispatched_on: '2099-01-01',
  });
  expect(cardText(card)).toContain('The dispatch date cannot be in the future.');
  expect((await app.runtime.services.cases.findById(kase.id))!.letters[0]!.dispatch).toBeNull();
});

test('the CHC (neither approver nor CXM) is refused on both channels and the refusal is audited', async () => {
  const onSlack = await warned();
  const slackText = await pressForEphemeral(app, SLACK_USERS.chc, 'record_dispatch', onSlack);
  expect(slackText).toMatch(/approver of the letter or the customer experience manager/);

  const onTeams = await warned();
  const card = await teams.click(TEAMS.chc, VERBS.action, {
    action: 'record_dispatch',
    caseId: onTeams.id,
    version: onTeams.version,
  });
  expect(cardText(card)).toContain(slackText);
  for (const kase of [onSlack, onTeams]) {
    expect(await app.runtime.services.refusals.forCase(kase.id)).toEqual([
      expect.objectContaining({ code: 'CASE.NOT_YOUR_TIER', stage: 'button', action: 'record_dispatch' }),
    ]);
  }
});
