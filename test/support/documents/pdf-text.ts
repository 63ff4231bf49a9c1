import { PDFParse } from 'pdf-parse';

/**
 * The text of a PDF as a reader's tools would extract it, with runs of white space folded to one
 * space, so tests can look for required sentences however the lines wrapped.
 */
export async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    return {
      text: result.text
        .replace(/-- \d+ of \d+ --/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
      pages: result.total,
    };
  } finally {
    await parser.destroy();
  }
}
