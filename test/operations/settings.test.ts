import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadSettings, SETTING_NAMES, type Settings } from '../../src/config.js';
import { DEMO_DIRECTORY_FILE } from '../../src/demo/demo-directory.js';
import { projectRoot } from '../../src/paths/project-root.js';
import { startChildApp } from './child-app.js';

const TEAMS = {
  MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001',
  MICROSOFT_APP_PASSWORD: 'secret',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002',
};
const LINKS = { LCP_DOWNLOAD_SECRET: 'x'.repeat(32), LCP_PUBLIC_URL: 'https://lcp.example.org' };
const PRODUCTION = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.internal:27017/lcp', ...TEAMS, ...LINKS };

/** `.env.example` as { name: { value, commented, comment } } for every setting line. */
function envExample(): Map<string, { value: string; commented: boolean; comment: string }> {
  const lines = readFileSync(path.join(projectRoot(), '.env.example'), 'utf8').split('\n');
  const entries = new Map<string, { value: string; commented: boolean; comment: string }>();
  let comment: string[] = [];
  for (const line of lines) {
    const setting = /^(#\s*)?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
    if (setting) {
      entries.set(setting[2]!, { value: setting[3]!, commented: Boolean(setting[1]), comment: comment.join(' ') });
    } else if (line.startsWith('#')) {
      comment.push(line.replace(/^#\s?/, ''));
      continue;
    } else {
      comment = [];
    }
  }
  return entries;
}

describe('.env.example', () => {
  test('lists every setting, each under a comment, with its default', () => {
    const example = envExample();
    const defaults = loadSettings({});
    const missing = SETTING_NAMES.filter((name) => !example.has(name));
    expect(missing).toEqual([]);
    for (const name of SETTING_NAMES) {
      const entry = example.get(name)!;
      expect([name, entry.comment.length > 0]).toEqual([name, true]);
      const fallback = defaults[name as keyof Settings];
      // A setting shown without "#" is shown with its default; one without a default is commented out.
      if (!entry.commented) expect([name, entry.value]).toEqual([name, String(fallback)]);
      else expect([name, fallback === undefined || entry.value === String(fallback)]).toEqual([name, true]);
    }
  });
});

describe('start-up checks', () => {
  test('production refuses the demo directory, the demo clock and fast sweeps, naming each setting', () => {
    expect(() => loadSettings({ ...PRODUCTION, LCP_DIRECTORY: DEMO_DIRECTORY_FILE })).toThrow(
      /LCP_DIRECTORY: expected your organisation's directory/,
    );
    // However it is spelled, relative to the project.
    const relativeDemo = path.relative(process.cwd(), DEMO_DIRECTORY_FILE);
    expect(() => loadSettings({ ...PRODUCTION, LCP_DIRECTORY: relativeDemo })).toThrow(/LCP_DIRECTORY/);
    let error: unknown;
    try {
      loadSettings({ ...PRODUCTION, LCP_CLOCK: '2026-12-01T10:00:00Z', LCP_SWEEP_EVERY_SECONDS: '2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'LCP_CLOCK: expected it unset in production (it moves the clock for demos and tests)',
      'LCP_SWEEP_EVERY_SECONDS: expected it unset in production (use LCP_SWEEP_EVERY_MINUTES)',
    ]);
    expect(loadSettings({ ...PRODUCTION, LCP_DIRECTORY: '/srv/hr/people.csv' }).LCP_DIRECTORY).toBe(
      '/srv/hr/people.csv',
    );
  });

  test('outside production the demo settings are accepted and checked', () => {
    expect(loadSettings({ LCP_CLOCK: '2026-12-01T10:00:00Z', LCP_SWEEP_EVERY_SECONDS: '2' })).toMatchObject({
      LCP_CLOCK: '2026-12-01T10:00:00Z',
      LCP_SWEEP_EVERY_SECONDS: 2,
    });
    expect(() => loadSettings({ LCP_CLOCK: 'next tuesday' })).toThrow(
      /LCP_CLOCK: expected an ISO date-time such as 2026-12-01T10:00:00Z \(got "next tuesday"\)/,
    );
    expect(() => loadSettings({ LCP_SWEEP_EVERY_SECONDS: '0' })).toThrow(
      /LCP_SWEEP_EVERY_SECONDS: expected a whole number of seconds, at least 1/,
    );
  });

  test('npm start in production asking for unauthenticated Teams stops, naming LCP_TEAMS_UNAUTHENTICATED, before it opens anything', async () => {
    const app = startChildApp({
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://127.0.0.1:9/lcp',
      ...LINKS,
      LCP_TEAMS_UNAUTHENTICATED: 'local-only',
    });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('Limited Contact cannot start; fix these settings (see .env.example):');
    expect(app.stderr()).toContain(
      'LCP_TEAMS_UNAUTHENTICATED: expected it unset in production (Bot Framework tokens are always checked there)',
    );
    expect(app.stdout()).not.toContain('Listening');
  });

  test('npm start in production with the demo directory and no database stops, naming both settings at once', async () => {
    const app = startChildApp({ NODE_ENV: 'production', ...TEAMS, LCP_DIRECTORY: 'demo/people.csv' });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('MONGODB_URI: expected the production database');
    expect(app.stderr()).toContain(
      "LCP_DIRECTORY: expected your organisation's directory; the demo people (demo/people.csv) are not used in production",
    );
  });

  test('npm start with a bad setting stops, naming it, what is expected and what was given', async () => {
    const app = startChildApp({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toMatch(/PORT: expected .* \(got "eighty"\)/);
    expect(app.stderr()).toMatch(/LOG_LEVEL: expected .* \(got "loud"\)/);
  });
});
