import { noData, sweepInterval, type ScheduledJob } from '../src/scheduling/job.js';
import { runSweep } from '../src/scheduling/sweep.js';

/** Letters reach the customer (issue 12 §5): a letter with no dispatch recorded two working days after approval reminds the customer experience manager, once. */
export const letterDispatchJob: ScheduledJob = {
  name: 'reminders.letter-dispatch',
  every: sweepInterval,
  data: noData,
  run: ({ deps, clock }) => runSweep(deps, clock(), ['letter_dispatch']),
};
