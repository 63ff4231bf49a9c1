import { hostname } from 'node:os';
import { Agenda, type AgendaBackend } from 'agenda';
import type { JobContext, ScheduledJob } from './job.js';
import type { SchedulingSettings } from './scheduling-settings.js';
import { lockLifetimeMs, type SchedulingDeps } from './sweep.js';
import type { Log } from '../logging/log.js';

export interface StartSchedulerOptions {
  /** Where agenda keeps its jobs (src/store/mongo-scheduling.ts gives the MongoDB one). */
  backend: AgendaBackend;
  /** What every job gets: the scheduling ports, digest posters, receipts, retention, clock. */
  context: JobContext;
  settings: SchedulingSettings;
  /** The job definitions (jobs/index.ts), handed in by the composition root. */
  jobs: ScheduledJob[];
  /** How often agenda looks for jobs to run (default 30 seconds). */
  processEvery?: string | number;
  /** Replaces every job's interval (tests use a few hundred milliseconds). */
  everyOverride?: string | number;
  log: Log;
}

export interface RunningScheduler {
  agenda: Agenda;
  deps: SchedulingDeps;
  /** Stops taking jobs and waits for running ones to finish; leaves the app's connection open. */
  stop(): Promise<void>;
}

/**
 * agenda 6 over the given backend. agenda's job locking uses findOneAndUpdate, which FerretDB does
 * not make atomic, so two workers may both run a job: every job is written to be safe when that
 * happens (the receipts, not agenda, decide who sends).
 */
export async function startScheduler(options: StartSchedulerOptions): Promise<RunningScheduler> {
  const { context, settings, log, jobs } = options;
  const deps = context.deps;
  const agenda = new Agenda({
    backend: options.backend,
    name: `lcp-${hostname()}-${process.pid}`,
    processEvery: options.processEvery ?? '30 seconds',
    defaultLockLifetime: lockLifetimeMs(settings),
  });
  agenda.on('error', (error) => log('scheduler: agenda error', { error: error.message }));
  agenda.on('fail', (error: Error | string, job: { attrs: { name: string } }) =>
    log('scheduler: job failed', { job: job.attrs.name, error: error instanceof Error ? error.message : error }),
  );

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
    await agenda.every(
      every,
      job.name,
      {},
      options.everyOverride === undefined && job.timezone ? { timezone: job.timezone } : {},
    );
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
