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
