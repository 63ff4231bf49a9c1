import { caseAccess, type Case, type CaseEvent } from '../../src/cases/index.js';
import { TRANSITIONS, type CaseState, type TransitionRow } from '../../src/policy/index.js';
import {
  actors,
  apply,
  AT,
  caseIn,
  deepFreeze,
  deputyOf,
  expectError,
  expectOk,
  fromStates,
  NEW_CASE,
  plusDays,
  plusHours,
  reportInput,
  restrictionDates,
  restrictionItems,
  RESTRICTIONS_END,
  run,
  scenario,
  timeline,
  URGENT_REPORT,
  validCommand,
  type CommandInput,
} from './fixtures.js';

// The lifecycle table is the contract (docs/domain.md "The lifecycle"): every row of TRANSITIONS is
// exercised from every one of its states, then every row of docs/domain.md's table has a named test.

/** Where a send-back goes: the state the proposal came from. */
const PREVIOUS: Partial<Record<CaseState, CaseState>> = {
  edc_warning_approval: 'chc_review',
  edc_restriction_approval: 'warning_issued',
  edc_refusal_approval: 'restricted',
};

function expectedDestination(row: TransitionRow, from: CaseState | 'none', command: CommandInput): CaseState {
  if (row.to === 'same') return from as CaseState;
  if (row.to === 'previous') return PREVIOUS[from as CaseState]!;
  if (row.to === 'by_outcome')
    return command.action === 'decide_appeal' && command.outcome === 'quash' ? 'closed' : (from as CaseState);
  return row.to;
}

const ROW_CASES = TRANSITIONS.flatMap((row) =>
  fromStates(row).map((from) => ({ row, from, name: `${row.action} from ${from}` })),
);

describe('every row of TRANSITIONS, from every one of its states', () => {
  test.each(ROW_CASES)('$name: the right actor with a valid command succeeds', ({ row, from }) => {
    const s = scenario(row, from);
    const result = expectOk(run(s.kase, s.command, s.actor, s.now, s.context));
    const to = expectedDestination(row, from, s.command);

    expect(result.next.state).toBe(to);
    expect(result.next.version).toBe((s.kase?.version ?? 0) + 1);
    expect(result.events).toHaveLength(1);
    const event = result.events[0]!;
    expect(event).toMatchObject({
      caseId: result.next.id,
      action: row.action,
      at: s.now.toISOString(),
      actor: { personId: s.actor.personId, name: s.actor.name, onBehalfOf: null },
      from: from === 'none' ? null : from,
      to,
      rationale: s.command.rationale ?? null,
    });
    if (row.rationale === 'required') expect(event.rationale).toEqual(expect.stringMatching(/\S/));
    if (row.decision)
      expect(result.next.lastDecision).toEqual({ action: row.action, by: event.actor, at: s.now.toISOString() });
  });

  test('the scenarios cover every row (none is skipped)', () => {
    expect(new Set(ROW_CASES.map((c) => c.row))).toEqual(new Set(TRANSITIONS));
  });
});

// ---------------------------------------------------------------------------------------------
// One named test per row of docs/domain.md's lifecycle table
// ---------------------------------------------------------------------------------------------

const t = timeline();
const oneEvent = (result: ReturnType<typeof run>): CaseEvent => expectOk(result).events[0]!;

