import { reportIncident } from '../../src/app/report-incident.js';
import type { Case } from '../../src/cases/index.js';
import { reportInput } from '../app/case-services.fixture.js';
import { continuedSinceWarning, restrictionItems, restrictionDates, validCommand } from '../cases/fixtures.js';
import { slackButtons, teamsButtons } from '../support/chat-buttons.js';
import { chatPeople, slackIdFor, twoPlatforms, type TwoPlatforms } from './two-platforms.harness.js';

// Issue 11 §1: whoever's decision becomes needed gets a NEW message (Slack chat.postMessage in
// their direct message, a new activity in their Teams personal chat) with the buttons they may use
// now. Redraws (chat.update, updateActivity) notify nobody, so they never count as telling someone.
// The executive director is on both platforms, so each path is checked on Slack and on Teams.

let h: TwoPlatforms;

beforeAll(async () => {
  h = await twoPlatforms(chatPeople({ reporter: 'both', lm: 'slack', cxm: 'slack', chc: 'both', edc: 'both' }));
});
afterAll(() => h?.close());

/** The corporate head proposes a warning (the payload every workflow test uses). */
const warning = (kase: Case) => validCommand('propose_warning', kase);

/** The executive director got a new message on both platforms offering `action`, saying their decision is needed. */
function expectToldOnBoth(kase: Case, action: string): void {
  const slackNew = h.slackPostsAbout('edc', kase);
  expect(slackNew.length).toBeGreaterThan(0);
  expect(slackButtons(slackNew.at(-1)!.args.blocks)).toContain(action);
  expect(slackNew.at(-1)!.args.text).toContain('your decision is needed');

  const teamsNew = h.teamsPostsAbout('edc', kase);
  expect(teamsNew.length).toBeGreaterThan(0);
  expect(teamsButtons(teamsNew.at(-1)!.body)).toContain(action);
  expect(teamsNew.at(-1)!.body.summary).toContain('your decision is needed');
}

test('a flag marker proposed at tier 2, then a warning proposed at tier 3: the EDC is told each time on Slack and Teams', async () => {
  let kase = await h.advance(await h.report('ACC-TOLD-1'), 'cxm_review');
  h.clear();
  kase = await h.act(kase, 'cxm', {
    action: 'escalate',
    rationale: 'A pattern',
    riskAssessment: { outcome: 'not_needed' },
    proposeFlagMarker: { reason: 'Colleagues should be warned before calling back.' },
  });
  expectToldOnBoth(kase, 'approve_flag_marker');

  h.clear();
  kase = await h.act(kase, 'chc', warning(kase));
  expect(kase.state).toBe('edc_warning_approval');
  // Her earlier card is redrawn too, and she also gets a new message with the approve button.
  expect(h.slack.of('chat.update').some((c) => c.args.channel === `D-${slackIdFor('edc')}`)).toBe(true);
  expect(h.teams.some((c) => c.method === 'PUT' && c.conversationId === 'a:chat-edc')).toBe(true);
  expectToldOnBoth(kase, 'approve_warning');
});

test('a warning issued, a further report, restrictions proposed: the EDC is told on Slack and Teams', async () => {
  let kase = await h.advance(await h.report('ACC-TOLD-2'), 'warning_issued');
  expect(kase.state).toBe('warning_issued');

  // A further report: the corporate head's decision is needed again, so they get a new card.
  h.clear();
  kase = await h.report('ACC-TOLD-2', { description: 'Swore at the adviser again.' });
  expect(slackButtons(h.slack.posts(slackIdFor('chc')).at(-1)?.args.blocks)).toContain('propose_restrictions');
  expect(teamsButtons(h.teamsPosts('chc').at(-1)?.body ?? {})).toContain('propose_restrictions');

  h.clear();
  kase = await h.act(kase, 'chc', {
    action: 'propose_restrictions',
    ...continuedSinceWarning(kase),
    rationale: 'Behaviour continued after the warning.',
    restrictions: restrictionItems(restrictionDates(new Date())),
    proportionality: 'Letters keep the complaint moving.',
  });
  expect(kase.state).toBe('edc_restriction_approval');
  expectToldOnBoth(kase, 'approve_restrictions');
});

test('"your decision is needed" only to people the case waits on; a neutral line to everyone else', async () => {
  let kase = await h.advance(await h.report('ACC-TOLD-3'), 'chc_review');
  h.clear();
  kase = await h.act(kase, 'chc', warning(kase));

  // Redraws for the line manager, the CXM and the corporate head (who already decided): neutral.
  const updates = h.slack.of('chat.update').filter((c) => JSON.stringify(c.args.blocks).includes(kase.number));
  for (const who of ['lm', 'cxm', 'chc']) {
    const mine = updates.filter((c) => c.args.channel === `D-${slackIdFor(who)}`);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      expect(c.args.text).not.toContain('your decision is needed');
      expect(c.args.text).toBe(`Case ${kase.number} is now with the executive director of customers`);
    }
  }
  const chcTeams = h.teams.filter((c) => c.method === 'PUT' && c.conversationId === 'a:chat-chc');
  expect(chcTeams.length).toBeGreaterThan(0);
  for (const c of chcTeams)
    expect(c.body.summary).toBe(`Case ${kase.number} is now with the executive director of customers`);
  // The corporate head may still record police action (a button), but nothing waits on them.
  expect(teamsButtons(chcTeams.at(-1)!.body)).toContain('record_police_or_legal_action');
});

test('issue 11 §2: the corporate head closes with no further action from the card (Slack and Teams); the reporter is told; a later report opens a new case', async () => {
  let kase = await h.advance(await h.report('ACC-TOLD-NFA'), 'cxm_review');
  h.clear();
  kase = await h.advance(kase, 'chc_review');
  // The corporate head's new card offers the close on both platforms.
  expect(slackButtons(h.slackPostsAbout('chc', kase)[0]?.args.blocks)).toContain('close_no_further_action');
  expect(teamsButtons(h.teamsPostsAbout('chc', kase)[0]?.body ?? {})).toContain('close_no_further_action');
  const form = await h.teamsClick('chc', 'lcp_action', {
    action: 'close_no_further_action',
    caseId: kase.id,
    version: kase.version,
  });
  expect(JSON.stringify(form)).toContain('"id":"rationale"');
  const done = await h.teamsClick('chc', 'lcp_decide', {
    action: 'close_no_further_action',
    caseId: kase.id,
    version: kase.version,
    rationale: 'An isolated call on a bad day; nothing further is needed.',
  });
  expect(JSON.stringify(done)).toContain('Closed with no further action: your decision is recorded.');
  await h.runtime.notifier.idle();

  const closed = (await h.runtime.services.cases.findById(kase.id))!;
  expect(closed.closure?.reason).toBe('no_further_action');
  expect((await h.runtime.services.cases.events(kase.id)).at(-1)).toMatchObject({
    action: 'close_no_further_action',
    rationale: 'An isolated call on a bad day; nothing further is needed.',
  });
  expect(
    h.slack
      .posts(slackIdFor('reporter'))
      .some((c) => String(c.args.text).includes(`Case ${kase.number} is closed: closed with no further action`)),
  ).toBe(true);

  const later = await reportIncident(h.runtime.services, {
    reporterPersonId: h.ids.reporter!,
    report: reportInput({ customerAccountRef: 'ACC-TOLD-NFA' }),
  });
  expect(later.ok && later.attached).toBe(false);
  expect(later.ok && later.case.id).not.toBe(kase.id);
  await h.runtime.notifier.idle();
});
