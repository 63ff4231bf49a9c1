import type { AddressInfo } from 'node:net';
import type { RequestListener, Server } from 'node:http';
import { resolveActor } from '../../src/app/resolve-actor.js';
import { caseView } from '../../src/app/views/case-view.js';
import { caseMessage } from '../../src/channels/slack/views/case-message.view.js';
import { caseCard } from '../../adaptive-cards/case.card.js';
import { LETTERS_PATH, LetterLinks } from '../../src/letters/letter-links.js';
import { letterRoute } from '../../src/letters/letter-route.js';
import { sha256 } from '../../src/letters/letter-service.js';
import { createHttpServer } from '../../src/server.js';
import { MongoCaseViewLog } from '../../src/store/mongo-case-view.log.js';
import { PEOPLE } from '../app/case-services.fixture.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { pdfText } from '../support/documents/pdf-text.js';
import { lettersFixture, type LettersFixture } from './letters.fixture.js';
import { cardErrors } from '../channels/teams/card-schema.js';

// GET /letters/<token> on the app's one HTTP server, over real HTTP, against the real database:
// the approver reads the letter before approving (a preview) and after (the stored letter).

const SECRET = 'a-test-secret-for-letter-links-0123456789';
let db: TestDatabase;
let fx: LettersFixture;
let server: Server;
let base: string;
let now: Date;
let links: LetterLinks;
let views: MongoCaseViewLog;

beforeEach(async () => {
  db = await openTestDatabase();
  fx = await lettersFixture(db.connection);
  now = fx.services.clock();
  views = new MongoCaseViewLog(db.connection);
  // The route as the runtime mounts it, on the same server as /healthz (routes are looked up per request).
  const routes: Record<string, RequestListener> = {};
  server = createHttpServer({ ready: async () => true }, routes);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  links = new LetterLinks({ secret: SECRET, publicUrl: base, ttlHours: 24, clock: () => now });
  routes[LETTERS_PATH] = letterRoute({
    links,
    letters: fx.letters,
    cases: fx.services.cases,
    people: fx.services.people,
    views,
    clock: () => now,
  });
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
});

