import type { Case, DecideContext, DecideResult } from '../../src/cases/index.js';
import { GATE_CHECKS } from '../../src/cases/gates.js';
import { dateInLondon } from '../../src/cases/dates.js';
import {
  GATE_IDS,
  GATES,
  openChannels,
  RESTRICTION_TYPE_IDS,
  RESTRICTION_TYPES,
  TRANSITIONS,
  type GateId,
  type RestrictionTypeId,
} from '../../src/policy/index.js';
import {
  actors,
  apply,
  AT,
  caseIn,
  expectError,
  expectOk,
  plusDays,
  plusHours,
  reportInput,
  restrictionDates,
  restrictionItems,
  REFUSAL_END,
  RESTRICTIONS_END,
  continuedBehaviour,
  run,
  validCommand,
  type CommandInput,
  type RestrictionItemInput,
} from './fixtures.js';

// Each gate of GATES: it has a check, it fails with CASE.GATE_NOT_MET naming it, and it passes
// once the condition is met. Scenarios act at AT (2026-03-02) on cases driven by the real path.

interface GateScenario {
  gate: GateId;
  name: string;
  outcome: 'fails' | 'passes';
  result: () => DecideResult;
}

const scenarios: GateScenario[] = [];
const fails = (gate: GateId, name: string, result: () => DecideResult) =>
  scenarios.push({ gate, name, outcome: 'fails', result });
const passes = (gate: GateId, name: string, result: () => DecideResult) =>
  scenarios.push({ gate, name, outcome: 'passes', result });
const on = (kase: Case, command: object, actor = actors.edc, now = AT, context: DecideContext = {}) =>
  run(kase, command as CommandInput, actor, now, context);

// --- §11 colleague support and risk assessment -------------------------------------------------
{
  const lm = caseIn('line_manager_review');
  const cxm = caseIn('cxm_review');
  fails('colleague_support_recorded', 'the line manager escalates without the colleague-support check', () =>
    on(lm, { action: 'escalate', rationale: 'r' }, actors.lineManager),
  );
  fails('colleague_support_recorded', 'the support offered is left blank', () =>
    on(
      lm,
      { action: 'escalate', rationale: 'r', colleagueSupport: { safeToContinue: false, supportOffered: '  ' } },
      actors.lineManager,
    ),
  );
  passes('colleague_support_recorded', 'safe-to-continue and the support offered are recorded', () =>
    on(lm, validCommand('escalate', lm), actors.lineManager),
  );

  fails('risk_assessment_recorded', 'the CXM escalates without recording the risk assessment', () =>
    on(cxm, { action: 'escalate', rationale: 'r' }, actors.cxm),
  );
  fails('risk_assessment_recorded', 'a completed risk assessment without its reference', () =>
    on(cxm, { action: 'escalate', rationale: 'r', riskAssessment: { outcome: 'completed' } }, actors.cxm),
  );
  passes('risk_assessment_recorded', 'a risk assessment recorded as not needed', () =>
    on(cxm, { action: 'escalate', rationale: 'r', riskAssessment: { outcome: 'not_needed' } }, actors.cxm),
  );
  passes('risk_assessment_recorded', 'a completed risk assessment with its reference', () =>
    on(cxm, validCommand('escalate', cxm), actors.cxm),
  );
}

