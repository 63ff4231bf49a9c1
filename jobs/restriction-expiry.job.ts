import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** Restrictions whose end date is reached and that were not renewed lapse: the scheduler takes the expire decision through decideCase. */
export const restrictionExpiryJob: ScheduledJob = {
  name: 'cases.restriction-expiry',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['restriction_expiry']),
};
