import type { types } from '@slack/bolt';
import { caseView, type CaseView } from '../../../../src/app/views/case-view.js';
import {
  CASE_ACTION_PREFIX,
  caseMessage,
  caseMessageGone,
} from '../../../../src/channels/slack/views/case-message.view.js';
import { TRUNCATION_MARKER } from '../../../../src/channels/slack/views/escape.js';
import { CASE_STATES, TRANSITIONS } from '../../../../src/policy/index.js';
import { actors, APPROVER_OF, caseIn, fromStates, rightActor, scenario } from '../../../cases/fixtures.js';
import { blockKitViolations } from './block-kit-limits.js';
import { expectGolden } from './golden.js';

const base: CaseView = {
  caseId: 'case-1',
  number: 'LCP-2026-0001',
  version: 2,
  title: 'Case LCP-2026-0001',
  status: 'Waiting for the customer experience manager',
  urgent: false,
  facts: [
    { label: 'Status', value: 'Waiting for the customer experience manager' },
    { label: 'Customer', value: 'Pat Customer (ACC-100234)' },
    { label: 'Reports', value: '1' },
  ],
  latestReport: {
    occurredAt: '5 Jan 2026, 09:15',
    channel: 'Telephone',
    behaviours: ['Insulting or degrading, offensive, derogatory or patronising'],
    description: 'The caller said "you are all useless idiots" and repeated it four times.',
  },
  history: [
    {
      what: 'Escalated',
      by: 'Lena Linemanager',
      at: '6 Jan 2026, 10:00',
      rationale: 'Repeated abuse over three calls; colleague supported.',
    },
  ],
  links: [],
  actions: [
    { action: 'escalate', label: 'Escalate', style: 'primary' },
    { action: 'resolve_informally', label: 'Resolve informally' },
    { action: 'request_information', label: 'Ask the reporter' },
  ],
  lastDecision: 'Escalated by Lena Linemanager at 6 Jan 2026, 10:00',
  notificationText: 'Case LCP-2026-0001 (Waiting for the customer experience manager): your decision is needed',
};

const buttons = (blocks: types.KnownBlock[]) =>
  blocks.filter((b): b is types.ActionsBlock => b.type === 'actions').flatMap((b) => b.elements as types.Button[]);
const allText = (m: unknown) => JSON.stringify(m);

