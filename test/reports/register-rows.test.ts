import { registerRows } from '../../src/reports/register.js';
import { toCsv } from '../../src/reports/csv.js';
import {
  apply,
  actors,
  caseIn,
  RESTRICTIONS_END,
  restrictionDates,
  timeline,
  validCommand,
} from '../cases/fixtures.js';

// Register rows computed from cases driven through the real decide (no database): the dates of
// the driven path come from test/cases/fixtures.ts (restrictions proposed on day 7, starting a
// week later, ending six months after that).

const t = timeline();
const dates = restrictionDates(t.proposeRestrictions);

describe('register rows', () => {
  test('approved restrictions that start next week are upcoming, then live, then ended after their end date', () => {
    const kase = caseIn('restricted');
    const before = registerRows(kase, '2026-01-15');
    expect(before.map((r) => [r.type, r.startDate, r.endDate, r.status, r.nextReview])).toEqual([
      ['letter_only', dates.startDate, RESTRICTIONS_END, 'upcoming', kase.nextReviewDue],
      ['witness_required', dates.startDate, RESTRICTIONS_END, 'upcoming', kase.nextReviewDue],
    ]);
    expect(registerRows(kase, dates.startDate).map((r) => r.status)).toEqual(['live', 'live']);
    expect(registerRows(kase, '2027-01-01').map((r) => [r.status, r.nextReview])).toEqual([
      ['ended', null],
      ['ended', null],
    ]);
  });

  test('a variation replaces the set: the old items end on the date of the review letter, the new ones are live', () => {
    let kase = caseIn('restricted');
    const on = new Date('2026-02-20T10:00:00Z');
    kase = apply(
      kase,
      {
        ...validCommand('review_vary', kase, on),
        restrictions: [{ type: 'no_office_access', details: { offices: ['Head office'] }, ...restrictionDates(on) }],
      } as never,
      actors.chc,
      on,
    );
    kase = apply(kase, validCommand('approve_restrictions', kase, on), actors.edc, on);
    const rows = registerRows(kase, '2026-03-10');
    expect(rows.map((r) => [r.type, r.status, r.endedOn])).toEqual([
      ['letter_only', 'ended', '2026-02-20'],
      ['witness_required', 'ended', '2026-02-20'],
      ['no_office_access', 'live', null],
    ]);
  });

  test('a refusal of all contact is a row of its own, live while contact is refused', () => {
    const kase = caseIn('contact_refused');
    const refusal = registerRows(kase, '2026-02-10').find((r) => r.type === 'refusal_of_all_contact');
    expect(refusal).toMatchObject({
      startDate: '2026-02-04',
      endDate: '2026-08-04',
      status: 'live',
      nextReview: kase.nextReviewDue,
    });
  });

  test('a refusal varied back to restrictions keeps its row, with its start and the day it ended (§31)', () => {
    let kase = caseIn('contact_refused');
    const on = new Date('2026-03-02T10:00:00Z');
    kase = apply(kase, validCommand('review_vary', kase, on), actors.chc, on);
    kase = apply(kase, validCommand('approve_restrictions', kase, on), actors.edc, on);
    const refusal = registerRows(kase, '2026-03-10').find((r) => r.type === 'refusal_of_all_contact');
    expect(refusal).toMatchObject({
      startDate: '2026-02-04',
      endDate: '2026-08-04',
      endedOn: '2026-03-02',
      status: 'ended',
      nextReview: null,
    });
  });

  test('a lifted refusal keeps its row, ended on the day of the lift', () => {
    let kase = caseIn('contact_refused');
    kase = apply(kase, validCommand('review_lift', kase), actors.chc, new Date('2026-03-02T10:00:00Z'));
    expect(registerRows(kase, '2026-03-10').find((r) => r.type === 'refusal_of_all_contact')).toMatchObject({
      startDate: '2026-02-04',
      endedOn: '2026-03-02',
      status: 'ended',
    });
  });
});

describe('CSV cells', () => {
  test('a cell a spreadsheet would run as a formula is quoted with an apostrophe', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['=HYPERLINK("x")', 'plain, with comma'],
          [null, 3],
        ],
      ),
    ).toBe('a,b\r\n"\'=HYPERLINK(""x"")","plain, with comma"\r\n,3\r\n');
  });
});

describe('the register as a Slack message', () => {
  test('within Block Kit limits however long; the notification text names no customer', async () => {
    const { registerMessage } = await import('../../src/channels/slack/report-answers.js');
    const { blockKitViolations } = await import('../channels/slack/views/block-kit-limits.js');
    const lines = Array.from(
      { length: 2000 },
      (_, i) =>
        `LCP-2026-${String(i).padStart(4, '0')}: Customer Number ${i} (ACC-${100000 + i}): Contact by letter only, or through an agreed third party, 2026-02-16 to 2026-08-16; next review 2026-05-10`,
    );
    const message = registerMessage(lines);
    expect(blockKitViolations('message', message)).toEqual([]);
    expect(message.text).toBe('Restriction register: 2000 in force now');
    expect(JSON.stringify(message.blocks)).toMatch(/\d+ more not shown here\. The full register/);
    expect(registerMessage([]).text).toBe('No restrictions are in force.');
  });
});
