import { decideCase } from '../../src/app/decide-case.js';
import { NO_PART_IN_CASE } from '../../src/app/prepare-decision.js';
import { slackButtons, teamsButtons } from '../support/chat-buttons.js';
import { chatPeople, twoPlatforms, type TwoPlatforms } from './two-platforms.harness.js';

// Issue 11 §4 in chat, on Slack and on Teams: a case whose line manager is named as affected goes
// to the customer experience manager, who gets a new message with the buttons; a colleague with no
// part in a case who presses a button on a forwarded card is told they cannot act on it.

let h: TwoPlatforms;

beforeAll(async () => {
  h = await twoPlatforms(chatPeople({ reporter: 'slack', lm: 'both', cxm: 'both', outsider: 'both' }));
});
afterAll(() => h?.close());

test('the line manager is named as affected: the customer experience manager is told on Slack and Teams and may decide; the manager gets no buttons', async () => {
  h.clear();
  const kase = await h.report('ACC-OWN-1', { affectedColleagueEmails: ['lena@example.org'] });
  const slackCard = h.slackPostsAbout('cxm', kase)[0];
  expect(slackButtons(slackCard?.args.blocks)).toContain('escalate');
  expect(slackCard?.args.text).toContain('your decision is needed');
  const teamsCard = h.teamsPostsAbout('cxm', kase)[0];
  expect(teamsButtons(teamsCard?.body ?? {})).toContain('escalate');
  // Nothing is sent to the affected manager to decide.
  expect(h.slackPostsAbout('lm', kase)).toEqual([]);
  expect(h.teamsPosts('lm')).toEqual([]);

  // Pressing the button (on Teams) opens the form for the CXM; the manager is refused, with the reason.
  const form = await h.teamsClick('cxm', 'lcp_action', { action: 'escalate', caseId: kase.id, version: kase.version });
  expect(JSON.stringify(form)).toContain('safe_to_continue');
  const refused = await h.teamsClick('lm', 'lcp_action', {
    action: 'escalate',
    caseId: kase.id,
    version: kase.version,
  });
  expect(JSON.stringify(refused)).toContain('named as affected');
});

test('a forwarded card pressed by a colleague with no part: told they cannot act on this case, on Slack and on Teams; audited', async () => {
  const kase = await h.report('ACC-OWN-2');
  const button = { action: 'escalate', caseId: kase.id, version: kase.version };

  h.clear();
  expect(await h.slackClick('outsider', 'lcp_action:escalate', JSON.stringify(button))).toBe(200);
  await waitFor(() => h.slack.of('chat.postEphemeral').length > 0);
  expect(h.slack.of('chat.postEphemeral')[0]!.args.text).toBe(NO_PART_IN_CASE);
  expect(h.slack.of('views.open')).toEqual([]);

  const teams = await h.teamsClick('outsider', 'lcp_action', button);
  expect(JSON.stringify(teams)).toContain(NO_PART_IN_CASE);
  expect(JSON.stringify(teams)).not.toContain('There is no case with that number');

  // Also on a stale card: nobody with no part is told who decided.
  const escalated = await decideCase(h.runtime.services, {
    caseId: kase.id,
    actorPersonId: h.ids.lm!,
    command: {
      action: 'escalate',
      rationale: 'r',
      colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
    },
  });
  expect(escalated.ok).toBe(true);
  const stale = await h.teamsClick('outsider', 'lcp_action', button);
  expect(JSON.stringify(stale)).toContain(NO_PART_IN_CASE);
  expect(JSON.stringify(stale)).not.toContain('Lena');

  const audited = await h.runtime.services.refusals.forCase(kase.id);
  expect(audited.filter((a) => a.actor.personId === h.ids.outsider).length).toBeGreaterThanOrEqual(3);
});

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a stand-in sees the cases they may act on in /lcp approvals (Slack) and approvals (Teams); the affected manager does not', async () => {
  const kase = await h.report('ACC-OWN-APPROVALS', { affectedColleagueEmails: ['lena@example.org'] });
  expect(JSON.stringify(await h.slackCommand('cxm', 'approvals'))).toContain(kase.number);
  const teamsReplies = await h.teamsMessage('cxm', 'approvals');
  expect(JSON.stringify(teamsReplies.map((c) => c.body))).toContain(kase.number);
  expect(JSON.stringify(await h.slackCommand('lm', 'approvals'))).not.toContain(kase.number);
});
