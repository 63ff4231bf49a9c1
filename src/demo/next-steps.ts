import { SWITCH_TEAMS_ON, type TeamsMode } from '../channels/teams/teams-settings.js';

// What `npm start` prints once it listens: where things are and what to do next.
export interface NextStepsInput {
  port: number;
  demo: boolean;
  slack: boolean;
  slackSocketMode: boolean;
  teams: TeamsMode;
  scheduler: boolean;
  directoryFile: string | null;
}

export function nextSteps(input: NextStepsInput): string[] {
  const base = `http://localhost:${input.port}`;
  const lines = [
    '',
    'Limited Contact is running.',
    `  Health:    ${base}/healthz (up)   ${base}/readyz (database and scheduler)`,
    input.teams === 'off'
      ? `  Teams:     off (/api/messages answers 404): ${SWITCH_TEAMS_ON}`
      : `  Teams:     ${base}/api/messages ${input.teams === 'authenticated' ? '(Bot Framework tokens checked)' : '(NOT authenticated: local use only, listening on 127.0.0.1 only)'}`,
    input.slack
      ? `  Slack:     ${input.slackSocketMode ? 'Socket Mode (no public URL needed)' : `${base}/slack/events`}`
      : '  Slack:     off',
    `  Scheduler: ${input.scheduler ? 'on (reminders, reviews, expiry, digests)' : 'off here: run `npm run worker` beside it'}`,
  ];
  if (input.directoryFile) lines.push(`  People:    ${input.directoryFile}`);
  lines.push('', 'Next:');
  // The Playground looks for the bot on the default port unless told otherwise.
  const playground =
    input.port === 3978 ? 'npm run playground' : `npm run playground -- --endpoint ${base}/api/messages`;
  const playgroundAs = (who: string) =>
    input.port === 3978 ? `npm run playground -- --as ${who}` : `${playground} --as ${who}`;
  if (input.teams === 'off') {
    // Nothing to play with in Teams; Slack's set-up follows when it is off too.
  } else if (input.demo) {
    lines.push(
      `  1. In another terminal: \`${playground}\` opens the Microsoft 365 Agents Playground (a local Teams`,
      '     stand-in) on http://localhost:56150 as Aisha Begum, colleague. Type "report" to report an incident.',
      `  2. Switch user to decide each tier: stop it (Ctrl+C) and run \`${playgroundAs('tom')}\``,
      '     (line manager), then hannah (CXM), daniel (CHC), priya (EDC), gareth (admin); type "approvals".',
    );
  } else {
    lines.push(`  1. \`${playgroundAs('<name>')}\` drives the bot as a directory person with a Teams id.`);
  }
  if (!input.slack) {
    lines.push(
      '  3. Slack: create an app from manifest/slack/manifest.yaml, then set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN',
      '     (and SLACK_APP_TOKEN for Socket Mode without a public URL); put your Slack user ids in a copy of',
      '     demo/people.csv and name it in LCP_DIRECTORY. See .env.example and README.md.',
    );
  }
  lines.push('  Stop with Ctrl+C; the data stays under LCP_DATA_DIR (./.data) for the next run.', '');
  return lines;
}
