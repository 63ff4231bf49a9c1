import { actors, apply, caseIn, NEW_CASE, plusHours, reportInput, validCommand, AT } from './fixtures.js';

describe('quarterly review variations (§29)', () => {
  test('a variation the EDC sends back leaves the restrictions as they were and still tells the customer the review outcome', () => {
    const restricted = caseIn('restricted');
    const varied = apply(restricted, validCommand('review_vary', restricted, AT), actors.chc, AT);
    expect(varied.state).toBe('edc_restriction_approval');
    const sentBack = apply(
      varied,
      { ...validCommand('send_back'), rationale: 'Keep the current restrictions.' },
      actors.edc,
      plusHours(AT, 2),
    );
    expect(sentBack.state).toBe('restricted');
    expect(sentBack.restrictions).toEqual(restricted.restrictions);
    expect(sentBack.proposedRestrictions).toBeNull();
    expect(sentBack.letters.at(-1)).toMatchObject({ kind: 'review_outcome', content: { outcome: 'continue' } });
    // The review was held when the variation was proposed: the next one is a quarter later.
    expect(sentBack.nextReviewDue! > restricted.nextReviewDue!).toBe(true);
  });
});

describe('what a report records (docs/domain.md "The case")', () => {
  test('a counter-allegation against staff and possible resident-on-resident behaviour are kept on the report, verbatim', () => {
    const kase = apply(
      null,
      {
        action: 'report',
        report: reportInput({
          counterAllegation: true,
          possibleResidentOnResident: true,
          affectedPeople: 'Sam at reception',
          evidenceRefs: ['CALL-2291'],
          knownVulnerabilities: 'Hearing impairment',
        }),
      },
      actors.colleague,
      AT,
      { newCase: NEW_CASE },
    );
    expect(kase.reports[0]).toMatchObject({
      counterAllegation: true,
      possibleResidentOnResident: true,
      affectedPeople: 'Sam at reception',
      evidenceRefs: ['CALL-2291'],
      knownVulnerabilities: 'Hearing impairment',
    });
  });
});
