import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** Six-monthly reminder to the customer experience manager to review equality monitoring. */
export const equalityMonitoringJob: ScheduledJob = {
  name: 'reminders.equality-monitoring',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['equality_monitoring']),
};
