import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths/project-root.js';
import { renderPdf, type PdfWriter } from '../documents/pdf-document.js';
import { parseLetterMarkup, type LetterBlock } from './letter-markup.js';
import type { LetterModel } from './letter-model.js';
import { letterTemplates } from './letter-templates.js';
import { errorMessage } from '../logging/log.js';

// A letter model to PDF bytes: the model's template version words it, the markup gives it
// structure, and pdf-document.ts draws it. Letters that must carry the policy (§28) get it
// appended as pages, from the copy shipped with the product (policy/limited-contact-policy.txt).

export interface LetterAssets {
  /** PNG bytes of the organisation's logo, or null. */
  logo: Buffer | null;
  policyText: string;
}

export const POLICY_FILE = path.join(projectRoot(), 'policy', 'limited-contact-policy.txt');

/** Reads the logo and the policy once, at start-up, so a missing file stops start-up, not a letter. */
export function loadLetterAssets(logoPath: string | null, policyFile = POLICY_FILE): LetterAssets {
  let logo: Buffer | null = null;
  if (logoPath) {
    try {
      logo = readFileSync(path.resolve(logoPath));
    } catch (error) {
      throw new Error(`LCP_ORG_LOGO: cannot read ${logoPath} (${errorMessage(error)})`);
    }
    if (logo.subarray(1, 4).toString('latin1') !== 'PNG')
      throw new Error(`LCP_ORG_LOGO: ${logoPath} is not a PNG image`);
  }
  return { logo, policyText: readFileSync(policyFile, 'utf8') };
}

/** The letter's blocks as its template words them (also what tests read before any PDF). */
export function letterBlocks(model: LetterModel): LetterBlock[] {
  return parseLetterMarkup(letterTemplates(model.templateVersion).render(model));
}

export async function renderLetterPdf(model: LetterModel, assets: LetterAssets): Promise<Buffer> {
  const blocks = letterBlocks(model);
  const title = `${model.preview ? 'Preview: ' : ''}${model.label} ${model.caseNumber}`;
  return renderPdf(
    {
      title,
      author: model.organisation.name,
      subject: model.label,
      largePrint: model.largePrint,
      createdAt: new Date(model.createdAt),
    },
    (pdf) => {
      if (assets.logo) pdf.image(assets.logo, model.largePrint ? 160 : 120);
      drawBlocks(pdf, blocks, keepsListsWithLeadIn(model.templateVersion));
      // A copy for the customer's advocate or named third party (issue 12 §1): the same letter,
      // addressed to them for their own window envelope, marked as a copy.
      if (model.recipient.advocate?.address?.length) {
        const advocate = model.recipient.advocate;
        pdf.pageBreak();
        if (assets.logo) pdf.image(assets.logo, model.largePrint ? 160 : 120);
        drawBlocks(
          pdf,
          letterBlocks({
            ...model,
            copyFor: { name: advocate.name ?? '', role: advocate.role ?? 'advocate', address: advocate.address ?? [] },
          }),
          keepsListsWithLeadIn(model.templateVersion),
        );
      }
      if (model.appendPolicy) drawPolicy(pdf, assets.policyText, tidiesPolicyLabels(model.templateVersion));
    },
  );
}

/** From template v3 a paragraph that leads into a list stays on the list's page; v1 and v2 draw as sent. */
export function keepsListsWithLeadIn(templateVersion: string): boolean {
  return versionNumber(templateVersion) >= 3;
}

function drawBlocks(pdf: PdfWriter, blocks: readonly LetterBlock[], keepListsWithLeadIn = false): void {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1];
    const afterNext = blocks[i + 2];
    // A heading over a lead-in and its list goes to the next page with them.
    if (
      keepListsWithLeadIn &&
      block.kind === 'heading' &&
      next?.kind === 'paragraph' &&
      !next.bold &&
      afterNext?.kind === 'bullets'
    ) {
      pdf.heading(block.text, block.level, { keepWith: pdf.listHeight(next.text, afterNext.items) });
      continue;
    }
    if (keepListsWithLeadIn && block.kind === 'paragraph' && !block.bold && next?.kind === 'bullets') {
      pdf.paragraphWithBullets(block.text, next.items);
      i++;
      continue;
    }
    switch (block.kind) {
      case 'heading':
        pdf.heading(block.text, block.level);
        break;
      case 'paragraph':
        pdf.paragraph(block.text, { bold: block.bold });
        break;
      case 'bullets':
        pdf.bullets(block.items);
        break;
      case 'lines':
        pdf.lines(block.lines);
        break;
      case 'facts':
        pdf.facts(block.rows);
        break;
      case 'sender':
        pdf.senderBlock(block.lines);
        break;
      case 'window':
        pdf.windowAddress(block.lines);
        break;
    }
  }
}

/**
 * From template v3 the policy's labels read cleanly: "Review Period: 2 Years", not "Review
 * Period:: 2 Years", and its contents list without the page numbers of the original document,
 * which are not the pages of this copy. Letters of v1 and v2 keep drawing it as they were sent.
 */
export function tidiesPolicyLabels(templateVersion: string): boolean {
  return versionNumber(templateVersion) >= 3;
}

/** "v3" -> 3. */
const versionNumber = (templateVersion: string): number => Number(templateVersion.slice(1));

/** "Purpose....." and "Review Period:" as labels: without the leader dots, and with one colon. */
function policyRow(label: string, rest: string[], tidy: boolean): string {
  if (!tidy) return rest.length > 0 ? `${label}: ${rest.join(' ')}` : label;
  const clean = label.replace(/\.{2,}$/, '');
  if (rest.length === 0 || (rest.length === 1 && /^\d+$/.test(rest[0]!))) return clean;
  return `${clean}${clean.endsWith(':') ? '' : ':'} ${rest.join(' ')}`;
}

/**
 * The policy as pages after the letter. Its text keeps its own words and order; the §13 table's
 * tab-separated cells become "criterion: behaviour" lines, since a letter reader needs the words,
 * not the grid.
 */
function drawPolicy(pdf: PdfWriter, policyText: string, tidy: boolean): void {
  pdf.pageBreak();
  pdf.heading('A copy of our Limited Contact Policy', 1);
  pdf.paragraph('This is the policy referred to in the letter above.', { subtle: true });
  let criterion = '';
  for (const raw of policyText.split(/\r?\n/)) {
    if (!raw.trim() || /^[-\s]+$/.test(raw)) continue;
    if (raw.includes('\t')) {
      const cells = raw.split('\t').map((c) => c.trim());
      if (cells[0]) criterion = cells[0];
      const rest = cells.slice(1).filter(Boolean);
      if (/^-+$/.test(rest.join(''))) continue;
      pdf.paragraph(policyRow(rest.length > 0 ? cells[0] || criterion : (cells[0] ?? ''), rest, tidy));
      continue;
    }
    const line = raw.trim();
    if (/^-\s/.test(line)) pdf.bullets([line.replace(/^-\s*/, '')]);
    else pdf.paragraph(line);
  }
}
