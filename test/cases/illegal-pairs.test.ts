import { approvedLetter, displayTime, lettersAwaitingDispatch, type Actor, type Case } from '../../src/cases/index.js';
import {
  ACTION_IDS,
  CASE_STATES,
  findTransition,
  TRANSITIONS,
  type CaseState,
  type TransitionRow,
} from '../../src/policy/index.js';
import {
  ACTOR_KEYS,
  actors,
  apply,
  APPROVER_OF,
  AT,
  caseIn,
  deputyOf,
  expectError,
  expectOk,
  fromStates,
  plusHours,
  reportInput,
  restrictionDates,
  restrictionItems,
  run,
  scenario,
  timeline,
  validCommand,
  withoutRationale,
  type ActorKey,
  type CommandInput,
} from './fixtures.js';

// Everything the table does NOT allow: pairs missing from it, people without the authority,
// stale cards, missing rationales and malformed payloads. Every input is deep-frozen by run(),
// and compared with a copy taken before, so a refusal provably leaves the case as it was.

const snapshot = (kase: Case | null) => (kase === null ? null : structuredClone(kase));

describe('every (state, action) pair that is not in the table is CASE.ILLEGAL_TRANSITION', () => {
  const pairs = CASE_STATES.flatMap((state) =>
    ACTION_IDS.filter((action) => !findTransition(action, state)).map((action) => ({ state, action })),
  );

  test.each(pairs)('$action from $state', ({ state, action }) => {
    const kase = caseIn(state);
    const before = snapshot(kase);
    // The EDC holds the most authority, so the refusal cannot be a tier problem in disguise.
    const error = expectError(run(kase, validCommand(action, kase), actors.edc, AT));
    expect(error.code).toBe('CASE.ILLEGAL_TRANSITION');
    expect(kase).toEqual(before);
  });

  test("the list is what it should be: every state is covered, and closed allows nothing but recording a letter's dispatch", () => {
    expect(new Set(pairs.map((p) => p.state))).toEqual(new Set(CASE_STATES));
    expect(pairs.filter((p) => p.state === 'closed').map((p) => p.action)).toEqual(
      ACTION_IDS.filter((a) => a !== 'record_dispatch'),
    );
    const legal = CASE_STATES.length * ACTION_IDS.length - pairs.length;
    expect(legal).toBe(TRANSITIONS.reduce((n, row) => n + (row.from === 'none' ? 0 : row.from.length), 0));
  });

  test.each(ACTION_IDS.filter((a) => a !== 'report'))('%s without a case is CASE.NOT_FOUND', (action) => {
    expect(expectError(run(null, validCommand(action), actors.edc, AT)).code).toBe('CASE.NOT_FOUND');
  });
});

// ---------------------------------------------------------------------------------------------
// Authority
// ---------------------------------------------------------------------------------------------

const holders = (roles: readonly string[]): ActorKey[] =>
  ACTOR_KEYS.filter((k) => actors[k].roles.some((r) => roles.includes(r)));

/** Who the table lets take `row` on `kase` (for appeals: the independent seniors only). */
function allowedActors(row: TransitionRow, from: CaseState, kase: Case): ActorKey[] {
  switch (row.by.kind) {
    case 'any_colleague':
      return ACTOR_KEYS.filter((k) => k !== 'system');
    case 'reporter':
      return ACTOR_KEYS.filter((k) => kase.reporterIds.includes(actors[k].personId));
    case 'state_approver':
      // Tier 1 is one person, the reporter's line manager; the other tiers are whoever holds the role.
      return from === 'line_manager_review'
        ? ['lineManager']
        : holders(APPROVER_OF[from]!.roles.filter((r) => r !== 'colleague'));
    case 'roles':
      return holders(row.by.roles);
    case 'line_manager_or_roles':
      // The reporter's own line manager, not any holder of the line_manager role.
      return ['lineManager', ...holders(row.by.roles)];
    case 'system':
      return ['system'];
    case 'senior_without_prior_decision':
      return holders(row.by.roles).filter((k) => !kase.deciderIds.includes(actors[k].personId));
    case 'letter_approver_or_roles': {
      // The approver of the letter the command names (the latest waiting), or a holder of the roles.
      const byRole = holders(row.by.roles);
      const letter = kase.letters[lettersAwaitingDispatch(kase).at(-1) ?? -1];
      const approvers = ACTOR_KEYS.filter((k) => letter && approvedLetter(letter, actors[k].personId));
      return [...new Set([...byRole, ...approvers])];
    }
  }
}

