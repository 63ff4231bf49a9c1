import { caseListCard } from '../../adaptive-cards/case.card.js';
import { firstPage, LIST_SHOWN, moreLine } from '../../src/app/views/list-page.js';
import { cardErrors } from '../channels/teams/card-schema.js';

// Chat lists are bounded: drawing `approvals` for an organisation with hundreds of open cases
// costs the same as for fifty, and the Teams card stays under the service's ~28 KB message limit.

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `case-${i}`,
    number: `LCP-2026-${String(i + 1).padStart(4, '0')}`,
    status: 'Waiting for the line manager',
  }));

describe('a chat list shows one page and counts the rest', () => {
  test('under the page size nothing is cut', () => {
    expect(firstPage(rows(3))).toEqual({ shown: rows(3), more: 0 });
  });

  test('over it, the first LIST_SHOWN are shown (oldest first, as the listing sorts) and the rest counted', () => {
    const page = firstPage(rows(LIST_SHOWN + 17));
    expect(page.shown).toHaveLength(LIST_SHOWN);
    expect(page.shown[0]!.caseId).toBe('case-0');
    expect(page.more).toBe(17);
    expect(moreLine(page.more)).toMatch(/^…and 17 more not shown/);
  });

  test('the Teams card of 600 waiting cases is valid, draws one page and stays under 28 KB', () => {
    const page = firstPage(rows(600));
    const card = caseListCard('Waiting for your decision', page.shown, 'Nothing.', moreLine(page.more));
    expect(cardErrors(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json.match(/"Action\.Execute"/g)).toHaveLength(LIST_SHOWN);
    expect(json).toContain('…and 550 more not shown');
    expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
  });
});
