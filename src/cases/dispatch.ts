import type { Case, LetterRecord } from './case.types.js';

// Letters and their dispatch (issue 12 §5): which letters still wait for a dispatch record, and
// which one anchors the quarterly reviews (§29: "quarterly from the date of the second letter").

/** The indexes of the case's letters with no dispatch recorded (older letters included). */
export function lettersAwaitingDispatch(kase: Case): number[] {
  return kase.letters.flatMap((l, i) => (l.dispatch ? [] : [i]));
}

/**
 * Letters approved since dispatch records exist (`dispatch: null`) and still not dispatched: the
 * ones the customer experience manager is reminded about. Older letters (no field) are not.
 */
export function lettersToChase(kase: Case): number[] {
  return kase.letters.flatMap((l, i) => (l.dispatch === null ? [i] : []));
}

/** The second letter of §29: the case's first restriction letter, whose dispatch anchors the reviews. */
export function reviewAnchorLetter(kase: Case): number {
  return kase.letters.findIndex((l) => l.kind === 'restriction');
}

/** Whether this person approved the letter, themselves or as the principal a deputy acted for. */
export function approvedLetter(letter: LetterRecord, personId: string): boolean {
  return letter.approvedBy.personId === personId || letter.approvedBy.onBehalfOf?.personId === personId;
}