// --- §25, §20–23, §26 the warning --------------------------------------------------------------
{
  const chc = caseIn('chc_review');
  const warning = (patch: object) => on(chc, { ...validCommand('propose_warning'), ...patch }, actors.chc);
  fails('complaint_investigated', 'no underlying complaint is given', () => warning({ complaint: undefined }));
  fails('complaint_investigated', 'the complaint reference is blank', () =>
    warning({ complaint: { reference: '', status: 'investigated' } }),
  );
  fails('complaint_investigated', 'the complaint has not been investigated (§25)', () =>
    warning({ complaint: { reference: 'CMP-1', status: 'not_investigated' } }),
  );
  passes('complaint_investigated', 'the complaint has been investigated', () =>
    warning({ complaint: { reference: 'CMP-1', status: 'investigated' } }),
  );
  passes('complaint_investigated', 'the complaint is being investigated', () =>
    warning({ complaint: { reference: 'CMP-1', status: 'being_investigated' } }),
  );

  fails('adjustments_considered', 'no reasonable adjustments were considered (§20–23)', () =>
    warning({ adjustmentsConsidered: '' }),
  );
  fails('adjustments_considered', 'the consideration is only whitespace', () =>
    warning({ adjustmentsConsidered: ' \n ' }),
  );
  passes('adjustments_considered', 'the consideration is recorded', () =>
    warning({ adjustmentsConsidered: 'Asked about support needs; none.' }),
  );

  fails('behaviours_with_examples', 'no behaviour is listed', () => warning({ behaviours: [] }));
  fails('behaviours_with_examples', 'a behaviour without an example', () =>
    warning({
      behaviours: [
        { criterionId: 'unacceptable_language', behaviourId: 'insulting', example: 'Called her an idiot.' },
        { criterionId: 'unreasonable_contact', behaviourId: 'volume_duration', example: '' },
      ],
    }),
  );
  passes('behaviours_with_examples', 'every behaviour has an example', () =>
    warning({
      behaviours: [
        { criterionId: 'unreasonable_contact', behaviourId: 'volume_duration', example: '41 calls in one week.' },
      ],
    }),
  );
}

// --- §29–30 restrictions -----------------------------------------------------------------------
const warned = () => caseIn('warning_issued');
const propose = (
  items: RestrictionItemInput[],
  patch: object = {},
  context: DecideContext = {},
  kase = warned(),
  action: 'propose_restrictions' | 'review_vary' = 'propose_restrictions',
) => on(kase, { ...validCommand(action, kase, AT), restrictions: items, ...patch }, actors.chc, AT, context);
const dated = (startDate: string, reviewDate: string, endDate: string) =>
  restrictionItems({ startDate, reviewDate, endDate });
{
  fails('restriction_dates_valid', 'a restriction that starts in the past', () =>
    propose(dated('2026-03-01', '2026-05-01', '2026-08-01')),
  );
  fails('restriction_dates_valid', 'a review date before the start', () =>
    propose(dated('2026-03-09', '2026-03-08', '2026-08-01')),
  );
  fails('restriction_dates_valid', 'an end date before the review date', () =>
    propose(dated('2026-03-09', '2026-05-01', '2026-04-30')),
  );
  fails('restriction_dates_valid', 'a review more than three months after the start (§29)', () =>
    propose(dated('2026-03-09', '2026-06-10', '2026-09-09')),
  );
  fails('restriction_dates_valid', 'one good item and one out of order', () =>
    propose([
      ...dated('2026-03-09', '2026-06-09', '2026-09-09').slice(0, 1),
      ...dated('2026-03-09', '2026-09-09', '2026-06-09').slice(1),
    ]),
  );
  fails('restriction_dates_valid', 'a quarterly variation that starts in the past', () =>
    propose(dated('2026-02-27', '2026-05-01', '2026-08-01'), {}, {}, caseIn('restricted'), 'review_vary'),
  );
  passes('restriction_dates_valid', 'starting today, reviewed exactly three months later', () =>
    propose(dated('2026-03-02', '2026-06-02', '2026-12-02')),
  );
  passes('restriction_dates_valid', 'start, review and end on the same day', () =>
    propose(dated('2026-03-09', '2026-03-09', '2026-03-09')),
  );
  passes('restriction_dates_valid', 'a valid quarterly variation', () =>
    propose(dated('2026-03-09', '2026-06-09', '2026-09-09'), {}, {}, caseIn('restricted'), 'review_vary'),
  );

  const cannotWrite = [{ id: 'ADJ-1', kind: 'cannot_write', description: 'Cannot read or write letters' }];
  fails('adjustment_conflicts_justified', 'letter-only for a customer who cannot write, without a reason', () =>
    propose(restrictionItems(restrictionDates(AT)), {}, { customerAdjustments: cannotWrite }),
  );
  fails('adjustment_conflicts_justified', 'a justification recorded against a different adjustment', () =>
    propose(
      restrictionItems(restrictionDates(AT)),
      { adjustmentJustifications: { 'ADJ-9': 'A reason.' } },
      { customerAdjustments: cannotWrite },
    ),
  );
  fails('adjustment_conflicts_justified', 'no office access for a customer who needs face-to-face contact', () =>
    propose(
      [{ type: 'no_office_access', details: { offices: ['Head office'] }, ...restrictionDates(AT) }],
      {},
      { customerAdjustments: [{ id: 'ADJ-2', kind: 'needs_face_to_face', description: 'Needs face to face' }] },
    ),
  );
  fails('adjustment_conflicts_justified', 'a quarterly variation is checked too', () =>
    propose(
      restrictionItems(restrictionDates(AT)),
      {},
      { customerAdjustments: cannotWrite },
      caseIn('restricted'),
      'review_vary',
    ),
  );
  passes('adjustment_conflicts_justified', 'the conflict is justified by the approver', () =>
    propose(
      restrictionItems(restrictionDates(AT)),
      {
        adjustmentJustifications: {
          'ADJ-1': 'Letters go through the agreed third party, who reads them to the customer.',
        },
      },
      { customerAdjustments: cannotWrite },
    ),
  );
  passes('adjustment_conflicts_justified', 'an adjustment that conflicts with nothing proposed (large print)', () =>
    propose(
      restrictionItems(restrictionDates(AT)),
      {},
      { customerAdjustments: [{ id: 'ADJ-3', kind: 'large_print', description: 'Large print' }] },
    ),
  );

  fails('proportionality_recorded', 'no proportionality reasoning (§30)', () =>
    propose(restrictionItems(restrictionDates(AT)), { proportionality: '' }),
  );
  fails('proportionality_recorded', 'a quarterly variation without it', () =>
    propose(restrictionItems(restrictionDates(AT)), { proportionality: '  ' }, {}, caseIn('restricted'), 'review_vary'),
  );
  passes('proportionality_recorded', 'the reasoning is recorded', () =>
    propose(restrictionItems(restrictionDates(AT)), {
      proportionality: 'Least restrictive option that stops the call volume.',
    }),
  );

  passes('contact_route_open', 'letter-only and no office access still leave letters open', () =>
    propose([
      ...restrictionItems(restrictionDates(AT)).slice(0, 1),
      { type: 'no_office_access', details: { offices: [] }, ...restrictionDates(AT) },
    ]),
  );
  fails(
    'contact_route_open',
    'every route closed (letter-only widened, for this test only, to close letters too)',
    () =>
      withLetterOnlyClosingLetters(() =>
        propose([
          ...restrictionItems(restrictionDates(AT)).slice(0, 1),
          { type: 'no_office_access', details: { offices: [] }, ...restrictionDates(AT) },
        ]),
      ),
  );
}

