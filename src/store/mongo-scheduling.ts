import { MongoBackend } from '@agendajs/mongo-backend';
import type { Connection } from 'mongoose';
import type { CaseServices } from '../app/services.js';
import type { Log } from '../logging/log.js';
import type { ScheduledJob } from '../scheduling/job.js';
import type { DigestPoster } from '../scheduling/ports.js';
import type { ReminderSender } from '../scheduling/reminder-sender.js';
import { startScheduler, type RunningScheduler } from '../scheduling/scheduler.js';
import type { SchedulingSettings } from '../scheduling/scheduling-settings.js';
import type { SchedulingDeps } from '../scheduling/sweep.js';
import { MongoReceiptRepository } from './mongo-receipt.repository.js';
import { MongoRetentionStore } from './mongo-retention.store.js';
import { MongoClaimAges, MongoReminderLog, MongoScheduledCases, reminderModel } from './mongo-schedule.store.js';

// The scheduler on MongoDB: its ports (src/scheduling/ports.ts) by their Mongo adapters, and
// agenda's jobs in the app's own database (collection agenda_jobs).

/** The scheduling dependencies on a MongoDB connection, shared by the scheduler and `lcp schedule`. */
export function mongoSchedulingDeps(
  connection: Connection,
  services: CaseServices,
  sender: ReminderSender,
  settings: SchedulingSettings,
  log?: SchedulingDeps['log'],
): SchedulingDeps {
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

export interface StartMongoSchedulerOptions {
  connection: Connection;
  services: CaseServices;
  sender: ReminderSender;
  clock?: () => Date;
  settings: SchedulingSettings;
  digestPosters?: DigestPoster[];
  /** The job definitions (jobs/index.ts ALL_JOBS in the app). */
  jobs: ScheduledJob[];
  /** How often agenda looks for jobs to run (default 30 seconds). */
  processEvery?: string | number;
  /** Replaces every job's interval (tests use a few hundred milliseconds). */
  everyOverride?: string | number;
  log?: Log;
}

export async function startMongoScheduler(options: StartMongoSchedulerOptions): Promise<RunningScheduler> {
  const { connection, services, settings } = options;
  const clock = options.clock ?? services.clock;
  const log = options.log ?? services.log ?? (() => {});
  const deps = mongoSchedulingDeps(connection, services, options.sender, settings, log);
  await reminderModel(connection).init();
  if (!connection.db) throw new Error('startMongoScheduler: the database connection is not open');
  return startScheduler({
    backend: new MongoBackend({ mongo: connection.db, collection: 'agenda_jobs' }),
    context: {
      deps,
      digestPosters: options.digestPosters ?? [],
      receiptStore: new MongoReceiptRepository(connection, clock),
      retention: new MongoRetentionStore(connection),
      clock,
    },
    settings,
    jobs: options.jobs,
    ...(options.processEvery !== undefined ? { processEvery: options.processEvery } : {}),
    ...(options.everyOverride !== undefined ? { everyOverride: options.everyOverride } : {}),
    log,
  });
}
