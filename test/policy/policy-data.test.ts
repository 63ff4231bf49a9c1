import {
  CASE_STATES,
  CRITERIA,
  GATE_IDS,
  LETTERS,
  POLICY_DATA,
  PolicyDataError,
  RESTRICTION_TYPES,
  REVIEW_CADENCE,
  STATE_APPROVER,
  TRANSITIONS,
  validatePolicy,
} from '../../src/policy/index.js';

// The policy as data (docs/domain.md: "data in `src/policy`, checked as a whole at start-up"): the shipped
// tables pass, and a copy with a typo in any table is stopped with a message that names it.

type Mutable = Record<string, unknown> & {
  criteria: { id: string }[];
  transitions: Record<string, unknown>[];
  deadlinesWorkingDays: Record<string, number>;
  letters: { kind: string; contents: string[] }[];
  restrictionTypes: unknown[];
};

const copy = (): Mutable => structuredClone(POLICY_DATA) as unknown as Mutable;

function rejection(data: unknown): string[] {
  try {
    validatePolicy(data);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyDataError);
    return (error as PolicyDataError).issues;
  }
  throw new Error('validatePolicy accepted invalid data');
}

describe('validatePolicy', () => {
  test('accepts the shipped policy data (and is what runs by default)', () => {
    expect(() => validatePolicy()).not.toThrow();
    expect(validatePolicy(POLICY_DATA).transitions).toHaveLength(TRANSITIONS.length);
  });

  test('rejects a transition to an unknown state', () => {
    const data = copy();
    data.transitions[0]!.to = 'limbo';
    expect(rejection(data).join('\n')).toMatch(/^transitions\.0\.to:/m);
  });

  test('rejects a transition from an unknown state', () => {
    const data = copy();
    data.transitions[2]!.from = ['line_manager_reveiw'];
    expect(rejection(data).join('\n')).toMatch(/^transitions\.2\.from/m);
  });

  test('rejects a duplicate (state, action) pair: the workflow could not tell which row applies', () => {
    const data = copy();
    data.transitions.push({ ...data.transitions.find((t) => t.action === 'approve_warning')!, to: 'closed' });
    expect(rejection(data)).toContain(
      '(policy): duplicate transition (state:action) id "edc_warning_approval:approve_warning"',
    );
  });

  test('rejects a waiting state without a deadline', () => {
    const data = copy();
    delete data.deadlinesWorkingDays.cxm_review;
    expect(rejection(data)).toContain('(policy): waiting state "cxm_review" has no deadline');
  });

  test('every waiting state of STATE_APPROVER has a deadline in the shipped data', () => {
    for (const state of Object.keys(STATE_APPROVER))
      expect(POLICY_DATA.deadlinesWorkingDays[state as keyof typeof POLICY_DATA.deadlinesWorkingDays]).toBeGreaterThan(
        0,
      );
  });

  test('rejects the criteria table with a criterion missing (§13 has seven)', () => {
    const data = copy();
    data.criteria.pop();
    expect(rejection(data).join('\n')).toMatch(/criteria: the §13 table has seven criteria/);
  });

  test('rejects a duplicate criterion id', () => {
    const data = copy();
    data.criteria[1]!.id = data.criteria[0]!.id;
    expect(rejection(data)).toContain('(policy): duplicate criterion id "abusive_behaviour"');
  });

  test('rejects a restriction type missing (§30 lists six)', () => {
    const data = copy();
    data.restrictionTypes.pop();
    expect(rejection(data).join('\n')).toMatch(/restrictionTypes: §30 lists six restriction types/);
  });

  test('rejects a transition gate that does not exist', () => {
    const data = copy();
    data.transitions[2]!.gates = ['colleague_support_recroded'];
    expect(rejection(data).join('\n')).toMatch(/^transitions\.2\.gates\.0:/m);
  });

  test('rejects a paragraph outside 1–36', () => {
    const data = copy();
    data.transitions[0]!.paragraphs = [37];
    expect(rejection(data).join('\n')).toMatch(/^transitions\.0\.paragraphs\.0:/m);
  });

  test('rejects a state that no transition reaches', () => {
    const data = copy();
    data.transitions = data.transitions.filter((t) => t.to !== 'contact_refused');
    expect(rejection(data)).toContain('(policy): state "contact_refused" cannot be reached by any transition');
  });
});

describe('the shipped tables', () => {
  test('seven criteria (§13), each with behaviours', () => {
    expect(CRITERIA.map((c) => c.label)).toEqual([
      'Unacceptable and abusive behaviour',
      'Unacceptable language',
      'Unreasonable demands',
      'Unreasonable levels of contact',
      'Unreasonable refusal to cooperate',
      'Unreasonable use of the complaint policy',
      'Harassment',
    ]);
    for (const c of CRITERIA) expect(c.behaviours.length).toBeGreaterThan(0);
  });

  test('six restriction types (§30)', () => {
    expect(RESTRICTION_TYPES.map((t) => t.id)).toEqual([
      'letter_only',
      'no_office_access',
      'named_colleagues_only',
      'telephone_schedule',
      'witness_required',
      'no_reply_on_topics',
    ]);
  });

  test('the restriction letter contains every §28 item, is signed by the EDC (§27), and states review date, open routes, appeal and new-complaint route', () => {
    const letter = LETTERS.find((l) => l.kind === 'restriction')!;
    expect(letter.signedBy).toBe('executive_director_of_customers');
    expect(letter.contents).toEqual(
      expect.arrayContaining([
        'reason',
        'restrictions',
        'duration',
        'review_process_and_policy_copy',
        'ombudsman_right',
        'imposed_under_policy',
        'review_date',
        'open_routes',
        'how_to_appeal',
        'new_complaint_route',
      ]),
    );
  });

  test('the warning letter asks the customer to modify their behaviour and lists the behaviours (§26)', () => {
    expect(LETTERS.find((l) => l.kind === 'warning')!.contents).toEqual(
      expect.arrayContaining(['behaviours_with_examples', 'request_to_modify']),
    );
  });

  test('every transition cites paragraphs within 1–36, names known gates, and starts from known states', () => {
    for (const row of TRANSITIONS) {
      for (const p of row.paragraphs) expect([row.action, p >= 1 && p <= 36]).toEqual([row.action, true]);
      for (const g of row.gates) expect(GATE_IDS).toContain(g);
      if (row.from !== 'none') for (const s of row.from) expect(CASE_STATES).toContain(s);
    }
  });

  test('every decision but the urgent-path ones needs a rationale; the EDC approves any use of the policy (§4)', () => {
    for (const row of TRANSITIONS.filter((t) => t.decision))
      expect([row.action, row.rationale]).toEqual([row.action, 'required']);
    for (const action of ['approve_warning', 'approve_restrictions', 'refuse_all_contact'] as const) {
      expect(TRANSITIONS.find((t) => t.action === action)!.paragraphs).toEqual(
        expect.arrayContaining(action === 'refuse_all_contact' ? [31] : [4]),
      );
    }
  });

  test('reviews are quarterly from the restriction letter date (§29)', () => {
    expect(REVIEW_CADENCE).toMatchObject({ everyMonths: 3, from: 'restriction_letter_date' });
    expect(REVIEW_CADENCE.appliesTo).toEqual(['restricted', 'contact_refused']);
  });
});