/** No shipped restriction type closes letters, so this is the only way to see the check fail. */
function withLetterOnlyClosingLetters<T>(fn: () => T): T {
  const letterOnly = RESTRICTION_TYPES.find((t) => t.id === 'letter_only')!;
  const original = letterOnly.closes;
  (letterOnly as { closes: string[] }).closes = [...original, 'letter'];
  try {
    return fn();
  } finally {
    (letterOnly as { closes: string[] }).closes = original;
  }
}

// --- §11 flag markers ---------------------------------------------------------------------------
{
  const cxm = caseIn('cxm_review');
  const provisional = caseIn('cxm_review', { flagMarker: true });
  const live = apply(provisional, validCommand('approve_flag_marker'), actors.chc, AT);
  const rejected = apply(provisional, validCommand('reject_flag_marker'), actors.chc, AT);
  const later = plusHours(AT, 1);
  fails('flag_marker_not_pending', 'a second marker while one is provisional', () =>
    on(provisional, validCommand('propose_flag_marker'), actors.cxm, later),
  );
  fails('flag_marker_not_pending', 'a second marker while one is live', () =>
    on(live, validCommand('propose_flag_marker'), actors.cxm, later),
  );
  fails('flag_marker_not_pending', 'an escalation proposing a marker while one is provisional', () =>
    on(
      provisional,
      { ...validCommand('escalate', provisional), proposeFlagMarker: { reason: 'Again.' } },
      actors.cxm,
      later,
    ),
  );
  passes('flag_marker_not_pending', 'a new proposal after the last one was rejected', () =>
    on(rejected, validCommand('propose_flag_marker'), actors.cxm, later),
  );
  passes('flag_marker_not_pending', 'a first proposal', () => on(cxm, validCommand('propose_flag_marker'), actors.cxm));

  fails('flag_marker_provisional', 'approving when no marker was proposed', () =>
    on(caseIn('chc_review'), validCommand('approve_flag_marker'), actors.chc),
  );
  fails('flag_marker_provisional', 'approving a marker that is already live', () =>
    on(live, validCommand('approve_flag_marker'), actors.edc, later),
  );
  fails('flag_marker_provisional', 'rejecting a marker that was already rejected', () =>
    on(rejected, validCommand('reject_flag_marker'), actors.edc, later),
  );
  passes('flag_marker_provisional', 'approving a provisional marker', () =>
    on(provisional, validCommand('approve_flag_marker'), actors.edc),
  );
}

