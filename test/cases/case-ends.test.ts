import { TRANSITIONS } from '../../src/policy/index.js';
import { actors, caseIn, expectError, expectOk, fromStates, run, scenario, validCommand, AT } from './fixtures.js';

// Issue 11 §2: every case can end. The corporate head and the executive director may close a case
// with no further action, with reasons; and every way a case ends records its closure, which is
// what retention purges by.

describe('close with no further action', () => {
  test('the corporate head at their review, the executive director instead of approving a proposal', () => {
    for (const [state, who] of [
      ['chc_review', actors.chc],
      ['edc_warning_approval', actors.edc],
      ['edc_restriction_approval', actors.edc],
    ] as const) {
      const kase = caseIn(state);
      const closed = expectOk(run(kase, validCommand('close_no_further_action', kase), who, AT));
      expect(closed.next.state).toBe('closed');
      expect(closed.next.closure).toEqual({ reason: 'no_further_action', at: AT.toISOString() });
      expect(closed.events[0]).toMatchObject({
        action: 'close_no_further_action',
        from: state,
        to: 'closed',
        rationale: expect.stringMatching(/\S/),
      });
    }
  });

  test('reasons are required; the wrong tier is refused', () => {
    const kase = caseIn('chc_review');
    expect(expectError(run(kase, { action: 'close_no_further_action' }, actors.chc, AT)).code).toBe(
      'CASE.RATIONALE_MISSING',
    );
    expect(expectError(run(kase, validCommand('close_no_further_action', kase), actors.cxm, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(caseIn('cxm_review'), validCommand('close_no_further_action'), actors.chc, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});

describe('every way a case ends records its closure (retention purges by it)', () => {
  const endings = TRANSITIONS.filter((row) => row.to === 'closed' || row.action === 'decide_appeal');
  test.each(endings.flatMap((row) => fromStates(row).map((from) => [row.action, from, row] as const)))(
    '%s from %s',
    (_action, from, row) => {
      const s = scenario(row, from);
      const command = row.action === 'decide_appeal' ? { ...s.command, outcome: 'quash' } : s.command;
      const result = expectOk(run(s.kase, command as typeof s.command, s.actor, s.now, s.context));
      expect(result.next.state).toBe('closed');
      expect(result.next.closure?.at).toBe(s.now.toISOString());
    },
  );
});
