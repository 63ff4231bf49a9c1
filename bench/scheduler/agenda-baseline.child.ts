import { MongoBackend, MongoJobRepository, ObjectId } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { childArgs, finishChild } from '../support/child-process.js';

// The baseline for the review sweep: agenda 6 itself, on the same database, running `jobs` empty
// jobs that are all due at once, as a one-job-per-case design would have it (each carries a case
// id). Same poll interval as the sweep run (1 s); concurrency raised from agenda's default of 5
// per job name to its global default of 20.
//
// Two settings beyond agenda's defaults, because with the defaults agenda runs no job at all on
// FerretDB 1.24 (0 of 10,000 in 300 s, 0 of 2,000 in 45 s). agenda locks one job per
// `findAndModify` ({ name, disabled: { $ne: true }, $or: [{ lockedAt: null, nextRunAt <= next
// poll }, { lockedAt <= now - lock lifetime }] }, sorted { nextRunAt: 1, priority: -1 }), and
// FerretDB 1.24 answers it by reading every job of that name from PostgreSQL (only `name` is
// pushed down), filtering and sorting them all in Go, then writing the first one back by _id:
// 1.9 s per lock at 10,000 jobs on an idle machine, however many have run.
// - `lockLimit: 20` (as many as run at once): by default agenda's poll locks every due job, one
//   round trip each, before it runs the first, and starts another such pass every second.
// - The backend's `sort: {}` (no sort): FerretDB then stops at the first due job in storage
//   order instead of sorting them all (67 ms per lock at 2,000 jobs instead of seconds). The
//   order is immaterial here: every job is due at the same moment with the same priority.
// What the defaults would cost is still measured: `defaultLockMs` times agenda's own lock, sorted
// as by default, on the full collection before the run.

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
  /** Runs beyond one per job: FerretDB's findAndModify is not atomic (see below). */
  duplicateRuns: number;
  scheduleSeconds: number;
  firstJobSeconds: number;
  allJobsSeconds: number;
  jobsPerSecond: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  /** The lock round trips agenda sent during the run (findAndModify) and their mean time. */
  lockRoundTrips: number;
  lockMeanMs: number;
  /** agenda's lock with its default sort ({ nextRunAt: 1, priority: -1 }), timed before the run. */
  defaultLockMs: number;
  /** The settings beyond agenda's defaults that the run used, as printed under the table. */
  settings: string;
  /** agenda's `error` events (it reports failed locks and saves there, not to the caller). */
  errors: number;
  firstError?: string;
  /** Set when no job ran within the cap: what the run found instead. */
  unsupported?: string;
}

const JOB = 'bench.empty';
const COLLECTION = 'agenda_jobs';
const LOCK_LIMIT = 20;

const args = childArgs<AgendaBaselineArgs>();
const connection = await openDatabase(args.mongoUri, { monitorCommands: true });
await connection.dropDatabase();
if (!connection.db) throw new Error('no database handle');
const db = connection.db;

const lockStarts = new Set<number>();
let lockRoundTrips = 0;
let lockMs = 0;
const client = connection.getClient();
client.on('commandStarted', (e) => {
  if (e.commandName === 'findAndModify') lockStarts.add(e.requestId);
});
client.on('commandSucceeded', (e) => {
  if (!lockStarts.delete(e.requestId)) return;
  lockRoundTrips++;
  lockMs += e.duration;
});
client.on('commandFailed', (e) => lockStarts.delete(e.requestId));

const agenda = new Agenda({
  backend: new MongoBackend({ mongo: db, collection: COLLECTION, sort: {} }),
  name: 'bench-baseline',
  processEvery: '1 second',
  defaultConcurrency: 20,
  maxConcurrency: 20,
  lockLimit: LOCK_LIMIT,
});
let errors = 0;
let firstError: string | undefined;
agenda.on('error', (error: unknown) => {
  errors++;
  firstError ??= error instanceof Error ? error.message : String(error);
});
const times: number[] = [];
const seen = new Set<string>();
let runs = 0;
// FerretDB does not make agenda's findOneAndUpdate lock atomic: it reads, then writes the chosen
// job by _id without checking the filter again, so two polls running at once both lock the same
// job. Count each job once.
agenda.define(JOB, async (job) => {
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
      agenda.schedule(due, JOB, { caseId: `case-${from + i}` }),
    ),
  );
}
const scheduleSeconds = (Date.now() - scheduling) / 1000;
const defaultLockMs = await timeDefaultLock(db);
lockRoundTrips = 0;
lockMs = 0;

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
const lockMeanMs = lockRoundTrips > 0 ? round(lockMs / lockRoundTrips) : Number.NaN;
const result: AgendaBaselineResult = {
  finished,
  capSeconds: args.capSeconds,
  scheduled: args.jobs,
  jobs: times.length,
  duplicateRuns: runs - times.length,
  scheduleSeconds,
  firstJobSeconds: times[0] ? (times[0] - began) / 1000 : Number.NaN,
  allJobsSeconds: (ended - began) / 1000,
  jobsPerSecond: round(times.length / ((ended - began) / 1000)),
  peakRssMiB: mib(peakRss),
  peakHeapUsedMiB: mib(peakHeap),
  lockRoundTrips,
  lockMeanMs,
  defaultLockMs,
  settings: `lockLimit ${LOCK_LIMIT}, no lock sort`,
  errors,
  ...(firstError ? { firstError } : {}),
  ...(times.length === 0
    ? {
        unsupported:
          errors > 0
            ? `no job ran in ${args.capSeconds} s; agenda reported ${errors} errors, the first: ${firstError}`
            : `no job ran in ${args.capSeconds} s: ${lockRoundTrips} lock round trips of ${lockMeanMs} ms on average`,
      }
    : {}),
};
finishChild({ ...result });

/**
 * Times agenda's own lock query as it runs with the backend's default sort, twice, on the full
 * collection (through the backend's repository, so it is exactly the command agenda sends), then
 * releases the jobs it locked. On MongoDB this is an index walk; on FerretDB 1.24 it reads and
 * sorts every job.
 */
async function timeDefaultLock(database: typeof db): Promise<number> {
  const repository = new MongoJobRepository({ mongo: database, db: { collection: COLLECTION }, ensureIndex: false });
  await repository.connect();
  const locked: string[] = [];
  const started = Date.now();
  for (let i = 0; i < 2; i++) {
    const job = await repository.getNextJobToRun(
      JOB,
      new Date(Date.now() + 1000),
      new Date(Date.now() - 600_000),
      undefined,
      undefined,
    );
    if (job?._id) locked.push(job._id.toString());
  }
  const ms = (Date.now() - started) / 2;
  const jobs = database.collection(COLLECTION);
  for (const id of locked) await jobs.updateOne({ _id: new ObjectId(id) }, { $set: { lockedAt: null } });
  return round(ms);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
