import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** After the observation period the corporate head of customers is asked to close the case (behaviour modified) or keep monitoring. */
export const warningFollowUpJob: ScheduledJob = {
  name: 'reminders.warning-follow-up',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['warning_follow_up']),
};
