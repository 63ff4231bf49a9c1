// `npm start`: validates the policy tables and the settings, brings up the database (MONGODB_URI,
// or a local one kept under ./.data), builds the indexes the workflow relies on, imports the
// directory named by LCP_DIRECTORY, and serves HTTP until SIGTERM.
import { once } from 'node:events';
import { ConfigError, loadSettings } from './config.js';
import { importDirectory } from './directory/import-directory.js';
import { startLocalDatabase } from './local-database/start-local-database.js';
import { PolicyDataError, validatePolicy } from './policy/index.js';
import { createHttpServer } from './server.js';
import { closeDatabase, openDatabase } from './store/connection.js';
import { applicationDatabaseUri } from './store/database-uri.js';
import { MongoDirectoryImportLog } from './store/directory-import.model.js';
import { createLogger, logFunction } from './logging/logger.js';
import { createRuntime } from './runtime.js';
import { MongoPersonRepository } from './store/mongo-person.repository.js';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const settings = loadSettings();
  const policy = validatePolicy();
  say(`Policy tables valid: ${policy.criteria.length} criteria, ${policy.transitions.length} transitions, ${policy.restrictionTypes.length} restriction types.`);

  const database = await startLocalDatabase({ dataDir: settings.LCP_DATA_DIR, log: (line) => say(`[database] ${line}`) });
  say(`Database: ${database.description}`);
  const connection = await openDatabase(applicationDatabaseUri(database.uri, settings.MONGODB_DB_NAME));
  const logger = createLogger({ level: settings.LOG_LEVEL, destination: process.stderr });
  const runtime = await createRuntime({ connection, settings, log: logFunction(logger) });
  say(runtime.slack ? `Slack is on: POST /slack/events${settings.SLACK_API_URL ? ` (Web API at ${settings.SLACK_API_URL})` : ''}.` : 'Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to switch it on.');

  if (settings.LCP_DIRECTORY) {
    const result = await importDirectory(
      { people: new MongoPersonRepository(connection), imports: new MongoDirectoryImportLog(connection) },
      { source: createReadStream(settings.LCP_DIRECTORY), fileName: basename(settings.LCP_DIRECTORY), operator: 'start-up (LCP_DIRECTORY)' },
    );
    say(`Directory ${settings.LCP_DIRECTORY}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.errors.length} bad row(s).`);
    for (const e of result.errors) say(`  line ${e.line}: ${e.message}`);
  }

  say(runtime.scheduler ? 'Scheduler is on: reminders, reviews, expiry and digests run in this process.' : 'Scheduler is off here (LCP_SCHEDULER=off): run `npm run worker` beside it.');
  // Ready when the database answers and, if this process schedules, the scheduler runs.
  const ready = async () => connection.readyState === 1 && Boolean(await connection.db?.admin().ping()) && (settings.LCP_SCHEDULER === 'off' || runtime.scheduler !== null);
  const server = createHttpServer({ ready }, runtime.routes, logger);
  server.listen(settings.PORT);
  await once(server, 'listening');
  say(`Listening on http://localhost:${settings.PORT} (GET /healthz, /readyz${runtime.slack ? ', POST /slack/events' : ''}).`);

  const shutdown = async (signal: string) => {
    say(`${signal}: stopping`);
    server.close();
    await runtime.stop();
    await closeDatabase(connection);
    await database.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PolicyDataError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Limited Contact failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
