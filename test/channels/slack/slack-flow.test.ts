import { NO_PART_IN_CASE } from '../../../src/app/prepare-decision.js';
import { decisionForm } from '../../../src/app/forms/decision-form.js';
import type { FormValues } from '../../../src/app/forms/form-types.js';
import { reportForm } from '../../../src/app/forms/report-form.js';
import type { Case } from '../../../src/cases/index.js';
import type { ActionId } from '../../../src/policy/index.js';
import type { Runtime } from '../../../src/runtime.js';
import type { TestDatabase } from '../../support/database/test-database.js';
import {
  decideOnSlack,
  SLACK_SECRET,
  SLACK_USERS,
  startSlackAppOnOwnDatabase,
  submitSlackReport,
  type SlackAppOnOwnDatabase,
} from '../../support/slack-app-harness.js';
import type { FakeSlackApi } from './fake-slack-api.js';
import { slashCommand } from './slash-command.js';
import {
  blockActionPayload,
  interactionBody,
  slackHeaders,
  slashCommandBody,
  stateFor,
  viewSubmissionPayload,
} from './slack-requests.js';

const SECRET = SLACK_SECRET;
const SLACK = SLACK_USERS;

let app: SlackAppOnOwnDatabase;
let db: TestDatabase;
let api: FakeSlackApi;
let runtime: Runtime;

beforeEach(async () => {
  app = await startSlackAppOnOwnDatabase();
  ({ api, runtime, db } = app);
});
afterEach(() => app.close());

const post = (body: string, headers?: Record<string, string>) => app.post(body, headers);
/** Bolt answers Slack first and finishes the listener afterwards: wait for the Web API calls. */
const until = (predicate: () => boolean, what: string, timeoutMs?: number) => app.until(predicate, what, timeoutMs);

