// `npm start`: validates the policy tables and the settings, brings up the database (MONGODB_URI,
// or a local one kept under ./.data), builds the indexes the workflow relies on, imports the
// directory (LCP_DIRECTORY, or the demo people when neither it nor MONGODB_URI is set), and
// serves HTTP until SIGTERM.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { basename, relative } from 'node:path';
import type { Connection } from 'mongoose';
import type { TeamsMode } from './channels/teams/teams-settings.js';
import { ConfigError, loadSettings, teamsModeOf, type Settings } from './config.js';
import { settingsClock } from './demo/demo-clock.js';
import { DEMO_DIRECTORY_FILE, usesDemoDirectory } from './demo/demo-directory.js';
import { nextSteps } from './demo/next-steps.js';
import { importDirectory } from './directory/import-directory.js';
import { projectRoot } from './paths/project-root.js';
import { startLocalDatabase } from './local-database/start-local-database.js';
import { createLogger, logFunction } from './logging/logger.js';
import { PolicyDataError, validatePolicy } from './policy/index.js';
import { createRuntime } from './runtime.js';
import type { RunningScheduler } from './scheduling/scheduler.js';
import { createHttpServer } from './server.js';
import { closeDatabase, openDatabase } from './store/connection.js';
import { applicationDatabaseUri } from './store/database-uri.js';
import { MongoDirectoryImportLog } from './store/directory-import.model.js';
import { MongoPersonRepository } from './store/mongo-person.repository.js';
import { errorMessage } from './logging/log.js';

const say = (message: string) => process.stdout.write(`${message}\n`);

const LOOPBACK = '127.0.0.1';

/** Readiness checks give up quickly: /readyz must answer while the database is away, not hang. */
const READY_PING_TIMEOUT_MS = 2_000;
/** How long SIGTERM waits for requests in flight before closing their connections. */
const REQUEST_DRAIN_MS = 10_000;
/** How long SIGTERM then waits for running jobs and queued notifications. */
const WORK_DRAIN_MS = 20_000;

async function main(): Promise<void> {
  const settings = loadSettings();
  const policy = validatePolicy();
  say(
    `Policy tables valid: ${policy.criteria.length} criteria, ${policy.transitions.length} transitions, ${policy.restrictionTypes.length} restriction types.`,
  );

  const database = await startLocalDatabase({
    dataDir: settings.LCP_DATA_DIR,
    mongodbUri: settings.MONGODB_URI,
    log: (line) => say(`[database] ${line}`),
  });
  say(`Database: ${database.description}`);
  const connection = await openDatabase(applicationDatabaseUri(database.uri, settings.MONGODB_DB_NAME));
  const logger = createLogger({ level: settings.LOG_LEVEL, destination: process.stderr });
  const clock = settingsClock(settings.LCP_CLOCK);
  if (settings.LCP_CLOCK) say(`Clock: starts at ${settings.LCP_CLOCK} (LCP_CLOCK) and runs on from there.`);
  const runtime = await createRuntime({ connection, settings, clock, log: logFunction(logger) });

  const demo = usesDemoDirectory(settings);
  const directoryFile = demo ? DEMO_DIRECTORY_FILE : (settings.LCP_DIRECTORY ?? null);
  if (directoryFile)
    await importPeople(connection, directoryFile, demo ? 'start-up (demo directory)' : 'start-up (LCP_DIRECTORY)');

  let stopping = false;
  const ready = async () =>
    !stopping &&
    (await databaseAnswers(connection)) &&
    (settings.LCP_SCHEDULER === 'off' || (await schedulerRuns(runtime.scheduler)));
  const server = createHttpServer({ ready }, runtime.routes, logger);
  // Unauthenticated Teams trusts whoever can reach the port: then only this machine can.
  const teams = teamsModeOf(settings);
  const host = teams === 'local-only' ? LOOPBACK : undefined;
  server.listen(settings.PORT, host);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  say(
    `Listening on http://localhost:${port}${host ? ` (${host} only: Teams is not authenticated in the local demo)` : ''}.`,
  );
  for (const line of nextSteps(
    describe(
      { ...settings, PORT: port },
      teams,
      demo,
      directoryFile,
      runtime.slack !== null,
      runtime.scheduler !== null,
    ),
  ))
    say(line);

  // SIGTERM (an orchestrator stopping a replica): refuse new work, let requests in flight and
  // running jobs finish, deliver queued notifications, then close the database.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping: no new requests`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const forced = setTimeout(() => server.closeAllConnections(), REQUEST_DRAIN_MS);
    await closed;
    clearTimeout(forced);
    say(`${signal}: requests finished`);
    // Bounded, so that a chat service that does not answer cannot hold the process past the
    // orchestrator's grace period; what is unsent is retried by the next sweep or lost as logged.
    const drained = await Promise.race([
      runtime.stop().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), WORK_DRAIN_MS).unref()),
    ]);
    say(
      drained
        ? `${signal}: jobs drained, notifications delivered`
        : `${signal}: jobs or notifications still running after ${WORK_DRAIN_MS / 1000} s; closing anyway`,
    );
    await closeDatabase(connection);
    await database.stop();
    say(`${signal}: database closed`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

async function importPeople(connection: Connection, file: string, operator: string): Promise<void> {
  const result = await importDirectory(
    { people: new MongoPersonRepository(connection), imports: new MongoDirectoryImportLog(connection) },
    { source: createReadStream(file), fileName: basename(file), operator },
  );
  say(
    `Directory ${relative(projectRoot(), file) || file}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.errors.length} bad row(s).`,
  );
  for (const e of result.errors) say(`  line ${e.line}: ${e.message}`);
}

async function databaseAnswers(connection: Connection): Promise<boolean> {
  const db = connection.db;
  if (connection.readyState !== 1 || !db) return false;
  return withinReadyTimeout(
    db
      .admin()
      .ping()
      .then((answer) => Boolean(answer?.ok)),
  );
}

/** agenda answers its stats only while it processes jobs (and reads its queue to do so). */
async function schedulerRuns(scheduler: RunningScheduler | null): Promise<boolean> {
  return scheduler !== null && withinReadyTimeout(scheduler.agenda.getRunningStats().then(() => true));
}

async function withinReadyTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READY_PING_TIMEOUT_MS)));
  try {
    return await Promise.race([check, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function describe(
  settings: Settings,
  teams: TeamsMode,
  demo: boolean,
  directoryFile: string | null,
  slack: boolean,
  scheduler: boolean,
) {
  return {
    port: settings.PORT,
    demo,
    slack,
    slackSocketMode: slack && Boolean(settings.SLACK_APP_TOKEN),
    teams,
    scheduler,
    directoryFile: directoryFile ? relative(projectRoot(), directoryFile) || directoryFile : null,
  };
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PolicyDataError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Limited Contact failed to start: ${errorMessage(error)}\n`);
  process.exit(1);
});
