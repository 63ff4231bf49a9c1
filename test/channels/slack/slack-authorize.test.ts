import {
  SLACK_USERS,
  startSlackAppOnOwnDatabase,
  type SlackAppOnOwnDatabase,
} from '../../support/slack-app-harness.js';
import { slashCommandBody } from './slack-requests.js';

// The bot's identity is asked of Slack once, not before every request: Bolt's own authorization
// with start-up verification off calls auth.test ahead of each acknowledgement.

let app: SlackAppOnOwnDatabase;
beforeAll(async () => (app = await startSlackAppOnOwnDatabase()));
afterAll(() => app.close());

test('auth.test is called once for many requests, and not at start-up', async () => {
  expect(app.api.of('auth.test')).toHaveLength(0);
  for (let i = 0; i < 5; i += 1) {
    const answer = await app.post(slashCommandBody(SLACK_USERS.reporter, 'help'));
    expect(answer.status).toBe(200);
  }
  expect(app.api.of('auth.test')).toHaveLength(1);
});
