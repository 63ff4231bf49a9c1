import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseView } from '../../../src/app/views/case-view.js';
import { decisionForm } from '../../../src/app/forms/decision-form.js';
import { reportForm } from '../../../src/app/forms/report-form.js';
import { decide, type Case } from '../../../src/cases/index.js';
import { TRANSITIONS, type CaseState } from '../../../src/policy/index.js';
import { plain, VERBS, type AdaptiveCard } from '../../../adaptive-cards/card-types.js';
import { caseCard, caseListCard, noLongerAvailableCard, noticeCard } from '../../../adaptive-cards/case.card.js';
import { formCard, valuesFromCard } from '../../../adaptive-cards/form.card.js';
import { reportFormCard } from '../../../src/channels/teams/card-actions.js';
import { actors, APPROVER_OF, caseIn, fromStates, scenario } from '../../cases/fixtures.js';
import { cardErrors } from './card-schema.js';
import { cardTemplate, expandCard } from '../../../adaptive-cards/render-template.js';

// Every card the Teams adapter produces, validated against the official Adaptive Cards 1.5 schema,
// with golden files (adaptive-cards/golden/) for the main ones. UPDATE_GOLDEN=1 rewrites them.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GOLDEN = join(root, 'adaptive-cards/golden');

function golden(name: string, card: AdaptiveCard): void {
  const file = join(GOLDEN, `${name}.json`);
  const json = `${JSON.stringify(card, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, json);
  }
  expect(json).toEqual(readFileSync(file, 'utf8'));
}

/** Schema errors of a card, plus any template expression left unexpanded (the data lacked a field). */
function problems(card: AdaptiveCard): string[] {
  const unbound = JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];
  return [...cardErrors(card), ...unbound.map((e) => `unbound ${e}`)];
}

const ADJUSTMENTS = [{ id: 'adj-1', kind: 'communication', description: 'Prefers e-mail: cannot use the telephone' }];

/** Every action element anywhere in a card (actions, selectActions, ActionSets). */
function actionsIn(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(actionsIn);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && o.type.startsWith('Action.') ? [o] : [];
  return [...self, ...Object.values(o).flatMap(actionsIn)];
}

function keysIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(keysIn);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [k, ...keysIn(v)]);
}

describe('report form card', () => {
  test('is a valid 1.5 card with an input for every report form field', () => {
    const card = reportFormCard();
    expect(problems(card)).toEqual([]);
    const ids = keysIn(card.body).length > 0 ? JSON.stringify(card) : '';
    for (const field of reportForm().fields)
      expect(ids).toContain(field.kind === 'datetime' ? `"${field.id}__date"` : `"id":"${field.id}"`);
    golden('report-form', card);
  });

  test('with errors keeps what was typed and shows each error next to its field', () => {
    const values = {
      customer_name: 'Alex Example',
      description: 'Shouted at me',
      behaviours: ['unacceptable_language:insulting'],
      occurred_at: '2026-11-30T09:15',
    };
    const card = reportFormCard(
      values,
      { customer_account_ref: 'Give the account reference.' },
      { kind: 'problem', text: 'Some of the details are missing or not valid.' },
    );
    expect(problems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('"value":"Alex Example"');
    expect(json).toContain('"value":"Shouted at me"');
    expect(json).toContain('"value":"2026-11-30"');
    expect(json).toContain('"value":"09:15"');
    expect(json).toContain('Give the account reference.');
    golden('report-form-with-errors', card);
  });

  test('submitted data round-trips to the same form values', () => {
    const form = reportForm();
    const data = {
      customer_account_ref: 'ACC-1',
      occurred_at__date: '2026-11-30',
      occurred_at__time: '09:15',
      behaviours: 'a:b,c:d',
      threatened_or_hurt: 'no',
      extra: 'ignored',
    };
    expect(valuesFromCard(form, data)).toEqual({
      customer_account_ref: 'ACC-1',
      occurred_at: '2026-11-30T09:15',
      behaviours: ['a:b', 'c:d'],
      threatened_or_hurt: 'no',
    });
  });
});

describe('case cards and decision forms for every transition', () => {
  const rows = TRANSITIONS.filter((r) => r.from !== 'none' && r.by.kind !== 'system');
  const cases = rows.flatMap((row) =>
    fromStates(row)
      .filter((f): f is CaseState => f !== 'none')
      .map((from) => [row.action, from, row] as const),
  );

  test.each(cases)('%s from %s: case card before, decision form, case card after are valid', (action, from, row) => {
    const s = scenario(row, from);
    const kase = s.kase as Case;
    // A colleague with no part in the case (a new complaint, a further report) may see no view.
    const before = caseView(kase, s.actor);
    if (row.by.kind !== 'any_colleague') expect(before).not.toBeNull();
    if (before) expect(problems(caseCard(before))).toEqual([]);
    const form = decisionForm(action, kase, ADJUSTMENTS);
    const card = formCard(form, {
      verb: VERBS.decide,
      data: { action, caseId: kase.id, version: kase.version },
      cancel: { title: 'Back', verb: VERBS.show, data: { caseId: kase.id } },
    });
    expect(problems(card)).toEqual([]);
    const errors = Object.fromEntries(form.fields.map((f) => [f.id, `Problem with ${f.label}`]));
    expect(
      problems(
        formCard(form, {
          verb: VERBS.decide,
          data: { action, caseId: kase.id, version: kase.version },
          errors,
          banner: { kind: 'problem', text: 'Fix these' },
        }),
      ),
    ).toEqual([]);
    const result = decide(kase, s.command, s.actor, s.now, s.context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const after = caseView(result.next, s.actor, result.events);
    if (after) expect(problems(caseCard(after, { banner: { kind: 'done', text: 'Done' } }))).toEqual([]);
  });

  test("a case card has exactly the view's actions, each Action.Execute with ids only", () => {
    const kase = caseIn('line_manager_review');
    const view = caseView(kase, actors.lineManager)!;
    const card = caseCard(view);
    expect(card.actions).toEqual(
      view.actions.map((a) =>
        expect.objectContaining({
          type: 'Action.Execute',
          title: a.label,
          verb: VERBS.action,
          data: { action: a.action, caseId: kase.id, version: kase.version },
        }),
      ),
    );
    golden('case-line-manager-review', card);
    golden(
      'decision-escalate-line-manager',
      formCard(decisionForm('escalate', kase), {
        verb: VERBS.decide,
        data: { action: 'escalate', caseId: kase.id, version: kase.version },
        cancel: { title: 'Back', verb: VERBS.show, data: { caseId: kase.id } },
      }),
    );
  });

  test('every approver state renders for its approver and the reporter', () => {
    for (const [state, approver] of Object.entries(APPROVER_OF)) {
      const kase = caseIn(state as CaseState);
      for (const viewer of [approver, actors.colleague]) {
        const view = caseView(kase, viewer);
        if (view) expect(problems(caseCard(view))).toEqual([]);
      }
    }
  });
});

describe('notice, list and unavailable cards', () => {
  test.each([
    [
      'stale',
      noticeCard('Limited Contact', { kind: 'problem', text: 'Already decided by Lena Manager at 2 Dec 2026, 14:05.' }),
    ],
    ['done', noticeCard('Report filed', { kind: 'done', text: 'Thank you. Your report is case LCP-2026-0001.' })],
    ['unavailable', noLongerAvailableCard('LCP-2026-0001')],
    ['empty list', caseListCard('Your reports', [], 'You have not reported any incidents.')],
    [
      'list',
      caseListCard(
        'Waiting for your decision',
        [{ caseId: 'c1', number: 'LCP-2026-0001', status: 'Line manager review', due: '3 Dec' }],
        '',
      ),
    ],
  ])('%s is valid', (name, card) => {
    expect(problems(card)).toEqual([]);
    if (name === 'stale') golden('notice-problem', card);
  });
});

describe('user text cannot add actions or links', () => {
  const hostile =
    '[Approve](https://evil.example/approve) **now** {"type":"Action.OpenUrl","url":"https://evil.example"}\n- item';

  test('hostile text in the report, the customer name and a rationale stays text', () => {
    const base = caseIn('cxm_review');
    const kase: Case = {
      ...base,
      customer: { ...base.customer, name: hostile },
      reports: base.reports.map((r) => ({ ...r, description: hostile })),
    };
    const view = caseView(kase, actors.cxm)!;
    const card = caseCard(view, { banner: { kind: 'problem', text: hostile } });
    expect(problems(card)).toEqual([]);
    const actions = actionsIn(card);
    expect(actions.map((a) => a.type)).toEqual(view.actions.map(() => 'Action.Execute'));
    expect(keysIn(card)).not.toContain('url');
    expect(keysIn(card).some((k) => k.includes('evil'))).toBe(false);
    const json = JSON.stringify(card);
    // In Markdown-rendered text the link brackets are escaped; the report itself is a TextRun.
    expect(json).toContain('\\\\[Approve\\\\]');
    expect(json).toContain(JSON.stringify({ type: 'TextRun', text: hostile }));
  });

  test('typed values come back only as input values, never as keys or actions', () => {
    const card = reportFormCard({ customer_name: hostile, description: hostile });
    expect(problems(card)).toEqual([]);
    expect(actionsIn(card)).toHaveLength(1);
    expect(keysIn(card)).not.toContain('url');
  });
});

describe('the templates evaluate only their own expressions', () => {
  // Adaptive Card templating expressions, typed where a person types: the engine must show them,
  // not evaluate them (they could read other data, or build text the card never meant to show).
  const EXPRESSIONS = [
    '${$root.actions}',
    '${title}',
    '${json(\'{"type":"Action.OpenUrl"}\')}',
    '${$root.facts[0].value}',
    '${if(true, "x", "y")}',
  ];
  const typed = EXPRESSIONS.join(' ');

  test('expressions in a customer name, a report and a rationale are shown as typed', () => {
    const base = caseIn('cxm_review');
    const kase: Case = {
      ...base,
      customer: { ...base.customer, name: typed },
      reports: base.reports.map((r) => ({ ...r, description: typed })),
    };
    const view = caseView(kase, actors.cxm)!;
    const withRationale = {
      ...view,
      history: [...view.history, { what: 'Escalated', by: 'Lena Manager', at: '2 Dec 2026, 14:05', rationale: typed }],
    };
    const card = caseCard(withRationale, { banner: { kind: 'problem', text: typed } });
    expect(cardErrors(card)).toEqual([]);
    const json = JSON.stringify(card);
    // Unchanged as TextRuns (report, rationale); Markdown-escaped but unevaluated in the FactSet and banner.
    expect(json).toContain(JSON.stringify({ type: 'TextRun', text: typed }));
    expect(json.split(JSON.stringify({ type: 'TextRun', text: typed })).length - 1).toBe(2);
    expect(teamsFact(card, 'Customer')).toBe(`${plain(typed)} (${kase.customer.accountRef})`);
    const bannerText = (card.body[1] as { items: { text: string }[] }).items[0]!.text;
    expect(bannerText).toBe(plain(typed));
    expect(plain(typed)).toContain('${$root.actions}');
    expect(actionsIn(card).map((a) => a.data)).toEqual(
      view.actions.map((a) => ({ action: a.action, caseId: kase.id, version: kase.version })),
    );
  });

  test('expressions typed into a form come back as the input values, unevaluated', () => {
    const card = reportFormCard(
      { customer_name: typed, description: typed, customer_account_ref: '${fields}' },
      { customer_name: typed },
    );
    expect(cardErrors(card)).toEqual([]);
    const inputs = inputsIn(card);
    expect(inputs.find((i) => i.id === 'customer_name')?.value).toBe(typed);
    expect(inputs.find((i) => i.id === 'description')?.value).toBe(typed);
    expect(inputs.find((i) => i.id === 'customer_account_ref')?.value).toBe('${fields}');
    expect(actionsIn(card)).toHaveLength(1);
    expect(actionsIn(card)[0]!.data).toEqual({});
  });

  test('a template field missing from the data is an error, not "${field}" on a card', () => {
    const template = cardTemplate({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: '${title}' }],
    });
    expect(() => expandCard(template, { titel: 'typo' })).toThrow('card template: the data has no "title"');
    expect(expandCard(template, { title: 'Case LCP-2026-0001' }).body).toEqual([
      { type: 'TextBlock', text: 'Case LCP-2026-0001' },
    ]);
  });

  test('the template files are Adaptive Cards 1.5 and carry no user text of their own', () => {
    for (const name of ['case', 'case-list', 'form', 'notice']) {
      const template = JSON.parse(readFileSync(join(root, `adaptive-cards/${name}.template.json`), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(template).toEqual(
        expect.objectContaining({
          type: 'AdaptiveCard',
          version: '1.5',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        }),
      );
      // Nothing but ids-only data is ever an action target; the only URLs are document links
      // (issue 12 §5: letters on the case card, the board report on a notice), as Action.OpenUrl
      // buttons bound to the signed links the server drew.
      const urls = actionsIn(template).filter((a) => 'url' in a);
      expect(urls).toEqual(
        name === 'case' || name === 'notice'
          ? [{ $data: '${links}', type: 'Action.OpenUrl', title: '${title}', url: '${url}' }]
          : [],
      );
    }
  });
});

function teamsFact(card: AdaptiveCard, title: string): string | undefined {
  const set = card.body.find((e) => e.type === 'FactSet') as { facts: { title: string; value: string }[] } | undefined;
  return set?.facts.find((f) => f.title === title)?.value;
}

/** Every input anywhere in a card. */
function inputsIn(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(inputsIn);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && o.type.startsWith('Input.') ? [o] : [];
  return [...self, ...Object.values(o).flatMap(inputsIn)];
}
