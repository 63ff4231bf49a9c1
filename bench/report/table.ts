import type { ScenarioResult } from '../chat/chat-benchmarks.js';
import type { BenchResults } from './results.js';
import { evaluateTargets } from './targets.js';

// The printed summary: each figure beside its baseline, then the targets.

function table(say: (line: string) => void, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  say(line(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) say(line(r));
}

function chatRows<Id extends string>(scenarios: ScenarioResult<Id>[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const scenario of scenarios) {
    for (const connections of [1, 10, 50]) {
      const app = scenario.runs.find((r) => r.target === 'app' && r.figures.connections === connections);
      const bare = scenario.runs.find((r) => r.target === 'bare' && r.figures.connections === connections);
      if (!app || !bare) continue;
      const a = app.figures;
      const b = bare.figures;
      rows.push([
        scenario.id,
        connections,
        `${a.p50Ms} / ${a.p95Ms} / ${a.p99Ms}`,
        a.maxMs,
        a.throughput,
        `${b.p50Ms} / ${b.p95Ms} / ${b.p99Ms}`,
        b.throughput,
        `${(a.p99Ms / b.p99Ms).toFixed(1)}x`,
        a.over3s + a.unexpected + a.errors,
        a.unanswered,
        ((app.drainMs ?? 0) / 1000).toFixed(1),
      ]);
    }
  }
  return rows;
}

const CHAT_HEADER = [
  'scenario',
  'clients',
  'app p50/p95/p99 ms',
  'app max',
  'app req/s',
  'bare p50/p95/p99 ms',
  'bare req/s',
  'p99 vs bare',
  'app late/bad',
  'in flight at end',
  'drain s',
];

export function printTable(results: BenchResults, say: (line: string) => void): void {
  const env = results.environment;
  say('');
  say(`Limited Contact benchmarks, ${results.generatedAt} (commit ${env.commit ?? 'unknown'})`);
  say(
    `${env.machine.cpus} x ${env.machine.cpuModel}, ${env.machine.memoryGiB} GiB, ${env.machine.os}; Node ${env.node}; ${env.databaseServer}`,
  );
  say(
    Object.entries(env.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  const chat = results.chat;
  if (chat) {
    say('');
    say(
      `1. Slack acknowledgements (${chat.secondsPerRun} s per run; app = the product on the database, bare = Bolt that only acknowledges)`,
    );
    table(say, CHAT_HEADER, chatRows(chat.slack));
    say('');
    say('2. Teams /api/messages (bare = botbuilder CloudAdapter replying "ok" / a one-line card)');
    table(say, CHAT_HEADER, chatRows(chat.teams));
    say('');
    say('5. Resident memory (RSS, MiB)');
    const m = chat.memory;
    table(
      say,
      ['process', 'idle', 'Slack load max / mean', 'Teams load max / mean'],
      [
        [
          'app',
          m.appIdleRssMiB,
          `${m.appUnderSlackLoad.maxRssMiB} / ${m.appUnderSlackLoad.meanRssMiB}`,
          `${m.appUnderTeamsLoad.maxRssMiB} / ${m.appUnderTeamsLoad.meanRssMiB}`,
        ],
        [
          'bare Bolt + botbuilder',
          m.bareIdleRssMiB,
          `${m.bareUnderSlackLoad.maxRssMiB} / ${m.bareUnderSlackLoad.meanRssMiB}`,
          `${m.bareUnderTeamsLoad.maxRssMiB} / ${m.bareUnderTeamsLoad.meanRssMiB}`,
        ],
      ],
    );
  }
  const sched = results.scheduler;
  if (sched) {
    say('');
    say(
      `3. Scheduler: ${sched.seed.seeded} restrictions with reviews due ${sched.seed.reviewDue} (seeded in ${sched.seed.seedSeconds.toFixed(1)} s)`,
    );
    const s = sched.sweep;
    const a = sched.agenda;
    table(
      say,
      ['run', 'done', 'first s', 'all done s', 'per second', 'peak RSS MiB', 'peak heap MiB'],
      [
        [
          `review sweep (nudges)${s.finished ? '' : ` - cap ${s.capSeconds} s reached`}`,
          `${s.nudges}/${sched.seed.seeded}`,
          secondsOrDash(s.firstNudgeSeconds),
          s.finished ? secondsOrDash(s.allNudgesSeconds) : `>${s.capSeconds}`,
          s.nudgesPerSecond,
          s.peakRssMiB,
          s.peakHeapUsedMiB,
        ],
        [
          `agenda, empty jobs${a.finished ? '' : ` - cap ${a.capSeconds} s reached`}`,
          a.unsupported ? `unsupported: 0/${a.scheduled}` : `${a.jobs}/${a.scheduled}`,
          secondsOrDash(a.firstJobSeconds),
          a.finished ? secondsOrDash(a.allJobsSeconds) : `>${a.capSeconds}`,
          a.jobsPerSecond,
          a.peakRssMiB,
          a.peakHeapUsedMiB,
        ],
      ],
    );
    if (a.unsupported) say(`   agenda could not run here: ${a.unsupported}`);
    say(
      `   (agenda needed ${a.scheduleSeconds.toFixed(1)} s more beforehand to schedule its jobs; it ran ${a.duplicateRuns} runs beyond one per job, its lock not being atomic on this database)`,
    );
    say(
      `   (agenda ran with ${a.settings}: ${a.lockRoundTrips} lock round trips, ${a.lockMeanMs} ms each on average; its lock as by default, sorted by nextRunAt and priority, took ${a.defaultLockMs} ms on the full collection${a.errors ? `; ${a.errors} error events, the first: ${a.firstError}` : ''})`,
    );
  }
  const board = results.boardReport;
  if (board) {
    say('');
    if (board.available) {
      say(
        `4. Board report ${board.run.uses.restrictions + board.run.uses.warnings > 0 ? '' : '(no uses counted!) '}over ${board.seed.seeded} cases (seeded in ${board.seed.seedSeconds.toFixed(1)} s)`,
      );
      table(
        say,
        ['run', 'seconds', 'peak RSS MiB', 'RSS before MiB', 'peak heap MiB'],
        [
          [
            'buildBoardReport + CSV',
            (board.run.seconds + board.run.csvSeconds).toFixed(1),
            board.run.peakRssMiB,
            board.run.rssBeforeMiB,
            board.run.peakHeapUsedMiB,
          ],
        ],
      );
    } else {
      say(`4. Board report: NOT YET AVAILABLE (${board.reason})`);
    }
  }
  say('');
  say('Targets');
  table(
    say,
    ['target', 'measured', 'met'],
    evaluateTargets(results).map((v) => [v.target, v.measured, v.met ? 'yes' : 'NO']),
  );
  say('');
  say(`Wall time: ${results.wallSeconds} s`);
}

/**
 * A time that may be missing: results.json stores NaN (nothing ran within the cap, so there is no
 * first job) as null, which would crash toFixed.
 */
function secondsOrDash(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : '-';
}
