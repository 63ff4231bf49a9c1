import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { startChildApp, type ChildApp } from './child-app.js';
import { SECRET, seed, until } from './operations.fixture.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';

// SIGTERM while a reminder is being sent: the process stops accepting connections at once, lets
// the running job finish (its Slack call answered, the reminder recorded as sent), then closes
// the database and exits 0.

const TIMEOUT_MS = 90_000;
// A Tuesday morning in London; the case below was reported the Wednesday before, so its line
// manager's deadline (2 working days) has passed and reminders are due.
const NOW = '2026-12-08T10:00:00Z';

let db: TestDatabase;
let slack: FakeSlackApi;
let app: ChildApp | null = null;

beforeEach(async () => {
  db = await openTestDatabase();
  slack = new FakeSlackApi();
});
afterEach(async () => {
  await app?.stop('SIGKILL');
  await slack.stop();
  await db.close();
});

test(
  'SIGTERM: no new requests, the running job drains, then the database is closed',
  async () => {
    const seeder = await seed(db.connection);
    const overdue = await seeder.reportAt(new Date('2026-12-02T10:00:00Z'), 'ACC-50001');
    slack.postDelayMs = 1_500;
    const apiUrl = await slack.start();
    app = startChildApp({
      MONGODB_URI: db.uri,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-operations',
      SLACK_API_URL: apiUrl,
      LCP_CLOCK: NOW,
      LCP_SWEEP_EVERY_SECONDS: '1',
    });
    const port = await app.listening();
    const exitedAt = app.exited.then(() => Date.now());

    // A reminder is on its way to Slack and not yet answered: stop now.
    await until(() => slack.posts().length > slack.answered.length, 'a chat.postMessage in flight', 30_000);
    const inFlight = slack.posts().length;
    app.child.kill('SIGTERM');
    await app.waitFor('SIGTERM: stopping: no new requests', 5_000);
    await until(
      async () =>
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => false,
          () => true,
        ),
      'the port to refuse connections',
      5_000,
    );

    expect(await app.exited).toBe(0);
    const exitTime = await exitedAt;
    app = null;

    // Every Slack call the app had started was answered before the process went away.
    expect(slack.answered.length).toBe(slack.posts().length);
    expect(slack.posts().length).toBeGreaterThanOrEqual(inFlight);
    expect(Math.max(...slack.answered.map((c) => c.at))).toBeLessThanOrEqual(exitTime);
    // ...and what was sent is recorded as sent, not left claimed for a take-over to send again.
    const reminders = await db.connection.collection('case_reminders').find({}).toArray();
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(
      reminders.map((r) => String(r._id)).some((key) => key.startsWith(`reminder:${overdue.id}:decision_deadline:`)),
    ).toBe(slack.posts().some((c) => String(c.args.text).includes(overdue.number)));
  },
  TIMEOUT_MS,
);

test(
  'the shutdown steps are printed in order: requests, jobs and notifications, database',
  async () => {
    await seed(db.connection);
    const apiUrl = await slack.start();
    app = startChildApp({
      MONGODB_URI: db.uri,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-operations',
      SLACK_API_URL: apiUrl,
    });
    const port = await app.listening();
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await app.stop('SIGTERM')).toBe(0);
    const out = app.stdout();
    const steps = [
      'SIGTERM: stopping: no new requests',
      'SIGTERM: requests finished',
      'SIGTERM: jobs drained, notifications delivered',
      'SIGTERM: database closed',
    ].map((s) => out.indexOf(s));
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    app = null;
  },
  TIMEOUT_MS,
);
