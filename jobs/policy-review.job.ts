import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** The policy owner is reminded ahead of the policy's next review date (§36); at once if the date has passed. */
export const policyReviewJob: ScheduledJob = {
  name: 'reminders.policy-review',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['policy_review']),
};