// --- §8 information requests ------------------------------------------------------------------
{
  const asked = apply(caseIn('chc_review'), validCommand('request_information'), actors.chc, AT);
  const answered = apply(asked, validCommand('provide_information'), actors.colleague, plusHours(AT, 1));
  fails('information_requested', 'an answer when nothing was asked', () =>
    on(caseIn('chc_review'), validCommand('provide_information'), actors.colleague),
  );
  fails('information_requested', 'a second answer to a question already answered', () =>
    on(answered, validCommand('provide_information'), actors.colleague, plusHours(AT, 2)),
  );
  passes('information_requested', 'an answer to the open question', () =>
    on(asked, validCommand('provide_information'), actors.colleague, plusHours(AT, 1)),
  );
}

// --- §30 expiry, §31 refusal --------------------------------------------------------------------
{
  const endDay = new Date(`${RESTRICTIONS_END}T10:00:00Z`);
  fails('end_date_reached', 'the day before the end date', () =>
    on(caseIn('restricted'), validCommand('expire'), actors.system, plusDays(endDay, -1)),
  );
  fails('end_date_reached', 'late in the evening before the end date (London time)', () =>
    on(caseIn('restricted'), validCommand('expire'), actors.system, new Date(`${isoPrev(RESTRICTIONS_END)}T22:30:00Z`)),
  );
  passes('end_date_reached', 'on the end date', () =>
    on(caseIn('restricted'), validCommand('expire'), actors.system, endDay),
  );
  passes('end_date_reached', 'after the end date (a late run of the scheduler)', () =>
    on(caseIn('restricted'), validCommand('expire'), actors.system, plusDays(endDay, 3)),
  );

  const breached = caseIn('restricted', { breach: true });
  const beforeStart = apply(
    caseIn('restricted'),
    { action: 'attach_report', report: reportInput({ occurredAt: '2026-01-16T09:00:00Z' }) },
    actors.otherColleague,
    AT,
  );
  fails('restrictions_breached', 'the breach is not confirmed', () =>
    on(breached, { ...validCommand('propose_refusal'), breachConfirmed: false }, actors.chc),
  );
  fails('restrictions_breached', 'no incident has been reported since the restrictions began', () =>
    on(caseIn('restricted'), validCommand('propose_refusal'), actors.chc),
  );
  fails('restrictions_breached', 'the only new incident happened before the restrictions began', () =>
    on(beforeStart, validCommand('propose_refusal'), actors.chc, plusHours(AT, 1)),
  );
  passes('restrictions_breached', 'an incident since the restrictions began, breach confirmed (§31)', () =>
    on(breached, validCommand('propose_refusal'), actors.chc),
  );
}

