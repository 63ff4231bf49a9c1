import { runCommand } from '../../src/channels/teams/commands.js';
import { REGISTER_SENT_TO_DM } from '../../src/channels/slack/report-answers.js';
import { REPORT_NOT_ALLOWED } from '../../src/reports/report-access.js';
import { blockActionPayload, interactionBody } from '../channels/slack/slack-requests.js';
import { OPEN_CASE_ACTION } from '../../src/channels/slack/views/home.view.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { startSlackAppHarness, SLACK_USERS, type SlackAppHarness } from '../support/slack-app-harness.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { seedCases, type Seeded } from './report-seed.js';
import { cardErrors } from '../channels/teams/card-schema.js';

let db: TestDatabase;
let app: SlackAppHarness;
let seeded: Seeded;
const NOW = new Date('2026-12-01T10:00:00Z');

beforeAll(async () => {
  db = await openTestDatabase();
  app = await startSlackAppHarness({ connection: db.connection, clock: () => NOW });
  seeded = await seedCases(db);
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.close();
});

/** A slash command typed in a shared channel (Slack sends its name, not "directmessage"). */
const SHARED = { channel: 'C0SHARED01', sharedChannel: true };
const textOf = (json: unknown) => (json as { text: string }).text;

describe('the register and the board report from chat', () => {
  test("Slack /lcp register in a shared channel: the register goes to the CXM's direct message, the channel hears only that it was sent", async () => {
    app.api.calls.length = 0;
    const res = await app.command(SLACK_USERS.cxm, 'register', SHARED);
    expect(textOf(res.json)).toBe(REGISTER_SENT_TO_DM);
    expect(JSON.stringify(res.json)).not.toMatch(/Alex|ACC-/);
    await app.until(() => app.api.of('chat.postMessage').length > 0, 'the direct message');
    const [dm] = app.api.of('chat.postMessage');
    expect(dm!.args.channel).toBe(SLACK_USERS.cxm);
    // Notification text (lock screens) gives the count; the customers are in the blocks only.
    expect(dm!.args.text).toBe('Restriction register: 1 in force now');
    const blocks = JSON.stringify(dm!.args.blocks);
    expect(blocks).toContain(
      `${seeded.cases.alex.number}: Alex Example (ACC-10001): Refusal of all contact (§31), 2026-03-03 to 2026-09-03; next review 2026-05-10`,
    );
    expect(blocks).toContain('in force now (1)');
    expect(blocks).not.toContain('Eli Fifth');
  });

  test('Slack /lcp register in the direct message answers there; a colleague and a line manager are refused', async () => {
    expect(JSON.stringify((await app.command(SLACK_USERS.edc, 'register')).json)).toContain('Alex Example (ACC-10001)');
    expect(textOf((await app.command(SLACK_USERS.reporter, 'register')).json)).toBe(REPORT_NOT_ALLOWED);
    expect(textOf((await app.command(SLACK_USERS.lineManager, 'report board 2026', SHARED)).json)).toBe(
      REPORT_NOT_ALLOWED,
    );
  });

  test('Slack /lcp report board 2026 gives signed links; the PDF and CSV download from the app, a forged link is refused', async () => {
    const answer = textOf((await app.command(SLACK_USERS.chc, 'report board 2026')).json);
    expect(answer).toMatch(
      /^Board report 2026 \(customers anonymised\)\. The links are for you only and work until 10:15 UTC\.\nPDF: \S+\nCSV: \S+$/,
    );
    const [pdfUrl, csvUrl] = [...answer.matchAll(/(https?:\/\/\S+\/reports\/[0-9a-f]+\.[0-9a-f]{64})/g)].map((m) =>
      m[1]!.replace(/^https?:\/\/[^/]+/, app.base),
    );
    const pdf = await fetch(pdfUrl!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="board-report-2026.pdf"');
    const { text } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Warning letters (§26): 3');
    expect(text).not.toContain('Alex');
    const csv = await fetch(csvUrl!);
    expect(await csv.text()).toContain('uses,warnings,3');
    const forged = pdfUrl!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect((await fetch(forged)).status).toBe(403);
    expect((await fetch(pdfUrl!, { method: 'POST' })).status).toBe(405);
    expect(textOf((await app.command(SLACK_USERS.chc, 'report board 1999')).json)).toBe(
      'Give a year from 2000 to 2026, e.g. "report board 2026".',
    );
  });

  test('Teams register and report board in the personal chat give the same answers', async () => {
    const people = app.runtime.services.people;
    const replies: string[] = [];
    const deps = {
      services: app.runtime.services,
      messageRefs: { add: async () => {}, forCase: async () => [] },
      reply: async (r: { text: string } | { card: unknown }) =>
        void replies.push('text' in r ? r.text : JSON.stringify(r)),
    };
    const cxm = (await people.findByEmail('cora@example.org'))!;
    const reporter = (await people.findByEmail('rita@example.org'))!;
    await runCommand(deps, cxm, 'register');
    await runCommand(deps, reporter, 'register');
    await runCommand(deps, cxm, 'report board 2026');
    // Issue 13 §4: the customers are in the card only; the notification preview (summary) is the count.
    const register = JSON.parse(replies[0]!) as { card: unknown; summary: string };
    expect(register.summary).toBe('Restriction register: 1 in force now');
    expect(JSON.stringify(register.card)).toContain(
      `${seeded.cases.alex.number}: Alex Example (ACC-10001): Refusal of all contact (§31)`,
    );
    expect(Object.keys(register)).toEqual(['card', 'summary']);
    expect(replies[1]).toBe(REPORT_NOT_ALLOWED);
    // Issue 12 §5: in Teams the report links are buttons (Action.OpenUrl), not text.
    const board = JSON.parse(replies[2]!) as { card: { actions: Record<string, unknown>[] }; summary: string };
    expect(cardErrors(board.card)).toEqual([]);
    expect(board.summary).toBe('Board report 2026');
    expect(board.card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Board report (PDF)',
        url: expect.stringMatching(/^http\S+\/reports\/[0-9a-f]+\.[0-9a-f]{64}$/),
      },
      { type: 'Action.OpenUrl', title: 'Figures (CSV)', url: expect.stringMatching(/^http\S+\/reports\//) },
    ]);
  });

  test('who viewed a case: /lcp case, App Home "Open" and Teams case each append to the view log, the case itself unchanged', async () => {
    const alex = seeded.cases.alex;
    const views = app.runtime.services.views!;
    const before = (await views.forCase(alex.id)).length;
    expect(JSON.stringify((await app.command(SLACK_USERS.cxm, `case ${alex.number}`)).json)).toContain(alex.number);
    await app.post(interactionBody(blockActionPayload(SLACK_USERS.chc, OPEN_CASE_ACTION, alex.id)));
    await app.until(
      () => app.api.of('chat.postMessage').some((c) => c.args.channel === SLACK_USERS.chc),
      'the card in the DM',
    );
    const replies: string[] = [];
    const edith = (await app.runtime.services.people.findByEmail('edith@example.org'))!;
    await runCommand(
      {
        services: app.runtime.services,
        messageRefs: { add: async () => {}, forCase: async () => [] },
        reply: async (r) => void replies.push(JSON.stringify(r)),
      },
      edith,
      `case ${alex.number}`,
    );
    const logged = (await views.forCase(alex.id)).slice(before);
    expect(logged.map((v) => [v.name, v.via])).toEqual([
      ['Cora Experience', 'slack: /lcp case'],
      ['Hugo Head', 'slack: home, open'],
      ['Edith Director', 'teams: case'],
    ]);
    expect((await app.runtime.services.cases.findById(alex.id))!.version).toBe(alex.version);
  });
});
