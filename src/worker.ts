// The scheduler on its own: `npm run worker`, so web and scheduler processes can scale apart
// (run the web replicas with LCP_SCHEDULER=off). It sends through the same chat channels as the
// web process. On SIGTERM/SIGINT it stops taking jobs, lets running ones finish, then closes.
import { ConfigError, loadSettings } from './config.js';
import { settingsClock } from './demo/demo-clock.js';
import { createLogger, logFunction } from './logging/logger.js';
import { validatePolicy } from './policy/index.js';
import { createRuntime } from './runtime.js';
import { closeDatabase, openDatabase } from './store/connection.js';
import { applicationDatabaseUri } from './store/database-uri.js';
import { errorMessage } from './logging/log.js';

async function worker(): Promise<void> {
  const settings = loadSettings();
  validatePolicy();
  if (!settings.MONGODB_URI)
    throw new ConfigError([
      'MONGODB_URI: expected the database shared with the web process (the worker does not start a local one)',
    ]);
  const logger = createLogger({ level: settings.LOG_LEVEL, destination: process.stderr });
  const connection = await openDatabase(applicationDatabaseUri(settings.MONGODB_URI, settings.MONGODB_DB_NAME));
  const runtime = await createRuntime({
    connection,
    settings,
    clock: settingsClock(settings.LCP_CLOCK),
    log: logFunction(logger),
    scheduler: true,
  });
  logger.info({ slack: Boolean(runtime.slack) }, 'worker started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: draining running jobs');
    await runtime.stop();
    await closeDatabase(connection);
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

worker().catch((error: unknown) => {
  process.stderr.write(`${errorMessage(error)}\n`);
  process.exit(1);
});
