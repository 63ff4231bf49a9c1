import { runLoad, type LoadFigures, type LoadRequest } from '../support/load.js';
import { mib, readProcessMemory, RssSampler } from '../support/process-memory.js';
import { startChild, type BenchChild } from '../support/child-process.js';
import { bareExpect, slackScenarios, type SlackScenarioId } from '../slack/slack-scenarios.js';
import { teamsScenarios, type TeamsScenarioId } from '../teams/teams-scenarios.js';
import type { AppServerArgs, AppServerReady } from '../targets/app.server.js';

// Items 1, 2 and 5: the product and the bare frameworks under the same load, one after the other
// (never at once: they share two cores), each in its own process beside the fake APIs.

export const CONCURRENCY = [1, 10, 50] as const;

export interface ScenarioRun {
  target: 'app' | 'bare';
  figures: LoadFigures;
  /** App only: how long the work Bolt and the notifier do after answering took to finish. */
  drainMs?: number;
  /** App only: the calls the fake APIs received for this run (proof the work after the ack ran). */
  apiCalls?: Record<string, number>;
  /** App only: problems the app logged during the run (failed notifications and the like). */
  problems?: Record<string, number>;
}

export interface ScenarioResult<Id extends string> {
  id: Id;
  label: string;
  runs: ScenarioRun[];
}

export interface ChatResults {
  slack: ScenarioResult<SlackScenarioId>[];
  teams: ScenarioResult<TeamsScenarioId>[];
  memory: {
    appIdleRssMiB: number;
    bareIdleRssMiB: number;
    appUnderSlackLoad: { maxRssMiB: number; meanRssMiB: number };
    bareUnderSlackLoad: { maxRssMiB: number; meanRssMiB: number };
    appUnderTeamsLoad: { maxRssMiB: number; meanRssMiB: number };
    bareUnderTeamsLoad: { maxRssMiB: number; meanRssMiB: number };
    appPeakRssMiB: number;
    fakeApisPeakRssMiB: number;
  };
  openCasesSeeded: number;
  secondsPerRun: number;
}

interface Scenario {
  id: string;
  label: string;
  build: () => LoadRequest;
  expect: (status: number, body: string) => boolean;
  bareExpect: (status: number, body: string) => boolean;
  /** The product answers after an empty ack: its clients wait for the response_url answer (through the relay). */
  answerViaResponseUrl?: string;
}

