import { decisionForm } from '../../src/app/forms/decision-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import type { Case } from '../../src/cases/index.js';
import type { ActionId } from '../../src/policy/index.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { interactionBody, slackHeaders, stateFor, viewSubmissionPayload } from '../channels/slack/slack-requests.js';
import { startChildApp, type ChildApp } from './child-app.js';
import { SECRET, seed, SLACK, until, type Seeder } from './operations.fixture.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';

// Two app processes (as two replicas behind a load balancer) on one database, both running the
// scheduler, both with Slack on through a local Slack Web API. A stream of decisions goes to both
// at once and reminders fall due while they run: each decision is applied once and each reminder
// is sent once.

const TIMEOUT_MS = 120_000;
/** A Tuesday, 10:00 in London: working hours, so due reminders go out at once. */
const NOW = '2026-12-08T10:00:00Z';
const DECIDED = 8;
const OVERDUE = 4;

let db: TestDatabase;
let slack: FakeSlackApi;
let apps: ChildApp[] = [];

beforeEach(async () => {
  db = await openTestDatabase();
  slack = new FakeSlackApi();
});
afterEach(async () => {
  await Promise.all(apps.map((app) => app.stop('SIGKILL')));
  apps = [];
  await slack.stop();
  await db.close();
});

const answers: string[] = [];
async function post(port: number, body: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    body,
    headers: slackHeaders(body, SECRET),
  });
  answers.push(`${port} ${res.status} ${await res.text()}`);
  return res.status;
}

function decisionBody(user: string, kase: Case, action: ActionId, values: FormValues, viewId: string): string {
  const metadata = JSON.stringify({ action, caseId: kase.id, version: kase.version });
  return interactionBody(
    viewSubmissionPayload(user, 'lcp_decide', viewId, stateFor(decisionForm(action, kase), values), metadata),
  );
}

async function fresh(seeder: Seeder, id: string): Promise<Case> {
  return (await seeder.services.cases.findById(id))!;
}

