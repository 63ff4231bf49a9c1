import type { types } from '@slack/bolt';
import { decisionForm } from '../../src/app/forms/decision-form.js';
import { caseView, type CaseView } from '../../src/app/views/case-view.js';
import { caseMessage, type CaseButtonValue } from '../../src/channels/slack/views/case-message.view.js';
import { formModal } from '../../src/channels/slack/views/form-modal.view.js';
import type { Case } from '../../src/cases/index.js';
import type { CaseState } from '../../src/policy/index.js';
import { VERBS, type AdaptiveCard } from '../../adaptive-cards/card-types.js';
import { caseCard } from '../../adaptive-cards/case.card.js';
import { formCard } from '../../adaptive-cards/form.card.js';
import { actors, APPROVER_OF, caseIn, PATH } from '../cases/fixtures.js';

// Slack and Teams render the same view models. For real cases (driven through the real decide) in
// several states and for the people who act there, the Slack message and the Teams card must show
// the same facts, status and case number, and offer exactly the same actions in the same order.

type Json = Record<string, unknown>;

// ---- what people see -------------------------------------------------------------------------

/** Slack mrkdwn as escaped by escapeMrkdwn, back to the text. */
// Slack's escaping: &-entities, a joiner after broadcast @s, and look-alikes for formatting marks.
const unescapeSlack = (s: string) =>
  s
    .replaceAll('\u200D', '')
    .replaceAll('\u2217', '*')
    .replaceAll('\u223C', '~')
    .replaceAll('\u02CB', '`')
    .replaceAll('\u02CD', '_')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
/** Adaptive Card Markdown as escaped by plain(), back to the text. */
const unescapeTeams = (s: string) => s.replace(/\\(.)/g, '$1');

/** Every visible text of a Block Kit message: `text` objects and section `fields`, anywhere. */
function slackTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(slackTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Json;
  const own =
    (o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string' ? [unescapeSlack(o.text)] : [];
  return [
    ...own,
    ...Object.entries(o)
      .filter(([k]) => k !== 'value')
      .flatMap(([, v]) => slackTexts(v)),
  ];
}

/** The label/value pairs of a Slack message: section fields written as "*label*\nvalue". */
function slackFacts(message: { blocks: types.KnownBlock[] }): { label: string; value: string }[] {
  return message.blocks
    .flatMap((b) => (b.type === 'section' && b.fields ? b.fields : []))
    .map((f) => {
      const m = /^\*(.*?)\*\n([\s\S]*)$/.exec(f.text);
      if (!m) throw new Error(`not a fact field: ${f.text}`);
      return { label: unescapeSlack(m[1]!), value: unescapeSlack(m[2]!) };
    });
}

/** Every visible text of an Adaptive Card: TextBlock text, TextRun text, FactSet titles and values. */
function teamsTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(teamsTexts);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Json;
  const own: string[] = [];
  if (o.type === 'TextBlock' && typeof o.text === 'string') own.push(unescapeTeams(o.text));
  if (o.type === 'TextRun' && typeof o.text === 'string') own.push(o.text);
  if (o.type === 'FactSet')
    for (const f of o.facts as Json[]) own.push(unescapeTeams(String(f.title)), unescapeTeams(String(f.value)));
  return [...own, ...Object.values(o).flatMap(teamsTexts)];
}

/** The case facts of a card: its first top-level FactSet (the latest report has a FactSet of its own). */
function teamsFacts(card: AdaptiveCard): { label: string; value: string }[] {
  const set = card.body.find((e) => e.type === 'FactSet');
  if (!set) return [];
  return (set.facts as Json[]).map((f) => ({
    label: unescapeTeams(String(f.title)),
    value: unescapeTeams(String(f.value)),
  }));
}

// ---- what people can do ----------------------------------------------------------------------

function slackActions(message: { blocks: types.KnownBlock[] }): CaseButtonValue[] {
  return message.blocks
    .flatMap((b) => (b.type === 'actions' ? b.elements : []))
    .map((e) => {
      if (e.type !== 'button' || typeof e.value !== 'string') throw new Error(`unexpected action element ${e.type}`);
      return JSON.parse(e.value) as CaseButtonValue;
    });
}

function teamsActions(card: AdaptiveCard): CaseButtonValue[] {
  return (card.actions ?? []).map((a) => {
    expect(a.type).toBe('Action.Execute');
    expect(a.verb).toBe(VERBS.action);
    return a.data as CaseButtonValue;
  });
}

/** The ids of every input of a card, in order, wherever they sit (each field is a Container). */
function teamsInputIds(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(teamsInputIds);
  if (typeof node !== 'object' || node === null) return [];
  const o = node as Json;
  const own = typeof o.type === 'string' && o.type.startsWith('Input.') ? [String(o.id)] : [];
  return [...own, ...Object.values(o).flatMap(teamsInputIds)];
}

