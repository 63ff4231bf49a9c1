import { startChild } from '../support/child-process.js';
import type { AgendaBaselineArgs, AgendaBaselineResult } from './agenda-baseline.child.js';
import type { ReviewSweepArgs, ReviewSweepResult } from './review-sweep.child.js';
import type { SeedRestrictionsArgs, SeedRestrictionsResult } from './seed-restrictions.child.js';

// Item 3: seed the restrictions (its own process, so its memory is not the sweep's), run the real
// review sweep in a fresh process, then agenda with as many empty jobs in another.

export interface SchedulerResults {
  seed: SeedRestrictionsResult;
  sweep: ReviewSweepResult;
  fakeApiCalls: Record<string, number>;
  agenda: AgendaBaselineResult;
}

export async function runSchedulerBenchmarks(options: {
  databaseUri: (name: string) => string;
  restrictions: number;
  sweepCapSeconds: number;
  agendaCapSeconds: number;
  say: (line: string) => void;
}): Promise<SchedulerResults> {
  const { say } = options;
  const fakes = await startChild<{ port: number; slackApiUrl: string }>('bench/fakes/fake-apis.server.ts', {});
  try {
    const mongoUri = options.databaseUri('lcp_bench_sched');
    say(`scheduler: seeding ${options.restrictions} restrictions whose reviews fall due together`);
    const seeder = await startChild<SeedRestrictionsResult>(
      'bench/scheduler/seed-restrictions.child.ts',
      { mongoUri, restrictions: options.restrictions, withEvents: false } satisfies SeedRestrictionsArgs,
      { timeoutMs: 600_000 },
    );
    const seed = seeder.ready;
    await seeder.exited;
    say(
      `  seeded ${seed.seeded} in ${seed.seedSeconds.toFixed(1)} s; reviews due ${seed.reviewDue}, sweeping at ${seed.sweepAt}`,
    );

    say('scheduler: the review sweep');
    const sweeper = await startChild<ReviewSweepResult>(
      'bench/scheduler/review-sweep.child.ts',
      {
        mongoUri,
        slackApiUrl: fakes.ready.slackApiUrl,
        sweepAt: seed.sweepAt,
        expected: seed.seeded,
        capSeconds: options.sweepCapSeconds,
      } satisfies ReviewSweepArgs,
      { timeoutMs: 1_800_000 },
    );
    const sweep = sweeper.ready;
    await sweeper.exited;
    const fakeApiCalls = (await (await fetch(`http://127.0.0.1:${fakes.ready.port}/_stats`)).json()) as Record<
      string,
      number
    >;
    say(
      `  ${sweep.finished ? '' : `NOT FINISHED within the ${sweep.capSeconds} s cap: `}${sweep.nudges} nudges in ${sweep.allNudgesSeconds.toFixed(1)} s (${sweep.nudgesPerSecond}/s), peak RSS ${sweep.peakRssMiB} MiB`,
    );

    say(`scheduler: agenda with ${seed.seeded} empty jobs`);
    const baseline = await startChild<AgendaBaselineResult>(
      'bench/scheduler/agenda-baseline.child.ts',
      {
        mongoUri: options.databaseUri('lcp_bench_agenda'),
        jobs: seed.seeded,
        capSeconds: options.agendaCapSeconds,
      } satisfies AgendaBaselineArgs,
      { timeoutMs: 1_800_000 },
    );
    const agenda = baseline.ready;
    await baseline.exited;
    say(
      `  ${agenda.finished ? '' : `NOT FINISHED within the ${agenda.capSeconds} s cap: `}${agenda.jobs} jobs in ${agenda.allJobsSeconds.toFixed(1)} s (${agenda.jobsPerSecond}/s) after ${agenda.scheduleSeconds.toFixed(1)} s scheduling them; ${agenda.lockRoundTrips} locks of ${agenda.lockMeanMs} ms (${agenda.defaultLockMs} ms with agenda's default sort)`,
    );
    if (agenda.unsupported) say(`  agenda could not run here: ${agenda.unsupported}`);
    return { seed, sweep, fakeApiCalls, agenda };
  } finally {
    await fakes.stop();
  }
}
