import { decideCase } from '../../src/app/decide-case.js';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { reportIncident } from '../../src/app/report-incident.js';
import { dateInLondon } from '../../src/cases/dates.js';
import type { Case } from '../../src/cases/index.js';
import { contactCheck } from '../../src/customers/contact-check.js';
import { reportInput } from '../app/case-services.fixture.js';
import { continuedSinceWarning, restrictionDates, restrictionItems } from '../cases/fixtures.js';
import { stateFor } from './slack/slack-requests.js';
import { slackIdFor, twoPlatforms, type Loose, type TwoPlatforms } from './two-platforms.harness.js';

// Issue 11 §3, appeals in a small organisation: one corporate head and one executive director, who
// both took part in every warning. The appeal goes to an independent appeal reviewer (a director
// outside the customer tiers) on Slack and on Teams; when nobody independent exists, the admins are
// told at once what to do; a "vary" outcome carries the restrictions that now apply.

let h: TwoPlatforms;
const both = { slack: true, teams: true };

beforeAll(async () => {
  h = await twoPlatforms([
    {
      key: 'reporter',
      email: 'rita@example.org',
      name: 'Rita Reporter',
      roles: ['colleague'],
      lineManagerEmail: 'lena@example.org',
      slack: true,
    },
    {
      key: 'lm',
      email: 'lena@example.org',
      name: 'Lena Manager',
      roles: ['colleague', 'line_manager'],
      lineManagerEmail: null,
      slack: true,
    },
    {
      key: 'cxm',
      email: 'cora@example.org',
      name: 'Cora Experience',
      roles: ['colleague', 'customer_experience_manager'],
      lineManagerEmail: null,
      ...both,
    },
    {
      key: 'chc',
      email: 'hugo@example.org',
      name: 'Hugo Head',
      roles: ['colleague', 'corporate_head_of_customers'],
      lineManagerEmail: null,
      ...both,
    },
    {
      key: 'edc',
      email: 'edith@example.org',
      name: 'Edith Director',
      roles: ['colleague', 'executive_director_of_customers'],
      lineManagerEmail: null,
      ...both,
    },
    {
      key: 'reviewer',
      email: 'rae@example.org',
      name: 'Rae Reviewer',
      roles: ['colleague', 'appeal_reviewer'],
      lineManagerEmail: 'lena@example.org',
      ...both,
    },
    {
      key: 'admin',
      email: 'ada@example.org',
      name: 'Ada Admin',
      roles: ['colleague', 'admin'],
      lineManagerEmail: null,
      ...both,
    },
  ]);
});
afterAll(() => h?.close());

async function act(kase: Case, who: string, command: Record<string, unknown>): Promise<Case> {
  const result = await decideCase(h.runtime.services, {
    caseId: kase.id,
    actorPersonId: h.ids[who]!,
    command: { expectedVersion: kase.version, ...command },
  });
  if (!result.ok) throw new Error(`${who} ${String(command.action)}: ${result.error.message}`);
  await h.runtime.notifier.idle();
  return result.case;
}

/** A case reported by `reporter`, taken to restrictions by the one corporate head and the one executive director. */
async function restrictedCase(accountRef: string, reporter = 'reporter'): Promise<Case> {
  const opened = await reportIncident(h.runtime.services, {
    reporterPersonId: h.ids[reporter]!,
    report: reportInput({ customerAccountRef: accountRef }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await h.runtime.notifier.idle();
  let kase = await act(opened.case, 'lm', {
    action: 'escalate',
    rationale: 'Repeated abuse',
    colleagueSupport: { safeToContinue: true, supportOffered: 'Debrief' },
  });
  kase = await act(kase, 'cxm', {
    action: 'escalate',
    rationale: 'A pattern',
    riskAssessment: { outcome: 'not_needed' },
  });
  kase = await act(kase, 'chc', {
    action: 'propose_warning',
    rationale: 'A pattern of abuse.',
    complaint: { reference: 'C1', status: 'investigated' },
    adjustmentsConsidered: 'None known.',
    behaviours: [{ criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called them useless.' }],
  });
  kase = await act(kase, 'edc', { action: 'approve_warning', rationale: 'Approved.' });
  kase = await act(kase, 'chc', {
    action: 'propose_restrictions',
    ...continuedSinceWarning(kase),
    rationale: 'Behaviour continued after the warning.',
    restrictions: restrictionItems(restrictionDates(new Date())),
    proportionality: 'Letters keep the complaint moving.',
  });
  return act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
}

const slackButtons = (blocks: Loose): string[] =>
  ((blocks ?? []) as Loose[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Loose[]).map((e) => JSON.parse(e.value).action as string));
const teamsButtons = (activity: Loose): string[] =>
  ((activity.attachments?.[0]?.content?.actions ?? []) as Loose[]).map((a) => a.data?.action as string);

const slackPostsAbout = (key: string, kase: Case) =>
  h.slack.posts(slackIdFor(key)).filter((c) => JSON.stringify(c.args.blocks ?? '').includes(kase.id));
const teamsPostsAbout = (key: string, kase: Case) =>
  h.teamsPosts(key).filter((c) => JSON.stringify(c.body).includes(kase.id));

test('the appeal goes to the independent appeal reviewer on Slack and Teams, not to the seniors who decided; the reviewer varies it on Teams', async () => {
  let kase = await restrictedCase('ACC-APPEAL-1');
  h.clear();
  kase = await act(kase, 'cxm', { action: 'receive_appeal', grounds: 'The restrictions are too wide.' });

  const slackNew = slackPostsAbout('reviewer', kase);
  expect(slackButtons(slackNew.at(-1)?.args.blocks)).toContain('decide_appeal');
  expect(slackNew.at(-1)!.args.text).toContain('your decision is needed');
  const teamsNew = teamsPostsAbout('reviewer', kase);
  expect(teamsButtons(teamsNew.at(-1)?.body ?? {})).toContain('decide_appeal');
  expect(teamsNew.at(-1)!.body.summary).toContain('your decision is needed');
  for (const senior of ['chc', 'edc']) {
    expect(slackPostsAbout(senior, kase).flatMap((c) => slackButtons(c.args.blocks))).not.toContain('decide_appeal');
    expect(teamsPostsAbout(senior, kase).flatMap((c) => teamsButtons(c.body))).not.toContain('decide_appeal');
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
  kase = await act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Unfair.' });
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
  kase = await act(kase, 'cxm', { action: 'receive_appeal', grounds: 'Disproportionate.' });

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
    expect(slackPostsAbout(who, kase).flatMap((c) => slackButtons(c.args.blocks))).not.toContain('decide_appeal');
});
