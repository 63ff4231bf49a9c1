import { LIST_SHOWN } from '../../src/app/views/list-page.js';
import { cardErrors } from './teams/card-schema.js';
import { chatPeople, twoPlatforms, type TwoPlatforms } from './two-platforms.harness.js';

// `approvals` with more open cases than a list shows (issue 14 §2), as a line manager sees it on
// Slack and on Teams: the first LIST_SHOWN cases, then the "…and N more" line, within each
// platform's limits. Slack's own advice is to keep a message's text under 4,000 characters (it
// truncates at 40,000); Teams' message limit is about 28 KB.

const MORE = 3;
let h: TwoPlatforms;

beforeAll(async () => {
  h = await twoPlatforms(chatPeople({ reporter: 'slack', lm: 'both' }));
  for (let i = 0; i < LIST_SHOWN + MORE; i++) await h.report(`ACC-LIST-${String(i).padStart(3, '0')}`);
}, 120_000);
afterAll(() => h?.close());

test(`Slack: /lcp approvals with ${LIST_SHOWN + MORE} waiting lists ${LIST_SHOWN}, then "…and ${MORE} more", under 4,000 characters`, async () => {
  const reply = (await h.slackCommand('lm', 'approvals')) as { text: string };
  const lines = reply.text.split('\n');
  expect(lines[0]).toBe('Waiting for you:');
  expect(lines.filter((l) => /^• \*LCP-\d{4}-\d{4}\*: \S/.test(l))).toHaveLength(LIST_SHOWN);
  expect(lines.at(-1)).toBe(`…and ${MORE} more not shown (a list shows ${LIST_SHOWN}; open any case with its number).`);
  expect(reply.text).not.toMatch(/undefined|null|\d{4}-\d{2}-\d{2}T/);
  expect(reply.text.length).toBeLessThan(4000);
});

test(`Teams: approvals with ${LIST_SHOWN + MORE} waiting is a valid card of ${LIST_SHOWN} rows and the "more" line, under 28 KB`, async () => {
  const replies = await h.teamsMessage('lm', 'approvals');
  const card = (replies.at(-1)!.body as { attachments: { content: Record<string, unknown> }[] }).attachments[0]!
    .content;
  expect(cardErrors(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(json.match(/LCP-\d{4}-\d{4}/g)).toHaveLength(LIST_SHOWN);
  expect(json).toContain(`…and ${MORE} more not shown (a list shows ${LIST_SHOWN}; open any case with its number).`);
  expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
});