test(
  'two processes on one database: every decision applied once, every reminder sent once',
  async () => {
    const started = Date.now();
    const seeder = await seed(db.connection);
    // Decided during the test: reported this morning, nothing due yet.
    const decided: Case[] = [];
    for (let i = 0; i < DECIDED; i++)
      decided.push(await seeder.reportAt(new Date('2026-12-08T08:30:00Z'), `ACC-6${String(i).padStart(4, '0')}`));
    // Left alone: reported last Wednesday, the line manager's deadline (Friday) and the second
    // reminder's day (Monday) have passed.
    const overdue: Case[] = [];
    for (let i = 0; i < OVERDUE; i++)
      overdue.push(await seeder.reportAt(new Date('2026-12-02T10:00:00Z'), `ACC-7${String(i).padStart(4, '0')}`));

    const apiUrl = await slack.start();
    const env = {
      MONGODB_URI: db.uri,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-operations',
      SLACK_API_URL: apiUrl,
      LCP_CLOCK: NOW,
      LCP_SWEEP_EVERY_SECONDS: '1',
    };
    apps = [startChildApp(env), startChildApp(env)];
    const ports = await Promise.all(apps.map((app) => app.listening()));

    // Round 1: each line manager decision reaches both processes at once with the same view id,
    // as a Slack retry landing on the other replica would.
    // A stream, not a burst: one case after another, each decision sent to both at once.
    for (const [i, kase] of decided.entries()) {
      const body = decisionBody(
        SLACK.lineManager,
        kase,
        'escalate',
        { safe_to_continue: 'yes', support_offered: 'Debrief', rationale: `Escalating ${i}.` },
        `VLM${i}`,
      );
      const statuses = await Promise.all(ports.map((port) => post(port, body)));
      expect(statuses).toEqual([200, 200]);
    }
    // A decision that took longer than Slack's 3 seconds was answered "not saved yet" and finishes
    // after its answer (the two processes share two cores with the database): wait for it.
    await until(
      async () => (await Promise.all(decided.map((k) => fresh(seeder, k.id)))).every((k) => k.state === 'cxm_review'),
      'round 1 to be saved',
    );
    // Round 2: the CXM clicks twice, on two cards, and each click lands on a different process.
    for (const [i, kase] of decided.entries()) {
      const current = await fresh(seeder, kase.id);
      const bodies = ports.map((_, p) =>
        decisionBody(
          SLACK.cxm,
          current,
          'escalate',
          { risk_assessment: 'not_needed', rationale: `Pattern ${i}.` },
          `VCXM${i}-${p}`,
        ),
      );
      await Promise.all(ports.map((port, p) => post(port, bodies[p]!)));
    }
    await until(
      async () => (await Promise.all(decided.map((k) => fresh(seeder, k.id)))).every((k) => k.state === 'chc_review'),
      'round 2 to be saved',
    );

    // Reminders: the second reminder of each overdue case to the line manager, and the next tier
    // told; the organisation's policy review and equality monitoring reminders too.
    const reminderTo = (channel: string, text: RegExp) =>
      slack.posts(channel).filter((c) => text.test(String(c.args.text)));
    await until(
      () =>
        overdue.every(
          (k) =>
            reminderTo(SLACK.lineManager, new RegExp(`^Reminder 2: your decision on case ${k.number} `)).length > 0 &&
            reminderTo(SLACK.cxm, new RegExp(`^For your information: .*case ${k.number} `)).length > 0,
        ),
      "the overdue cases' reminders",
      30_000,
    );
    // Several more sweeps by both processes: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    for (const kase of overdue) {
      expect([
        kase.number,
        reminderTo(SLACK.lineManager, new RegExp(`^Reminder \\d?:? ?.*case ${kase.number} `)).length,
      ]).toEqual([kase.number, 1]);
      expect([
        kase.number,
        reminderTo(SLACK.cxm, new RegExp(`^For your information: .*case ${kase.number} `)).length,
      ]).toEqual([kase.number, 1]);
      // Reminders are not decisions: the case's trail still holds its report alone.
      expect(await seeder.services.cases.events(kase.id)).toHaveLength(1);
    }
    const reminders = await db.connection.collection('case_reminders').find({}).toArray();
    expect(reminders.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(reminders.filter((r) => String(r.caseId) !== 'null' && overdue.some((k) => k.id === r.caseId))).toHaveLength(
      OVERDUE,
    );
    const organisation = reminders.filter((r) => String(r._id).startsWith('reminder:org:'));
    expect(organisation.map((r) => r.kind).sort()).toEqual(['equality_monitoring', 'policy_review']);
    expect(reminderTo(SLACK.chc, /policy/i)).toHaveLength(1);

    // Decisions: report + two escalations per case, whichever process took each.
    for (const kase of decided) {
      const events = await seeder.services.cases.events(kase.id);
      expect([kase.number, events.map((e) => `${e.action}:${e.to}`)]).toEqual([
        kase.number,
        ['report:line_manager_review', 'escalate:cxm_review', 'escalate:chc_review'],
      ]);
      expect((await fresh(seeder, kase.id)).state).toBe('chc_review');
    }
    // Each tier was messaged once per case: the CXM after round 1, the CHC after round 2.
    await until(
      () => decided.every((k) => slack.posts(SLACK.chc).some((c) => JSON.stringify(c.args).includes(k.number))),
      'the CHC cards',
      15_000,
    );
    for (const kase of decided) {
      const cards = (channel: string) =>
        slack
          .posts(channel)
          .filter(
            (c) =>
              JSON.stringify(c.args).includes(kase.number) &&
              !/^(Reminder|For your information)/.test(String(c.args.text)),
          );
      expect([kase.number, cards(SLACK.cxm).length, cards(SLACK.chc).length]).toEqual([kase.number, 1, 1]);
    }
    // agenda shares one job document per job between the processes, so which one sweeps varies;
    // on FerretDB its lock is not atomic and both may sweep at once (the receipts decide then).
    const sweeps = apps.map((app) => app.stderr().split('scheduler: reminders.decision-deadlines ran').length - 1);
    expect(sweeps[0]! + sweeps[1]!).toBeGreaterThan(0);
    const tally = (what: RegExp) => answers.filter((a) => what.test(a)).length;
    process.stdout.write(
      `answers: ${tally(/"clear"/)} saved, ${tally(/already being handled/)} "already being handled", ${tally(/already decided/i)} "already decided", ${tally(/not answering/)} "not saved in time"\n`,
    );
    process.stdout.write(
      `two processes: ${DECIDED * 4} decision submissions and ${OVERDUE} overdue cases in ${((Date.now() - started) / 1000).toFixed(1)} s; ${slack.posts().length} chat.postMessage calls; deadline sweeps per process: ${sweeps.join(' and ')}\n`,
    );
  },
  TIMEOUT_MS,
);

test(
  'web and worker apart: the web process with LCP_SCHEDULER=off is ready without a scheduler, the worker sends each reminder once',
  async () => {
    const seeder = await seed(db.connection);
    const overdue = await seeder.reportAt(new Date('2026-12-02T10:00:00Z'), 'ACC-80001');
    const apiUrl = await slack.start();
    const env = {
      MONGODB_URI: db.uri,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-operations',
      SLACK_API_URL: apiUrl,
      LCP_CLOCK: NOW,
      LCP_SWEEP_EVERY_SECONDS: '1',
    };
    const web = startChildApp({ ...env, LCP_SCHEDULER: 'off' });
    const worker = startChildApp({ ...env, LOG_LEVEL: 'info' }, 'src/worker.ts');
    apps = [web, worker];
    const port = await web.listening();
    // The lines after "Listening" may arrive in a later chunk of the child's output.
    await until(
      () => web.stdout().includes('Scheduler: off here: run `npm run worker` beside it'),
      'the web process to say the scheduler is off',
      10_000,
    );
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    await until(() => worker.stderr().includes('worker started'), 'the worker', 60_000);

    const reminder = new RegExp(`^Reminder 2: your decision on case ${overdue.number} `);
    await until(
      () => slack.posts(SLACK.lineManager).some((c) => reminder.test(String(c.args.text))),
      'the reminder',
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(slack.posts(SLACK.lineManager).filter((c) => reminder.test(String(c.args.text)))).toHaveLength(1);
    // Only the worker swept.
    expect(web.stderr()).not.toContain('scheduler: reminders.decision-deadlines ran');
    expect(worker.stderr()).toContain('scheduler: reminders.decision-deadlines ran');
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await web.stop('SIGTERM')).toBe(0);
  },
  TIMEOUT_MS,
);