const get = (url: string, init?: RequestInit) => fetch(url, init);
const pdfOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('GET /letters/<token>', () => {
  test('before approving: the preview; after: the stored letter; each view recorded', async () => {
    const pending = await fx.toWarningApproval();
    const edc = fx.ids.edc;
    const previewUrl = links.url(pending.id, edc, { kind: 'preview', version: pending.version });

    const preview = await get(previewUrl);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expect(preview.headers.get('cache-control')).toBe('private, no-store');
    const previewText = (await pdfText(await pdfOf(preview))).text;
    expect(previewText).toContain('PREVIEW: this letter has not been approved and has not been sent.');
    expect(previewText).toContain('Called the colleague useless on 30 November.');

    const approved = await fx.act(pending, 'edc', { action: 'approve_warning', rationale: 'Proportionate.' });
    // The proposal the preview was drawn for is decided: the old link says so.
    expect((await get(previewUrl)).status).toBe(410);

    // The letter's first view stores it if the background step has not yet.
    const letter = await get(links.url(approved.id, edc, { kind: 'letter', index: 0 }));
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-disposition')).toBe(`inline; filename="${approved.number}-1-warning.pdf"`);
    const bytes = await pdfOf(letter);
    const stored = (await fx.archive.find(approved.id, 0))!;
    expect(sha256(bytes)).toBe(stored.sha256);
    const text = (await pdfText(bytes)).text;
    expect(text).not.toContain('PREVIEW');
    expect(text).toContain('A warning about your behaviour towards our colleagues');

    expect((await views.forCase(approved.id)).map((v) => [v.personId, v.name, v.via])).toEqual([
      [edc, 'Edith Director', `letter:preview:warning:v${pending.version}`],
      [edc, 'Edith Director', 'letter:0:warning'],
    ]);
  });

  test('an expired link and a forged one get 403', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    const url = links.url(kase.id, fx.ids.edc, { kind: 'letter', index: 0 });
    expect((await get(url)).status).toBe(200);

    const [payload, mac] = url.slice(`${base}${LETTERS_PATH}`.length).split('.') as [string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('0') ? '1' : '0'}`;
    // Another person's id with the original signature; a link signed with another key; junk.
    const otherPayload = Buffer.from(
      Buffer.from(payload, 'hex').toString('utf8').replace(fx.ids.edc, fx.ids.reporter),
    ).toString('hex');
    const otherKey = new LetterLinks({
      secret: 'another-secret-another-secret-0123456789',
      publicUrl: base,
      ttlHours: 24,
      clock: () => now,
    }).url(kase.id, fx.ids.edc, { kind: 'letter', index: 0 });
    for (const forged of [
      `${base}${LETTERS_PATH}${payload}.${flipped}`,
      `${base}${LETTERS_PATH}${otherPayload}.${mac}`,
      otherKey,
      `${base}${LETTERS_PATH}not-a-token`,
    ]) {
      const response = await get(forged);
      expect([forged, response.status]).toEqual([forged, 403]);
      expect(await response.text()).toBe('This letter link is not valid.');
    }

    now = new Date(now.getTime() + 24 * 3600 * 1000 + 1000);
    const expired = await get(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('This letter link has expired');
  });

  test('a person who may no longer see the case gets 404, as does one who never could', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    // Omar is made a customer experience manager (sees every case), gets a link, then loses the role.
    await fx.services.people.upsertMany([
      {
        ...PEOPLE.otherManager,
        roles: ['colleague', 'customer_experience_manager'],
        slackUserId: null,
        teamsAadObjectId: null,
      },
    ]);
    const url = links.url(kase.id, fx.ids.otherManager, { kind: 'letter', index: 0 });
    expect((await get(url)).status).toBe(200);
    await fx.services.people.upsertMany([
      { ...PEOPLE.otherManager, roles: ['colleague', 'line_manager'], slackUserId: null, teamsAadObjectId: null },
    ]);
    expect((await get(url)).status).toBe(404);

    // The reporter sees their own report and its outcome, never the letters.
    expect((await get(links.url(kase.id, fx.ids.reporter, { kind: 'letter', index: 0 }))).status).toBe(404);
    // A letter that does not exist, a case that does not exist.
    expect((await get(links.url(kase.id, fx.ids.edc, { kind: 'letter', index: 5 }))).status).toBe(404);
    expect((await get(links.url('no-such-case', fx.ids.edc, { kind: 'letter', index: 0 }))).status).toBe(404);
    expect((await views.forCase(kase.id)).map((v) => v.personId)).toEqual([fx.ids.otherManager]);
  });

  test('only GET and HEAD', async () => {
    const kase = await fx.act(await fx.toWarningApproval(), 'edc', {
      action: 'approve_warning',
      rationale: 'Proportionate.',
    });
    const url = links.url(kase.id, fx.ids.edc, { kind: 'letter', index: 0 });
    expect((await get(url, { method: 'POST' })).status).toBe(405);
    // HEAD is not a person reading the letter (issue 13 §4): no PDF (test/security/least-exposure.test.ts).
    const head = await get(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });
});

describe('the letter links in the case view, for Slack and Teams alike', () => {
  test('the approver sees the preview link before approving and the letter link after; the reporter sees neither', async () => {
    const pending = await fx.toWarningApproval();
    const edc = (await resolveActor(fx.services.people, fx.ids.edc, now))!;
    const before = caseView(pending, edc, [], links)!;
    const preview = before.links.find((l) => l.label === 'Warning letter to approve (preview PDF)')!;
    expect(links.verify(preview.url.slice(`${base}${LETTERS_PATH}`.length))).toEqual({
      ok: true,
      claims: expect.objectContaining({
        caseId: pending.id,
        personId: fx.ids.edc,
        target: { kind: 'preview', version: pending.version },
      }),
    });
    // Both channels carry the URL exactly (hex and dots: nothing for either to escape): Slack as a
    // link, Teams as a button (Action.OpenUrl, issue 12 §5), never as text in the fact set.
    expect(JSON.stringify(caseMessage(before).blocks)).toContain(`<${preview.url}|`);
    const card = caseCard(before);
    expect(cardErrors(card)).toEqual([]);
    expect(openUrlActions(card)).toEqual([{ type: 'Action.OpenUrl', title: preview.label, url: preview.url }]);
    expect(JSON.stringify(factSets(card))).not.toContain(LETTERS_PATH);
    expect((await get(preview.url)).status).toBe(200);

    const approved = await fx.act(pending, 'edc', { action: 'approve_warning', rationale: 'Proportionate.' });
    const after = caseView(approved, edc, [], links)!;
    expect(after.links.some((l) => l.label.includes('preview'))).toBe(false);
    const letter = after.links.find((l) => l.label.startsWith('Warning letter sent '))!;
    expect(letter.label).toBe('Warning letter sent 30 November 2026 (PDF)');
    expect(openUrlActions(caseCard(after)).map((a) => a.url)).toEqual([letter.url]);
    expect((await get(letter.url)).status).toBe(200);

    const reporter = (await resolveActor(fx.services.people, fx.ids.reporter, now))!;
    expect(caseView(approved, reporter, [], links)!.links).toEqual([]);
    expect(JSON.stringify(caseCard(caseView(approved, reporter, [], links)!))).not.toContain(LETTERS_PATH);
    // Without a link source (as in the golden tests) the view has no letter links.
    expect(caseView(approved, edc, [])!.links).toEqual([]);
  });
});

/** Every Action.OpenUrl anywhere in a card. */
function openUrlActions(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(openUrlActions);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  return [...(o.type === 'Action.OpenUrl' ? [o] : []), ...Object.values(o).flatMap(openUrlActions)];
}

function factSets(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(factSets);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  return [...(o.type === 'FactSet' ? [o] : []), ...Object.values(o).flatMap(factSets)];
}
