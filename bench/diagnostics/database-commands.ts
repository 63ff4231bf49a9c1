// `node --import tsx bench/diagnostics/database-commands.ts [requests]`: where the product's time
// goes in the database for each Slack scenario of the benchmark. Runs the product in this process
// on a connection with command monitoring, sends `requests` requests of each scenario one at a
// time (waiting for the work after each acknowledgement), and prints the database commands by
// total time. Not part of `npm run bench`: it explains its figures (docs/benchmarks.md).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { reportIncident } from '../../src/app/report-incident.js';
import { loadSettings } from '../../src/config.js';
import { withDatabaseName } from '../../src/store/mongodb-uri.js';
import { startLocalDatabase } from '../../src/local-database/start-local-database.js';
import { createRuntime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { startChild } from '../support/child-process.js';
import { slackScenarios } from '../slack/slack-scenarios.js';
import { benchReport, BOT_TOKEN, directoryRows, SIGNING_SECRET } from '../targets/bench-people.js';

const requests = Number(process.argv[2] ?? 30);
const database = await startLocalDatabase({});
const fakes = await startChild<{ slackApiUrl: string }>('bench/fakes/fake-apis.server.ts', {});
const connection = mongoose.createConnection(withDatabaseName(database.uri, 'lcp_bench_diag'), {
  monitorCommands: true,
  autoIndex: true,
});
await connection.asPromise();
await connection.dropDatabase();

type Stat = { count: number; ms: number };
let stats = new Map<string, Stat>();
const pending = new Map<number, string>();
const client = connection.getClient();
const shape = (filter: unknown) =>
  JSON.stringify(filter ?? {})
    .replace(/"[^"]*"/g, (s) => (s.length > 24 ? '"…"' : s))
    .slice(0, 70);
client.on('commandStarted', (e) => {
  const command = e.command as Record<string, unknown> & { updates?: { q?: unknown }[] };
  pending.set(
    e.requestId,
    `${e.commandName} ${String(command[e.commandName])} ${shape(command.filter ?? command.q ?? command.updates?.[0]?.q ?? command.query)}${command.sort ? ' sort' : ''}`,
  );
});
client.on('commandSucceeded', (e) => {
  const key = pending.get(e.requestId);
  pending.delete(e.requestId);
  if (!key) return;
  const stat = stats.get(key) ?? { count: 0, ms: 0 };
  stat.count++;
  stat.ms += e.duration;
  stats.set(key, stat);
});

const settings = loadSettings({
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: fakes.ready.slackApiUrl,
  LCP_SCHEDULER: 'off',
});
const runtime = await createRuntime({ connection, settings, log: () => {}, scheduler: false, slackRetries: 0 });
await runtime.services.people.upsertMany(directoryRows());
await runtime.services.people.resolveLineManagers();
const reporter = (await runtime.services.people.findByEmail('rita.reporter@example.org'))!;
const cases = [];
for (let i = 0; i < 50; i++) {
  const result = await reportIncident(runtime.services, {
    reporterPersonId: reporter.id,
    report: benchReport(`DIAG-${i}`, new Date(Date.now() - 3_600_000)),
  });
  if (result.ok) cases.push({ id: result.case.id, version: result.case.version });
}
await runtime.notifier.idle();
const server = createHttpServer({ ready: async () => true }, runtime.routes);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

for (const scenario of slackScenarios(cases, fakes.ready.slackApiUrl.replace(/\/api\/$/, ''))) {
  stats = new Map();
  const started = Date.now();
  let answerMs = 0;
  for (let i = 0; i < requests; i++) {
    const request = scenario.build();
    const t = Date.now();
    await (
      await fetch(`${base}${request.path}`, { method: 'POST', headers: request.headers, body: request.body })
    ).text();
    answerMs += Date.now() - t;
    await runtime.notifier.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const total = [...stats.values()].reduce((n, s) => n + s.ms, 0);
  process.stdout.write(
    `\n${scenario.id}: ${requests} requests, mean answer ${(answerMs / requests).toFixed(1)} ms, ${((Date.now() - started) / requests).toFixed(1)} ms each with the work after it; database ${(total / requests).toFixed(1)} ms per request:\n`,
  );
  for (const [key, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
    process.stdout.write(
      `  ${(s.ms / requests).toFixed(1).padStart(7)} ms  ${(s.count / requests).toFixed(1).padStart(4)}x  ${key}\n`,
    );
  }
}

server.closeAllConnections();
server.close();
await runtime.stop();
await connection.dropDatabase();
await connection.close();
await fakes.stop();
await database.stop();
