import { firstWorkingDayOfWeek, postWeeklyDigest } from '../src/scheduling/digest.js';
import { noData, type ScheduledJob } from '../src/scheduling/job.js';
import { dateInLondon } from '../src/cases/dates.js';
import { isWorkingTime } from '../src/scheduling/working-time.js';

/**
 * The weekly digest to the configured Slack channel and/or Teams conversation: checked every
 * weekday morning, posted on the week's first working day (so a bank holiday Monday moves it to Tuesday).
 */
export const weeklyDigestJob: ScheduledJob = {
  name: 'digest.weekly',
  every: () => '5 9 * * 1-5',
  timezone: 'Europe/London',
  data: noData,
  run: async ({ deps, digestPosters, clock }) => {
    const now = clock();
    if (
      digestPosters.length === 0 ||
      !isWorkingTime(now) ||
      firstWorkingDayOfWeek(dateInLondon(now)) !== dateInLondon(now)
    )
      return { posted: [] };
    return postWeeklyDigest(deps, digestPosters, now);
  },
};
