import {
  DECISION_FORMS,
  decisionCommandFromForm,
  decisionFieldErrors,
  decisionForm,
} from '../../../src/app/forms/decision-form.js';
import { caseError } from '../../../src/cases/index.js';
import { ACTION_IDS, TRANSITIONS } from '../../../src/policy/index.js';
import { caseIn, fromStates, scenario } from '../../cases/fixtures.js';

// One entry per action: its fields, how they become the command, and where a refusal is shown.
const noEmails = async () => ({ ids: [], unknown: [] });

describe('the decision form table', () => {
  test('has an entry for every action', () => {
    expect(Object.keys(DECISION_FORMS).sort()).toEqual([...ACTION_IDS].sort());
  });

  // A gate or command path mapped to a field the form never shows would silently land on the first field.
  test.each(ACTION_IDS.filter((a) => a !== 'report'))(
    '%s: every mapped field is on its form in some state it is taken from',
    (action) => {
      const rows = TRANSITIONS.filter((r) => r.action === action);
      const shown = new Set(
        rows.flatMap((row) =>
          fromStates(row)
            .filter((s) => s !== 'none')
            .flatMap((from) => decisionForm(action, scenario(row, from).kase!).fields.map((f) => f.id)),
        ),
      );
      const entry = DECISION_FORMS[action];
      for (const field of [...Object.values(entry.gateFields), ...Object.values(entry.pathFields)])
        expect({ action, field, shown: shown.has(field) }).toEqual({ action, field, shown: true });
    },
  );
});

describe('refusals land beside the field they are about', () => {
  test('a gate that is not met goes to the field its entry names', () => {
    const kase = caseIn('restricted', { breach: true });
    const form = decisionForm('propose_refusal', kase);
    const error = caseError('CASE.GATE_NOT_MET', 'Confirm the breach.', {
      gates: [{ gate: 'restrictions_breached', label: 'Breach', message: 'Confirm the breach.' }],
    });
    expect(decisionFieldErrors(error, form, 'propose_refusal')).toEqual({ breach_confirmed: 'Confirm the breach.' });
  });

  test("an invalid part of the command goes to the field it was built from (the warning's complaint status)", () => {
    const kase = caseIn('chc_review');
    const form = decisionForm('propose_warning', kase);
    const error = caseError('CASE.INVALID_COMMAND', 'Some of the details are missing or not valid.', {
      fields: [{ path: 'complaint.status', message: 'Choose one.' }],
    });
    expect(decisionFieldErrors(error, form, 'propose_warning')).toEqual({ complaint_status: 'Choose one.' });
  });

  test('an error that is not about a field is left to the channel', () => {
    const kase = caseIn('chc_review');
    expect(
      decisionFieldErrors(
        caseError('CASE.ALREADY_DECIDED', 'Already decided.'),
        decisionForm('propose_warning', kase),
        'propose_warning',
      ),
    ).toBeNull();
  });
});

describe('values become the command', () => {
  test('an action with only reasons gives the action, the version and the rationale', async () => {
    const kase = caseIn('edc_warning_approval');
    expect(
      await decisionCommandFromForm('approve_warning', { rationale: ' Proportionate. ' }, kase, [], noEmails),
    ).toEqual({
      ok: true,
      command: { action: 'approve_warning', expectedVersion: kase.version, rationale: 'Proportionate.' },
    });
  });

  test('a warning with fewer examples than behaviours is sent back to the examples field', async () => {
    const kase = caseIn('chc_review');
    const built = await decisionCommandFromForm(
      'propose_warning',
      { behaviours: ['a:b', 'c:d'], examples: 'one' },
      kase,
      [],
      noEmails,
    );
    expect(built).toEqual({ ok: false, errors: { examples: expect.stringContaining('Give 2 example(s)') } });
  });
});

describe('issue 11 §3: an appeal varied on its form carries the restrictions that now apply', () => {
  const appealed = (state: 'restricted' | 'warning_issued') => ({
    ...caseIn(state),
    appeals: [
      {
        id: 'A1',
        grounds: 'Too strict.',
        receivedBy: { personId: 'p-cxm', name: 'Cara Cxm', onBehalfOf: null },
        receivedAt: '2026-03-02T10:00:00.000Z',
        decision: null,
      },
    ],
  });
  const VARY_VALUES = {
    outcome: 'vary',
    restriction_types: ['witness_required'],
    start_date: '2099-03-10',
    review_date: '2099-05-10',
    end_date: '2099-09-10',
    witness_role: 'A housing officer',
    proportionality: 'A witness is enough.',
    adjustments_considered: 'None recorded.',
    rationale: 'Partly upheld.',
  };

  test('"vary" is offered only while restrictions are in force, and then with the restriction fields', () => {
    const onWarning = decisionForm('decide_appeal', appealed('warning_issued'));
    expect(onWarning.fields.find((f) => f.id === 'outcome')!.options!.map((o) => o.value)).toEqual(['quash', 'uphold']);
    expect(onWarning.fields.map((f) => f.id)).not.toContain('restriction_types');
    const onRestricted = decisionForm('decide_appeal', appealed('restricted'));
    expect(onRestricted.fields.find((f) => f.id === 'outcome')!.options!.map((o) => o.value)).toContain('vary');
    expect(onRestricted.fields.map((f) => f.id)).toEqual(
      expect.arrayContaining(['restriction_types', 'start_date', 'proportionality', 'adjustments_considered']),
    );
  });

  test('"vary" with no restrictions names each missing field; "uphold" with restrictions is sent back', async () => {
    const kase = appealed('restricted');
    const missing = await decisionCommandFromForm(
      'decide_appeal',
      { outcome: 'vary', rationale: 'Partly upheld.' },
      kase,
      [],
      noEmails,
    );
    expect(missing).toMatchObject({
      ok: false,
      errors: { restriction_types: 'Needed for a "vary" outcome.', proportionality: 'Needed for a "vary" outcome.' },
    });
    const upheld = await decisionCommandFromForm(
      'decide_appeal',
      { outcome: 'uphold', restriction_types: ['witness_required'], rationale: 'No.' },
      kase,
      [],
      noEmails,
    );
    expect(upheld).toMatchObject({ ok: false, errors: { restriction_types: expect.stringContaining('Vary') } });
  });

  test('"vary" with restrictions builds the varied set with its reasons', async () => {
    const built = await decisionCommandFromForm('decide_appeal', VARY_VALUES, appealed('restricted'), [], noEmails);
    expect(built).toMatchObject({
      ok: true,
      command: {
        action: 'decide_appeal',
        outcome: 'vary',
        variedRestrictions: [
          { type: 'witness_required', startDate: '2099-03-10', reviewDate: '2099-05-10', endDate: '2099-09-10' },
        ],
        proportionality: 'A witness is enough.',
        adjustmentsConsidered: 'None recorded.',
      },
    });
  });
});