// --- §20–23 adjustments considered for restrictions and refusal, not only warnings --------------
{
  const warned = caseIn('warning_issued');
  const breached = caseIn('restricted', { breach: true });
  fails('adjustments_considered', 'restrictions proposed without recording how adjustments were considered', () =>
    on(warned, { ...validCommand('propose_restrictions', warned), adjustmentsConsidered: ' ' }, actors.chc),
  );
  passes('adjustments_considered', 'restrictions proposed with adjustments considered', () =>
    on(warned, validCommand('propose_restrictions', warned), actors.chc),
  );
  fails('adjustments_considered', 'a quarterly variation without adjustments considered', () =>
    on(caseIn('restricted'), { ...validCommand('review_vary'), adjustmentsConsidered: '' }, actors.chc),
  );
  fails('adjustments_considered', 'a refusal of all contact proposed without adjustments considered', () =>
    on(breached, { ...validCommand('propose_refusal'), adjustmentsConsidered: '' }, actors.chc),
  );
  passes('adjustments_considered', 'a refusal of all contact proposed with adjustments considered', () =>
    on(breached, validCommand('propose_refusal'), actors.chc),
  );
}

// --- §27 restrictions only when the behaviour continued after the warning ----------------------
{
  const warned = caseIn('warning_issued');
  const warnedAt = warned.letters.find((l) => l.kind === 'warning')!.sentAt;
  const propose = (patch: object, kase: Case = warned) =>
    on(kase, { ...validCommand('propose_restrictions', kase), ...patch }, actors.chc);
  fails('behaviour_continued_after_warning', 'no report after the warning and no continued behaviour recorded', () =>
    propose({ continuedBehaviour: undefined }),
  );
  fails('behaviour_continued_after_warning', 'the recorded behaviour happened before the warning letter', () =>
    propose({
      continuedBehaviour: { ...continuedBehaviour(AT), occurredAt: plusHours(new Date(warnedAt), -2).toISOString() },
    }),
  );
  fails('behaviour_continued_after_warning', 'the recorded behaviour is dated in the future', () =>
    propose({ continuedBehaviour: { ...continuedBehaviour(AT), occurredAt: plusDays(AT, 1).toISOString() } }),
  );
  fails('behaviour_continued_after_warning', 'the only attached report is dated before the warning letter', () =>
    propose(
      { continuedBehaviour: undefined },
      apply(
        warned,
        {
          action: 'attach_report',
          report: reportInput({ occurredAt: plusHours(new Date(warnedAt), -3).toISOString() }),
        },
        actors.otherColleague,
        AT,
      ),
    ),
  );
  passes(
    'behaviour_continued_after_warning',
    'the decider records the continued behaviour, which becomes a report',
    () => propose({}),
  );
  passes('behaviour_continued_after_warning', 'a report attached after the warning letter', () =>
    propose(
      { continuedBehaviour: undefined },
      apply(warned, validCommand('attach_report', warned, plusHours(AT, -2)), actors.otherColleague, plusHours(AT, -2)),
    ),
  );
}

// --- §31 the refusal's duration and end ----------------------------------------------------------
{
  const breached = caseIn('restricted', { breach: true });
  const refused = caseIn('contact_refused');
  fails('refusal_duration_valid', 'a refusal of 13 months (the maximum is 12)', () =>
    on(breached, { ...validCommand('propose_refusal'), durationMonths: 13 }, actors.chc),
  );
  fails('refusal_duration_valid', 'a refusal longer than the configured maximum', () =>
    on(breached, { ...validCommand('propose_refusal'), durationMonths: 9 }, actors.chc, AT, {
      refusalDuration: { defaultMonths: 3, maxMonths: 6 },
    }),
  );
  fails('refusal_duration_valid', 'a renewal longer than the maximum', () =>
    on(refused, { ...validCommand('renew_refusal'), durationMonths: 24 }, actors.edc),
  );
  passes('refusal_duration_valid', 'a refusal of 12 months', () =>
    on(breached, { ...validCommand('propose_refusal'), durationMonths: 12 }, actors.chc),
  );
  passes('refusal_duration_valid', 'no duration given: the default', () =>
    on(breached, validCommand('propose_refusal'), actors.chc),
  );

  const endDay = new Date(`${REFUSAL_END}T10:00:00Z`);
  fails('refusal_end_reached', 'the day before the refusal ends', () =>
    on(refused, validCommand('expire'), actors.system, plusDays(endDay, -1)),
  );
  passes('refusal_end_reached', 'on the refusal end date', () =>
    on(refused, validCommand('expire'), actors.system, endDay),
  );
}

