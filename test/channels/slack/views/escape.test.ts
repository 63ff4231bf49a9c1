import {
  clip,
  escapeAndTruncate,
  escapeMrkdwn,
  TRUNCATION_MARKER,
  truncate,
} from '../../../../src/channels/slack/views/escape.js';

describe('escapeMrkdwn', () => {
  test.each([
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['hi <@U123ABC>', 'hi &lt;@U123ABC&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['fish &amp; chips', 'fish &amp;amp; chips'],
    ['a > b < c', 'a &gt; b &lt; c'],
  ])('%s', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  test('bare broadcasts get a zero-width joiner after the @', () => {
    const out = escapeMrkdwn('@here @channel @everyone @Here but not @hereford or someone@here.example');
    expect(out).not.toMatch(/@(here|channel|everyone)\b/i);
    expect(out).toContain('@\u200Dhere');
    expect(out).toContain('@\u200DHere');
    expect(out).toContain('@hereford');
  });

  test('leaves ordinary text alone', () => {
    expect(escapeMrkdwn('The caller said "you are all useless idiots".')).toBe(
      'The caller said "you are all useless idiots".',
    );
  });
});

describe('truncate', () => {
  test('short text is unchanged', () => {
    expect(truncate('abc', 10)).toBe('abc');
  });

  test('long text is cut to exactly max, marked', () => {
    const out = truncate('x'.repeat(10_000), 3000);
    expect(out).toHaveLength(3000);
    expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  test.each([0, 1, 5, 13, 14, 20, 100])('never exceeds max = %i', (max) => {
    expect(truncate('y'.repeat(500), max).length).toBeLessThanOrEqual(max);
  });

  test('does not split an escape or a surrogate pair', () => {
    const escaped = escapeMrkdwn('a'.repeat(10) + '&'.repeat(20));
    for (let max = 14; max < 60; max++) {
      const out = truncate(escaped, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(TRUNCATION_MARKER, '')).not.toMatch(/&[a-z]{0,3}$/);
    }
    const emoji = truncate('😀'.repeat(50), 20);
    expect(emoji.replace(TRUNCATION_MARKER, '')).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  test('escapeAndTruncate escapes first, so the limit holds after escaping', () => {
    expect(escapeAndTruncate('<'.repeat(3000), 3000).length).toBeLessThanOrEqual(3000);
  });

  test('clip uses a single ellipsis for tight slots', () => {
    expect(clip('Propose refusal of all contact', 24)).toBe('Propose refusal of all…');
    expect(clip('Escalate', 24)).toBe('Escalate');
  });
});
