import type { AddressInfo } from 'node:net';
import type { RequestListener, Server } from 'node:http';
import { Writable } from 'node:stream';
import { nameDeputy } from '../../src/app/name-deputy.js';
import { loadSettings } from '../../src/config.js';
import type { Case } from '../../src/cases/index.js';
import { LETTERS_PATH, LetterLinks } from '../../src/letters/letter-links.js';
import { letterRoute } from '../../src/letters/letter-route.js';
import { createLogger, logFunction } from '../../src/logging/logger.js';
import { postWeeklyDigest } from '../../src/scheduling/digest.js';
import { mongoSchedulingDeps } from '../../src/store/mongo-scheduling.js';
import { defaultSchedulingSettings } from '../../src/scheduling/scheduling-settings.js';
import { createHttpServer } from '../../src/server.js';
import { MongoCaseViewLog } from '../../src/store/mongo-case-view.log.js';
import { PEOPLE } from '../app/case-services.fixture.js';
import { lettersFixture, RESTRICTIONS, type LettersFixture } from '../letters/letters.fixture.js';
import { RecordingSender } from '../scheduling/scheduling.fixture.js';
import { continuedSinceWarning } from '../cases/fixtures.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';

// Issue 13 §4: least data, least exposure. Letter links last a day and are not served to link
// preview bots or HEAD; production links are https; logs keep no free text, names or e-mail
// addresses; people never read a database error; the weekly digest names no case. (The Teams
// register's notification preview: test/reports/chat-reports.test.ts.)

let db: TestDatabase;
let fx: LettersFixture;
let restricted: Case;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await lettersFixture(db.connection);
  let kase = await fx.act(await fx.toWarningApproval(), 'edc', {
    action: 'approve_warning',
    rationale: 'Proportionate.',
  });
  kase = await fx.act(kase, 'chc', { ...RESTRICTIONS, ...continuedSinceWarning(kase) });
  restricted = await fx.act(kase, 'edc', { action: 'approve_restrictions', rationale: 'Approved.' });
  expect(restricted.state).toBe('restricted');
});
afterAll(async () => {
  await db.close();
});

