import type { Actor, Case } from '../../src/cases/index.js';
import { coveringTiers, partiesToCase, proposersFor, standingInFor } from '../../src/cases/exclusions.js';
import {
  actors,
  apply,
  caseIn,
  deputyOf,
  expectError,
  expectOk,
  reportInput,
  run,
  timeline,
  validCommand,
} from './fixtures.js';

// Issue 11 §4: nobody decides their own case; nobody approves their own proposal; a deputy inherits
// the principal's authority but keeps their own exclusions.

const t = timeline();

/** A case reported by `reporter`, naming `affected` colleagues, escalated up to `until`. */
function reportedBy(reporter: Actor, affected: string[] = []): Case {
  return apply(null, { action: 'report', report: reportInput({ affectedColleagueIds: affected }) }, reporter, t.report);
}

describe('a reporter or an affected colleague decides nothing on the case', () => {
  test('the line manager named as affected may not escalate; their deputy may, on their behalf', () => {
    const kase = reportedBy(actors.colleague, [actors.lineManager.personId]);
    expect(partiesToCase(kase)).toEqual([actors.colleague.personId, actors.lineManager.personId]);
    const refused = expectError(run(kase, validCommand('escalate', kase), actors.lineManager, t.escalateLm));
    expect(refused.code).toBe('CASE.CONFLICT_OF_INTEREST');
    expect(refused.message).toContain('named as affected');
    const byDeputy = expectOk(run(kase, validCommand('escalate', kase), deputyOf(actors.lineManager), t.escalateLm));
    expect(byDeputy.events[0]!.actor.onBehalfOf?.personId).toBe(actors.lineManager.personId);
  });

  test('a customer experience manager who reported may not decide at tier 2, not even as a deputy; the tier above stands in', () => {
    // The CXM reports; the case is escalated by their line manager to tier 2.
    let kase = reportedBy(actors.cxm);
    kase = apply(kase, validCommand('escalate', kase), actors.lineManager, t.escalateLm);
    expect(kase.state).toBe('cxm_review');
    expect(expectError(run(kase, validCommand('escalate', kase), actors.cxm, t.escalateCxm)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
    // The CXM deputising for another CXM keeps their own exclusion.
    const cxmAsDeputy: Actor = {
      ...actors.cxm,
      roles: ['colleague'],
      deputisingFor: [{ personId: 'p-cxm-2', name: 'Cody Cxm', roles: ['colleague', 'customer_experience_manager'] }],
    };
    expect(expectError(run(kase, validCommand('escalate', kase), cxmAsDeputy, t.escalateCxm)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
    // The corporate head, without the stand-in the app gives when the tier is vacant, may not.
    expect(expectError(run(kase, validCommand('escalate', kase), actors.chc, t.escalateCxm)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    const standIn: Actor = {
      ...actors.chc,
      standingIn: standingInFor(actors.chc.roles, ['customer_experience_manager']),
    };
    expect(standIn.standingIn).toEqual(['customer_experience_manager']);
    expect(expectOk(run(kase, validCommand('escalate', kase), standIn, t.escalateCxm)).next.state).toBe('chc_review');
  });

  test('a vacant tier passes to the next tier that is not vacant', () => {
    expect(coveringTiers(['line_manager'])).toEqual({ line_manager: 'customer_experience_manager' });
    expect(coveringTiers(['line_manager', 'customer_experience_manager'])).toEqual({
      line_manager: 'corporate_head_of_customers',
      customer_experience_manager: 'corporate_head_of_customers',
    });
    expect(coveringTiers(['executive_director_of_customers'])).toEqual({});
    expect(
      standingInFor(['colleague', 'corporate_head_of_customers'], ['line_manager', 'customer_experience_manager']),
    ).toEqual(['line_manager', 'customer_experience_manager']);
  });

  test('an affected executive director may not approve a warning; another holder of the role may', () => {
    let kase = reportedBy(actors.colleague, [actors.edc.personId]);
    kase = apply(kase, validCommand('escalate', kase), actors.lineManager, t.escalateLm);
    kase = apply(kase, validCommand('escalate', kase), actors.cxm, t.escalateCxm);
    kase = apply(kase, validCommand('propose_warning', kase), actors.chc, t.proposeWarning);
    expect(expectError(run(kase, validCommand('approve_warning', kase), actors.edc, t.approveWarning)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
    expect(expectOk(run(kase, validCommand('approve_warning', kase), actors.edc2, t.approveWarning)).next.state).toBe(
      'warning_issued',
    );
  });
});

describe('nobody approves their own proposal', () => {
  /** One person holding both senior roles, as in a small organisation. */
  const both: Actor = {
    personId: 'p-both',
    name: 'Bo Both',
    roles: ['colleague', 'corporate_head_of_customers', 'executive_director_of_customers'],
    deputisingFor: [],
  };

  function proposedBy(proposer: Actor): Case {
    let kase = reportedBy(actors.colleague);
    kase = apply(kase, validCommand('escalate', kase), actors.lineManager, t.escalateLm);
    kase = apply(kase, validCommand('escalate', kase), actors.cxm, t.escalateCxm);
    return apply(kase, validCommand('propose_warning', kase), proposer, t.proposeWarning);
  }

  test('who proposed a warning may not approve it, nor send it back, even holding the approver role', () => {
    const kase = proposedBy(both);
    expect(proposersFor(kase, 'approve_warning')).toEqual(['p-both']);
    for (const action of ['approve_warning', 'send_back'] as const) {
      const error = expectError(run(kase, validCommand(action, kase), both, t.approveWarning));
      expect(error.code).toBe('CASE.CONFLICT_OF_INTEREST');
      expect(error.message).toBe('You proposed this, so someone else must approve it.');
    }
    expect(expectOk(run(kase, validCommand('approve_warning', kase), actors.edc, t.approveWarning)).next.state).toBe(
      'warning_issued',
    );
  });

  test("the proposer may not approve as the executive director's deputy either", () => {
    const kase = proposedBy(actors.chc);
    const chcAsDeputy = deputyOf(actors.edc, actors.chc);
    expect(expectError(run(kase, validCommand('approve_warning', kase), chcAsDeputy, t.approveWarning)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
  });

  test('nobody approves for a principal who proposed: a deputy of the proposer is refused too', () => {
    const kase = proposedBy(both);
    expect(expectError(run(kase, validCommand('approve_warning', kase), deputyOf(both), t.approveWarning)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
  });

  test('restrictions and a refusal of all contact: the proposer may not approve them', () => {
    const restricted = caseIn('edc_restriction_approval');
    const chcWithEdc: Actor = { ...actors.chc, roles: [...actors.chc.roles, 'executive_director_of_customers'] };
    expect(
      expectError(run(restricted, validCommand('approve_restrictions', restricted), chcWithEdc, t.approveRestrictions))
        .code,
    ).toBe('CASE.CONFLICT_OF_INTEREST');
    const refusal = caseIn('edc_refusal_approval');
    expect(expectError(run(refusal, validCommand('refuse_all_contact', refusal), chcWithEdc, t.refuse)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
    expect(expectOk(run(refusal, validCommand('refuse_all_contact', refusal), actors.edc, t.refuse)).next.state).toBe(
      'contact_refused',
    );
  });

  test('who proposed a flag marker may not approve it', () => {
    const kase = caseIn('cxm_review', { flagMarker: true });
    const cxmWithChc: Actor = { ...actors.cxm, roles: [...actors.cxm.roles, 'corporate_head_of_customers'] };
    expect(expectError(run(kase, validCommand('approve_flag_marker', kase), cxmWithChc, t.escalateCxm)).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
    expect(
      expectOk(run(kase, validCommand('approve_flag_marker', kase), actors.chc, t.escalateCxm)).next.flagMarker?.status,
    ).toBe('live');
  });
});
