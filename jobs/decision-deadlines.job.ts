import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** Decision deadlines in working days for every waiting state and every decision waiting inside an open case (issue 11 §5): reminded when due, then again a working day later with the next person told. */
export const decisionDeadlinesJob: ScheduledJob = {
  name: 'reminders.decision-deadlines',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['decision_deadline']),
};
