import { caseView } from '../../src/app/views/case-view.js';
import { displayDay } from '../../src/cases/index.js';
import { caseCard } from '../../adaptive-cards/case.card.js';
import { caseMessage } from '../../src/channels/slack/views/case-message.view.js';
import { actors, apply, caseIn, plusDays, AT } from '../cases/fixtures.js';

// The case card shows every day as people read it ("10 Dec 2026"), as it shows instants
// ("3 Dec 2026, 06:41"): restriction period, next review and each letter's dispatch were ISO
// ("2026-12-10") when the cards were looked at.

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/;

describe('days on the case card are in UK format', () => {
  test('displayDay reads a calendar day without shifting it', () => {
    expect(displayDay('2026-12-10')).toBe('10 Dec 2026');
    expect(displayDay('2027-03-28')).toBe('28 Mar 2027');
  });

  test('restriction period, next review and letters (with a recorded dispatch) carry no ISO date, on both channels', () => {
    const restricted = caseIn('restricted');
    const kase = apply(
      restricted,
      {
        action: 'record_dispatch',
        letterIndex: 1,
        method: 'posted',
        dispatchedOn: restricted.letters[1]!.approvedAt.slice(0, 10),
      },
      actors.cxm,
      plusDays(AT, 1),
    );
    const view = caseView(kase, actors.cxm)!;
    const fact = (label: string) => view.facts.find((f) => f.label === label)?.value;
    expect(fact('Restriction period')).toBe(
      `${displayDay(kase.restrictions!.startDate)} to ${displayDay(kase.restrictions!.endDate)}`,
    );
    expect(fact('Next review')).toBe(displayDay(kase.nextReviewDue!));
    expect(fact('Letters')).toMatch(/^Warning letter of \d{1,2} \w{3} \d{4}: dispatch not recorded; /);
    expect(fact('Letters')).toMatch(
      /Restriction letter of \d{1,2} \w{3} \d{4}: posted \d{1,2} \w{3} \d{4} \(recorded by /,
    );
    for (const f of view.facts) expect([f.label, f.value]).not.toEqual([f.label, expect.stringMatching(ISO_DAY)]);
    expect(JSON.stringify(caseCard(view).body)).not.toMatch(ISO_DAY);
    expect(JSON.stringify(caseMessage(view).blocks)).not.toMatch(ISO_DAY);
  });
});