// --- §33 new complaints, appeals ---------------------------------------------------------------
{
  const received = apply(caseIn('restricted'), validCommand('receive_new_complaint'), actors.otherColleague, AT);
  const decided = apply(received, validCommand('decide_new_complaint', received), actors.edc, plusHours(AT, 1));
  fails('new_complaint_pending', 'a decision on a complaint that does not exist', () =>
    on(
      received,
      { ...validCommand('decide_new_complaint', received), complaintId: 'NC9' },
      actors.edc,
      plusHours(AT, 1),
    ),
  );
  fails('new_complaint_pending', 'a second decision on the same complaint', () =>
    on(decided, validCommand('decide_new_complaint', received), actors.edc, plusHours(AT, 2)),
  );
  passes('new_complaint_pending', 'a decision on the pending complaint', () =>
    on(received, validCommand('decide_new_complaint', received), actors.edc, plusHours(AT, 1)),
  );

  const appealed = apply(caseIn('restricted'), validCommand('receive_appeal'), actors.cxm, AT);
  const appealDecided = apply(appealed, validCommand('decide_appeal'), actors.edc2, plusHours(AT, 1));
  fails('appeal_not_pending', 'a second appeal while the first awaits a decision', () =>
    on(appealed, validCommand('receive_appeal'), actors.cxm, plusHours(AT, 1)),
  );
  passes('appeal_not_pending', 'a new appeal after the first was decided', () =>
    on(appealDecided, validCommand('receive_appeal'), actors.cxm, plusHours(AT, 2)),
  );
  fails('appeal_pending', 'deciding an appeal nobody made', () =>
    on(caseIn('restricted'), validCommand('decide_appeal'), actors.edc2),
  );
  fails('appeal_pending', 'deciding an appeal that was already decided', () =>
    on(appealDecided, validCommand('decide_appeal'), actors.chc2, plusHours(AT, 2)),
  );
  passes('appeal_pending', 'deciding the pending appeal', () =>
    on(appealed, validCommand('decide_appeal'), actors.edc2, plusHours(AT, 1)),
  );
}

// --- §14, §32 urgent path ----------------------------------------------------------------------
{
  const urgent = caseIn('cxm_review', { urgent: true });
  const answered = apply(urgent, validCommand('answer_police_question'), actors.colleague, AT);
  const stepped = apply(urgent, validCommand('propose_protective_step'), actors.cxm, AT);
  const ratified = apply(stepped, validCommand('ratify_protective_step', stepped), actors.edc, plusHours(AT, 1));
  fails('urgent_case', 'a protective step on a case that is not urgent', () =>
    on(caseIn('cxm_review'), validCommand('propose_protective_step'), actors.cxm),
  );
  fails('urgent_case', 'the police question on a case that is not urgent', () =>
    on(caseIn('cxm_review'), validCommand('answer_police_question'), actors.colleague),
  );
  passes('urgent_case', 'a protective step on an urgent case', () =>
    on(urgent, validCommand('propose_protective_step'), actors.cxm),
  );

  fails('police_question_open', 'the police question answered a second time', () =>
    on(
      answered,
      { ...validCommand('answer_police_question'), policeCalled: false },
      actors.colleague,
      plusHours(AT, 1),
    ),
  );
  passes('police_question_open', 'the first answer', () =>
    on(urgent, validCommand('answer_police_question'), actors.colleague),
  );

  fails('protective_step_pending', 'ratifying a step that does not exist', () =>
    on(stepped, { ...validCommand('ratify_protective_step', stepped), stepId: 'P7' }, actors.edc, plusHours(AT, 1)),
  );
  fails('protective_step_pending', 'ratifying a step a second time', () =>
    on(ratified, { ...validCommand('ratify_protective_step', stepped), stepId: 'P1' }, actors.edc, plusHours(AT, 2)),
  );
  passes('protective_step_pending', 'ratifying the pending step', () =>
    on(stepped, validCommand('ratify_protective_step', stepped), actors.edc, plusHours(AT, 1)),
  );
  // Issue 11 §5: the urgent path. Informal resolution needs the CXM or above; a risk assessment is always needed.
  const urgentTier1 = caseIn('line_manager_review', { urgent: true });
  fails('informal_resolution_by_senior_if_urgent', 'the line manager resolves an urgent case informally', () =>
    on(urgentTier1, validCommand('resolve_informally'), actors.lineManager, AT),
  );
  passes(
    'informal_resolution_by_senior_if_urgent',
    'the customer experience manager resolves an urgent case informally',
    () => on(caseIn('cxm_review', { urgent: true }), validCommand('resolve_informally'), actors.cxm, AT),
  );
  passes('informal_resolution_by_senior_if_urgent', 'the line manager resolves an ordinary case informally', () =>
    on(caseIn('line_manager_review'), validCommand('resolve_informally'), actors.lineManager, AT),
  );
  fails('risk_assessment_recorded', 'an urgent case escalated with the risk assessment "not needed"', () =>
    on(
      caseIn('cxm_review', { urgent: true }),
      { ...validCommand('escalate', caseIn('cxm_review')), riskAssessment: { outcome: 'not_needed' } },
      actors.cxm,
      AT,
    ),
  );
  // Issue 11 §2: live restrictions end by a review, an appeal or their end date, not by "no further action".
  const variation = apply(caseIn('restricted'), validCommand('review_vary', caseIn('restricted'), AT), actors.chc, AT);
  fails('no_live_restrictions', 'closing a variation of live restrictions with no further action', () =>
    on(variation, validCommand('close_no_further_action'), actors.edc, plusHours(AT, 1)),
  );
  passes('no_live_restrictions', 'closing a proposed first set of restrictions with no further action', () =>
    on(caseIn('edc_restriction_approval'), validCommand('close_no_further_action'), actors.edc, AT),
  );
}