const ROW_FROM = TRANSITIONS.flatMap((row) =>
  fromStates(row).flatMap((from) => (from === 'none' ? [] : [{ row, from }])),
);

const REFUSALS = ROW_FROM.flatMap(({ row, from }) => {
  const kase = scenario(row, from).kase!;
  const allowed = allowedActors(row, from, kase);
  const conflicted =
    row.by.kind === 'senior_without_prior_decision' ? holders(row.by.roles).filter((k) => !allowed.includes(k)) : [];
  return ACTOR_KEYS.filter((k) => !allowed.includes(k) && !conflicted.includes(k)).map((who) => ({
    row,
    from,
    who,
    name: `${row.action} from ${from} by ${who}`,
  }));
});

describe('for every row, everyone the table does not name gets CASE.NOT_YOUR_TIER and the case is unchanged', () => {
  test.each(REFUSALS)('$name', ({ row, from, who }) => {
    const s = scenario(row, from);
    const before = snapshot(s.kase);
    const error = expectError(run(s.kase, s.command, actors[who], s.now, s.context));
    expect(error.code).toBe('CASE.NOT_YOUR_TIER');
    expect(s.kase).toEqual(before);
  });

  test('the refusals are not vacuous: any-colleague rows refuse only the scheduler, every other row refuses someone', () => {
    for (const row of TRANSITIONS.filter((r) => r.from !== 'none')) {
      const refused = new Set(REFUSALS.filter((r) => r.row === row).map((r) => r.who));
      if (row.by.kind === 'any_colleague') expect([...refused]).toEqual(['system']);
      else expect(refused.size).toBeGreaterThan(0);
    }
  });

  test('the scheduler cannot report an incident', () => {
    expect(
      expectError(
        run(null, validCommand('report'), actors.system, AT, {
          newCase: { id: 'c', number: 'LCP-2026-0002', lineManagerId: null },
        }),
      ).code,
    ).toBe('CASE.NOT_YOUR_TIER');
  });

  const deputyRefusals = REFUSALS.filter(
    ({ row, who }) =>
      (row.by.kind === 'roles' || row.by.kind === 'state_approver') && who !== 'system' && actors[who].roles.length > 1,
  );
  test.each(deputyRefusals)('$name: a deputy acting for them is refused too', ({ row, from, who }) => {
    const s = scenario(row, from);
    expect(expectError(run(s.kase, s.command, deputyOf(actors[who]), s.now, s.context)).code).toBe(
      'CASE.NOT_YOUR_TIER',
    );
  });

  const SENIOR_ROWS = ROW_FROM.filter(({ row }) => row.by.kind === 'senior_without_prior_decision');
  test.each(SENIOR_ROWS.flatMap(({ row, from }) => (['chc', 'edc'] as const).map((who) => ({ row, from, who }))))(
    '$row.action from $from by $who, who decided earlier: CASE.CONFLICT_OF_INTEREST',
    ({ row, from, who }) => {
      const s = scenario(row, from);
      const before = snapshot(s.kase);
      expect(expectError(run(s.kase, s.command, actors[who], s.now, s.context)).code).toBe('CASE.CONFLICT_OF_INTEREST');
      expect(s.kase).toEqual(before);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Stale cards
// ---------------------------------------------------------------------------------------------

describe('a stale card (expectedVersion mismatch) is CASE.ALREADY_DECIDED: "Already decided by X at T"', () => {
  const t = timeline();

  test.each(ROW_FROM.map(({ row, from }) => ({ row, from, name: `${row.action} from ${from}` })))(
    '$name: a card one version old is refused; a current one is accepted',
    ({ row, from }) => {
      const s = scenario(row, from);
      const kase = s.kase!;
      const stale = { ...s.command, expectedVersion: kase.version - 1 } as CommandInput;
      const error = expectError(run(kase, stale, s.actor, s.now, s.context));
      expect(error.code).toBe('CASE.ALREADY_DECIDED');
      if (s.actor === actors.otherColleague && !kase.reporterIds.includes(s.actor.personId)) {
        // A colleague with no part in the case (e.g. attaching a report) is not told who decided.
        expect(error).toEqual({
          code: 'CASE.ALREADY_DECIDED',
          message: 'This case has changed since this was shown to you.',
        });
      } else {
        expect(error.details).toMatchObject({
          currentVersion: kase.version,
          state: from,
          lastDecision: kase.lastDecision,
        });
        if (kase.lastDecision)
          expect(error.message).toBe(
            `Already decided by ${kase.lastDecision.by.name} at ${displayTime(kase.lastDecision.at)}.`,
          );
      }
      expectOk(run(kase, { ...s.command, expectedVersion: kase.version } as CommandInput, s.actor, s.now, s.context));
    },
  );

  test("the line manager's escalate card, clicked again after escalating, names the line manager and the time", () => {
    const kase = caseIn('cxm_review');
    const error = expectError(
      run(
        kase,
        { ...validCommand('escalate', caseIn('line_manager_review')), expectedVersion: 1 } as CommandInput,
        actors.lineManager,
        AT,
      ),
    );
    expect(error).toMatchObject({
      code: 'CASE.ALREADY_DECIDED',
      message: `Already decided by Lena Linemanager at ${displayTime(t.escalateLm.toISOString())}.`,
    });
  });

  test("two EDCs see the same warning: the first approves, the second's send-back is refused naming the first", () => {
    const kase = caseIn('edc_warning_approval');
    const card = kase.version;
    const approved = apply(
      kase,
      { ...validCommand('approve_warning'), expectedVersion: card } as CommandInput,
      actors.edc,
      AT,
    );
    const error = expectError(
      run(
        approved,
        { ...validCommand('send_back'), expectedVersion: card } as CommandInput,
        actors.edc2,
        plusHours(AT, 1),
      ),
    );
    expect(error.message).toBe(`Already decided by Eve Edc at ${displayTime(AT.toISOString())}.`);
  });

  test('a deputy\'s decision is named as "X on behalf of Y", at London time as people read it', () => {
    const kase = caseIn('line_manager_review');
    const escalated = apply(kase, validCommand('escalate', kase), deputyOf(actors.lineManager), AT);
    const error = expectError(
      run(
        escalated,
        { ...validCommand('resolve_informally'), expectedVersion: kase.version } as CommandInput,
        actors.lineManager,
        AT,
      ),
    );
    expect(error.message).toBe('Already decided by Dee Deputy on behalf of Lena Linemanager at 2 Mar 2026, 10:00.');
  });

  test('a change that was not a decision (an attached report) still makes the card stale', () => {
    const kase = caseIn('line_manager_review');
    const attached = apply(kase, validCommand('attach_report', kase), actors.otherColleague, AT);
    const error = expectError(
      run(
        attached,
        { ...validCommand('escalate', kase), expectedVersion: kase.version } as CommandInput,
        actors.lineManager,
        AT,
      ),
    );
    expect(error).toMatchObject({
      code: 'CASE.ALREADY_DECIDED',
      message: 'This case has changed since this was shown to you.',
    });
  });

  test('a stale card for an action the case no longer allows is still reported as already decided', () => {
    const kase = caseIn('closed');
    const error = expectError(
      run(
        kase,
        { ...validCommand('escalate', caseIn('line_manager_review')), expectedVersion: 1 } as CommandInput,
        actors.lineManager,
        AT,
      ),
    );
    expect(error.code).toBe('CASE.ALREADY_DECIDED');
    expect(error.message).toBe(`Already decided by Lena Linemanager at ${displayTime(t.resolve.toISOString())}.`);
  });
});

// ---------------------------------------------------------------------------------------------
// Rationale
// ---------------------------------------------------------------------------------------------

describe('every decision needs a written rationale: without one it is CASE.RATIONALE_MISSING', () => {
  const required = ROW_FROM.filter(({ row }) => row.rationale === 'required').map(({ row, from }) => ({
    row,
    from,
    name: `${row.action} from ${from}`,
  }));

  test.each(required)('$name', ({ row, from }) => {
    const s = scenario(row, from);
    const before = snapshot(s.kase);
    expect(expectError(run(s.kase, withoutRationale(s.command), s.actor, s.now, s.context)).code).toBe(
      'CASE.RATIONALE_MISSING',
    );
    expect(
      expectError(run(s.kase, { ...s.command, rationale: '   \n ' } as CommandInput, s.actor, s.now, s.context)).code,
    ).toBe('CASE.RATIONALE_MISSING');
    expect(s.kase).toEqual(before);
  });

  test('rows that carry their own content need none (report, answers, receipts, expiry)', () => {
    const notNeeded = TRANSITIONS.filter((r) => r.rationale === 'not_needed').map((r) => r.action);
    expect(new Set(notNeeded)).toEqual(
      new Set([
        'report',
        'attach_report',
        'provide_information',
        'expire',
        'receive_new_complaint',
        'receive_appeal',
        'answer_police_question',
        // Issue 12 §5: a record of what was done with an approved letter, not a decision.
        'record_dispatch',
      ]),
    );
  });

  test('the rationale is checked after authority: someone without the tier is told so, not asked for reasons', () => {
    expect(
      expectError(run(caseIn('chc_review'), withoutRationale(validCommand('propose_warning')), actors.cxm, AT)).code,
    ).toBe('CASE.NOT_YOUR_TIER');
  });
});

// ---------------------------------------------------------------------------------------------
// Invalid payloads
// ---------------------------------------------------------------------------------------------

const telephone = (from: string, until: string) => ({
  type: 'telephone_schedule',
  details: { days: ['tuesday'], from, until, maxMinutes: 15 },
  ...restrictionDates(AT),
});

const INVALID: { name: string; command: unknown; path: string }[] = [
  { name: 'no action', command: { rationale: 'x' }, path: 'action' },
  { name: 'an unknown action', command: { action: 'teleport' }, path: 'action' },
  {
    name: 'a report without the customer account reference',
    command: { action: 'report', report: { ...reportInput(), customerAccountRef: '' } },
    path: 'report.customerAccountRef',
  },
  {
    name: 'a report with an account reference holding odd characters',
    command: { action: 'report', report: reportInput({ customerAccountRef: 'ACC<script>' }) },
    path: 'report.customerAccountRef',
  },
  {
    name: 'a report with a behaviour not in the §13 table',
    command: {
      action: 'report',
      report: reportInput({ behaviours: [{ criterionId: 'harassment', behaviourId: 'insulting' }] }),
    },
    path: 'report.behaviours.0',
  },
  {
    name: 'a report with no behaviour',
    command: { action: 'report', report: reportInput({ behaviours: [] }) },
    path: 'report.behaviours',
  },
  {
    name: 'a report with an unknown channel',
    command: { action: 'report', report: { ...reportInput(), channel: 'fax' } },
    path: 'report.channel',
  },
  {
    name: 'a report whose time is not an ISO date-time',
    command: { action: 'report', report: reportInput({ occurredAt: 'yesterday afternoon' }) },
    path: 'report.occurredAt',
  },
  {
    name: 'a report without threatenedOrHurt',
    command: { action: 'attach_report', report: { ...reportInput(), threatenedOrHurt: undefined } },
    path: 'report.threatenedOrHurt',
  },
  {
    name: 'an empty question',
    command: { action: 'request_information', rationale: 'r', question: '   ' },
    path: 'question',
  },
  {
    name: 'no restrictions proposed',
    command: { action: 'propose_restrictions', rationale: 'r', restrictions: [], proportionality: 'p' },
    path: 'restrictions',
  },
  {
    name: 'a telephone window that ends before it starts',
    command: {
      action: 'propose_restrictions',
      rationale: 'r',
      restrictions: [telephone('15:00', '10:00')],
      proportionality: 'p',
    },
    path: 'restrictions.0.details.until',
  },
  {
    name: 'a telephone time that is not HH:MM',
    command: {
      action: 'propose_restrictions',
      rationale: 'r',
      restrictions: [telephone('9am', '10:00')],
      proportionality: 'p',
    },
    path: 'restrictions.0.details.from',
  },
  {
    name: 'named colleagues with nobody named',
    command: {
      action: 'review_vary',
      rationale: 'r',
      restrictions: [
        {
          type: 'named_colleagues_only',
          details: { colleagueIds: [], coverColleagueIds: ['p-x'] },
          ...restrictionDates(AT),
        },
      ],
      proportionality: 'p',
    },
    path: 'restrictions.0.details.colleagueIds',
  },
  {
    name: 'a restriction date that does not exist',
    command: {
      action: 'propose_restrictions',
      rationale: 'r',
      restrictions: [{ ...restrictionItems(restrictionDates(AT))[0]!, startDate: '2026-13-01' }],
      proportionality: 'p',
    },
    path: 'restrictions.0.startDate',
  },
  {
    name: 'an unknown restriction type',
    command: {
      action: 'propose_restrictions',
      rationale: 'r',
      restrictions: [{ type: 'banned', details: {}, ...restrictionDates(AT) }],
      proportionality: 'p',
    },
    path: 'restrictions.0.type',
  },
  {
    name: 'an appeal outcome that does not exist',
    command: { action: 'decide_appeal', rationale: 'r', outcome: 'maybe' },
    path: 'outcome',
  },
  {
    name: 'a negative expectedVersion',
    command: { action: 'approve_warning', rationale: 'r', expectedVersion: -1 },
    path: 'expectedVersion',
  },
  {
    name: 'a rationale over 4000 characters',
    command: { action: 'approve_warning', rationale: 'x'.repeat(4001) },
    path: 'rationale',
  },
  {
    name: 'police or legal action of an unknown kind',
    command: { action: 'record_police_or_legal_action', rationale: 'r', kind: 'army' },
    path: 'kind',
  },
  {
    name: 'a ratification without a step id',
    command: { action: 'ratify_protective_step', rationale: 'r', stepId: '', ratified: true },
    path: 'stepId',
  },
];

describe('an invalid payload is CASE.INVALID_COMMAND naming the field', () => {
  test.each(INVALID)('$name → $path', ({ command, path }) => {
    const kase = caseIn('chc_review');
    const before = snapshot(kase);
    const error = expectError(run(kase, command as CommandInput, actors.edc, AT));
    expect(error.code).toBe('CASE.INVALID_COMMAND');
    expect(error.details?.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]),
    );
    expect(kase).toEqual(before);
  });

  test.each([null, undefined, 'escalate', 42, []])(
    'a command that is not an object (%p) is CASE.INVALID_COMMAND',
    (command) => {
      expect(expectError(run(caseIn('chc_review'), command as unknown as CommandInput, actors.edc, AT)).code).toBe(
        'CASE.INVALID_COMMAND',
      );
    },
  );

  test('an invalid payload is refused before anything else, even without a case', () => {
    expect(
      expectError(run(null, { action: 'escalate', expectedVersion: 'one' } as unknown as CommandInput, actors.edc, AT))
        .code,
    ).toBe('CASE.INVALID_COMMAND');
  });
});

describe('purity: decide returns a new case and never touches its inputs', () => {
  test('the same inputs give the same result, and the input case keeps its version', () => {
    const kase = caseIn('chc_review');
    const first = expectOk(run(kase, validCommand('propose_warning'), actors.chc, AT));
    const second = expectOk(run(kase, validCommand('propose_warning'), actors.chc, AT));
    expect(second).toEqual(first);
    expect(first.next).not.toBe(kase);
    expect(kase.state).toBe('chc_review');
  });

  test('the actor is not changed by acting', () => {
    const actor: Actor = deputyOf(actors.edc);
    const before = structuredClone(actor);
    expectOk(run(caseIn('edc_warning_approval'), validCommand('approve_warning'), actor, AT));
    expect(actor).toEqual(before);
  });
});
