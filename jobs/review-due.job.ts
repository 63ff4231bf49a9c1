import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** Quarterly reviews (§29): the corporate head of customers is reminded when a review falls due; an overdue review escalates to the executive director. */
export const reviewDueJob: ScheduledJob = {
  name: 'reminders.review-due',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['review_due']),
};
