import PDFDocument from 'pdfkit';

// The one place that knows pdfkit. Letters, reports and evidence packs describe their content
// through PdfWriter (headings, paragraphs, lists, tables, a bar chart) and get a PDF back, so a
// change of PDF library, fonts or page layout touches only this file.

export interface PdfOptions {
  title: string;
  author?: string;
  subject?: string;
  /**
   * Large print for customers who need it (RNIB: at least 16 point, left aligned, no
   * justified text); every size on the page scales with it.
   */
  largePrint?: boolean;
  /**
   * Written into the PDF's metadata instead of "now", so the same content always gives the same
   * bytes and the content hash stored with a letter can be checked again later.
   */
  createdAt: Date;
}

export interface BarChartBar {
  label: string;
  value: number;
}

const STANDARD = { body: 11, small: 9, h1: 18, h2: 14, h3: 12, gap: 6 };
const LARGE = { body: 16, small: 14, h1: 26, h2: 21, h3: 18, gap: 10 };
const MARGIN = 56;
const INK = '#1a1a1a';
const SUBTLE = '#555555';
const BAR = '#2f5d8a';

type Doc = InstanceType<typeof PDFDocument>;

export class PdfWriter {
  readonly sizes: typeof STANDARD;

  constructor(
    private readonly doc: Doc,
    largePrint: boolean,
  ) {
    this.sizes = largePrint ? LARGE : STANDARD;
    doc.font('Helvetica').fontSize(this.sizes.body).fillColor(INK);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  /** `keepWith`: the height of what must follow the heading on its page (see `listHeight`). */
  heading(text: string, level: 1 | 2 | 3 = 1, options: { keepWith?: number } = {}): this {
    const size = level === 1 ? this.sizes.h1 : level === 2 ? this.sizes.h2 : this.sizes.h3;
    const keepWith = options.keepWith ?? 0;
    this.keepRoomFor(size * 3 + (size * 3 + keepWith < this.doc.page.height - MARGIN * 2 ? keepWith : 0));
    this.doc
      .moveDown(level === 1 ? 0.2 : 0.6)
      .font('Helvetica-Bold')
      .fontSize(size)
      .fillColor(INK)
      .text(text, MARGIN, undefined, { width: this.width });
    this.doc.font('Helvetica').fontSize(this.sizes.body).moveDown(0.3);
    return this;
  }

  paragraph(text: string, options: { bold?: boolean; subtle?: boolean; small?: boolean } = {}): this {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(options.small ? this.sizes.small : this.sizes.body)
      .fillColor(options.subtle ? SUBTLE : INK)
      .text(text, MARGIN, undefined, { width: this.width, align: 'left' });
    this.doc.font('Helvetica').fontSize(this.sizes.body).fillColor(INK).moveDown(0.5);
    return this;
  }

  /** Several short lines with no space between them (an address block, a signature). */
  lines(lines: readonly string[], options: { bold?: boolean } = {}): this {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(this.sizes.body)
      .fillColor(INK);
    for (const line of lines) this.doc.text(line, MARGIN, undefined, { width: this.width });
    this.doc.font('Helvetica').moveDown(0.5);
    return this;
  }

  /**
   * The sender's block at the top right, so that the left of the page is free for the window
   * address below it. Moves the flow below whichever of the two ends lower.
   */
  senderBlock(lines: readonly string[]): this {
    const x = this.doc.page.width / 2 + 20;
    const width = this.doc.page.width - MARGIN - x;
    const top = this.doc.y;
    this.doc
      .font('Helvetica-Bold')
      .fontSize(this.sizes.body)
      .fillColor(INK)
      .text(lines[0] ?? '', x, top, { width });
    this.doc.font('Helvetica').fontSize(this.sizes.small);
    for (const line of lines.slice(1)) this.doc.text(line, x, undefined, { width });
    this.doc.font('Helvetica').fontSize(this.sizes.body);
    this.senderBottom = this.doc.y;
    this.doc.x = MARGIN;
    this.doc.y = top;
    return this;
  }

  /**
   * The recipient's address where a DL or C5 window envelope shows it (BS EN ISO 269: a window
   * 20 mm from the left and 45 mm from the top, 90 × 35 mm), whatever came before it; the letter
   * goes on below the window.
   */
  windowAddress(lines: readonly string[]): this {
    const mm = 72 / 25.4;
    const left = 20 * mm;
    const top = 47 * mm;
    const width = 88 * mm;
    const bottom = 80 * mm;
    this.doc.font('Helvetica').fontSize(this.sizes.body).fillColor(INK);
    let y = top;
    const lineHeight = this.doc.currentLineHeight(true);
    // Large print may not fit the window: the lines keep their size and the window its place.
    for (const line of lines) {
      this.doc.text(line, left, y, { width, lineBreak: false, ellipsis: true });
      y += lineHeight;
    }
    this.doc.x = MARGIN;
    this.doc.y = Math.max(bottom, y, this.senderBottom) + this.sizes.gap * 2;
    return this;
  }

  private senderBottom = 0;

  /**
   * A lead-in paragraph and the list it introduces ("…you can always contact us about:"), kept on
   * one page when together they fit on one, so the list never starts a page on its own.
   */
  paragraphWithBullets(text: string, items: readonly string[]): this {
    const height = this.listHeight(text, items);
    if (height < this.doc.page.height - MARGIN * 2) this.keepRoomFor(height);
    return this.paragraph(text).bullets(items);
  }

  /** The height `paragraphWithBullets` will take, so a heading above it can stay with it. */
  listHeight(text: string, items: readonly string[]): number {
    this.doc.font('Helvetica').fontSize(this.sizes.body);
    const line = this.doc.currentLineHeight(true);
    const lead = this.doc.heightOfString(text, { width: this.width }) + line * 0.5;
    return items.reduce(
      (height, item) =>
        height + this.doc.heightOfString(`•  ${item}`, { width: this.width - 8, indent: -10 }) + line * 0.2,
      lead,
    );
  }

  bullets(items: readonly string[]): this {
    for (const item of items) {
      this.doc
        .fontSize(this.sizes.body)
        .fillColor(INK)
        .text(`•  ${item}`, MARGIN + 8, undefined, { width: this.width - 8, indent: -10 });
      this.doc.moveDown(0.2);
    }
    this.doc.moveDown(0.3);
    return this;
  }

  /** Label/value pairs, one per line, the label in bold. */
  facts(rows: readonly (readonly [string, string])[]): this {
    for (const [label, value] of rows) {
      this.doc
        .font('Helvetica-Bold')
        .fontSize(this.sizes.body)
        .fillColor(INK)
        .text(`${label}: `, MARGIN, undefined, { width: this.width, continued: true });
      this.doc.font('Helvetica').text(value);
    }
    this.doc.moveDown(0.5);
    return this;
  }

  /** A table with a bold header row; long cells wrap inside their column. */
  table(headers: readonly string[], rows: readonly (readonly string[])[], columnShares?: readonly number[]): this {
    const shares = columnShares ?? headers.map(() => 1);
    const total = shares.reduce((a, b) => a + b, 0);
    const widths = shares.map((s) => (this.width * s) / total);
    const size = this.sizes.small;
    const drawRow = (cells: readonly string[], bold: boolean) => {
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
      const height = Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: (widths[i] ?? 0) - 4 }))) + 4;
      this.keepRoomFor(height + 2);
      const top = this.doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        this.doc.fillColor(INK).text(cell, x + 2, top + 2, { width: (widths[i] ?? 0) - 4 });
        x += widths[i] ?? 0;
      });
      this.doc
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + this.width, top + height)
        .lineWidth(0.5)
        .strokeColor('#bbbbbb')
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = top + height + 1;
    };
    drawRow(headers, true);
    for (const row of rows) drawRow(row, false);
    this.doc.font('Helvetica').fontSize(this.sizes.body).moveDown(0.8);
    return this;
  }

  /** A horizontal bar chart drawn as vectors, each bar labelled with its value. */
  barChart(title: string, bars: readonly BarChartBar[]): this {
    const rowHeight = this.sizes.body + 8;
    const labelWidth = this.width * 0.38;
    const chartWidth = this.width - labelWidth - 40;
    this.keepRoomFor(rowHeight * (bars.length + 2));
    this.paragraph(title, { bold: true });
    const max = Math.max(1, ...bars.map((b) => b.value));
    let y = this.doc.y;
    for (const bar of bars) {
      const length = (chartWidth * bar.value) / max;
      this.doc
        .font('Helvetica')
        .fontSize(this.sizes.small)
        .fillColor(INK)
        .text(bar.label, MARGIN, y + 2, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
      if (length > 0) this.doc.rect(MARGIN + labelWidth, y, length, rowHeight - 6).fill(BAR);
      this.doc.fillColor(INK).text(String(bar.value), MARGIN + labelWidth + length + 4, y + 2, { lineBreak: false });
      y += rowHeight;
    }
    this.doc.x = MARGIN;
    this.doc.y = y + 4;
    this.doc.fontSize(this.sizes.body).moveDown(0.5);
    return this;
  }

  /** An image (a logo) from PNG or JPEG bytes, scaled to the given width. */
  image(bytes: Buffer, width: number): this {
    this.doc.image(bytes, MARGIN, this.doc.y, { width });
    this.doc.moveDown(0.5);
    return this;
  }

  pageBreak(): this {
    this.doc.addPage();
    return this;
  }

  private keepRoomFor(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }
}

/** Builds a PDF (A4) from the content the callback writes, and returns its bytes. */
export async function renderPdf(options: PdfOptions, write: (pdf: PdfWriter) => void | Promise<void>): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: false,
    info: {
      Title: options.title,
      Author: options.author ?? '',
      Subject: options.subject ?? '',
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    await write(new PdfWriter(doc, options.largePrint ?? false));
  } finally {
    doc.end();
  }
  return finished;
}
