import type { types } from '@slack/bolt';
import type { CaseView } from '../../../../src/app/views/case-view.js';
import {
  HOME_LIST_CAP,
  homeView,
  OPEN_CASE_ACTION,
  OPEN_REPORT_ACTION,
} from '../../../../src/channels/slack/views/home.view.js';
import { blockKitViolations } from './block-kit-limits.js';
import { expectGolden } from './golden.js';

const view = (n: number, status: string): CaseView => ({
  caseId: `case-${n}`,
  number: `LCP-2026-${String(n).padStart(4, '0')}`,
  version: 1,
  title: `${n % 7 === 0 ? 'URGENT: ' : ''}Case LCP-2026-${String(n).padStart(4, '0')}`,
  status,
  urgent: n % 7 === 0,
  facts: [],
  links: [],
  latestReport: null,
  history: [],
  actions: [],
  lastDecision: null,
  notificationText: `Case LCP-2026-${String(n).padStart(4, '0')} is now with the line manager`,
});

const headers = (v: types.HomeView) =>
  v.blocks.filter((b): b is types.HeaderBlock => b.type === 'header').map((b) => b.text.text);
const accessories = (v: types.HomeView) =>
  v.blocks
    .filter((b): b is types.SectionBlock => b.type === 'section')
    .flatMap((b) => (b.accessory ? [b.accessory as types.Button] : []));

describe('homeView', () => {
  test('golden: a little of everything', () => {
    const v = homeView({
      awaiting: [view(7, 'Waiting for the line manager'), view(3, 'Waiting for the customer experience manager')],
      myReports: [view(5, 'Waiting for the line manager')],
      reviewsDue: [{ number: 'LCP-2026-0002', caseId: 'case-2', due: '9 Jun 2026' }],
    });
    expect(blockKitViolations('home', v)).toEqual([]);
    expectGolden('home-view', v);
  });

  test('each item opens its case; the report button opens the form', () => {
    const v = homeView({
      awaiting: [view(1, 'x')],
      myReports: [view(2, 'y')],
      reviewsDue: [{ number: 'LCP-2026-0003', caseId: 'case-3', due: 'soon' }],
    });
    expect(accessories(v).map((b) => [b.action_id, b.text.text, b.value])).toEqual([
      [OPEN_CASE_ACTION, 'Open', 'case-1'],
      [OPEN_CASE_ACTION, 'Open', 'case-2'],
      [OPEN_CASE_ACTION, 'Open', 'case-3'],
    ]);
    const report = v.blocks.find((b): b is types.ActionsBlock => b.type === 'actions')!.elements[0] as types.Button;
    expect(report.action_id).toBe(OPEN_REPORT_ACTION);
  });

  test('no reviews section for someone who holds no reviews; empty lists say so', () => {
    const v = homeView({ awaiting: [], myReports: [], reviewsDue: null });
    expect(headers(v)).toEqual(['Limited Contact', 'Awaiting your decision', 'Your reports']);
    expect(JSON.stringify(v)).toContain('Nothing is waiting for your decision.');
    expect(blockKitViolations('home', v)).toEqual([]);
  });

  test('long lists are capped within 100 blocks and say how many more', () => {
    const many = (k: number) => Array.from({ length: 200 }, (_, i) => view(k * 1000 + i, 'Waiting'));
    const v = homeView({
      awaiting: many(1),
      myReports: many(2),
      reviewsDue: many(3).map((c) => ({ number: c.number, caseId: c.caseId, due: '1 Jan 2027' })),
    });
    expect(blockKitViolations('home', v)).toEqual([]);
    expect(accessories(v)).toHaveLength(3 * HOME_LIST_CAP);
    expect(JSON.stringify(v)).toContain(`and ${200 - HOME_LIST_CAP} more`);
  });
});
