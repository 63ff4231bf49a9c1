import { z } from 'zod';
import type { RetentionStore } from '../reports/ports.js';
import type { DigestPoster, ReceiptPurger } from './ports.js';
import type { SchedulingSettings } from './scheduling-settings.js';
import type { SchedulingDeps } from './sweep.js';

/** What every job gets when it fires. */
export interface JobContext {
  deps: SchedulingDeps;
  digestPosters: DigestPoster[];
  receiptStore: ReceiptPurger;
  /** Closed cases and legal holds, for the retention purge. */
  retention?: RetentionStore;
  clock: () => Date;
}

/**
 * An agenda job definition (jobs/*.job.ts): a name, when it runs, a zod schema for its data (ids
 * only; the sweeps carry none, since they re-read what is due) and a thin run function.
 */
export interface ScheduledJob<D = Record<string, never>> {
  name: string;
  /** An agenda interval ("15 minutes") or a cron expression, from the settings. */
  every: (settings: SchedulingSettings) => string;
  /** For cron expressions. */
  timezone?: string;
  data: z.ZodType<D>;
  run(context: JobContext, data: D): Promise<unknown>;
}

/** Job data for jobs that carry nothing. */
export const noData = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

export function sweepInterval(settings: SchedulingSettings): string {
  return `${settings.LCP_SWEEP_EVERY_MINUTES} minutes`;
}
