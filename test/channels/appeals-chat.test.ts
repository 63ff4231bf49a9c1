import { decisionForm } from '../../src/app/forms/decision-form.js';
import { dateInLondon } from '../../src/cases/dates.js';
import type { Case } from '../../src/cases/index.js';
import { contactCheck } from '../../src/customers/contact-check.js';
import { restrictionDates } from '../cases/fixtures.js';
import { slackButtons, teamsButtons } from '../support/chat-buttons.js';
import { stateFor } from './slack/slack-requests.js';
import { chatPeople, slackIdFor, twoPlatforms, type Loose, type TwoPlatforms } from './two-platforms.harness.js';

// Issue 11 §3, appeals in a small organisation: one corporate head and one executive director, who
// both took part in every warning. The appeal goes to an independent appeal reviewer (a director
// outside the customer tiers) on Slack and on Teams; when nobody independent exists, the admins are
// told at once what to do; a "vary" outcome carries the restrictions that now apply.

let h: TwoPlatforms;

beforeAll(async () => {
  h = await twoPlatforms(
    chatPeople({
      reporter: 'slack',
      lm: 'slack',
      cxm: 'both',
      chc: 'both',
      edc: 'both',
      reviewer: 'both',
      admin: 'both',
    }),
  );
});
afterAll(() => h?.close());

/** A case reported by `reporter`, taken to restrictions by the one corporate head and the one executive director. */
const restrictedCase = async (accountRef: string, reporter = 'reporter'): Promise<Case> =>
  h.advance(await h.report(accountRef, {}, reporter), 'restricted');

test('the appeal goes to the independent appeal reviewer on Slack and Teams, not to the seniors who decided; the reviewer varies it on Teams', async () => {
  let kase = await restrictedCase('ACC-APPEAL-1');
  h.clear();
  kase = await h.act(kase, 'cxm', { action: 'receive_appeal', grounds: 'The restrictions are too wide.' });

  const slackNew = h.slackPostsAbout('reviewer', kase);
  expect(slackButtons(slackNew.at(-1)?.args.blocks)).toContain('decide_appeal');
  expect(slackNew.at(-1)!.args.text).toContain('your decision is needed');
  const teamsNew = h.teamsPostsAbout('reviewer', kase);
  expect(teamsButtons(teamsNew.at(-1)?.body ?? {})).toContain('decide_appeal');
  expect(teamsNew.at(-1)!.body.summary).toContain('your decision is needed');
  for (const senior of ['chc', 'edc']) {
    expect(h.slackPostsAbout(senior, kase).flatMap((c) => slackButtons(c.args.blocks))).not.toContain('decide_appeal');
    expect(h.teamsPostsAbout(senior, kase).flatMap((c) => teamsButtons(c.body))).not.toContain('decide_appeal');
  }
  // Somebody independent exists: the admins are not disturbed.
  expect(h.slack.posts(slackIdFor('admin'))).toEqual([]);

  // The form offers "vary" with the restriction fields, and refuses a vary without them.
  const button = { action: 'decide_appeal', caseId: kase.id, version: kase.version };
  const form = JSON.stringify(await h.teamsClick('reviewer', 'lcp_action', button));
  expect(form).toContain('"value":"vary"');
  expect(form).toContain('"id":"restriction_types"');
  const incomplete = JSON.stringify(
    await h.teamsClick('reviewer', 'lcp_decide', { ...button, outcome: 'vary', rationale: 'Partly upheld.' }),
  );
  expect(incomplete).toContain('Needed for a \\"vary\\" outcome.');
  expect((await h.runtime.services.cases.findById(kase.id))!.version).toBe(kase.version);

  const dates = restrictionDates(new Date());
  const done = JSON.stringify(
    await h.teamsClick('reviewer', 'lcp_decide', {
      ...button,
      outcome: 'vary',
      restriction_types: 'witness_required',
      start_date: dates.startDate,
      review_date: dates.reviewDate,
      end_date: dates.endDate,
      witness_role: 'A housing officer',
      proportionality: 'A witness at meetings is enough; letters were too restrictive.',
      adjustments_considered: 'None recorded; the customer was asked.',
      rationale: 'Partly upheld: the letter-only restriction went further than needed.',
    }),
  );
  expect(done).toContain('Appeal decided');
  await h.runtime.notifier.idle();
  const after = (await h.runtime.services.cases.findById(kase.id))!;
  expect(after.state).toBe('restricted');
  expect(after.restrictions?.items.map((i) => i.type)).toEqual(['witness_required']);
  expect(after.restrictions?.proportionality).toContain('A witness at meetings is enough');
  expect(after.appeals[0]!.decision).toMatchObject({
    outcome: 'vary',
    role: 'appeal_reviewer',
    independent: true,
    by: { personId: h.ids.reviewer },
  });
  // The front-line contact check reads the varied set: a witness, and no longer letters only.
  const check = contactCheck([after], dateInLondon(new Date()), new Map());
  expect(check.upcoming?.restrictions).toEqual(['Face to face only with A housing officer present']);
});

test('on Slack the reviewer upholds the appeal from the modal', async () => {
  let kase = await restrictedCase('ACC-APPEAL-2');
  kase = await h.act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Unfair.' });
  h.clear();
  const value = JSON.stringify({ action: 'decide_appeal', caseId: kase.id, version: kase.version });
  expect(await h.slackClick('reviewer', 'lcp_action:decide_appeal', value)).toBe(200);
  for (let i = 0; i < 100 && h.slack.of('views.open').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const modal = h.slack.of('views.open').at(-1)!.args.view as Loose;
  expect(JSON.stringify(modal.blocks)).toContain('restriction_types');
  const values = { outcome: 'uphold', rationale: 'The restrictions are proportionate to the recorded calls.' };
  const answer = await h.slackSubmit(
    'reviewer',
    'lcp_decide',
    stateFor(decisionForm('decide_appeal', kase), values),
    modal.private_metadata,
  );
  expect(answer?.response_action ?? 'clear').toBe('clear');
  await h.runtime.notifier.idle();
  const after = (await h.runtime.services.cases.findById(kase.id))!;
  expect(after.appeals[0]!.decision).toMatchObject({ outcome: 'uphold', role: 'appeal_reviewer' });
});

test('nobody independent (the only appeal reviewer reported the incident): the admins are told at once on Slack and Teams, and the CXM hears it waits', async () => {
  let kase = await restrictedCase('ACC-APPEAL-3', 'reviewer');
  h.clear();
  kase = await h.act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Disproportionate.' });

  const slackAdmin = h.slack.posts(slackIdFor('admin')).map((c) => String(c.args.text));
  expect(slackAdmin).toEqual([expect.stringContaining(`Case ${kase.number}: an appeal has been received`)]);
  expect(slackAdmin[0]).toContain('appeal_reviewer');
  expect(slackAdmin[0]).toContain('lcp directory import FILE');
  expect(slackAdmin[0]).not.toContain('Alex Example');
  const teamsAdmin = h.teamsPosts('admin').map((c) => JSON.stringify(c.body));
  expect(teamsAdmin.some((t) => t.includes('lcp directory import FILE'))).toBe(true);
  expect(
    h.slack
      .posts(slackIdFor('cxm'))
      .some((c) => String(c.args.text).includes('nobody in the directory may decide this appeal yet')),
  ).toBe(true);
  // Nobody got a button they could not use.
  for (const who of ['chc', 'edc', 'reviewer'])
    expect(h.slackPostsAbout(who, kase).flatMap((c) => slackButtons(c.args.blocks))).not.toContain('decide_appeal');
});