// ---- the cases -------------------------------------------------------------------------------

/** Who acts on a case in each state (the approver where there is one, else a senior who can review or appeal). */
const ACTOR_IN: Partial<Record<CaseState, (typeof actors)[keyof typeof actors]>> = {
  ...APPROVER_OF,
  warning_issued: actors.chc,
  restricted: actors.chc,
  contact_refused: actors.edc,
  closed: actors.lineManager,
};

const STATES: CaseState[] = [...PATH, 'closed'];
const CASES = STATES.flatMap((state) => [
  [state, 'actor', ACTOR_IN[state] ?? actors.chc] as const,
  [state, 'reporter', actors.colleague] as const,
]);

function expectParity(kase: Case, view: CaseView): void {
  const slack = caseMessage(view);
  const teams = caseCard(view);

  // Facts: both carry every view fact, label and value, in the same order and nothing else.
  expect(slackFacts(slack)).toEqual(view.facts);
  expect(teamsFacts(teams)).toEqual(view.facts);

  // Status and case number are visible on both.
  const slackText = slackTexts(slack.blocks);
  const teamsText = teamsTexts(teams.body);
  for (const texts of [slackText, teamsText]) {
    expect(texts.some((t) => t.includes(kase.number))).toBe(true);
    expect(texts.some((t) => t.includes(view.status))).toBe(true);
    for (const f of view.facts) {
      expect(texts.some((t) => t.includes(f.label))).toBe(true);
      expect(texts.some((t) => t.includes(f.value))).toBe(true);
    }
    if (view.latestReport) expect(texts.some((t) => t.includes(view.latestReport!.description))).toBe(true);
  }

  // Actions: the same {action, caseId, version}, in the same order, and exactly the view's.
  const expected = view.actions.map((a) => ({ action: a.action, caseId: kase.id, version: kase.version }));
  expect(slackActions(slack)).toEqual(expected);
  expect(teamsActions(teams)).toEqual(expected);
}

describe('Slack and Teams show the same case', () => {
  test.each(CASES)('%s, seen by the %s', (state, _who, viewer) => {
    const kase = caseIn(state);
    const view = caseView(kase, viewer);
    expect(view).not.toBeNull();
    expectParity(kase, view!);
  });

  test('the states with an approver offer that approver at least one action', () => {
    for (const [state, approver] of Object.entries(APPROVER_OF)) {
      const view = caseView(caseIn(state as CaseState), approver)!;
      expect(view.actions.length).toBeGreaterThan(0);
    }
  });

  test('an urgent case with a provisional flag marker', () => {
    const kase = caseIn('cxm_review', { urgent: true, flagMarker: true });
    for (const viewer of [actors.cxm, actors.colleague]) {
      const view = caseView(kase, viewer)!;
      expectParity(kase, view);
    }
  });

  test('text with markup characters reads the same on both', () => {
    const base = caseIn('cxm_review');
    const odd = "O'Brien & <Sons> *Ltd* [1] @here_";
    const kase: Case = {
      ...base,
      customer: { ...base.customer, name: odd },
      reports: base.reports.map((r) => ({ ...r, description: `Said: ${odd}` })),
    };
    const view = caseView(kase, actors.cxm)!;
    expect(view.facts.some((f) => f.value.includes(odd))).toBe(true);
    expectParity(kase, view);
  });
});

describe('Slack and Teams ask for the same decision', () => {
  test('every field of the propose_warning form is a Slack input block and a Teams input', () => {
    const kase = caseIn('chc_review');
    const form = decisionForm('propose_warning', kase);
    expect(form.fields.length).toBeGreaterThan(0);
    const modal = formModal(form, {
      callbackId: 'lcp_decide',
      privateMetadata: JSON.stringify({ caseId: kase.id, version: kase.version }),
    });
    const blockIds = modal.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
    const card = formCard(form, {
      verb: VERBS.decide,
      data: { action: 'propose_warning', caseId: kase.id, version: kase.version },
    });
    const inputIds = teamsInputIds(card.body);

    expect(blockIds).toEqual(form.fields.map((f) => f.id));
    // In the same order on both.
    expect([...new Set(inputIds.map((id) => id.replace(/__(date|time)$/, '')))]).toEqual(blockIds);
    for (const field of form.fields) {
      // A date-time is one Slack input and a date and a time input on Teams.
      const ids = field.kind === 'datetime' ? [`${field.id}__date`, `${field.id}__time`] : [field.id];
      for (const id of ids) expect(inputIds).toContain(id);
    }
    // Nothing on either side that the form does not ask for.
    expect(inputIds.map((id) => id.replace(/__(date|time)$/, ''))).toEqual(expect.arrayContaining(blockIds));
    expect(new Set(inputIds.map((id) => id.replace(/__(date|time)$/, '')))).toEqual(new Set(blockIds));
  });
});
