import { caseView } from '../../src/app/views/case-view.js';
import { displayDay } from '../../src/cases/index.js';
import { caseCard } from '../../adaptive-cards/case.card.js';
import { caseMessage } from '../../src/channels/slack/views/case-message.view.js';
import { actors, apply, caseIn, plusDays, AT, validCommand } from '../cases/fixtures.js';
import type { Case } from '../../src/cases/index.js';

// What the case card got wrong when the cards were rendered and looked at: days shown as ISO
// ("2026-12-10") beside instants in UK format ("3 Dec 2026, 06:41"); a pending appeal without its
// grounds (the decider could not read them anywhere); an empty "Behaviour" row on Teams for a
// report that names no behaviour.

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

describe('the appeal card and the latest report', () => {
  const appealed = apply(caseIn('restricted'), validCommand('receive_appeal'), actors.cxm, plusDays(AT, 1));

  test('a pending appeal shows its grounds to whoever sees the whole case, on both channels', () => {
    const view = caseView(appealed, actors.chc)!;
    const grounds = appealed.appeals[0]!.grounds;
    expect(view.facts).toContainEqual({ label: 'Grounds of appeal', value: grounds });
    expect(JSON.stringify(caseCard(view).body)).toContain(grounds);
    expect(JSON.stringify(caseMessage(view).blocks)).toContain(grounds);
    // The reporter sees their own report only, not the appeal.
    expect(caseView(appealed, actors.colleague)!.facts.map((f) => f.label)).not.toContain('Grounds of appeal');
  });

  test('a decided appeal no longer shows grounds as pending', () => {
    const decided = apply(appealed, validCommand('decide_appeal'), actors.edc2, plusDays(AT, 2));
    expect(caseView(decided, actors.chc)!.facts.map((f) => f.label)).not.toContain('Grounds of appeal');
  });

  test('the Teams card shows "Behaviour" only for a report that names behaviours', () => {
    const latestFacts = (kase: Case) => {
      const body = caseCard(caseView(kase, actors.chc)!).body as Record<string, unknown>[];
      const report = body.find((b) => JSON.stringify(b).includes('Latest report'))!;
      const set = (report.items as Record<string, unknown>[]).find((i) => i.type === 'FactSet')!;
      return (set.facts as { title: string; value: string }[]).map((f) => f.title);
    };
    const withBehaviours = (behaviours: Case['reports'][number]['behaviours']): Case => ({
      ...appealed,
      reports: appealed.reports.map((r, i) => (i === appealed.reports.length - 1 ? { ...r, behaviours } : r)),
    });
    expect(latestFacts(withBehaviours(appealed.reports[0]!.behaviours))).toEqual(['When', 'Contact', 'Behaviour']);
    expect(latestFacts(withBehaviours([]))).toEqual(['When', 'Contact']);
  });
});