describe('— | report | any colleague | line_manager_review (§8, §13)', () => {
  test('a colleague reports an incident: a case opens at line_manager_review, version 1, with the reporter and their line manager', () => {
    const result = expectOk(run(null, validCommand('report'), actors.colleague, t.report, { newCase: NEW_CASE }));
    expect(result.next).toMatchObject({
      id: NEW_CASE.id,
      number: NEW_CASE.number,
      state: 'line_manager_review',
      version: 1,
      reporterId: actors.colleague.personId,
      reporterIds: [actors.colleague.personId],
      lineManagerId: actors.lineManager.personId,
      customer: { accountRef: 'ACC-100234', name: 'Pat Customer' },
      urgent: false,
      urgentPath: null,
    });
    expect(result.next.reports).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      action: 'report',
      from: null,
      to: 'line_manager_review',
      rationale: null,
      data: { reportId: 'R1', urgent: false },
    });
  });

  test('any colleague may report, including the admin and every approver', () => {
    for (const actor of [actors.otherColleague, actors.admin, actors.lineManager, actors.cxm, actors.chc, actors.edc]) {
      expect(expectOk(run(null, validCommand('report'), actor, t.report, { newCase: NEW_CASE })).next.reporterId).toBe(
        actor.personId,
      );
    }
  });

  test('an action other than report on a case that does not exist is CASE.NOT_FOUND', () => {
    expect(expectError(run(null, validCommand('escalate'), actors.lineManager, AT)).code).toBe('CASE.NOT_FOUND');
  });

  test('a report on an existing case is refused: the report is attached instead', () => {
    expect(expectError(run(caseIn('cxm_review'), validCommand('report'), actors.colleague, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });

  test('a reporter with no line manager in the directory is handled by the CXM at tier 1', () => {
    const kase = apply(null, validCommand('report'), actors.colleague, t.report, {
      newCase: { ...NEW_CASE, lineManagerId: null },
    });
    expect(expectError(run(kase, validCommand('escalate', kase), actors.lineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectOk(run(kase, validCommand('escalate', kase), actors.cxm, AT)).next.state).toBe('cxm_review');
  });
});

describe('a new report about a customer with an open case is attached to that case', () => {
  test('attach_report keeps the state, adds the report and the new reporter', () => {
    const kase = caseIn('cxm_review');
    const result = expectOk(run(kase, validCommand('attach_report', kase), actors.otherColleague, AT));
    expect(result.next.state).toBe('cxm_review');
    expect(result.next.reports.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(result.next.reporterIds).toEqual([actors.colleague.personId, actors.otherColleague.personId]);
    expect(result.events[0]!.data).toMatchObject({ reportId: 'R2', behaviourContinued: false });
  });

  test('before a warning the event does not say behaviour continued', () => {
    for (const state of ['line_manager_review', 'chc_review', 'edc_warning_approval'] as const) {
      expect(
        oneEvent(run(caseIn(state), validCommand('attach_report'), actors.otherColleague, AT)).data.behaviourContinued,
      ).toBe(false);
    }
  });

  test('a report attached to a closed case is refused (a closed episode is not reopened)', () => {
    expect(expectError(run(caseIn('closed'), validCommand('attach_report'), actors.otherColleague, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });

  test('an attached report saying someone was threatened or hurt puts the case on the urgent path', () => {
    const result = expectOk(
      run(
        caseIn('chc_review'),
        { action: 'attach_report', report: reportInput(URGENT_REPORT) },
        actors.otherColleague,
        AT,
      ),
    );
    expect(result.next.urgent).toBe(true);
    expect(result.next.urgentPath).toEqual({ policeCalled: null, policeAnsweredAt: null, protectiveSteps: [] });
  });
});

describe('warning_issued | new incident reported | any colleague | (same state): CHC is told that behaviour continued (§27)', () => {
  test.each(['warning_issued', 'restricted', 'contact_refused'] as const)(
    'after %s the attach event says behaviourContinued',
    (state) => {
      const result = expectOk(run(caseIn(state), validCommand('attach_report'), actors.otherColleague, AT));
      expect(result.next.state).toBe(state);
      expect(result.events[0]!.data).toMatchObject({ behaviourContinued: true });
    },
  );
});

describe("line_manager_review | escalate | the reporter's line manager | cxm_review: records the colleague-support check (§11)", () => {
  test('the line manager escalates and the colleague-support check is recorded', () => {
    const kase = caseIn('line_manager_review');
    const result = expectOk(run(kase, validCommand('escalate', kase), actors.lineManager, AT));
    expect(result.next.state).toBe('cxm_review');
    expect(result.next.colleagueSupport).toMatchObject({
      safeToContinue: true,
      supportOffered: expect.stringMatching(/EAP/),
      recordedBy: { personId: actors.lineManager.personId },
    });
  });

  test("a line manager who is not the reporter's gets CASE.NOT_YOUR_TIER", () => {
    const kase = caseIn('line_manager_review');
    expect(expectError(run(kase, validCommand('escalate', kase), actors.otherLineManager, AT))).toMatchObject({
      code: 'CASE.NOT_YOUR_TIER',
      details: { approverPersonId: actors.lineManager.personId },
    });
  });
});

describe('escalation goes tier by tier (§8)', () => {
  test('LM → CXM → CHC, each by that tier only', () => {
    let kase = caseIn('line_manager_review');
    expect(expectError(run(kase, validCommand('escalate', kase), actors.cxm, AT)).code).toBe('CASE.NOT_YOUR_TIER');
    kase = apply(kase, validCommand('escalate', kase), actors.lineManager, AT);
    expect(kase.state).toBe('cxm_review');
    expect(expectError(run(kase, validCommand('escalate', kase), actors.lineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(kase, validCommand('escalate', kase), actors.chc, AT)).code).toBe('CASE.NOT_YOUR_TIER');
    kase = apply(kase, validCommand('escalate', kase), actors.cxm, plusHours(AT, 1));
    expect(kase.state).toBe('chc_review');
  });

  test('there is no escalation beyond chc_review: the CHC proposes a warning instead', () => {
    expect(expectError(run(caseIn('chc_review'), validCommand('escalate'), actors.chc, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});

describe("line_manager_review / cxm_review | resolve informally | the tier's approver | closed (§12)", () => {
  test.each([
    ['line_manager_review', actors.lineManager],
    ['cxm_review', actors.cxm],
  ] as const)(
    'from %s the tier approver resolves informally: closed, reason informal_resolution',
    (state, approver) => {
      const result = expectOk(run(caseIn(state), validCommand('resolve_informally'), approver, AT));
      expect(result.next.state).toBe('closed');
      expect(result.next.closure).toEqual({ reason: 'informal_resolution', at: AT.toISOString() });
    },
  );

  test('informal resolution is not open to the CHC or later tiers', () => {
    expect(expectError(run(caseIn('chc_review'), validCommand('resolve_informally'), actors.chc, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
    expect(
      expectError(run(caseIn('edc_warning_approval'), validCommand('resolve_informally'), actors.edc, AT)).code,
    ).toBe('CASE.ILLEGAL_TRANSITION');
  });
});

describe("any review state | refer to ASB policy | the tier's approver | closed (referred) (§24)", () => {
  test.each([
    ['line_manager_review', actors.lineManager],
    ['cxm_review', actors.cxm],
    ['chc_review', actors.chc],
  ] as const)('from %s: closed with reason asb_referral', (state, approver) => {
    const result = expectOk(run(caseIn(state), validCommand('refer_to_asb'), approver, AT));
    expect(result.next).toMatchObject({ state: 'closed', closure: { reason: 'asb_referral' } });
  });

  test('not from an approval or issued state', () => {
    expect(expectError(run(caseIn('warning_issued'), validCommand('refer_to_asb'), actors.chc, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});

describe("any review state | request information | the tier's approver | same state, waiting on the reporter", () => {
  test.each([
    ['line_manager_review', actors.lineManager],
    ['cxm_review', actors.cxm],
    ['chc_review', actors.chc],
  ] as const)('from %s: the approver asks, the reporter answers, the state never changes', (state, approver) => {
    let kase = caseIn(state);
    const asked = expectOk(run(kase, validCommand('request_information'), approver, AT));
    expect(asked.next.state).toBe(state);
    expect(asked.next.informationRequests).toEqual([
      expect.objectContaining({
        id: 'Q1',
        answer: null,
        askedBy: expect.objectContaining({ personId: approver.personId }),
      }),
    ]);
    expect(asked.events[0]!.data).toEqual({ questionId: 'Q1', askedOf: actors.colleague.personId });
    kase = deepFreeze(asked.next);

    expect(expectError(run(kase, validCommand('provide_information'), actors.otherColleague, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(kase, validCommand('provide_information'), approver, AT)).code).toBe('CASE.NOT_YOUR_TIER');

    const answered = expectOk(run(kase, validCommand('provide_information'), actors.colleague, plusHours(AT, 2)));
    expect(answered.next.state).toBe(state);
    expect(answered.next.informationRequests[0]).toMatchObject({
      answer: 'Yes, my team leader heard it on speaker.',
      answeredAt: plusHours(AT, 2).toISOString(),
    });
    expect(answered.events[0]!.data).toEqual({ questionId: 'Q1' });
  });

  test('providing information without an open question is refused (gate information_requested)', () => {
    const error = expectError(run(caseIn('cxm_review'), validCommand('provide_information'), actors.colleague, AT));
    expect(error.code).toBe('CASE.GATE_NOT_MET');
    expect(error.details?.gates).toEqual([expect.objectContaining({ gate: 'information_requested' })]);
  });

  test('a colleague whose report was attached is a reporter too and may answer', () => {
    let kase = caseIn('cxm_review');
    kase = apply(kase, validCommand('attach_report', kase), actors.otherColleague, AT);
    kase = apply(kase, validCommand('request_information'), actors.cxm, AT);
    expect(
      expectOk(run(kase, validCommand('provide_information'), actors.otherColleague, AT)).next.informationRequests[0]!
        .answer,
    ).not.toBeNull();
  });
});

describe('cxm_review | escalate | CXM | chc_review: risk assessment done or not needed (§11); may propose a flag marker', () => {
  test('the CXM escalates with the risk assessment recorded', () => {
    const kase = caseIn('cxm_review');
    const result = expectOk(run(kase, validCommand('escalate', kase), actors.cxm, AT));
    expect(result.next.state).toBe('chc_review');
    expect(result.next.riskAssessment).toMatchObject({ outcome: 'completed', reference: 'RA-2026-017' });
    expect(result.next.flagMarker).toBeNull();
  });

  test('escalating with a proposed flag marker leaves it provisional', () => {
    const kase = caseIn('cxm_review');
    const command = {
      ...validCommand('escalate', kase),
      proposeFlagMarker: { reason: 'Threats made on the phone.' },
    } as CommandInput;
    const result = expectOk(run(kase, command, actors.cxm, AT));
    expect(result.next.flagMarker).toMatchObject({
      status: 'provisional',
      reason: 'Threats made on the phone.',
      decidedBy: null,
    });
    expect(result.events[0]!.data).toEqual({ flagMarkerProposed: true });
  });
});

describe('cxm_review | propose flag marker | CXM | (marker provisional): live only when approved by tier 3 or 4', () => {
  const proposed = () => apply(caseIn('cxm_review'), validCommand('propose_flag_marker'), actors.cxm, AT);

  test('the CXM proposes: the marker is provisional, the state does not change', () => {
    const kase = proposed();
    expect(kase.state).toBe('cxm_review');
    expect(kase.flagMarker).toMatchObject({ status: 'provisional', proposedBy: { personId: actors.cxm.personId } });
  });

  test.each([
    ['the CHC', actors.chc],
    ['the EDC', actors.edc],
  ] as const)('%s approves: the marker becomes live', (_who, approver) => {
    const result = expectOk(run(proposed(), validCommand('approve_flag_marker'), approver, plusHours(AT, 1)));
    expect(result.next.flagMarker).toMatchObject({
      status: 'live',
      decidedBy: { personId: approver.personId },
      decidedAt: plusHours(AT, 1).toISOString(),
    });
    expect(result.next.state).toBe('cxm_review');
  });

  test('the CHC rejects: the marker is rejected and never live', () => {
    const result = expectOk(run(proposed(), validCommand('reject_flag_marker'), actors.chc, plusHours(AT, 1)));
    expect(result.next.flagMarker).toMatchObject({ status: 'rejected', decidedBy: { personId: actors.chc.personId } });
  });

  test('the CXM cannot approve their own proposal; nor can the line manager', () => {
    expect(expectError(run(proposed(), validCommand('approve_flag_marker'), actors.cxm, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(proposed(), validCommand('approve_flag_marker'), actors.lineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test('only the CXM proposes, and only at cxm_review', () => {
    expect(expectError(run(caseIn('cxm_review'), validCommand('propose_flag_marker'), actors.chc, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(caseIn('chc_review'), validCommand('propose_flag_marker'), actors.cxm, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });

  test('a marker proposed at the CXM tier can be approved later, e.g. at warning_issued', () => {
    const result = expectOk(
      run(caseIn('warning_issued', { flagMarker: true }), validCommand('approve_flag_marker'), actors.edc, AT),
    );
    expect(result.next.flagMarker?.status).toBe('live');
  });
});

describe('chc_review | propose warning letter | CHC | edc_warning_approval (§25, §20–23, §26)', () => {
  test('the CHC proposes with complaint, adjustments and behaviours-with-examples: awaits the EDC', () => {
    const result = expectOk(run(caseIn('chc_review'), validCommand('propose_warning'), actors.chc, AT));
    expect(result.next.state).toBe('edc_warning_approval');
    expect(result.next.warning).toMatchObject({
      complaint: { reference: 'CMP-2025-0412', status: 'being_investigated' },
      behaviours: [expect.objectContaining({ behaviourId: 'insulting', example: expect.stringMatching(/idiot/) })],
      proposedBy: { personId: actors.chc.personId },
      approvedBy: null,
    });
  });

  test.each([
    ['complaint_investigated', { complaint: { reference: 'CMP-2025-0412', status: 'not_investigated' } }],
    ['adjustments_considered', { adjustmentsConsidered: '' }],
    ['behaviours_with_examples', { behaviours: [] }],
  ] as const)('gate %s must be met', (gate, patch) => {
    const error = expectError(
      run(caseIn('chc_review'), { ...validCommand('propose_warning'), ...patch } as CommandInput, actors.chc, AT),
    );
    expect(error).toMatchObject({ code: 'CASE.GATE_NOT_MET', details: { gates: [expect.objectContaining({ gate })] } });
  });

  test('the CXM cannot propose a warning', () => {
    expect(expectError(run(caseIn('chc_review'), validCommand('propose_warning'), actors.cxm, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });
});

describe('edc_warning_approval | approve warning | EDC | warning_issued (§4, §26)', () => {
  test('the EDC approves: the warning letter is recorded with frozen content and its sent date', () => {
    const kase = caseIn('edc_warning_approval');
    const result = expectOk(run(kase, validCommand('approve_warning'), actors.edc, AT));
    expect(result.next.state).toBe('warning_issued');
    expect(result.next.warning).toMatchObject({
      approvedBy: { personId: actors.edc.personId },
      approvedAt: AT.toISOString(),
    });
    expect(result.next.letters).toEqual([
      expect.objectContaining({
        kind: 'warning',
        sentAt: AT.toISOString(),
        approvedBy: expect.objectContaining({ personId: actors.edc.personId }),
        content: expect.objectContaining({ behaviours: kase.warning!.behaviours }),
      }),
    ]);
    expect(result.next.returnState).toBeNull();
  });

  test('the CHC who proposed it cannot approve it', () => {
    expect(expectError(run(caseIn('edc_warning_approval'), validCommand('approve_warning'), actors.chc, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });
});

describe('edc_*_approval | send back | EDC | previous review state (rationale required)', () => {
  test.each([
    ['edc_warning_approval', 'chc_review', 'warning'],
    ['edc_restriction_approval', 'warning_issued', 'proposedRestrictions'],
    ['edc_refusal_approval', 'restricted', 'refusal'],
  ] as const)('from %s the EDC sends back to %s, clearing the proposal (%s)', (from, previous, proposal) => {
    const kase = caseIn(from);
    expect(kase[proposal]).not.toBeNull();
    const result = expectOk(run(kase, validCommand('send_back'), actors.edc, AT));
    expect(result.next.state).toBe(previous);
    expect(result.next[proposal]).toBeNull();
    expect(result.next.returnState).toBeNull();
    expect(result.events[0]).toMatchObject({ from, to: previous, data: { sentBackFrom: from } });
  });

  test('a quarterly variation sent back returns to restricted and keeps the current restrictions', () => {
    const restricted = caseIn('restricted');
    const varied = apply(restricted, validCommand('review_vary', restricted, AT), actors.chc, AT);
    const result = expectOk(run(varied, validCommand('send_back'), actors.edc, plusHours(AT, 1)));
    expect(result.next.state).toBe('restricted');
    expect(result.next.proposedRestrictions).toBeNull();
    expect(result.next.restrictions).toEqual(restricted.restrictions);
  });

  test('without a rationale the send back is refused', () => {
    expect(expectError(run(caseIn('edc_warning_approval'), { action: 'send_back' }, actors.edc, AT)).code).toBe(
      'CASE.RATIONALE_MISSING',
    );
  });
});

describe('warning_issued | propose restrictions | CHC | edc_restriction_approval: structured restrictions, duration, proportionality, adjustment check', () => {
  test('the CHC proposes a structured restriction set', () => {
    const result = expectOk(
      run(caseIn('warning_issued'), validCommand('propose_restrictions', null, AT), actors.chc, AT),
    );
    const dates = restrictionDates(AT);
    expect(result.next.state).toBe('edc_restriction_approval');
    expect(result.next.proposedRestrictions).toMatchObject({
      startDate: dates.startDate,
      endDate: dates.endDate,
      proportionality: expect.stringMatching(/\S/),
      items: [expect.objectContaining({ type: 'letter_only' }), expect.objectContaining({ type: 'witness_required' })],
    });
    expect(result.next.restrictions).toBeNull();
  });

  test('a restriction conflicting with an agreed adjustment is blocked until a justification is recorded', () => {
    const adjustments = [{ id: 'ADJ-1', kind: 'cannot_write', description: 'Cannot read or write letters' }];
    const command = validCommand('propose_restrictions', null, AT) as Extract<
      CommandInput,
      { action: 'propose_restrictions' }
    >;
    const blocked = expectError(
      run(caseIn('warning_issued'), command, actors.chc, AT, { customerAdjustments: adjustments }),
    );
    expect(blocked.details?.gates).toEqual([expect.objectContaining({ gate: 'adjustment_conflicts_justified' })]);
    const justified = {
      ...command,
      adjustmentJustifications: { 'ADJ-1': 'The named third party reads letters to the customer.' },
    };
    expect(
      expectOk(run(caseIn('warning_issued'), justified, actors.chc, AT, { customerAdjustments: adjustments })).next
        .proposedRestrictions?.adjustmentJustifications,
    ).toEqual(justified.adjustmentJustifications);
  });
});

describe('warning_issued | close: behaviour modified | CHC | closed', () => {
  test('the CHC closes the case: reason behaviour_modified', () => {
    const result = expectOk(run(caseIn('warning_issued'), validCommand('close_behaviour_modified'), actors.chc, AT));
    expect(result.next).toMatchObject({
      state: 'closed',
      closure: { reason: 'behaviour_modified', at: AT.toISOString() },
    });
  });

  test('the EDC is not the one who closes it', () => {
    expect(
      expectError(run(caseIn('warning_issued'), validCommand('close_behaviour_modified'), actors.edc, AT)).code,
    ).toBe('CASE.NOT_YOUR_TIER');
  });
});

describe('edc_restriction_approval | approve restrictions | EDC | restricted (§27–29)', () => {
  test("the EDC approves: the restriction letter is issued in the EDC's name and the first review falls 3 months after it", () => {
    const kase = caseIn('edc_restriction_approval');
    const result = expectOk(run(kase, validCommand('approve_restrictions'), actors.edc, AT));
    expect(result.next.state).toBe('restricted');
    expect(result.next.restrictions).toEqual(kase.proposedRestrictions);
    expect(result.next.proposedRestrictions).toBeNull();
    expect(result.next.restrictionLetterDate).toBe('2026-03-02');
    expect(result.next.nextReviewDue).toBe('2026-06-02');
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'restriction',
      approvedBy: { personId: actors.edc.personId },
      sentAt: AT.toISOString(),
    });
  });
});

describe('restricted | quarterly review: continue / vary / lift | CHC (vary needs EDC approval) | restricted / edc_restriction_approval / closed (§29)', () => {
  test('continue: stays restricted, a review outcome letter is sent, next review a quarter on', () => {
    const kase = caseIn('restricted');
    const result = expectOk(run(kase, validCommand('review_continue'), actors.chc, AT));
    expect(result.next.state).toBe('restricted');
    expect(result.next.reviews).toEqual([expect.objectContaining({ outcome: 'continue', onTime: true })]);
    expect(result.next.letters.at(-1)).toMatchObject({ kind: 'review_outcome' });
    expect(result.next.nextReviewDue).toBe(addMonthsTo(kase.restrictionLetterDate!, 6));
  });

  test('vary: goes to the EDC; on approval the varied set applies and a review outcome letter is sent', () => {
    const kase = caseIn('restricted');
    const varied = apply(kase, validCommand('review_vary', kase, AT), actors.chc, AT);
    expect(varied.state).toBe('edc_restriction_approval');
    expect(varied.reviews).toEqual([expect.objectContaining({ outcome: 'vary' })]);
    const approved = expectOk(run(varied, validCommand('approve_restrictions'), actors.edc, plusHours(AT, 2)));
    expect(approved.next.state).toBe('restricted');
    expect(approved.next.restrictions).toEqual(varied.proposedRestrictions);
    expect(approved.next.restrictionLetterDate).toBe(kase.restrictionLetterDate);
    expect(approved.next.letters.at(-1)).toMatchObject({ kind: 'review_outcome' });
    expect(approved.events[0]!.data).toEqual({ letter: 'review_outcome', variation: true });
  });

  test('vary: the held review moves the next review to the following quarter once the variation is approved', () => {
    // Letter 2026-01-14; first review due 2026-04-14. The CHC holds it on 2026-04-10 and varies;
    // the EDC approves the next day. The next review is the 6-month anniversary, 2026-07-14.
    const kase = caseIn('restricted');
    expect(kase.nextReviewDue).toBe('2026-04-14');
    const reviewDay = new Date('2026-04-10T10:00:00Z');
    const varied = apply(kase, validCommand('review_vary', kase, reviewDay), actors.chc, reviewDay);
    const approved = apply(varied, validCommand('approve_restrictions'), actors.edc, plusDays(reviewDay, 1));
    expect(approved.nextReviewDue).toBe('2026-07-14');
  });

  test('lift: closed with reason restrictions_lifted and a lift letter', () => {
    const result = expectOk(run(caseIn('restricted'), validCommand('review_lift'), actors.chc, AT));
    expect(result.next).toMatchObject({
      state: 'closed',
      closure: { reason: 'restrictions_lifted' },
      nextReviewDue: null,
    });
    expect(result.next.letters.at(-1)).toMatchObject({ kind: 'lift' });
  });

  test('the EDC does not hold the quarterly review (the CHC does)', () => {
    expect(expectError(run(caseIn('restricted'), validCommand('review_continue'), actors.edc, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test('review dates fall at the letter date +3, +6 and +9 months, clamped: letter on 30 Nov → 28 Feb, 30 May, 30 Aug', () => {
    const origin = new Date('2025-11-21T12:00:00Z');
    const kase = caseIn('restricted', { origin });
    expect(kase.restrictionLetterDate).toBe('2025-11-30');
    expect(kase.nextReviewDue).toBe('2026-02-28');
    const first = apply(kase, validCommand('review_continue'), actors.chc, new Date('2026-02-27T10:00:00Z'));
    expect(first.nextReviewDue).toBe('2026-05-30');
    const second = apply(first, validCommand('review_continue'), actors.chc, new Date('2026-05-29T10:00:00Z'));
    expect(second.nextReviewDue).toBe('2026-08-30');
    expect(second.reviews.map((r) => r.onTime)).toEqual([true, true]);
  });

  test('a review held after its due date is recorded as late, and the next one is the following anniversary', () => {
    const kase = caseIn('restricted', { origin: new Date('2025-11-21T12:00:00Z') });
    const late = apply(kase, validCommand('review_continue'), actors.chc, new Date('2026-03-03T10:00:00Z'));
    expect(late.reviews[0]!.onTime).toBe(false);
    expect(late.nextReviewDue).toBe('2026-05-30');
  });

  test('contact_refused is still reviewed quarterly (§31): continue keeps it refused', () => {
    const result = expectOk(run(caseIn('contact_refused'), validCommand('review_continue'), actors.chc, AT));
    expect(result.next.state).toBe('contact_refused');
    expect(result.next.letters.at(-1)).toMatchObject({ kind: 'review_outcome' });
  });
});

describe('restricted | end date reached | system | closed (expired)', () => {
  test('the scheduler expires restrictions on their end date: closed, reason restrictions_expired, expiry letter', () => {
    const now = new Date(`${RESTRICTIONS_END}T10:00:00Z`);
    const result = expectOk(run(caseIn('restricted'), validCommand('expire'), actors.system, now));
    expect(result.next).toMatchObject({
      state: 'closed',
      closure: { reason: 'restrictions_expired' },
      nextReviewDue: null,
    });
    expect(result.next.letters.at(-1)).toMatchObject({ kind: 'expiry' });
    expect(result.events[0]!.actor).toEqual({ personId: 'system', name: actors.system.name, onBehalfOf: null });
  });

  test('not before the end date (gate end_date_reached)', () => {
    const error = expectError(
      run(
        caseIn('restricted'),
        validCommand('expire'),
        actors.system,
        plusDays(new Date(`${RESTRICTIONS_END}T10:00:00Z`), -1),
      ),
    );
    expect(error).toMatchObject({
      code: 'CASE.GATE_NOT_MET',
      details: { gates: [expect.objectContaining({ gate: 'end_date_reached' })] },
    });
  });

  test('only the system: a person, even the EDC, gets CASE.NOT_YOUR_TIER', () => {
    const now = new Date(`${RESTRICTIONS_END}T10:00:00Z`);
    for (const actor of [actors.edc, actors.chc, actors.admin]) {
      expect(expectError(run(caseIn('restricted'), validCommand('expire'), actor, now)).code).toBe(
        'CASE.NOT_YOUR_TIER',
      );
    }
  });

  test('the system can do nothing else', () => {
    expect(expectError(run(caseIn('restricted'), validCommand('review_lift'), actors.system, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });
});

describe('restricted | propose refusal of all contact | CHC | edc_refusal_approval: restrictions not adhered to and behaviour continued (§31)', () => {
  test('with an incident since the restrictions began and the breach confirmed, the CHC proposes refusal', () => {
    const result = expectOk(
      run(caseIn('restricted', { breach: true }), validCommand('propose_refusal'), actors.chc, AT),
    );
    expect(result.next.state).toBe('edc_refusal_approval');
    expect(result.next.refusal).toMatchObject({ proposedBy: { personId: actors.chc.personId }, approvedBy: null });
  });

  test('without an incident since the restrictions began it is refused (gate restrictions_breached)', () => {
    const error = expectError(run(caseIn('restricted'), validCommand('propose_refusal'), actors.chc, AT));
    expect(error.details?.gates).toEqual([expect.objectContaining({ gate: 'restrictions_breached' })]);
  });
});

describe('edc_refusal_approval | refuse all contact | EDC | contact_refused (§31)', () => {
  test('the EDC refuses all contact and may stop the complaint investigation; still reviewed quarterly', () => {
    const kase = caseIn('edc_refusal_approval');
    const result = expectOk(
      run(
        kase,
        { ...validCommand('refuse_all_contact'), stopComplaintInvestigation: true } as CommandInput,
        actors.edc,
        AT,
      ),
    );
    expect(result.next.state).toBe('contact_refused');
    expect(result.next.refusal).toMatchObject({
      approvedBy: { personId: actors.edc.personId },
      complaintInvestigationStopped: true,
    });
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'refusal_of_all_contact',
      content: expect.objectContaining({ complaintInvestigationStopped: true }),
    });
    expect(result.next.nextReviewDue).toBe(kase.nextReviewDue);
  });
});

describe('a refusal of all contact has an end (§31)', () => {
  test('approved for the proposed duration: start today, end 6 months later by default; the letter gives the EDC reason and the dates', () => {
    const kase = caseIn('edc_refusal_approval');
    expect(kase.refusal).toMatchObject({ durationMonths: 6, adjustmentsConsidered: expect.any(String) });
    const result = expectOk(
      run(
        kase,
        {
          ...validCommand('refuse_all_contact'),
          rationale: 'Threats continued by letter and telephone.',
        } as CommandInput,
        actors.edc,
        AT,
      ),
    );
    expect(result.next.refusal).toMatchObject({
      startDate: '2026-03-02',
      endDate: '2026-09-02',
      approvedReason: 'Threats continued by letter and telephone.',
    });
    expect(result.next.letters.at(-1)!.content).toMatchObject({
      refusal: true,
      reason: 'Threats continued by letter and telephone.',
      startDate: '2026-03-02',
      refusalEndDate: '2026-09-02',
      durationMonths: 6,
    });
  });

  test('a proposed duration of 12 months is kept; the configured default applies when none is given', () => {
    const breached = caseIn('restricted', { breach: true });
    const twelve = expectOk(
      run(breached, { ...validCommand('propose_refusal'), durationMonths: 12 } as CommandInput, actors.chc, AT),
    );
    expect(twelve.next.refusal!.durationMonths).toBe(12);
    const configured = expectOk(
      run(breached, validCommand('propose_refusal'), actors.chc, AT, {
        refusalDuration: { defaultMonths: 3, maxMonths: 12 },
      }),
    );
    expect(configured.next.refusal!.durationMonths).toBe(3);
  });

  test('at its end the scheduler expires it with an expiry letter about the refusal; the record keeps its dates', () => {
    const kase = caseIn('contact_refused');
    const end = kase.refusal!.endDate!;
    const result = expectOk(run(kase, validCommand('expire'), actors.system, new Date(`${end}T08:00:00Z`)));
    expect(result.next).toMatchObject({
      state: 'closed',
      closure: { reason: 'refusal_expired' },
      refusal: { endDate: end, endedOn: end },
    });
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'expiry',
      content: expect.objectContaining({ refusal: true, endDate: end }),
    });
  });

  test('the EDC renews it with a new letter and a new end date; only the EDC', () => {
    const kase = caseIn('contact_refused');
    const result = expectOk(
      run(
        kase,
        { ...validCommand('renew_refusal'), rationale: 'No change in behaviour.', durationMonths: 3 } as CommandInput,
        actors.edc,
        AT,
      ),
    );
    expect(result.next.state).toBe('contact_refused');
    expect(result.next.refusal).toMatchObject({
      endDate: '2026-06-02',
      durationMonths: 3,
      approvedReason: 'No change in behaviour.',
      renewals: [expect.objectContaining({ durationMonths: 3 })],
    });
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'refusal_of_all_contact',
      content: expect.objectContaining({ renewal: true, refusalEndDate: '2026-06-02' }),
    });
    expect(expectError(run(kase, validCommand('renew_refusal'), actors.chc, AT)).code).toBe('CASE.NOT_YOUR_TIER');
  });

  test('a review of a refused customer: the letter says the refusal continues', () => {
    const result = expectOk(run(caseIn('contact_refused'), validCommand('review_continue'), actors.chc, AT));
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'review_outcome',
      content: expect.objectContaining({ refusal: true, outcome: 'continue' }),
    });
  });

  test('varied back to restrictions, the refusal keeps its record with the day it ended', () => {
    const varied = apply(
      caseIn('contact_refused'),
      validCommand('review_vary', caseIn('contact_refused')),
      actors.chc,
      AT,
    );
    const approved = expectOk(run(varied, validCommand('approve_restrictions'), actors.edc, plusHours(AT, 2)));
    expect(approved.next.state).toBe('restricted');
    expect(approved.next.refusal).toMatchObject({
      approvedAt: expect.any(String),
      startDate: expect.any(String),
      endedOn: '2026-03-02',
    });
  });
});

describe('warning_issued | propose restrictions: only when the behaviour continued (§27)', () => {
  test('the continued behaviour the CHC records becomes a report on the case', () => {
    const kase = caseIn('warning_issued');
    const command = validCommand('propose_restrictions', kase) as Extract<
      CommandInput,
      { action: 'propose_restrictions' }
    >;
    const result = expectOk(run(kase, command, actors.chc, AT));
    const added = result.next.reports.at(-1)!;
    expect(result.next.reports).toHaveLength(kase.reports.length + 1);
    expect(added).toMatchObject({
      reporterId: actors.chc.personId,
      occurredAt: command.continuedBehaviour!.occurredAt,
      description: command.continuedBehaviour!.description,
    });
    expect(result.events[0]!.data).toMatchObject({ continuedBehaviourReportId: added.id });
    expect(result.next.proposedRestrictions!.adjustmentsConsidered).toBe(command.adjustmentsConsidered);
  });

  test('without either, the proposal is refused naming the gate', () => {
    const kase = caseIn('warning_issued');
    const error = expectError(
      run(
        kase,
        { ...validCommand('propose_restrictions', kase), continuedBehaviour: undefined } as CommandInput,
        actors.chc,
        AT,
      ),
    );
    expect(error.details?.gates).toEqual([expect.objectContaining({ gate: 'behaviour_continued_after_warning' })]);
  });
});

describe('any open state | record police or legal action | CHC or EDC | (flag) (§32)', () => {
  test.each(['line_manager_review', 'chc_review', 'warning_issued', 'restricted', 'contact_refused'] as const)(
    'from %s the CHC or EDC records it; the state is unchanged',
    (state) => {
      const byChc = expectOk(run(caseIn(state), validCommand('record_police_or_legal_action'), actors.chc, AT));
      expect(byChc.next.state).toBe(state);
      expect(byChc.next.policeOrLegalActions).toEqual([
        expect.objectContaining({
          kind: 'police',
          reference: 'MET-2026-55',
          recordedBy: expect.objectContaining({ personId: actors.chc.personId }),
        }),
      ]);
      const byEdc = expectOk(
        run(
          caseIn(state),
          { ...validCommand('record_police_or_legal_action'), kind: 'legal' } as CommandInput,
          actors.edc,
          AT,
        ),
      );
      expect(byEdc.next.policeOrLegalActions[0]!.kind).toBe('legal');
    },
  );

  test('the CXM and the line manager cannot record it; nor on a closed case', () => {
    expect(
      expectError(run(caseIn('cxm_review'), validCommand('record_police_or_legal_action'), actors.cxm, AT)).code,
    ).toBe('CASE.NOT_YOUR_TIER');
    expect(
      expectError(
        run(caseIn('line_manager_review'), validCommand('record_police_or_legal_action'), actors.lineManager, AT),
      ).code,
    ).toBe('CASE.NOT_YOUR_TIER');
    expect(expectError(run(caseIn('closed'), validCommand('record_police_or_legal_action'), actors.chc, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});

describe('restricted / contact_refused | new complaint received | any colleague | (task for EDC) (§33)', () => {
  test.each(['restricted', 'contact_refused'] as const)(
    'in %s a colleague records it and the EDC decides it on its merit',
    (state) => {
      const received = expectOk(run(caseIn(state), validCommand('receive_new_complaint'), actors.otherColleague, AT));
      expect(received.next.state).toBe(state);
      expect(received.next.newComplaints).toEqual([expect.objectContaining({ id: 'NC1', decision: null })]);
      expect(received.events[0]!.data).toEqual({ complaintId: 'NC1' });
      const kase = deepFreeze(received.next);

      expect(expectError(run(kase, validCommand('decide_new_complaint', kase), actors.chc, AT)).code).toBe(
        'CASE.NOT_YOUR_TIER',
      );
      const decided = expectOk(run(kase, validCommand('decide_new_complaint', kase), actors.edc, plusHours(AT, 1)));
      expect(decided.next.state).toBe(state);
      expect(decided.next.newComplaints[0]!.decision).toMatchObject({
        outcome: 'investigate',
        by: { personId: actors.edc.personId },
      });
      const again = expectError(
        run(deepFreeze(decided.next), validCommand('decide_new_complaint', kase), actors.edc, plusHours(AT, 2)),
      );
      expect(again.details?.gates).toEqual([expect.objectContaining({ gate: 'new_complaint_pending' })]);
    },
  );

  test('not before restrictions apply', () => {
    expect(
      expectError(run(caseIn('warning_issued'), validCommand('receive_new_complaint'), actors.otherColleague, AT)).code,
    ).toBe('CASE.ILLEGAL_TRANSITION');
  });
});

describe('warning_issued / restricted / contact_refused | appeal received | CXM | (appeal task): decided by a senior person who took no earlier decision', () => {
  const withAppeal = (state: CaseState): Case => apply(caseIn(state), validCommand('receive_appeal'), actors.cxm, AT);

  test.each(['warning_issued', 'restricted', 'contact_refused'] as const)(
    'in %s the CXM records the appeal; the state does not change',
    (state) => {
      const kase = withAppeal(state);
      expect(kase.state).toBe(state);
      expect(kase.appeals).toEqual([
        expect.objectContaining({
          id: 'A1',
          decision: null,
          receivedBy: expect.objectContaining({ personId: actors.cxm.personId }),
        }),
      ]);
    },
  );

  test('only the CXM records an appeal', () => {
    expect(expectError(run(caseIn('warning_issued'), validCommand('receive_appeal'), actors.chc, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test.each([
    ['the CHC who proposed the warning', actors.chc],
    ['the EDC who approved it', actors.edc],
  ] as const)('%s gets CASE.CONFLICT_OF_INTEREST', (_who, senior) => {
    const kase = withAppeal('warning_issued');
    expect(expectError(run(kase, validCommand('decide_appeal'), senior, plusHours(AT, 1))).code).toBe(
      'CASE.CONFLICT_OF_INTEREST',
    );
  });

  test('a deputy acting for the EDC who decided earlier also gets CASE.CONFLICT_OF_INTEREST', () => {
    expect(
      expectError(run(withAppeal('restricted'), validCommand('decide_appeal'), deputyOf(actors.edc), plusHours(AT, 1)))
        .code,
    ).toBe('CASE.CONFLICT_OF_INTEREST');
  });

  test.each([
    ['a second EDC', actors.edc2],
    ['a second CHC', actors.chc2],
  ] as const)('%s, independent of the case, decides', (_who, senior) => {
    const result = expectOk(run(withAppeal('restricted'), validCommand('decide_appeal'), senior, plusHours(AT, 1)));
    expect(result.next.appeals[0]!.decision).toMatchObject({ outcome: 'uphold', by: { personId: senior.personId } });
  });

  test('the CXM who received it, or a line manager, cannot decide it', () => {
    expect(expectError(run(withAppeal('restricted'), validCommand('decide_appeal'), actors.cxm, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(run(withAppeal('restricted'), validCommand('decide_appeal'), actors.lineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test.each(['warning_issued', 'restricted', 'contact_refused'] as const)(
    'quash from %s closes the case with reason appeal_quashed and an outcome letter',
    (state) => {
      const result = expectOk(
        run(
          withAppeal(state),
          { ...validCommand('decide_appeal'), outcome: 'quash' } as CommandInput,
          actors.edc2,
          plusHours(AT, 1),
        ),
      );
      expect(result.next).toMatchObject({
        state: 'closed',
        closure: { reason: 'appeal_quashed' },
        nextReviewDue: null,
      });
      expect(result.next.letters.at(-1)).toMatchObject({
        kind: 'appeal_outcome',
        content: expect.objectContaining({ outcome: 'quash' }),
      });
      expect(result.events[0]).toMatchObject({ from: state, to: 'closed' });
    },
  );

  const VARY = {
    proportionality: 'Fewer restrictions meet the same need.',
    adjustmentsConsidered: 'The customer prefers e-mail; letters stay open.',
  };

  test.each(['vary', 'uphold'] as const)('%s keeps the state and sends an outcome letter', (outcome) => {
    const varied = outcome === 'vary' ? { ...VARY, variedRestrictions: restrictionItems(restrictionDates(AT)) } : {};
    const result = expectOk(
      run(
        withAppeal('restricted'),
        { ...validCommand('decide_appeal'), outcome, ...varied } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(result.next.state).toBe('restricted');
    expect(result.next.closure).toBeNull();
    expect(result.next.letters.at(-1)).toMatchObject({
      kind: 'appeal_outcome',
      content: expect.objectContaining({ outcome }),
    });
  });

  test('vary with varied restrictions replaces the items', () => {
    const items = restrictionItems(restrictionDates(AT)).slice(1);
    const result = expectOk(
      run(
        withAppeal('restricted'),
        { ...validCommand('decide_appeal'), outcome: 'vary', variedRestrictions: items, ...VARY } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(result.next.restrictions?.items).toEqual([expect.objectContaining({ type: 'witness_required' })]);
  });

  test('vary with varied restrictions also moves the overall start and end dates of the restriction set', () => {
    // The set's endDate is what the scheduler expires on; after a variation it must be the new items' latest end.
    const dates = { startDate: '2026-03-09', reviewDate: '2026-05-09', endDate: '2026-05-09' };
    const items = restrictionItems(dates);
    const result = expectOk(
      run(
        withAppeal('restricted'),
        { ...validCommand('decide_appeal'), outcome: 'vary', variedRestrictions: items, ...VARY } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(result.next.restrictions).toMatchObject({ startDate: '2026-03-09', endDate: '2026-05-09' });
  });

  test('issue 11 §3: an appeal reviewer from outside the customer tiers decides; the record says in what role and that they were independent', () => {
    const result = expectOk(
      run(withAppeal('restricted'), validCommand('decide_appeal'), actors.appealReviewer, plusHours(AT, 1)),
    );
    expect(result.next.appeals[0]!.decision).toMatchObject({
      outcome: 'uphold',
      by: { personId: actors.appealReviewer.personId },
      role: 'appeal_reviewer',
      independent: true,
    });
    expect(result.events[0]!.data).toMatchObject({ role: 'appeal_reviewer' });
  });

  test('issue 11 §3: an appeal reviewer who reported on the case, or a deputy for one who decided, may not decide the appeal', () => {
    const reviewerWhoReported = { ...actors.appealReviewer, personId: actors.colleague.personId };
    expect(
      expectError(run(withAppeal('restricted'), validCommand('decide_appeal'), reviewerWhoReported, plusHours(AT, 1)))
        .code,
    ).toBe('CASE.CONFLICT_OF_INTEREST');
    // An appeal reviewer keeps their own exclusions when deputising: the EDC here decided earlier.
    const kase = withAppeal('restricted');
    const reviewerDeputy = deputyOf(actors.edc, { ...actors.appealReviewer, personId: 'p-reviewer-2' });
    const asDeputy = run(kase, validCommand('decide_appeal'), reviewerDeputy, plusHours(AT, 1));
    // They decide in their own right, not on behalf of the EDC who took part.
    expect(expectOk(asDeputy).events[0]!.actor.onBehalfOf).toBeNull();
  });

  test('issue 11 §3: an appeal reviewer sees a case only while an appeal on it waits, and afterwards only if they decided it', () => {
    const other = { ...actors.appealReviewer, personId: 'p-reviewer-2' };
    expect(caseAccess(caseIn('restricted'), actors.appealReviewer)).toBe('none');
    const appealed = withAppeal('restricted');
    expect(caseAccess(appealed, actors.appealReviewer)).toBe('full');
    const decided = apply(appealed, validCommand('decide_appeal'), actors.appealReviewer, plusHours(AT, 1));
    expect(caseAccess(decided, actors.appealReviewer)).toBe('full');
    expect(caseAccess(decided, other)).toBe('none');
  });

  test('issue 11 §3: a deputy records the role of the person they act for', () => {
    const result = expectOk(
      run(withAppeal('restricted'), validCommand('decide_appeal'), deputyOf(actors.edc2), plusHours(AT, 1)),
    );
    expect(result.next.appeals[0]!.decision).toMatchObject({
      role: 'executive_director_of_customers',
      independent: true,
      by: { onBehalfOf: { personId: actors.edc2.personId } },
    });
  });

  test('issue 11 §3: "vary" needs the restrictions that now apply, and only while restrictions are in force', () => {
    expect(
      expectError(
        run(
          withAppeal('restricted'),
          { ...validCommand('decide_appeal'), outcome: 'vary', ...VARY } as CommandInput,
          actors.edc2,
          plusHours(AT, 1),
        ),
      ).message,
    ).toContain('needs the restrictions that now apply');
    expect(
      expectError(
        run(
          withAppeal('warning_issued'),
          { ...validCommand('decide_appeal'), outcome: 'vary' } as CommandInput,
          actors.edc2,
          plusHours(AT, 1),
        ),
      ).message,
    ).toContain('Only restrictions in force can be varied');
    expect(
      expectError(
        run(
          withAppeal('restricted'),
          {
            ...validCommand('decide_appeal'),
            outcome: 'uphold',
            variedRestrictions: restrictionItems(restrictionDates(AT)),
          } as CommandInput,
          actors.edc2,
          plusHours(AT, 1),
        ),
      ).message,
    ).toContain('only with a "vary" outcome');
  });

  test('issue 11 §3: a variation on appeal passes the proposal gates (proportionality, adjustments considered) and becomes the live restrictions', () => {
    const items = restrictionItems(restrictionDates(AT)).slice(1);
    const error = expectError(
      run(
        withAppeal('restricted'),
        { ...validCommand('decide_appeal'), outcome: 'vary', variedRestrictions: items } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(error.details?.gates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ gate: 'proportionality_recorded' }),
        expect.objectContaining({ gate: 'adjustments_considered' }),
      ]),
    );
    const result = expectOk(
      run(
        withAppeal('restricted'),
        { ...validCommand('decide_appeal'), outcome: 'vary', variedRestrictions: items, ...VARY } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(result.next.restrictions).toMatchObject({
      items,
      proportionality: VARY.proportionality,
      adjustmentsConsidered: VARY.adjustmentsConsidered,
    });
    expect(result.next.proposedRestrictions).toBeNull();
  });

  test('a second appeal cannot be received while one is pending (gate appeal_not_pending)', () => {
    expect(
      expectError(run(withAppeal('restricted'), validCommand('receive_appeal'), actors.cxm, plusHours(AT, 1))).details
        ?.gates,
    ).toEqual([expect.objectContaining({ gate: 'appeal_not_pending' })]);
  });

  test('appeals only after a warning or restriction: not at chc_review', () => {
    expect(expectError(run(caseIn('chc_review'), validCommand('receive_appeal'), actors.cxm, AT)).code).toBe(
      'CASE.ILLEGAL_TRANSITION',
    );
  });
});

describe('urgent path (threats or violence, §14, §32)', () => {
  test('a threatenedOrHurt report opens an urgent case with the police question open', () => {
    const result = expectOk(
      run(null, { action: 'report', report: reportInput(URGENT_REPORT) }, actors.colleague, t.report, {
        newCase: NEW_CASE,
      }),
    );
    expect(result.next.urgent).toBe(true);
    expect(result.next.urgentPath).toEqual({ policeCalled: null, policeAnsweredAt: null, protectiveSteps: [] });
    expect(result.events[0]!.data).toEqual({ reportId: 'R1', urgent: true });
  });

  test('a report of "threatening to or the use of violence" is urgent even if the reporter did not tick threatened-or-hurt (URGENT_BEHAVIOUR_IDS)', () => {
    const report = reportInput({
      behaviours: [{ criterionId: 'abusive_behaviour', behaviourId: 'violence' }],
      threatenedOrHurt: false,
    });
    const result = expectOk(run(null, { action: 'report', report }, actors.colleague, t.report, { newCase: NEW_CASE }));
    expect(result.next.urgent).toBe(true);
  });

  test('the reporter answers the police question once; someone else cannot', () => {
    const kase = caseIn('line_manager_review', { urgent: true });
    expect(expectError(run(kase, validCommand('answer_police_question'), actors.lineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    const answered = expectOk(run(kase, validCommand('answer_police_question'), actors.colleague, AT));
    expect(answered.next.urgentPath).toMatchObject({ policeCalled: true, policeAnsweredAt: AT.toISOString() });
    expect(answered.next.state).toBe('line_manager_review');
    const again = expectError(
      run(deepFreeze(answered.next), validCommand('answer_police_question'), actors.colleague, AT),
    );
    expect(again.details?.gates).toEqual([expect.objectContaining({ gate: 'police_question_open' })]);
  });

  test('a protective step is proposed by the line manager, CXM or CHC and ratified by the EDC', () => {
    const kase = caseIn('line_manager_review', { urgent: true });
    for (const proposer of [actors.lineManager, actors.cxm, actors.chc]) {
      expect(
        expectOk(run(kase, validCommand('propose_protective_step'), proposer, AT)).next.urgentPath?.protectiveSteps,
      ).toHaveLength(1);
    }
    const proposed = apply(kase, validCommand('propose_protective_step'), actors.lineManager, AT);
    expect(proposed.urgentPath?.protectiveSteps).toEqual([expect.objectContaining({ id: 'P1', ratification: null })]);
    expect(expectError(run(proposed, validCommand('ratify_protective_step', proposed), actors.chc, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    const ratified = expectOk(
      run(proposed, validCommand('ratify_protective_step', proposed), actors.edc, plusHours(AT, 1)),
    );
    expect(ratified.next.urgentPath?.protectiveSteps[0]?.ratification).toEqual({
      ratified: true,
      by: { personId: actors.edc.personId, name: actors.edc.name, onBehalfOf: null },
      at: plusHours(AT, 1).toISOString(),
    });
    expect(ratified.next.deciderIds).toContain(actors.edc.personId);
  });

  test('the EDC may overturn a protective step (ratified: false)', () => {
    const proposed = apply(
      caseIn('cxm_review', { urgent: true }),
      validCommand('propose_protective_step'),
      actors.cxm,
      AT,
    );
    const overturned = expectOk(
      run(
        proposed,
        { ...validCommand('ratify_protective_step', proposed), ratified: false } as CommandInput,
        actors.edc,
        AT,
      ),
    );
    expect(overturned.next.urgentPath?.protectiveSteps[0]?.ratification?.ratified).toBe(false);
  });

  test("a line manager who is not the reporter's may not propose a protective step on the case (tier 1 is the reporter's line manager)", () => {
    // docs/domain.md: "line_manager" is the reporter's line manager; the urgent path notifies "the line manager".
    const kase = caseIn('line_manager_review', { urgent: true });
    expect(expectError(run(kase, validCommand('propose_protective_step'), actors.otherLineManager, AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test('the urgent path is not open on an ordinary case', () => {
    expect(
      expectError(run(caseIn('cxm_review'), validCommand('propose_protective_step'), actors.cxm, AT)).details?.gates,
    ).toEqual([expect.objectContaining({ gate: 'urgent_case' })]);
  });
});

describe('deputies: a deputy\'s decision is recorded as "X on behalf of Y"', () => {
  test("a deputy of the reporter's line manager escalates; the event shows onBehalfOf", () => {
    const kase = caseIn('line_manager_review');
    const deputy = deputyOf(actors.lineManager);
    const result = expectOk(run(kase, validCommand('escalate', kase), deputy, AT));
    expect(result.next.state).toBe('cxm_review');
    expect(result.events[0]!.actor).toEqual({
      personId: 'p-deputy',
      name: 'Dee Deputy',
      onBehalfOf: { personId: actors.lineManager.personId, name: actors.lineManager.name },
    });
    expect(result.next.colleagueSupport?.recordedBy.onBehalfOf?.personId).toBe(actors.lineManager.personId);
  });

  test('a deputy of the EDC approves the warning; both deputy and principal count as deciders', () => {
    const result = expectOk(
      run(caseIn('edc_warning_approval'), validCommand('approve_warning'), deputyOf(actors.edc), AT),
    );
    expect(result.next.state).toBe('warning_issued');
    expect(result.events[0]!.actor.onBehalfOf).toEqual({ personId: actors.edc.personId, name: actors.edc.name });
    expect(result.next.deciderIds).toEqual(expect.arrayContaining(['p-deputy', actors.edc.personId]));
    expect(result.next.letters.at(-1)?.approvedBy.onBehalfOf?.personId).toBe(actors.edc.personId);
  });

  test("a deputy of a line manager who is not the reporter's is refused", () => {
    const kase = caseIn('line_manager_review');
    expect(expectError(run(kase, validCommand('escalate', kase), deputyOf(actors.otherLineManager), AT)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  test('a deputy whose principal lacks the role is refused (deputy of the CHC cannot approve a warning)', () => {
    expect(
      expectError(run(caseIn('edc_warning_approval'), validCommand('approve_warning'), deputyOf(actors.chc), AT)).code,
    ).toBe('CASE.NOT_YOUR_TIER');
    expect(
      expectError(
        run(caseIn('warning_issued'), validCommand('propose_restrictions', null, AT), deputyOf(actors.cxm), AT),
      ).code,
    ).toBe('CASE.NOT_YOUR_TIER');
  });

  test('a deputy of an independent EDC may decide an appeal', () => {
    const kase = apply(caseIn('restricted'), validCommand('receive_appeal'), actors.cxm, AT);
    const result = expectOk(run(kase, validCommand('decide_appeal'), deputyOf(actors.edc2), plusHours(AT, 1)));
    expect(result.events[0]!.actor.onBehalfOf?.personId).toBe(actors.edc2.personId);
  });
});

function addMonthsTo(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