// --- Issue 12 §5: a letter's dispatch -----------------------------------------------------------
{
  const warned = caseIn('warning_issued');
  const approvedOn = dateInLondon(new Date(warned.letters[0]!.approvedAt));
  const dispatched = apply(warned, validCommand('record_dispatch', warned, AT), actors.cxm, AT);
  fails('letter_dispatch_valid', 'a letter the case does not have', () =>
    on(warned, { ...validCommand('record_dispatch', warned, AT), letterIndex: 5 }, actors.cxm, AT),
  );
  fails('letter_dispatch_valid', 'a second dispatch record for the same letter', () =>
    on(dispatched, { ...validCommand('record_dispatch', warned, AT), letterIndex: 0 }, actors.cxm, plusHours(AT, 1)),
  );
  fails('letter_dispatch_valid', 'a dispatch date before the letter was approved', () =>
    on(warned, { ...validCommand('record_dispatch', warned, AT), dispatchedOn: isoPrev(approvedOn) }, actors.cxm, AT),
  );
  fails('letter_dispatch_valid', 'a dispatch date in the future', () =>
    on(warned, { ...validCommand('record_dispatch', warned, AT), dispatchedOn: '2099-01-01' }, actors.cxm, AT),
  );
  passes('letter_dispatch_valid', 'the letter posted on the day it was approved', () =>
    on(warned, { ...validCommand('record_dispatch', warned, AT), dispatchedOn: approvedOn }, actors.cxm, AT),
  );
}