async function getJson<T>(url: string, method = 'GET'): Promise<T> {
  const response = await fetch(url, { method });
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runChatBenchmarks(options: {
  appDatabaseUri: string;
  seconds: number;
  openCases: number;
  say: (line: string) => void;
}): Promise<ChatResults> {
  const { seconds, say } = options;
  const fakes = await startChild<{ port: number; slackApiUrl: string; serviceUrl: string }>(
    'bench/fakes/fake-apis.server.ts',
    {},
  );
  const fakeBase = `http://127.0.0.1:${fakes.ready.port}`;
  const children: BenchChild<unknown>[] = [fakes];
  try {
    say(`starting the app (seeding ${options.openCases} open cases) and the bare baselines`);
    const appArgs: AppServerArgs = {
      mongoUri: options.appDatabaseUri,
      slackApiUrl: fakes.ready.slackApiUrl,
      openCases: options.openCases,
    };
    const app = await startChild<AppServerReady>('bench/targets/app.server.ts', appArgs);
    children.push(app);
    const bare = await startChild<{ port: number }>('bench/targets/bare.server.ts', {
      slackApiUrl: fakes.ready.slackApiUrl,
    });
    children.push(bare);
    const appUrl = `http://127.0.0.1:${app.ready.port}`;
    const bareUrl = `http://127.0.0.1:${bare.ready.port}`;
    const control = `http://127.0.0.1:${app.ready.controlPort}`;

    // Idle: started, seeded, nothing happening for a few seconds.
    await settle(3000);
    const appIdle = readProcessMemory(app.pid).rssBytes;
    const bareIdle = readProcessMemory(bare.pid).rssBytes;

    const runScenario = async (scenario: Scenario): Promise<ScenarioRun[]> => {
      const runs: ScenarioRun[] = [];
      for (const target of ['bare', 'app'] as const) {
        const url = target === 'app' ? appUrl : bareUrl;
        const expect = target === 'app' ? scenario.expect : scenario.bareExpect;
        const relay = target === 'app' && scenario.answerViaResponseUrl ? fakeBase : undefined;
        // Warm-up (not recorded): lets V8 compile the hot paths and the connection pools fill.
        await runLoad({ url, relay, connections: 10, seconds: 1, build: scenario.build, expect });
        if (target === 'app') await getJson(`${control}/idle`);
        for (const connections of CONCURRENCY) {
          if (target === 'app') {
            await getJson(`${fakeBase}/_reset`, 'POST');
            await getJson(`${control}/problems`);
          }
          const figures = await runLoad({ url, relay, connections, seconds, build: scenario.build, expect });
          const run: ScenarioRun = { target, figures };
          if (target === 'app') {
            run.drainMs = (await getJson<{ waitedMs: number }>(`${control}/idle`)).waitedMs;
            run.apiCalls = await getJson<Record<string, number>>(`${fakeBase}/_stats`);
            run.problems = await getJson<Record<string, number>>(`${control}/problems`);
          }
          say(
            `  ${scenario.id.padEnd(17)} ${target.padEnd(4)} c=${String(connections).padEnd(2)} ${figures.throughput} req/s  p50 ${figures.p50Ms} p95 ${figures.p95Ms} p99 ${figures.p99Ms} ms${figures.unexpected || figures.errors ? `  (${figures.unexpected} unexpected, ${figures.errors} errors)` : ''}`,
          );
          runs.push(run);
        }
      }
      return runs;
    };

    const measureUnder = async <T>(work: () => Promise<T>) => {
      const appSampler = new RssSampler(app.pid);
      const bareSampler = new RssSampler(bare.pid);
      appSampler.start();
      bareSampler.start();
      const value = await work();
      const a = appSampler.stop();
      const b = bareSampler.stop();
      return {
        value,
        app: { maxRssMiB: mib(a.maxBytes), meanRssMiB: mib(a.meanBytes) },
        bare: { maxRssMiB: mib(b.maxBytes), meanRssMiB: mib(b.meanBytes) },
      };
    };

    say('Slack: bare Bolt, then the app, at 1, 10 and 50 clients');
    // Reads before writes: the approvals list and the clicks see the seeded cases, not the
    // hundreds of cases the modal submissions then add.
    const slackOrder: SlackScenarioId[] = ['slash_report', 'slash_approvals', 'approval_click', 'modal_submission'];
    const slackDefs = slackScenarios(app.ready.cases, fakeBase);
    const slack = await measureUnder(async () => {
      const results: ScenarioResult<SlackScenarioId>[] = [];
      for (const id of slackOrder) {
        const def = slackDefs.find((s) => s.id === id)!;
        results.push({ id, label: def.label, runs: await runScenario({ ...def, bareExpect }) });
      }
      return results;
    });

    say('Teams: bare botbuilder, then the app, at 1, 10 and 50 clients');
    const teamsDefs = teamsScenarios(fakes.ready.serviceUrl, app.ready.cases);
    const teams = await measureUnder(async () => {
      const results: ScenarioResult<TeamsScenarioId>[] = [];
      for (const def of teamsDefs) results.push({ id: def.id, label: def.label, runs: await runScenario(def) });
      return results;
    });

    const memory: ChatResults['memory'] = {
      appIdleRssMiB: mib(appIdle),
      bareIdleRssMiB: mib(bareIdle),
      appUnderSlackLoad: slack.app,
      bareUnderSlackLoad: slack.bare,
      appUnderTeamsLoad: teams.app,
      bareUnderTeamsLoad: teams.bare,
      appPeakRssMiB: mib(readProcessMemory(app.pid).peakRssBytes),
      fakeApisPeakRssMiB: mib(readProcessMemory(fakes.pid).peakRssBytes),
    };
    return {
      slack: slack.value,
      teams: teams.value,
      memory,
      openCasesSeeded: options.openCases,
      secondsPerRun: seconds,
    };
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}
