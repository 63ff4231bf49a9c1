import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { childArgs, finishChild } from '../support/child-process.js';

// The baseline for the review sweep: agenda 6 itself, on the same database, running `jobs` empty
// jobs that are all due at once, as a one-job-per-case design would have it (each carries a case
// id). Same poll interval as the sweep run (1 s); concurrency raised from agenda's default of 5
// per job name to its global default of 20, agenda's best case without tuning beyond its defaults.

export interface AgendaBaselineArgs {
  mongoUri: string;
  jobs: number;
  /** Stop waiting after this long: the figures then say how far agenda got. */
  capSeconds: number;
}

export interface AgendaBaselineResult {
  finished: boolean;
  capSeconds: number;
  scheduled: number;
  jobs: number;
  /** Runs beyond one per job (agenda's lock is not atomic on FerretDB). */
  duplicateRuns: number;
  scheduleSeconds: number;
  firstJobSeconds: number;
  allJobsSeconds: number;
  jobsPerSecond: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
}

const args = childArgs<AgendaBaselineArgs>();
const connection = await openDatabase(args.mongoUri);
await connection.dropDatabase();
if (!connection.db) throw new Error('no database handle');
const agenda = new Agenda({
  backend: new MongoBackend({ mongo: connection.db, collection: 'agenda_jobs' }),
  name: 'bench-baseline',
  processEvery: '1 second',
  defaultConcurrency: 20,
  maxConcurrency: 20,
});
const times: number[] = [];
const seen = new Set<string>();
let runs = 0;
// FerretDB does not make agenda's findOneAndUpdate lock atomic: a job may run twice. Count each job once.
agenda.define('bench.empty', async (job) => {
  runs++;
  const caseId = String((job.attrs.data as { caseId?: string } | undefined)?.caseId);
  if (seen.has(caseId)) return;
  seen.add(caseId);
  times.push(Date.now());
});

const scheduling = Date.now();
const due = new Date(Date.now() - 60_000);
// Scheduled in parallel groups: one insert per job is agenda's only way to add one.
for (let from = 0; from < args.jobs; from += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, args.jobs - from) }, (_, i) =>
      agenda.schedule(due, 'bench.empty', { caseId: `case-${from + i}` }),
    ),
  );
}
const scheduleSeconds = (Date.now() - scheduling) / 1000;

let peakHeap = 0;
const heapTimer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
const began = Date.now();
await agenda.start();
while (times.length < args.jobs && Date.now() - began < args.capSeconds * 1000)
  await new Promise((resolve) => setTimeout(resolve, 50));
const finished = times.length >= args.jobs;
const ended = finished ? times.at(-1)! : Date.now();
clearInterval(heapTimer);
const peakRss = process.resourceUsage().maxRSS * 1024;
if (finished) {
  await agenda.drain({ closeConnection: false });
  await connection.dropDatabase();
  await closeDatabase(connection);
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const result: AgendaBaselineResult = {
  finished,
  capSeconds: args.capSeconds,
  scheduled: args.jobs,
  jobs: times.length,
  duplicateRuns: runs - times.length,
  scheduleSeconds,
  firstJobSeconds: times[0] ? (times[0] - began) / 1000 : Number.NaN,
  allJobsSeconds: (ended - began) / 1000,
  jobsPerSecond: Math.round((times.length / ((ended - began) / 1000)) * 10) / 10,
  peakRssMiB: mib(peakRss),
  peakHeapUsedMiB: mib(peakHeap),
};
finishChild({ ...result });