describe('letter links', () => {
  let server: Server;
  let base: string;
  let links: LetterLinks;
  let views: MongoCaseViewLog;
  let now: Date;

  beforeAll(async () => {
    now = fx.services.clock();
    views = new MongoCaseViewLog(db.connection);
    const routes: Record<string, RequestListener> = {};
    server = createHttpServer({ ready: async () => true }, routes);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The lifetime the settings give by default.
    links = new LetterLinks({
      secret: 'x'.repeat(40),
      publicUrl: base,
      ttlHours: loadSettings({}).LCP_LETTER_LINK_HOURS,
      clock: () => now,
    });
    routes[LETTERS_PATH] = letterRoute({
      links,
      letters: fx.letters,
      cases: fx.services.cases,
      people: fx.services.people,
      views,
      clock: () => now,
    });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('last 24 hours by default', () => {
    const url = links.url(restricted.id, fx.ids.edc, { kind: 'letter', index: 0 });
    const token = url.slice(url.lastIndexOf('/') + 1);
    expect(loadSettings({}).LCP_LETTER_LINK_HOURS).toBe(24);
    now = new Date(now.getTime() + 23.9 * 3600_000);
    expect(links.verify(token).ok).toBe(true);
    now = new Date(now.getTime() + 0.2 * 3600_000);
    expect(links.verify(token)).toEqual({ ok: false, code: 'LETTER_LINK.EXPIRED' });
    now = fx.services.clock();
  });

  test.each([
    ["Slack's unfurler", { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' }, 'GET'],
    [
      "Teams' link preview",
      {
        'user-agent': 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
      },
      'GET',
    ],
    ["Office's link check", { 'user-agent': 'Microsoft Office Existence Discovery' }, 'GET'],
    ['a HEAD request', { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' }, 'HEAD'],
  ])('%s is not given the PDF and is not recorded as a view', async (_name, headers, method) => {
    const before = (await views.forCase(restricted.id)).length;
    const response = await fetch(links.url(restricted.id, fx.ids.edc, { kind: 'letter', index: 0 }), {
      method,
      headers,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(
      response.headers.get('content-length') === null || Number(response.headers.get('content-length')) < 200,
    ).toBe(true);
    const body = await response.text();
    expect(body).not.toContain('%PDF');
    expect(body).not.toMatch(/Alex|Example|ACC-/);
    expect((await views.forCase(restricted.id)).length).toBe(before);
  });

  test("a person's browser still gets the PDF, and the view is recorded (the refusals above are for the agent alone)", async () => {
    const before = (await views.forCase(restricted.id)).length;
    const response = await fetch(links.url(restricted.id, fx.ids.edc, { kind: 'letter', index: 0 }), {
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0' },
    });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
    expect((await views.forCase(restricted.id)).length).toBe(before + 1);
  });

  test('production links must be https', () => {
    const production = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db.internal:27017/lcp',
      LCP_DOWNLOAD_SECRET: 'x'.repeat(32),
    };
    expect(() => loadSettings({ ...production, LCP_PUBLIC_URL: 'http://lcp.example.org' })).toThrow(
      /LCP_PUBLIC_URL: expected an https:\/\/ URL in production/,
    );
    expect(loadSettings({ ...production, LCP_PUBLIC_URL: 'https://lcp.example.org' }).LCP_PUBLIC_URL).toBe(
      'https://lcp.example.org',
    );
  });
});

describe('logs', () => {
  test('free text, names and e-mail addresses are redacted wherever they are, also inside messages', () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk.toString()), done()) });
    const log = logFunction(createLogger({ destination: stream }));
    log('decision failed for rita.reporter@example.org', {
      caseId: 'c1',
      rationale: 'Shouted at Rita on the phone',
      command: {
        question: 'Was Sam drunk?',
        answer: 'Yes',
        knownVulnerabilities: 'Mental health: anxiety',
        adjustments: ['Large print'],
        examples: [{ example: 'Called her useless' }],
      },
      actor: { name: 'Lena Manager', email: 'lena.manager@example.org' },
      deep: { a: { b: { description: 'verbatim' } } },
      error:
        'E11000 duplicate key error collection: people index: email_1 dup key: { email: "omar.manager@example.org" }',
    });
    const line = JSON.parse(chunks.join('').trim()) as Record<string, unknown>;
    const text = JSON.stringify(line);
    expect(text).not.toMatch(/@example\.org|Shouted|Sam drunk|"Yes"|anxiety|Large print|useless|Lena Manager|verbatim/);
    expect(line).toMatchObject({ caseId: 'c1', rationale: '[redacted]', msg: 'decision failed for [e-mail redacted]' });
    expect(String(line.error)).toContain('E11000 duplicate key error');
  });
});

describe('errors shown to people', () => {
  test('a database error while naming a deputy is logged, and the person is told only that it did not work', async () => {
    const logged: string[] = [];
    const failing = {
      ...fx.services.people,
      setDeputy: async () =>
        Promise.reject(
          new Error(
            'MongoServerError: E11000 duplicate key error collection: lcp.people index: email_1 dup key: { email: "edith.director@example.org" }',
          ),
        ),
    };
    const deputy = (await fx.services.people.findById(fx.ids.deputy))!;
    // Within the 31-day limit of a delegation (issue 11 §4).
    const soon = new Date(fx.services.clock().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const result = await nameDeputy(
      { people: failing, clock: fx.services.clock, log: (m, d) => void logged.push(`${m} ${JSON.stringify(d)}`) },
      fx.ids.edc,
      deputy,
      soon,
    );
    expect(result).toEqual({
      ok: false,
      code: 'DEPUTY.REFUSED',
      message: 'The deputy could not be set just now; nothing was changed. Please try again in a moment.',
    });
    expect(logged.some((l) => l.includes('E11000'))).toBe(true);
    // A refusal worded for people is still shown.
    const self = (await fx.services.people.findById(fx.ids.edc))!;
    expect(await nameDeputy(fx.services, fx.ids.edc, self, soon)).toEqual({
      ok: false,
      code: 'DEPUTY.SELF',
      message: 'You cannot be your own deputy: name a colleague who decides while you are away.',
    });
  });
});

describe('the weekly digest in a shared channel', () => {
  test('names no case (a restricted one least of all), customer or person: counts per state and deadlines, and where to look', async () => {
    const posted: string[] = [];
    const deps = mongoSchedulingDeps(db.connection, fx.services, new RecordingSender(), defaultSchedulingSettings());
    const outcome = await postWeeklyDigest(
      deps,
      [{ name: 'test', postDigest: async (text) => void posted.push(text) }],
      new Date('2027-02-22T10:00:00Z'),
    );
    expect(outcome.posted).toEqual(['test']);
    const [text] = posted;
    expect(text).toContain('• Contact restricted: 1');
    expect(text).toMatch(/Case deadlines: \d+ overdue, \d+ due in the next 7 days/);
    expect(text).toContain('App Home in Slack');
    expect(text).not.toContain(restricted.number);
    expect(text).not.toMatch(/LCP-\d{4}-\d{4}/);
    for (const p of Object.values(PEOPLE)) expect(text).not.toContain(p.name);
    expect(text).not.toContain(restricted.customer.name);
    expect(text).not.toContain(restricted.customer.accountRef);
  });
});