function isoPrev(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T12:00:00Z`) - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------

describe('every gate of GATES has a check and is used', () => {
  test('GATE_CHECKS has exactly one check per gate id', () => {
    expect(Object.keys(GATE_CHECKS).sort()).toEqual([...GATE_IDS].sort());
    for (const gate of GATE_IDS) expect(typeof GATE_CHECKS[gate]).toBe('function');
  });

  test('every gate has a label, and every gate but the appeal ones cites a paragraph in 1–36', () => {
    for (const gate of GATE_IDS) {
      expect(GATES[gate].label).toMatch(/\S/);
      for (const p of GATES[gate].paragraphs) expect(p >= 1 && p <= 36).toBe(true);
    }
  });

  test('every gate guards at least one transition (flag_marker_not_pending also guards escalate with a proposed marker)', () => {
    const used = new Set(TRANSITIONS.flatMap((t) => t.gates));
    expect(GATE_IDS.filter((g) => !used.has(g))).toEqual([]);
  });

  test('every gate has at least one failing and one passing scenario below', () => {
    for (const gate of GATE_IDS) {
      expect([gate, scenarios.some((s) => s.gate === gate && s.outcome === 'fails')]).toEqual([gate, true]);
      expect([gate, scenarios.some((s) => s.gate === gate && s.outcome === 'passes')]).toEqual([gate, true]);
    }
  });
});

describe('each gate fails with CASE.GATE_NOT_MET naming it, and passes when met', () => {
  test.each(scenarios.filter((s) => s.outcome === 'fails'))('$gate fails: $name', ({ gate, result }) => {
    const error = expectError(result());
    expect(error.code).toBe('CASE.GATE_NOT_MET');
    expect(error.details?.gates).toEqual(
      expect.arrayContaining([{ gate, label: GATES[gate].label, message: expect.stringMatching(/\S/) }]),
    );
  });

  test.each(scenarios.filter((s) => s.outcome === 'passes'))('$gate passes: $name', ({ result }) => {
    expectOk(result());
  });
});

describe('how gate failures are reported', () => {
  test("all failing gates are listed together, in the row's order, and the message joins their messages", () => {
    const error = expectError(on(caseIn('chc_review'), { action: 'propose_warning', rationale: 'r' }, actors.chc));
    const gates = error.details?.gates as { gate: GateId; message: string }[];
    expect(gates.map((g) => g.gate)).toEqual([
      'complaint_investigated',
      'adjustments_considered',
      'behaviours_with_examples',
    ]);
    expect(error.message).toBe(gates.map((g) => g.message).join(' '));
  });

  test('gates are checked after authority and rationale: no gate is reported to someone who may not act', () => {
    expect(expectError(on(caseIn('chc_review'), { action: 'propose_warning', rationale: 'r' }, actors.cxm)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
    expect(expectError(on(caseIn('chc_review'), { action: 'propose_warning' }, actors.chc)).code).toBe(
      'CASE.RATIONALE_MISSING',
    );
  });
});

describe('contact_route_open (§30 [guidance]): at least one route always stays open', () => {
  const subsets = (ids: readonly RestrictionTypeId[]): RestrictionTypeId[][] =>
    ids.reduce<RestrictionTypeId[][]>((all, id) => [...all, ...all.map((s) => [...s, id])], [[]]);

  test('with the shipped restriction types no combination can close every route: letters always stay open', () => {
    for (const types of subsets(RESTRICTION_TYPE_IDS)) {
      expect(openChannels(types.map((type) => ({ type })))).toContain('letter');
    }
  });
});

describe('appeal variations are checked like any other restriction set (docs/domain.md "Restrictions")', () => {
  test('an appeal that varies the restrictions to start in the past is refused (gate restriction_dates_valid)', () => {
    const appealed = apply(caseIn('restricted'), validCommand('receive_appeal'), actors.cxm, AT);
    const variedRestrictions = dated('2026-01-01', '2026-03-01', '2026-06-01');
    const error = expectError(
      on(
        appealed,
        { ...validCommand('decide_appeal'), outcome: 'vary', variedRestrictions },
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(error.details?.gates).toEqual(
      expect.arrayContaining([expect.objectContaining({ gate: 'restriction_dates_valid' })]),
    );
  });

  test('an appeal that varies the restrictions into a conflict with an agreed adjustment needs a justification (gate adjustment_conflicts_justified)', () => {
    const appealed = apply(caseIn('restricted'), validCommand('receive_appeal'), actors.cxm, AT);
    const error = expectError(
      on(
        appealed,
        {
          ...validCommand('decide_appeal'),
          outcome: 'vary',
          variedRestrictions: restrictionItems(restrictionDates(AT)),
        },
        actors.edc2,
        plusHours(AT, 1),
        {
          customerAdjustments: [{ id: 'ADJ-1', kind: 'cannot_write', description: 'Cannot read or write letters' }],
        },
      ),
    );
    expect(error.details?.gates).toEqual(
      expect.arrayContaining([expect.objectContaining({ gate: 'adjustment_conflicts_justified' })]),
    );
  });
});
