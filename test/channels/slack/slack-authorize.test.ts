import { openTestDatabase, type TestDatabase } from '../../support/database/test-database.js';
import { SLACK_USERS, startSlackAppHarness, type SlackAppHarness } from '../../support/slack-app-harness.js';
import { slashCommandBody } from './slack-requests.js';

// The bot's identity is asked of Slack once, not before every request: Bolt's own authorization
// with start-up verification off calls auth.test ahead of each acknowledgement.

let db: TestDatabase;
let app: SlackAppHarness;
beforeAll(async () => {
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

test('auth.test is called once for many requests, and not at start-up', async () => {
  expect(app.api.of('auth.test')).toHaveLength(0);
  for (let i = 0; i < 5; i += 1) {
    const answer = await app.post(slashCommandBody(SLACK_USERS.reporter, 'help'));
    expect(answer.status).toBe(200);
  }
  expect(app.api.of('auth.test')).toHaveLength(1);
});
