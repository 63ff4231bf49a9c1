import { SYSTEM_ACTOR } from '../../src/cases/index.js';
import {
  actors,
  apply,
  caseIn,
  deputyOf,
  expectError,
  expectOk,
  run,
  timeline,
  validCommand,
  type CommandInput,
} from './fixtures.js';

// Issue 12 §5: each letter has a dispatch record (posted, e-mailed or handed over, when, by whom),
// made by the letter's approver or the customer experience manager; the restriction letter's
// dispatch date is what the quarterly reviews count from (§29), not its approval.

const t = timeline();
const restricted = caseIn('restricted'); // warning letter 0 (EDC), restriction letter 1 (EDC); approved 2026-01-09 and 2026-01-14
const RESTRICTION_LETTER = 1;
const on = (iso: string) => new Date(`${iso}T15:00:00Z`);
const dispatch = (letterIndex: number, dispatchedOn: string, method = 'posted'): CommandInput => ({
  action: 'record_dispatch',
  letterIndex,
  method: method as 'posted',
  dispatchedOn,
});

describe('a letter has a dispatch record', () => {
  test('an approved letter starts with none; the reviews count provisionally from the approval', () => {
    expect(restricted.letters.map((l) => l.dispatch)).toEqual([null, null]);
    expect(restricted.reviewsFrom).toEqual({ date: '2026-01-14', provisional: true });
    expect(restricted.nextReviewDue).toBe('2026-04-14');
  });

  test('the customer experience manager records it: how, when, by whom; the state does not change', () => {
    const result = expectOk(run(restricted, dispatch(0, '2026-01-10', 'handed_over'), actors.cxm, on('2026-01-20')));
    expect(result.next.state).toBe('restricted');
    expect(result.next.letters[0]!.dispatch).toEqual({
      method: 'handed_over',
      on: '2026-01-10',
      recordedBy: { personId: actors.cxm.personId, name: actors.cxm.name, onBehalfOf: null },
      recordedAt: on('2026-01-20').toISOString(),
    });
    expect(result.events[0]).toMatchObject({
      action: 'record_dispatch',
      data: { letterIndex: 0, kind: 'warning', method: 'handed_over', dispatchedOn: '2026-01-10' },
    });
    // Not a decision: "already decided" and appeal independence are untouched.
    expect(result.next.lastDecision).toEqual(restricted.lastDecision);
    expect(result.next.deciderIds).toEqual(restricted.deciderIds);
  });

  test("the letter's approver records it, and their deputy on their behalf", () => {
    expectOk(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-15'), actors.edc, on('2026-01-15')));
    const deputy = deputyOf(actors.edc);
    const byDeputy = expectOk(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-15'), deputy, on('2026-01-15')));
    expect(byDeputy.next.letters[RESTRICTION_LETTER]!.dispatch!.recordedBy.onBehalfOf).toEqual({
      personId: actors.edc.personId,
      name: actors.edc.name,
    });
  });

  test('anyone else is refused: the corporate head, the reporter, the scheduler', () => {
    for (const who of [actors.chc, actors.colleague, actors.lineManager, SYSTEM_ACTOR]) {
      const error = expectError(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-15'), who, on('2026-01-15')));
      expect(error.code).toBe('CASE.NOT_YOUR_TIER');
    }
    expect(
      expectError(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-15'), actors.chc, on('2026-01-15'))).message,
    ).toMatch(/approver of the letter or the customer experience manager/);
  });

  test('a method that is not posted, e-mailed or handed over is refused, naming the field', () => {
    const error = expectError(run(restricted, dispatch(0, '2026-01-15', 'pigeon'), actors.cxm, on('2026-01-15')));
    expect(error.code).toBe('CASE.INVALID_COMMAND');
    expect(error.details?.fields).toEqual([expect.objectContaining({ path: 'method' })]);
  });
});

describe('quarterly reviews count from the dispatch of the restriction letter (§29)', () => {
  test('recording it moves the next review to three months after the dispatch date', () => {
    const result = expectOk(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-19'), actors.cxm, on('2026-01-20')));
    expect(result.next.reviewsFrom).toEqual({ date: '2026-01-19', provisional: false });
    expect(result.next.nextReviewDue).toBe('2026-04-19');
    expect(result.events[0]!.data).toMatchObject({ reviewsFrom: '2026-01-19' });
  });

  test('the following reviews keep the dispatch anchor', () => {
    const dispatched = apply(restricted, dispatch(RESTRICTION_LETTER, '2026-01-19'), actors.cxm, on('2026-01-20'));
    const reviewed = apply(dispatched, validCommand('review_continue', dispatched), actors.chc, on('2026-04-17'));
    expect(reviewed.nextReviewDue).toBe('2026-07-19');
  });

  test('the warning letter (the first letter) does not move the reviews', () => {
    const result = expectOk(run(restricted, dispatch(0, '2026-01-12'), actors.cxm, on('2026-01-20')));
    expect(result.next.nextReviewDue).toBe(restricted.nextReviewDue);
    expect(result.next.reviewsFrom).toEqual(restricted.reviewsFrom);
  });

  test('a dispatch recorded after a provisional review: that review counts, the next is the second quarter from dispatch', () => {
    const reviewed = apply(restricted, validCommand('review_continue', restricted), actors.chc, on('2026-04-14'));
    expect(reviewed.nextReviewDue).toBe('2026-07-14');
    const late = expectOk(run(reviewed, dispatch(RESTRICTION_LETTER, '2026-01-21'), actors.cxm, on('2026-04-20')));
    expect(late.next.nextReviewDue).toBe('2026-07-21');
  });

  test('a case that no longer has reviews (closed) gets none from a late dispatch record', () => {
    const lifted = apply(restricted, validCommand('review_lift', restricted), actors.chc, on('2026-02-02'));
    expect(lifted.state).toBe('closed');
    const result = expectOk(run(lifted, dispatch(RESTRICTION_LETTER, '2026-01-15'), actors.cxm, on('2026-02-03')));
    expect(result.next.nextReviewDue).toBeNull();
    // The lift letter itself can be recorded too, on the closed case.
    expectOk(run(result.next, dispatch(2, '2026-02-03'), actors.cxm, on('2026-02-03')));
  });

  test('the approval date stays the letter date: the register and reports still see restrictions from it', () => {
    const result = expectOk(run(restricted, dispatch(RESTRICTION_LETTER, '2026-01-19'), actors.cxm, on('2026-01-20')));
    expect(result.next.restrictionLetterDate).toBe(restricted.restrictionLetterDate);
    expect(t.approveRestrictions.toISOString().slice(0, 10)).toBe('2026-01-14');
  });
});
