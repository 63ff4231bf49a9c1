import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import { ALL_JOBS } from '../../jobs/index.js';
import type { CaseServices } from '../app/services.js';
import { MongoReceiptRepository } from '../store/mongo-receipt.repository.js';
import { MongoRetentionStore } from '../store/mongo-retention.store.js';
import type { JobContext, ScheduledJob } from './job.js';
import { MongoClaimAges, MongoReminderLog, MongoScheduledCases, reminderModel } from './mongo-schedule.store.js';
import type { DigestPoster } from './ports.js';
import type { ReminderSender } from './reminder-sender.js';
import type { SchedulingSettings } from './scheduling-settings.js';
import { lockLifetimeMs, type SchedulingDeps } from './sweep.js';
import type { Log } from '../logging/log.js';

export interface StartSchedulerOptions {
  connection: Connection;
  services: CaseServices;
  sender: ReminderSender;
  clock?: () => Date;
  settings: SchedulingSettings;
  digestPosters?: DigestPoster[];
  /** How often agenda looks for jobs to run (default 30 seconds). */
  processEvery?: string | number;
  /** Replaces every job's interval (tests use a few hundred milliseconds). */
  everyOverride?: string | number;
  jobs?: ScheduledJob[];
  log?: Log;
}

export interface RunningScheduler {
  agenda: Agenda;
  deps: SchedulingDeps;
  /** Stops taking jobs and waits for running ones to finish; leaves the app's connection open. */
  stop(): Promise<void>;
}

/** The scheduling dependencies on a MongoDB connection, shared by the scheduler and `lcp schedule`. */
export function mongoSchedulingDeps(connection: Connection, services: CaseServices, sender: ReminderSender, settings: SchedulingSettings, log?: SchedulingDeps['log']): SchedulingDeps {
  return {
    services,
    cases: new MongoScheduledCases(connection),
    reminders: new MongoReminderLog(connection),
    claims: new MongoClaimAges(connection),
    sender,
    settings,
    log: log ?? services.log,
  };
}

/**
 * agenda 6 on the app's own MongoDB connection. agenda's job locking uses findOneAndUpdate, which
 * FerretDB does not make atomic, so two workers may both run a job: every job is written to be
 * safe when that happens (the receipts, not agenda, decide who sends).
 */
export async function startScheduler(options: StartSchedulerOptions): Promise<RunningScheduler> {
  const { connection, services, settings } = options;
  const clock = options.clock ?? services.clock;
  const log = options.log ?? services.log ?? (() => {});
  const deps = mongoSchedulingDeps(connection, services, options.sender, settings, log);
  await reminderModel(connection).init();
  const context: JobContext = { deps, digestPosters: options.digestPosters ?? [], receiptStore: new MongoReceiptRepository(connection, clock), retention: new MongoRetentionStore(connection), clock };

  if (!connection.db) throw new Error('startScheduler: the database connection is not open');
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: connection.db, collection: 'agenda_jobs' }),
    name: `lcp-${hostname()}-${process.pid}`,
    processEvery: options.processEvery ?? '30 seconds',
    defaultLockLifetime: lockLifetimeMs(settings),
  });
  agenda.on('error', (error) => log('scheduler: agenda error', { error: error.message }));
  agenda.on('fail', (error: Error | string, job: { attrs: { name: string } }) =>
    log('scheduler: job failed', { job: job.attrs.name, error: error instanceof Error ? error.message : error }),
  );

  const jobs = options.jobs ?? ALL_JOBS;
  for (const job of jobs) {
    agenda.define(
      job.name,
      async (fired) => {
        const data = job.data.parse(fired.attrs.data ?? {});
        const result = await job.run(context, data);
        log(`scheduler: ${job.name} ran`, { result: result as Record<string, unknown> });
      },
      { concurrency: 1 },
    );
  }
  await agenda.start();
  for (const job of jobs) {
    const every = options.everyOverride ?? job.every(settings);
    await agenda.every(every, job.name, {}, options.everyOverride === undefined && job.timezone ? { timezone: job.timezone } : {});
  }

  let stopped: Promise<void> | null = null;
  return {
    agenda,
    deps,
    stop() {
      stopped ??= agenda.drain({ closeConnection: false }).then(() => undefined);
      return stopped;
    },
  };
}
