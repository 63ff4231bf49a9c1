import type { ScenarioResult } from '../chat/chat-benchmarks.js';
import type { BenchResults } from './results.js';

// Issue 14's targets (issue 8's, made exact), checked against the measured figures. A target not measured in this run
// (a section left out with --only) is not listed.

export interface TargetVerdict {
  target: string;
  measured: string;
  met: boolean;
}

const SLACK_WINDOW_MS = 3000;
const SWEEP_TARGET_SECONDS = 60;
const BOARD_TARGET_SECONDS = 5;
const BOARD_TARGET_MIB = 300;

function appRun<Id extends string>(
  scenarios: ScenarioResult<Id>[],
  id: Id,
  target: 'app' | 'bare',
  connections: number,
) {
  return scenarios
    .find((s) => s.id === id)
    ?.runs.find((r) => r.target === target && r.figures.connections === connections)?.figures;
}

export function evaluateTargets(results: BenchResults): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const chat = results.chat;
  if (chat) {
    const appRuns = chat.slack.flatMap((s) =>
      s.runs.filter((r) => r.target === 'app').map((r) => ({ id: s.id, ...r.figures })),
    );
    const worst = appRuns.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
    // A request Bolt did not acknowledge in time is answered 404 by its receiver: count it too.
    const late = appRuns.reduce((n, r) => n + r.over3s + r.unexpected + r.errors, 0);
    verdicts.push({
      target: 'Slack: every acknowledgement inside 3 s',
      measured: `slowest ${worst.maxMs} ms (${worst.id}, ${worst.connections} clients); ${late} of ${appRuns.reduce((n, r) => n + r.requests, 0)} answers late, failed or not the expected answer; ${appRuns.reduce((n, r) => n + r.unanswered, 0)} still in flight when their run ended`,
      met: worst.maxMs < SLACK_WINDOW_MS && late === 0,
    });
    for (const connections of [1, 10, 50]) {
      const app = appRun(chat.slack, 'approval_click', 'app', connections);
      const bare = appRun(chat.slack, 'approval_click', 'bare', connections);
      if (!app || !bare) continue;
      const ratio = app.p99Ms / bare.p99Ms;
      verdicts.push({
        target: `Slack approval clicks, ${connections} clients: p99 within 1.5x the bare app's`,
        measured: `${app.p99Ms} ms vs ${bare.p99Ms} ms (${ratio.toFixed(1)}x)`,
        met: ratio <= 1.5,
      });
    }
    const modal = appRun(chat.slack, 'modal_submission', 'app', 50);
    if (modal)
      verdicts.push({
        target: 'Slack modal submissions, 50 clients: p99 under 250 ms',
        measured: `${modal.p99Ms} ms (${modal.requests} answered, ${modal.throughput}/s)`,
        met: modal.p99Ms < 250 && modal.unexpected === 0,
      });
    const teamsRuns = chat.teams.flatMap((s) =>
      s.runs.filter((r) => r.target === 'app').map((r) => ({ id: s.id, ...r.figures })),
    );
    const teamsWorst = teamsRuns.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
    verdicts.push({
      target: 'Teams: every answer inside 3 s (as for Slack; Teams itself waits up to 15 s)',
      measured: `slowest ${teamsWorst.maxMs} ms (${teamsWorst.id}, ${teamsWorst.connections} clients)`,
      met: teamsWorst.maxMs < SLACK_WINDOW_MS && teamsRuns.every((r) => r.over3s + r.unexpected + r.errors === 0),
    });
    const memory = chat.memory;
    const slackRatio = memory.appUnderSlackLoad.maxRssMiB / memory.bareUnderSlackLoad.maxRssMiB;
    const teamsRatio = memory.appUnderTeamsLoad.maxRssMiB / memory.bareUnderTeamsLoad.maxRssMiB;
    verdicts.push({
      target: "Resident memory under load within 2x bare Bolt's / botbuilder's",
      measured: `highest ${memory.appUnderSlackLoad.maxRssMiB} vs ${memory.bareUnderSlackLoad.maxRssMiB} MiB under Slack load (${slackRatio.toFixed(2)}x), ${memory.appUnderTeamsLoad.maxRssMiB} vs ${memory.bareUnderTeamsLoad.maxRssMiB} MiB under Teams load (${teamsRatio.toFixed(2)}x)`,
      met: slackRatio <= 2 && teamsRatio <= 2,
    });
  }
  if (results.scheduler) {
    const { sweep, agenda } = results.scheduler;
    const seeded = results.scheduler.seed.seeded;
    verdicts.push({
      target: `Scheduler: all ${seeded} due reviews nudged within ${SWEEP_TARGET_SECONDS} s`,
      measured: sweep.finished
        ? `${sweep.nudges} in ${sweep.allNudgesSeconds} s (${sweep.nudgesPerSecond}/s)`
        : `${sweep.nudges} in the ${sweep.capSeconds} s cap (${sweep.nudgesPerSecond}/s)`,
      met: sweep.finished && sweep.nudges === seeded && sweep.allNudgesSeconds <= SWEEP_TARGET_SECONDS,
    });
    if (agenda)
      verdicts.push({
        target: 'Scheduler: at least half the rate of agenda running empty jobs on the same database',
        measured: `${sweep.nudgesPerSecond} nudges/s vs agenda's ${agenda.jobsPerSecond} jobs/s (${(sweep.nudgesPerSecond / Math.max(agenda.jobsPerSecond, 0.001)).toFixed(1)}x)`,
        met: agenda.jobs > 0 && sweep.nudgesPerSecond >= agenda.jobsPerSecond / 2,
      });
  }
  if (results.boardReport) {
    const report = results.boardReport;
    const fullSize = report.available && report.seed.seeded >= 100_000;
    verdicts.push({
      target: `Board report over 100,000 cases within ${BOARD_TARGET_SECONDS} s and ${BOARD_TARGET_MIB} MiB`,
      measured: report.available
        ? `${report.seed.seeded} cases in ${report.run.seconds} s, peak RSS ${report.run.peakRssMiB} MiB${fullSize ? '' : ' (not full size: --cases 100000 measures it)'}`
        : `not yet available: ${report.reason}`,
      met: fullSize && report.run.seconds <= BOARD_TARGET_SECONDS && report.run.peakRssMiB <= BOARD_TARGET_MIB,
    });
  }
  return verdicts;
}
