import fc from 'fast-check';
import { decisionCommandFromForm, decisionForm } from '../../src/app/forms/decision-form.js';
import type { FormValues } from '../../src/app/forms/form-types.js';
import { reportForm, reportInputFromForm } from '../../src/app/forms/report-form.js';
import { operatorKeyIn } from '../../src/app/untrusted-input.js';
import { CASE_ERROR_CODES, commandSchema, decide, incidentReportInputSchema } from '../../src/cases/index.js';
import {
  buttonValueSchema,
  decisionMetadataSchema,
  delegateArgsPattern,
  parseJson,
} from '../../src/channels/slack/slack-payloads.js';
import { formValuesFromState, viewStateValuesSchema } from '../../src/channels/slack/views/form-modal.view.js';
import { caseNumberFrom } from '../../src/channels/teams/commands.js';
import { valuesFromCard } from '../../adaptive-cards/form.card.js';
import { DIRECTORY_HEADER, parseDirectoryCsv, validateRecord } from '../../src/directory/directory-csv.js';
import { ACTION_IDS, CASE_STATES } from '../../src/policy/index.js';
import { ALL_JOBS } from '../../jobs/index.js';
import { actors, AT, caseIn, validCommand } from '../cases/fixtures.js';

// Item 5 of issue 8: every inbound schema, fed arbitrary and near-miss payloads by fast-check,
// gives a valid command or a clear error (a stable code, a message, field errors), never a throw.
// The HTTP endpoints get the same treatment in inbound-http-fuzz.test.ts.

const RUNS = { numRuns: 300 };
const CODES = new Set<string>(CASE_ERROR_CODES);

/** Values that often break parsers: odd strings, numbers, operator objects, deep or huge shapes. */
const nasty = fc.oneof(
  fc.anything({
    withNullPrototype: true,
    withBigInt: false,
    withDate: true,
    withMap: false,
    withSet: false,
    withTypedArray: false,
    withSparseArray: true,
  }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '__proto__',
    'constructor',
    '{"$gt":""}',
    'NaN',
    '1e309',
    '-0',
    '9'.repeat(400),
    '<!channel>',
    '\n\r\t',
  ),
  fc.constantFrom(
    { $gt: '' },
    { $ne: null },
    { $where: 'sleep(1)' },
    [{ $in: [] }],
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    2 ** 53,
    null,
    undefined,
    true,
  ),
);
const anyRecord = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('action', 'caseId', 'version', 'expectedVersion', 'rationale', '__proto__', '$gt'),
  ),
  nasty,
  { maxKeys: 8 },
);

function expectClearError(error: { code: string; message: string }): void {
  expect(CODES.has(error.code)).toBe(true);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
}

