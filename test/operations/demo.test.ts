import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { createRequire } from 'node:module';
import { DEMO_DIRECTORY_FILE } from '../../src/demo/demo-directory.js';
import { PlaygroundConfigError, playgroundConfig, playgroundConfigText } from '../../src/demo/playground-config.js';
import { settingsClock } from '../../src/demo/demo-clock.js';
import { nextSteps } from '../../src/demo/next-steps.js';
import { parseDirectoryCsv } from '../../src/directory/directory-csv.js';
import { ROLE_IDS } from '../../src/policy/roles.js';
import { startChildApp } from './child-app.js';

const TIMEOUT_MS = 150_000;

async function demoPeople() {
  const parsed = await parseDirectoryCsv(await readFile(DEMO_DIRECTORY_FILE));
  expect(parsed.errors).toEqual([]);
  return parsed.rows;
}

/** The config schema the pinned Playground validates its file with, read from its own bundle. */
async function playgroundSchema(): Promise<Record<string, unknown>> {
  const require = createRequire(import.meta.url);
  const bundle = await readFile(
    path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'dist/index.js'),
    'utf8',
  );
  const start = bundle.indexOf(
    `JSON.parse('{"$id":"https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json"`,
  );
  expect(start).toBeGreaterThan(0);
  const from = start + "JSON.parse('".length;
  const text = bundle.slice(from, bundle.indexOf("')", from)).replace(/\\'/g, "'").replace(/\\\\/g, '\\');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('the demo directory', () => {
  test('has one person per role, each with a Teams id, and the colleague reports to the line manager', async () => {
    const people = await demoPeople();
    // The Agents Playground's mock tenant holds six people, one per tier role plus the admin; an
    // appeal reviewer (issue 11 §3) is optional, needed only when every senior took part in a case.
    for (const role of ROLE_IDS.filter((r) => r !== 'appeal_reviewer'))
      expect([role, people.filter((p) => p.roles.includes(role)).length > 0]).toEqual([role, true]);
    expect(people.every((p) => p.teamsAadObjectId)).toBe(true);
    const colleague = people.find((p) => p.roles.length === 1 && p.roles[0] === 'colleague')!;
    const manager = people.find((p) => p.email === colleague.lineManagerEmail)!;
    expect(manager.roles).toContain('line_manager');
  });

  test("is the Agents Playground's mock tenant: valid against its schema, whoever plays", async () => {
    const people = await demoPeople();
    const validate = new Ajv({ strict: false }).compile(await playgroundSchema());
    for (const who of ['aisha', 'tom', 'hannah', 'daniel', 'priya', 'gareth']) {
      const config = playgroundConfig(people, who);
      expect([
        who,
        validate(JSON.parse(playgroundConfigText(config, 'demo/people.csv').split('\n').slice(1).join('\n'))),
        validate.errors,
      ]).toEqual([who, true, null]);
      expect(config.currentUser.givenName.toLowerCase()).toBe(who);
      expect([config.currentUser, ...config.users].map((u) => u.aadObjectId).sort()).toEqual(
        people.map((p) => p.teamsAadObjectId).sort(),
      );
    }
    expect(playgroundConfig(people, undefined).currentUser.name).toBe('Aisha Begum');
    expect(playgroundConfig(people, 'line_manager').currentUser.name).toBe('Tom Fletcher');
    expect(playgroundConfig(people, 'PRIYA.RAMAN@demo.example.org').currentUser.name).toBe('Priya Raman');
    expect(() => playgroundConfig(people, 'zoe')).toThrow(PlaygroundConfigError);
    expect(() => playgroundConfig(people, 'zoe')).toThrow(
      /nobody matches "zoe"; choose one of: aisha \(colleague\), tom \(colleague, line_manager\)/,
    );
    expect(() => playgroundConfig(people.slice(0, 4), 'aisha')).toThrow(
      /needs 6 people with a Teams AAD object id; the directory has 4/,
    );
  });

  test('the next steps point the Playground at the port in use, and leave out Slack set-up once Slack is on', () => {
    const steps = nextSteps({
      port: 4000,
      demo: true,
      slack: true,
      slackSocketMode: true,
      teams: 'local-only',
      scheduler: false,
      directoryFile: 'demo/people.csv',
    }).join('\n');
    expect(steps).toContain('`npm run playground -- --endpoint http://localhost:4000/api/messages --as tom`');
    expect(steps).toContain('Slack:     Socket Mode (no public URL needed)');
    expect(steps).toContain('Scheduler: off here: run `npm run worker` beside it');
    expect(steps).not.toContain('SLACK_SIGNING_SECRET');
  });

  test('LCP_CLOCK starts the clock at the given instant and lets it run', () => {
    let real = 1_000_000;
    const clock = settingsClock('2026-12-08T10:00:00Z', () => real);
    expect(clock().toISOString()).toBe('2026-12-08T10:00:00.000Z');
    real += 1_500;
    expect(clock().toISOString()).toBe('2026-12-08T10:00:01.500Z');
    expect(Math.abs(settingsClock(undefined)().getTime() - Date.now())).toBeLessThan(1_000);
  });
});

describe('npm start with no configuration', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-demo-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test(
    'starts a local database, loads the demo people, serves Teams unauthenticated, runs the scheduler, says what next; the data stays for the next run',
    async () => {
      const first = startChildApp({ LCP_DATA_DIR: dataDir });
      const port = await first.listening(90_000);
      await first.waitFor('Stop with Ctrl+C');
      const out = first.stdout();
      expect(out).toContain('Directory demo/people.csv: 6 created, 0 updated, 0 unchanged, 0 bad row(s).');
      expect(out).toContain(
        `Teams:     http://localhost:${port}/api/messages (NOT authenticated: local use only, listening on 127.0.0.1 only)`,
      );
      expect(out).toContain(
        `Listening on http://localhost:${port} (127.0.0.1 only: Teams is not authenticated in the local demo).`,
      );
      expect(out).toContain('Scheduler: on');
      // PORT=0 here, so the Playground is told where the bot is.
      expect(out).toContain(
        `\`npm run playground -- --endpoint http://localhost:${port}/api/messages\` opens the Microsoft 365 Agents Playground`,
      );
      expect(out).toContain(`npm run playground -- --endpoint http://localhost:${port}/api/messages --as tom`);
      expect(out).toContain('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = startChildApp({ LCP_DATA_DIR: dataDir });
      await second.listening(90_000);
      expect(second.stdout()).toContain('Directory demo/people.csv: 0 created, 0 updated, 6 unchanged, 0 bad row(s).');
      expect(await second.stop('SIGTERM')).toBe(0);
    },
    TIMEOUT_MS,
  );
});