const REPORT: FormValues = {
  customer_account_ref: 'ACC-10001',
  customer_name: 'Alex Example',
  occurred_at: '2026-11-27T09:15:00.000Z',
  channel: 'telephone',
  behaviours: ['unacceptable_language:insulting'],
  description: 'Called the colleague useless <!channel> and shouted for ten minutes.',
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

const submitReport = (user: string = SLACK.reporter, viewId = 'VREPORT1', values = REPORT) =>
  submitSlackReport(app, user, values, viewId);

async function onlyCase(): Promise<Case> {
  const [kase] = await runtime.services.cases.listByStates([
    'line_manager_review',
    'cxm_review',
    'chc_review',
    'edc_warning_approval',
    'warning_issued',
    'closed',
  ]);
  if (!kase) throw new Error('no case');
  return kase;
}

/** Clicks the decision button on the case as `user` and submits the form it opens, with Slack's calls before it cleared. */
async function decide(user: string, action: ActionId, values: FormValues, viewId: string): Promise<unknown> {
  const kase = await onlyCase();
  api.clear();
  return decideOnSlack(app, user, action, values, viewId, kase);
}

const texts = (method: string, channel?: string) =>
  api
    .of(method)
    .filter((c) => !channel || c.args.channel === channel)
    .map((c) => String(c.args.text));

describe('Slack over signed HTTP requests, exactly as Slack sends them', () => {
  test("/lcp opens the report modal with the policy's fields", async () => {
    const res = await post(slashCommandBody(SLACK.reporter, ''));
    expect(res.status).toBe(200);
    await until(() => api.of('views.open').length > 0, 'views.open');
    const [open] = api.of('views.open');
    const view = open!.args.view as { callback_id: string; blocks: { block_id?: string }[] };
    expect(view.callback_id).toBe('lcp_report');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(reportForm().fields.map((f) => f.id));
  });

  test('from /lcp through all four tiers to an issued warning', async () => {
    expect((await submitReport()).json).toEqual({ response_action: 'clear' });
    await runtime.notifier.idle();
    expect(texts('chat.postMessage', SLACK.reporter)).toContain(
      'Thank you. Your report is case LCP-2026-0001. Your line manager has been asked to review it; you will hear the outcome.',
    );
    const lmCard = api.of('chat.postMessage').find((c) => c.args.channel === SLACK.lineManager)!;
    expect(JSON.stringify(lmCard.args.blocks)).toContain('lcp_action:escalate');
    // Text typed by the reporter is escaped: no channel-wide ping can be slipped in.
    expect(JSON.stringify(lmCard.args.blocks)).not.toContain('<!channel>');

    expect(
      await decide(
        SLACK.lineManager,
        'escalate',
        { safe_to_continue: 'yes', support_offered: 'Debrief and a break', rationale: 'Third abusive call.' },
        'V1',
      ),
    ).toEqual({ response_action: 'clear' });
    // The line manager's card is redrawn without buttons, saying who decided; the CXM gets theirs.
    const redrawn = api.of('chat.update').map((c) => JSON.stringify(c.args.blocks));
    expect(redrawn.some((b) => b.includes('Escalated by Lena Manager') && !b.includes('lcp_action:'))).toBe(true);
    expect(api.of('chat.postMessage').some((c) => c.args.channel === SLACK.cxm)).toBe(true);

    expect(
      await decide(SLACK.cxm, 'escalate', { risk_assessment: 'not_needed', rationale: 'Pattern of abuse.' }, 'V2'),
    ).toEqual({ response_action: 'clear' });
    expect(
      await decide(
        SLACK.chc,
        'propose_warning',
        {
          complaint_reference: 'CMP-501',
          complaint_status: 'being_investigated',
          adjustments_considered: 'None recorded; none requested.',
          behaviours: ['unacceptable_language:insulting'],
          examples: 'Called a colleague useless.',
          rationale: 'Continued despite informal words.',
        },
        'V3',
      ),
    ).toEqual({ response_action: 'clear' });
    expect(await decide(SLACK.edc, 'approve_warning', { rationale: 'Proportionate and necessary.' }, 'V4')).toEqual({
      response_action: 'clear',
    });

    const kase = await onlyCase();
    expect(kase.state).toBe('warning_issued');
    expect(kase.letters.map((l) => l.kind)).toEqual(['warning']);
    expect(
      texts('chat.postMessage', SLACK.reporter).some(
        (t) => t.includes('LCP-2026-0001') && t.includes('warning letter'),
      ),
    ).toBe(true);
  });

  test('a click by a colleague with no part in the case: told they cannot act on it, and nothing changes', async () => {
    await submitReport();
    const kase = await onlyCase();
    api.clear();
    await post(
      interactionBody(
        blockActionPayload(
          SLACK.otherManager,
          'lcp_action:escalate',
          JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version }),
        ),
      ),
    );
    await until(() => api.of('chat.postEphemeral').length > 0, 'chat.postEphemeral');
    expect(api.of('views.open')).toHaveLength(0);
    expect(texts('chat.postEphemeral')).toEqual([NO_PART_IN_CASE]);
    expect((await onlyCase()).version).toBe(kase.version);
  });

  test('a click on an out-of-date card gets "already decided by X at T"', async () => {
    await submitReport();
    const stale = await onlyCase();
    await decide(
      SLACK.lineManager,
      'escalate',
      { safe_to_continue: 'yes', support_offered: 'Debrief', rationale: 'Escalate.' },
      'V1',
    );
    api.clear();
    await post(
      interactionBody(
        blockActionPayload(
          SLACK.lineManager,
          'lcp_action:escalate',
          JSON.stringify({ action: 'escalate', caseId: stale.id, version: stale.version }),
        ),
      ),
    );
    await until(() => api.of('chat.postEphemeral').length > 0, 'chat.postEphemeral');
    expect(texts('chat.postEphemeral')[0]).toMatch(/^Already decided by Lena Manager at /);
  });

  test('a retried submission and a double click create one case, one decision and one set of messages', async () => {
    await Promise.all([submitReport(SLACK.reporter, 'VSAME'), submitReport(SLACK.reporter, 'VSAME')]);
    const retryBody = interactionBody(
      viewSubmissionPayload(SLACK.reporter, 'lcp_report', 'VSAME', stateFor(reportForm(), REPORT)),
    );
    await post(
      retryBody,
      slackHeaders(retryBody, SECRET, undefined, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }),
    );
    await runtime.notifier.idle();
    const kase = await onlyCase();
    expect(kase.reports).toHaveLength(1);
    expect(texts('chat.postMessage', SLACK.reporter).filter((t) => t.startsWith('Thank you'))).toHaveLength(1);

    const value = JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version });
    const form = decisionForm('escalate', kase);
    const metadata = JSON.stringify({ action: 'escalate', caseId: kase.id, version: kase.version });
    await post(interactionBody(blockActionPayload(SLACK.lineManager, 'lcp_action:escalate', value)));
    await until(() => api.of('views.open').length > 0, 'views.open');
    const submit = () =>
      post(
        interactionBody(
          viewSubmissionPayload(
            SLACK.lineManager,
            'lcp_decide',
            'VDEC',
            stateFor(form, { safe_to_continue: 'yes', support_offered: 'Debrief', rationale: 'Go.' }),
            metadata,
          ),
        ),
      );
    const answers = await Promise.all([submit(), submit()]);
    await runtime.notifier.idle();
    expect(answers.map((a) => a.json)).toContainEqual({ response_action: 'clear' });
    expect(await runtime.services.cases.events(kase.id)).toHaveLength(2);
    expect(api.of('chat.postMessage').filter((c) => c.args.channel === SLACK.cxm)).toHaveLength(1);
  });

  test('invalid fields are shown in the modal, keyed by field, and nothing is stored', async () => {
    const res = await submitReport(SLACK.reporter, 'VBAD', {
      ...REPORT,
      customer_account_ref: '',
      description: '',
      threatened_or_hurt: undefined,
    });
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: {
        customer_account_ref: expect.any(String),
        description: expect.any(String),
        threatened_or_hurt: 'Say whether anyone was threatened or hurt.',
      },
    });
    expect(await runtime.services.cases.listByStates(['line_manager_review'])).toHaveLength(0);
  });

  test('forged and stale signatures get 401 and nothing is stored', async () => {
    const body = interactionBody(
      viewSubmissionPayload(SLACK.reporter, 'lcp_report', 'VFORGED', stateFor(reportForm(), REPORT)),
    );
    expect((await post(body, slackHeaders(body, 'not-the-secret'))).status).toBe(401);
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect((await post(body, slackHeaders(body, SECRET, anHourAgo))).status).toBe(401);
    expect(await db.connection.collection('cases').countDocuments()).toBe(0);
    expect(await db.connection.collection('idempotency_receipts').countDocuments()).toBe(0);
  });

  test('/lcp case shows a case only to those allowed to see it; anyone else gets "not found"', async () => {
    await submitReport();
    const allowed = await slashCommand(api, post, SLACK.lineManager, 'case LCP-2026-0001');
    expect(JSON.stringify(allowed.json)).toContain('LCP-2026-0001');
    const outsider = await slashCommand(api, post, SLACK.otherManager, 'case LCP-2026-0001');
    expect(outsider.json).toMatchObject({ text: 'Case LCP-2026-0001 was not found.' });
  });

  test('/lcp approvals, /lcp cases, /lcp delegate and help', async () => {
    await submitReport();
    expect(JSON.stringify((await slashCommand(api, post, SLACK.lineManager, 'approvals')).json)).toContain(
      'LCP-2026-0001',
    );
    expect(JSON.stringify((await slashCommand(api, post, SLACK.reporter, 'cases')).json)).toContain('LCP-2026-0001');
    // At most 31 days at a time (issue 11 §4): a far date is refused, a near one is taken.
    const tooLong = await slashCommand(
      api,
      post,
      SLACK.lineManager,
      `delegate <@${SLACK.otherManager}|omar> until 2099-12-24`,
    );
    expect(JSON.stringify(tooLong.json)).toContain('A deputy can be named for at most 31 days at a time');
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const delegated = await slashCommand(
      api,
      post,
      SLACK.lineManager,
      `delegate <@${SLACK.otherManager}|omar> until ${soon}`,
    );
    expect(JSON.stringify(delegated.json)).toContain('Omar Manager can now decide for you');
    expect(JSON.stringify((await slashCommand(api, post, SLACK.otherManager, 'approvals')).json)).toContain(
      'LCP-2026-0001',
    );
    expect(JSON.stringify((await slashCommand(api, post, SLACK.reporter, 'what')).json)).toContain('/lcp approvals');
  });

  test('App Home is a work queue: awaiting my decision, my reports, and reviews due for the corporate head', async () => {
    await submitReport();
    await runtime.notifier.idle();
    const event = (user: string) =>
      JSON.stringify({
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `Ev${user}`,
        event_time: 1,
        event: { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.0' },
      });
    const send = (user: string) => {
      const body = event(user);
      return post(body, { ...slackHeaders(body, SECRET), 'content-type': 'application/json' });
    };
    await send(SLACK.lineManager);
    await send(SLACK.chc);
    await until(() => api.of('views.publish').length === 2, 'views.publish');
    const home = (user: string) =>
      JSON.stringify(api.of('views.publish').find((c) => c.args.user_id === user)!.args.view);
    expect(home(SLACK.lineManager)).toContain('LCP-2026-0001');
    expect(home(SLACK.lineManager)).toContain('Awaiting your decision');
    expect(home(SLACK.lineManager)).not.toContain('Reviews due');
    expect(home(SLACK.chc)).toContain('Reviews due');
  });
});