describe("decision commands (the workflow's command schema)", () => {
  const states = [null, ...CASE_STATES.map((s) => caseIn(s))];
  // A valid command with some of its fields replaced by arbitrary values: the near misses.
  const nearMiss = fc
    .tuple(
      fc.constantFrom(...ACTION_IDS),
      fc.dictionary(fc.string({ maxLength: 20 }), nasty, { maxKeys: 4 }),
      fc.integer({ min: 0, max: CASE_STATES.length }),
    )
    .map(([action, overrides, i]) => ({
      kase: states[i]!,
      command: { ...validCommand(action, states[i] ?? null), ...overrides } as unknown,
    }));

  test('decide on any command, for any case and any actor: a result or an error with a stable code, never a throw', () => {
    const actorList = Object.values(actors);
    fc.assert(
      fc.property(
        fc.oneof(nearMiss, fc.record({ kase: fc.constantFrom(...states), command: fc.oneof(nasty, anyRecord) })),
        fc.constantFrom(...actorList),
        ({ kase, command }, actor) => {
          const result = decide(kase, command, actor, AT, {
            newCase: { id: 'c1', number: 'LCP-2026-0001', lineManagerId: actors.lineManager.personId },
          });
          if (result.ok) {
            expect(commandSchema.safeParse(command).success).toBe(true);
            expect(result.events.length).toBeGreaterThan(0);
          } else expectClearError(result.error);
        },
      ),
      RUNS,
    );
  });

  test('an invalid command is CASE.INVALID_COMMAND naming the fields, whatever else is wrong', () => {
    fc.assert(
      fc.property(fc.oneof(nasty, anyRecord), (command) => {
        fc.pre(!commandSchema.safeParse(command).success);
        const result = decide(caseIn('cxm_review'), command, actors.edc, AT);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('CASE.INVALID_COMMAND');
          expect(Array.isArray(result.error.details?.fields)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

const formValues = (fields: string[]): fc.Arbitrary<FormValues> =>
  fc.dictionary(
    fields.length > 0
      ? fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 }))
      : fc.string({ maxLength: 10 }),
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
      fc.constant(undefined),
      fc.constantFrom(
        'yes',
        'no',
        '2026-11-30T09:15',
        '2026-02-30T25:61',
        '1700000000',
        '9'.repeat(400),
        'unacceptable_language:insulting',
        'telephone',
      ),
    ),
    { maxKeys: 14 },
  );

describe('Slack view submissions', () => {
  test('any view.state.values: the form values or a clear refusal by the state schema, never a crash further on', () => {
    const element = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'plain_text_input',
            'static_select',
            'multi_static_select',
            'radio_buttons',
            'datepicker',
            'timepicker',
            'datetimepicker',
            'number_input',
          ),
          fc.string(),
        ),
        value: fc.option(nasty),
        selected_option: fc.option(fc.oneof(nasty, fc.record({ value: fc.string() }))),
        selected_options: fc.option(fc.oneof(nasty, fc.array(fc.record({ value: fc.string() })))),
        selected_date_time: fc.option(nasty),
      },
      { requiredKeys: ['type'] },
    );
    const state = fc.oneof(
      nasty,
      fc.dictionary(
        fc.string({ maxLength: 20 }),
        fc.oneof(nasty, fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(element, nasty), { maxKeys: 2 })),
        { maxKeys: 6 },
      ),
    );
    fc.assert(
      fc.property(state, (raw) => {
        if (!viewStateValuesSchema.safeParse(raw).success) {
          expect(() => formValuesFromState(raw)).toThrow(); // a ZodError, which the listener turns into a message
          return;
        }
        const values = formValuesFromState(raw);
        const input = reportInputFromForm(values);
        const parsed = incidentReportInputSchema.safeParse(input);
        if (!parsed.success) expect(parsed.error.issues.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  test('report form values of any shape become a report input the schema accepts or refuses field by field', () => {
    fc.assert(
      fc.property(formValues(reportForm().fields.map((f) => f.id)), (values) => {
        const parsed = incidentReportInputSchema.safeParse(reportInputFromForm(values));
        if (!parsed.success) for (const issue of parsed.error.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  test('decision form values of any shape, for every action: a command or field errors, never a throw', async () => {
    const kase = caseIn('cxm_review');
    const resolve = async (emails: string[]) => ({ ids: [], unknown: emails });
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...ACTION_IDS.filter((a) => a !== 'report' && a !== 'expire' && a !== 'attach_report'))
          .chain((action) =>
            fc.tuple(fc.constant(action), formValues(decisionForm(action, kase).fields.map((f) => f.id))),
          ),
        async ([action, values]) => {
          const built = await decisionCommandFromForm(action, values, kase, [], resolve);
          if (built.ok) {
            const result = decide(kase, built.command, actors.edc, AT);
            if (!result.ok) expectClearError(result.error);
          } else expect(Object.keys(built.errors).length).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  test('private_metadata and button values: a valid {action, caseId, version} or null', () => {
    const json = fc.oneof(
      fc.string(),
      fc.json(),
      anyRecord.map((r) => JSON.stringify(r)),
      fc
        .record({ action: fc.oneof(fc.constantFrom(...ACTION_IDS), fc.string()), caseId: nasty, version: nasty })
        .map((r) => JSON.stringify(r)),
      nasty,
    );
    fc.assert(
      fc.property(json, (raw) => {
        for (const schema of [buttonValueSchema, decisionMetadataSchema]) {
          const value = parseJson(schema, raw);
          if (value !== null) {
            expect(ACTION_IDS).toContain(value.action);
            expect(typeof value.caseId).toBe('string');
            expect(Number.isInteger(value.version)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('slash command text', () => {
  test('any /lcp delegate text: a Slack user id and an ISO date, or no match', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }))
        .map(([a, b]) => `delegate <@U${a}|${b}> until 2026-${b}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        const m = delegateArgsPattern.exec(t);
        if (m) {
          expect(m[1]).toMatch(/^[UW][A-Z0-9]+$/i);
          expect(m[2]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }),
      RUNS,
    );
  });
});

describe('Teams card data and message text', () => {
  test("valuesFromCard reads only the form's own fields, as strings (or lists of strings)", () => {
    const form = reportForm();
    const ids = new Set(form.fields.map((f) => f.id));
    fc.assert(
      fc.property(
        anyRecord,
        fc.dictionary(fc.constantFrom(...ids, 'occurred_at__date', 'occurred_at__time'), nasty, { maxKeys: 8 }),
        (junk, data) => {
          const values = valuesFromCard(form, { ...junk, ...data });
          for (const [key, value] of Object.entries(values)) {
            expect(ids.has(key)).toBe(true);
            expect(
              typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')),
            ).toBe(true);
          }
          incidentReportInputSchema.safeParse(reportInputFromForm(values));
        },
      ),
      RUNS,
    );
  });

  test('case numbers typed in a message: LCP-YYYY-NNNN or null', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.stringMatching(/^(LCP-)?\d{4}-\d{1,6}$/),
          fc.stringMatching(/^\d{1,6}$/),
        ),
        (text) => {
          const n = caseNumberFrom(text, AT);
          if (n !== null) expect(n).toMatch(/^LCP-\d{4}-\d{4}$/);
        },
      ),
      RUNS,
    );
  });
});

describe('directory CSV rows', () => {
  const field = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.emailAddress(),
    fc.constantFrom(
      'colleague',
      'line_manager;admin',
      'UABC123',
      '00000000-0000-0000-0000-00000000a001',
      '',
      '$gt',
      '=cmd|calc',
      '"',
    ),
  );
  test('any record: a valid row or an error with its line number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10_000 }), fc.array(field, { maxLength: 9 }), (line, fields) => {
        const result = validateRecord(line, fields);
        if (result.ok) expect(result.row.line).toBe(line);
        else {
          expect(result.error.line).toBe(line);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  test('any file text: rows and line-numbered errors, never a throw', async () => {
    const csv = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(fc.array(field, { minLength: 1, maxLength: 7 }), { maxLength: 6 })
        .map((rows) =>
          [DIRECTORY_HEADER.join(','), ...rows.map((r) => r.join(','))].join(
            fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0],
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const parsed = await parseDirectoryCsv(text);
        for (const e of parsed.errors) {
          expect(Number.isInteger(e.line)).toBe(true);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('job data', () => {
  test("every job's data schema accepts what it carries (nothing) and refuses anything else without a throw", () => {
    for (const job of ALL_JOBS) expect(job.data.safeParse({}).success).toBe(true);
    fc.assert(
      fc.property(fc.oneof(nasty, anyRecord), fc.constantFrom(...ALL_JOBS), (data, job) => {
        const parsed = job.data.safeParse(data);
        if (parsed.success) expect(parsed.data).toEqual({});
      }),
      RUNS,
    );
  });
});

describe('the inbound operator-key guard', () => {
  test('never throws, and finds a "$" key wherever one is', () => {
    fc.assert(
      fc.property(nasty, fc.array(fc.constantFrom('a', 'b', '0'), { maxLength: 6 }), (value, path) => {
        expect(() => operatorKeyIn(value)).not.toThrow();
        let planted: unknown = { $gt: '' };
        for (const key of path.reverse()) planted = { [key]: planted };
        expect(operatorKeyIn(planted)).not.toBeNull();
      }),
      RUNS,
    );
  });
});