describe('caseMessage', () => {
  test('golden: with decision buttons', () => {
    const m = caseMessage(base, { reason: 'The case was escalated to you: your decision is needed.' });
    expect(blockKitViolations('message', m)).toEqual([]);
    expectGolden('case-message-with-buttons', m);
  });

  test('golden: after the decision, no buttons and who decided when', () => {
    const m = caseMessage({
      ...base,
      version: 3,
      status: 'Waiting for the corporate head of customers',
      actions: [],
      lastDecision: 'Escalated by Cara Cxm at 7 Jan 2026, 11:00',
      notificationText: 'Case LCP-2026-0001 is now with the corporate head of customers',
    });
    expect(blockKitViolations('message', m)).toEqual([]);
    expect(buttons(m.blocks)).toEqual([]);
    expect(allText(m.blocks.at(-1))).toContain('Escalated by Cara Cxm at 7 Jan 2026, 11:00');
    expectGolden('case-message-after-decision', m);
  });

  test('buttons carry {action, caseId, version} and their style', () => {
    const b = buttons(caseMessage(base).blocks);
    expect(b.map((x) => x.action_id)).toEqual(base.actions.map((a) => `${CASE_ACTION_PREFIX}${a.action}`));
    expect(b.map((x) => JSON.parse(x.value!))).toEqual(
      base.actions.map((a) => ({ action: a.action, caseId: 'case-1', version: 2 })),
    );
    expect(b[0]!.style).toBe('primary');
    expect(b[1]).not.toHaveProperty('style');
  });

  test('fallback text never names the customer', () => {
    const m = caseMessage(base, { reason: 'Pat Customer called again' });
    expect(m.text).not.toContain('Pat Customer');
    expect(m.text).toContain('LCP-2026-0001');
  });

  test("people's text renders harmlessly", () => {
    const evil = 'Said <!channel> and <@U123ABC>, see <https://evil.example|click>, @here, fish &amp; chips';
    const m = caseMessage({
      ...base,
      latestReport: { ...base.latestReport!, description: evil },
      history: [{ ...base.history[0]!, rationale: evil, by: '<!here> Mallory' }],
      facts: [{ label: 'Waiting on the reporter', value: evil }],
    });
    const json = allText(m);
    for (const bad of ['<!channel>', '<@U123ABC>', '<https://evil.example', '<!here>']) expect(json).not.toContain(bad);
    expect(json).not.toMatch(/@here\b/);
    expect(json).toContain('&amp;amp;');
    expect(json).toContain('&lt;!channel&gt;');
    expect(blockKitViolations('message', m)).toEqual([]);
  });

  test('a 10,000-character description is truncated with the marker and stays within limits', () => {
    const m = caseMessage({
      ...base,
      latestReport: { ...base.latestReport!, description: '<'.repeat(2000) + 'd'.repeat(8000) },
    });
    expect(blockKitViolations('message', m)).toEqual([]);
    expect(allText(m)).toContain(TRUNCATION_MARKER);
  });

  test('long histories show the last few and count the rest; limits hold with every text at its longest', () => {
    const long = 'r'.repeat(10_000);
    const m = caseMessage({
      ...base,
      facts: Array.from({ length: 14 }, (_, i) => ({ label: `Fact ${i}`, value: long })),
      history: Array.from({ length: 40 }, (_, i) => ({ what: `Step ${i}`, by: 'Someone', at: 'now', rationale: long })),
      latestReport: {
        ...base.latestReport!,
        behaviours: Array.from({ length: 30 }, () => 'b'.repeat(120)),
        description: long,
      },
      actions: Array.from({ length: 30 }, (_, i) => ({
        action: 'escalate' as const,
        label: `Action ${i} ${'x'.repeat(100)}`,
      })),
    });
    // 30 actions with the same action id would not happen; here only the sizes matter.
    expect(blockKitViolations('message', m).filter((v) => !v.includes('not unique'))).toEqual([]);
    expect(allText(m)).toContain('35 earlier entries not shown');
  });

  test('real case views: every state, seen by its approver and by the reporter', () => {
    for (const state of CASE_STATES) {
      const kase = caseIn(state);
      for (const viewer of [APPROVER_OF[state] ?? actors.chc, actors.colleague]) {
        const view = caseView(kase, viewer);
        if (!view) continue;
        const m = caseMessage(view, { reason: 'Something changed on this case.' });
        expect([state, viewer.name, blockKitViolations('message', m)]).toEqual([state, viewer.name, []]);
        expect(m.text).not.toContain(kase.customer.name);
      }
    }
  });

  test("real case views: every row's scenario as its actor sees it", () => {
    let withButtons = 0;
    for (const row of TRANSITIONS) {
      for (const from of fromStates(row)) {
        if (from === 'none' || row.by.kind === 'system') continue;
        const s = scenario(row, from);
        const view = caseView(s.kase!, rightActor(row, from));
        if (!view) continue;
        const m = caseMessage(view);
        expect([row.action, from, blockKitViolations('message', m)]).toEqual([row.action, from, []]);
        if (buttons(m.blocks).length > 0) withButtons++;
      }
    }
    expect(withButtons).toBeGreaterThan(20);
  });
});

describe('caseMessageGone', () => {
  test('says only the number and that nothing is needed', () => {
    const m = caseMessageGone('LCP-2026-0001');
    expect(blockKitViolations('message', m)).toEqual([]);
    expect(m.text).toBe('Case LCP-2026-0001: no action needed from you');
    expect(buttons(m.blocks)).toEqual([]);
  });
});
