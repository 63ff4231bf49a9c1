import { TEAMS_MESSAGES_PATH } from '../../src/runtime.js';
import type { TestDatabase } from './database/test-database.js';
import {
  SLACK_PEOPLE,
  startSlackAppOnOwnDatabase,
  type SlackAppHarness,
  type SlackAppOnOwnDatabase,
} from './slack-app-harness.js';
import { FakeTeamsConnector, TeamsClient, type TeamsUser } from './teams-harness.js';

// The Slack app harness (slack-app-harness.ts) on a database of its own, with Teams beside it: the
// connector played by FakeTeamsConnector and a TeamsClient posting to the same server. Everyone in
// SLACK_PEOPLE is on Slack; those named here (by e-mail) are on Teams too and have installed the app.

const SERVICE_URL = 'https://smba.trafficmanager.net/';

export interface SlackAndTeams {
  db: TestDatabase;
  app: SlackAppHarness;
  teams: TeamsClient;
  connector: FakeTeamsConnector;
  close(): Promise<void>;
}

export async function startSlackAndTeams(teamsUsers: Record<string, TeamsUser>): Promise<SlackAndTeams> {
  const connector = new FakeTeamsConnector(SERVICE_URL);
  connector.start();
  let app: SlackAppOnOwnDatabase | undefined;
  const close = async () => {
    await app?.close();
    connector.stop();
  };
  try {
    app = await startSlackAppOnOwnDatabase();
    await app.runtime.services.people.upsertMany(
      SLACK_PEOPLE.map((p) => ({
        ...p,
        roles: [...p.roles],
        teamsAadObjectId: teamsUsers[p.email]?.aadObjectId ?? null,
      })),
    );
    const teams = new TeamsClient(`${app.base}${TEAMS_MESSAGES_PATH}`, SERVICE_URL);
    for (const user of Object.values(teamsUsers)) expect((await teams.install(user)).status).toBe(200);
    return { db: app.db, app, teams, connector, close };
  } catch (error) {
    await close();
    throw error;
  }
}
