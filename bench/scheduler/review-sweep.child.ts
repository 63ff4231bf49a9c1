import { reviewDueJob } from '../../jobs/review-due.job.js';
import { loadSettings } from '../../src/config.js';
import { createRuntime } from '../../src/runtime.js';
import { ChatReminderSender, type ReminderSender } from '../../src/scheduling/reminder-sender.js';
import { startMongoScheduler } from '../../src/store/mongo-scheduling.js';
import { closeDatabase, openDatabase } from '../../src/store/connection.js';
import { childArgs, finishChild } from '../support/child-process.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../targets/bench-people.js';

// The real scheduler (agenda 6 on the app's connection, the review-due job, the sweep, the
// exactly-once leases, the Slack and Teams deliveries) over the seeded restrictions, with a clock
// that starts on the day the reviews fall due. Every nudge goes to the fake Slack API. Reports when
// each nudge was handed over, the sweep's own report, and this process's memory.

export interface ReviewSweepArgs {
  mongoUri: string;
  slackApiUrl: string;
  sweepAt: string;
  expected: number;
  /** Stop waiting after this long: the figures then say how far the sweep got. */
  capSeconds: number;
}

export interface ReviewSweepResult {
  /** False when the cap was reached before the sweep finished. */
  finished: boolean;
  capSeconds: number;
  nudges: number;
  firstNudgeSeconds: number;
  allNudgesSeconds: number;
  nudgesPerSecond: number;
  sweepReport: Record<string, unknown> | null;
  recordedAsSent: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  problems: Record<string, number>;
}

const args = childArgs<ReviewSweepArgs>();
const connection = await openDatabase(args.mongoUri);
const t0 = Date.now();
const start = new Date(args.sweepAt).getTime();
// Controllable clock: it starts at the chosen instant and runs at real speed from there.
const clock = () => new Date(start + (Date.now() - t0));
const problems = new Map<string, number>();
const log = (message: string) => void problems.set(message, (problems.get(message) ?? 0) + 1);
const settings = loadSettings({
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: args.slackApiUrl,
  LCP_SCHEDULER: 'off',
});
const runtime = await createRuntime({ connection, settings, clock, log: () => {}, scheduler: false, slackRetries: 0 });

/** Counts nudges handed over to the chat channels, and when. */
class TimedSender implements ReminderSender {
  readonly times: number[] = [];
  constructor(private readonly inner: ReminderSender) {}
  async send(personIds: string[], text: string, caseId: string | null, people?: Parameters<ReminderSender['send']>[3]) {
    const outcome = await this.inner.send(personIds, text, caseId, people);
    this.times.push(Date.now());
    return outcome;
  }
}
const sender = new TimedSender(
  new ChatReminderSender([runtime.slack!.delivery, runtime.teams.delivery], runtime.services.people, log),
);

let peakHeap = 0;
const heapTimer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
const rssBefore = process.memoryUsage().rss;
let sweepReport: Record<string, unknown> | null = null;
process.stderr.write('[sweep] runtime up\n');
const began = Date.now();
const scheduler = await startMongoScheduler({
  connection,
  services: runtime.services,
  sender,
  settings,
  clock,
  jobs: [reviewDueJob],
  processEvery: '1 second',
  log: (message, detail) => {
    if (message === `scheduler: ${reviewDueJob.name} ran`)
      sweepReport = (detail?.result as Record<string, unknown>) ?? null;
    else log(message);
  },
});
process.stderr.write('[sweep] scheduler started\n');
const progress = setInterval(
  () =>
    process.stderr.write(
      `  [sweep] ${sender.times.length} of ${args.expected} nudges after ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    ),
  15_000,
);
while (sweepReport === null && Date.now() - began < args.capSeconds * 1000)
  await new Promise((resolve) => setTimeout(resolve, 100));
const finished = sweepReport !== null;
clearInterval(progress);
const ended = finished ? (sender.times.at(-1) ?? Date.now()) : Date.now();
clearInterval(heapTimer);
const nudges = sender.times.length;
const peakRss = process.resourceUsage().maxRSS * 1024;
// An unfinished sweep is abandoned (the process exits), not drained: draining would finish it.
if (finished) await scheduler.stop();
const recordedAsSent = await connection
  .collection('case_reminders')
  .countDocuments({ kind: 'review_due', status: 'sent' });
if (finished) await runtime.stop();
if (finished) await closeDatabase(connection);

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const result: ReviewSweepResult = {
  finished,
  capSeconds: args.capSeconds,
  nudges,
  firstNudgeSeconds: sender.times[0] ? (sender.times[0] - began) / 1000 : Number.NaN,
  allNudgesSeconds: (ended - began) / 1000,
  nudgesPerSecond: Math.round((nudges / ((ended - began) / 1000)) * 10) / 10,
  sweepReport,
  recordedAsSent,
  rssBeforeMiB: mib(rssBefore),
  peakRssMiB: mib(peakRss),
  peakHeapUsedMiB: mib(peakHeap),
  problems: Object.fromEntries(problems),
};
finishChild({ ...result });
