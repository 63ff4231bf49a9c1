// Text typed by people (descriptions, rationales, questions) is shown in mrkdwn. Slack reads
// `<...>` as a control sequence (mentions, broadcasts, links), so the three characters it gives
// meaning to are escaped as its docs require, and a bare @channel/@here/@everyone gets a
// zero-width joiner after the "@" so that no client or `link_names` setting turns it into a ping.

const ZWJ = '\u200D';
const BROADCAST = /@(channel|here|everyone)\b/gi;

export const TRUNCATION_MARKER = '… (truncated)';

/**
 * mrkdwn has no escape for its formatting marks, so in people's text they become look-alikes that
 * Slack does not read as *bold*, _italic_, ~strike~ or `code` (what was typed is stored as typed;
 * only its display changes). An underscore inside a word (snake_case, ACC_1) cannot format and stays.
 */
const FORMATTING: Record<string, string> = { '*': '\u2217', '~': '\u223C', '`': '\u02CB', _: '\u02CD' };
const FORMATTING_MARKS = /[*~`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/** Makes text typed by a person safe to place inside mrkdwn: it renders literally and pings nobody. */
export function escapeMrkdwn(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(BROADCAST, `@${ZWJ}$1`)
    .replace(FORMATTING_MARKS, (mark) => FORMATTING[mark] ?? mark);
}

/**
 * Shortens `text` to at most `max` characters (UTF-16 units, what Slack's limits count or more),
 * marking the cut with "… (truncated)". Never splits a surrogate pair or an escape like `&amp;`,
 * so escaped text stays harmless after the cut.
 */
export function truncate(text: string, max: number, marker: string = TRUNCATION_MARKER): string {
  if (text.length <= max) return text;
  if (max <= marker.length) return marker.slice(0, Math.max(0, max));
  return cleanCut(text.slice(0, max - marker.length)) + marker;
}

/** Escapes, then truncates: the order that keeps the result within `max` after escaping grows it. */
export function escapeAndTruncate(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

/** Shortens to `max` with a single "…", for tight plain-text slots (modal titles, button and option text). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return cleanCut(text.slice(0, Math.max(0, max - 1))).trimEnd() + '…';
}

function cleanCut(cut: string): string {
  let out = cut;
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  // A cut inside "&amp;" / "&lt;" / "&gt;" would leave a stray "&am"; drop the partial entity.
  return out.replace(/&[a-z]{0,3}$/, '');
}
