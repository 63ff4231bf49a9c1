import { createHash } from 'node:crypto';
import { renderPdf } from '../../src/documents/pdf-document.js';
import { pdfText } from '../support/documents/pdf-text.js';

const createdAt = new Date('2026-12-01T10:00:00Z');

async function sample(largePrint: boolean): Promise<Buffer> {
  return renderPdf({ title: 'Sample', createdAt, largePrint }, (pdf) => {
    pdf.heading('Limited Contact').paragraph('A paragraph with “quotes” and £5.');
    pdf.bullets(['first point', 'second point']);
    pdf.facts([['Case', 'LCP-2026-0001']]);
    pdf.table(
      ['Type', 'Count'],
      [
        ['Warnings', '3'],
        ['Restrictions', '1'],
      ],
    );
    pdf.barChart('Uses of the policy', [
      { label: 'Warnings', value: 3 },
      { label: 'Restrictions', value: 1 },
    ]);
  });
}

describe('renderPdf', () => {
  it('writes a real PDF whose text can be extracted', async () => {
    const bytes = await sample(false);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(bytes);
    expect(pages).toBe(1);
    for (const expected of [
      'Limited Contact',
      'A paragraph with “quotes” and £5.',
      'first point',
      'Case: LCP-2026-0001',
      'Warnings',
      'Restrictions',
      'Uses of the policy',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('gives the same bytes for the same content, so a stored hash can be checked again', async () => {
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(hash(await sample(false))).toBe(hash(await sample(false)));
  });

  it('large print sets more pages for the same content', async () => {
    const long = (largePrint: boolean) =>
      renderPdf({ title: 'Long', createdAt, largePrint }, (pdf) => {
        for (let i = 0; i < 40; i += 1)
          pdf.paragraph(`Paragraph ${i}: the same words in a larger size take more room on the page.`);
      });
    const normal = await pdfText(await long(false));
    const large = await pdfText(await long(true));
    expect(large.pages).toBeGreaterThan(normal.pages);
  });
});
