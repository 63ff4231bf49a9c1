import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { reportIncident } from '../../src/app/report-incident.js';
import { loadSettings } from '../../src/config.js';
import { createLogger, logFunction } from '../../src/logging/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { answerParent, childArgs, onTerminate } from '../support/child-process.js';
import { benchReport, BOT_TOKEN, directoryRows, SIGNING_SECRET } from './bench-people.js';

// The product as `npm start` builds it (createRuntime + createHttpServer, request logging on, the
// scheduler off as on a web replica), in its own process, on its own database. It seeds the
// directory and some open cases for the approval clicks, then answers on a random port. A second,
// private port lets the benchmark wait for the work Bolt and the notifier do after answering.

export interface AppServerArgs {
  mongoUri: string;
  slackApiUrl: string;
  openCases: number;
}

export interface AppServerReady {
  port: number;
  controlPort: number;
  /** The seeded open cases awaiting the line manager: { caseId, version }. */
  cases: { id: string; version: number; number: string }[];
  lineManagerPersonId: string;
}

const args = childArgs<AppServerArgs>();
const connection = await openDatabase(args.mongoUri);
await connection.dropDatabase();
const settings = loadSettings({
  NODE_ENV: 'development',
  LOG_LEVEL: 'info',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: args.slackApiUrl,
  LCP_SCHEDULER: 'off',
});
// Logs are written as in production (JSON through pino), to nowhere: formatting them is part of the cost.
const logger = createLogger({ level: settings.LOG_LEVEL, destination: createWriteStream('/dev/null') });
const appLog = logFunction(logger);
const problems = new Map<string, number>();
const runtime = await createRuntime({
  connection,
  settings,
  slackRetries: 0,
  scheduler: false,
  log: (message, detail) => {
    problems.set(message, (problems.get(message) ?? 0) + 1);
    appLog(message, detail);
  },
});
const { services } = runtime;
await services.people.upsertMany(directoryRows());
await services.people.resolveLineManagers();
const reporter = (await services.people.findByEmail('rita.reporter@example.org'))!;
const lineManager = (await services.people.findByEmail('lena.manager@example.org'))!;
const cases: AppServerReady['cases'] = [];
for (let i = 0; i < args.openCases; i++) {
  const result = await reportIncident(services, {
    reporterPersonId: reporter.id,
    report: benchReport(`SEED-${i}`, new Date(Date.now() - 3_600_000)),
  });
  if (!result.ok) throw new Error(`seeding case ${i}: ${result.error.code} ${result.error.message}`);
  cases.push({ id: result.case.id, version: result.case.version, number: result.case.number });
}
await runtime.notifier.idle();
problems.clear();

const server = createHttpServer({ ready: async () => connection.readyState === 1 }, runtime.routes, logger);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');

const control = createServer((req, res) => {
  const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/idle') {
    const started = Date.now();
    void runtime.notifier.idle().then(() => send({ waitedMs: Date.now() - started }));
  } else if (req.url === '/problems') {
    send(Object.fromEntries(problems));
    problems.clear();
  } else {
    res.writeHead(404).end();
  }
});
control.listen(0, '127.0.0.1');
await once(control, 'listening');

onTerminate(async () => {
  server.closeAllConnections();
  control.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => control.close(resolve));
  await runtime.stop();
  await connection.dropDatabase();
  await closeDatabase(connection);
});

const ready: AppServerReady = {
  port: (server.address() as AddressInfo).port,
  controlPort: (control.address() as AddressInfo).port,
  cases,
  lineManagerPersonId: lineManager.id,
};
answerParent({ ...ready });
