// What a letter template produces: a few line-start marks that say what each line is, so the
// template decides the letter's structure (headings, lists, address blocks) and the PDF code only
// draws it. Values from the case are put on one line before they reach a template
// (letter-model.ts), so text a person typed can never start a line and become structure.
//
//   # Heading            ## Sub-heading       ### Minor heading
//   - a bullet           > an address or signature line (no space between such lines)
//   : Label :: value     a fact (label in bold)
//   ! text               a paragraph in bold
//   ^ text               a line of the sender's block, top right (template v2)
//   @ text               a line of the address shown in a window envelope's window (template v2)
//   other text           a paragraph; consecutive lines join up to the next blank line or mark
export type LetterBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; bold: boolean }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'lines'; lines: string[] }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'sender'; lines: string[] }
  | { kind: 'window'; lines: string[] };

export function parseLetterMarkup(source: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' '), bold: false });
    paragraph = [];
  };
  const last = () => blocks.at(-1);
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]! });
      continue;
    }
    const mark = line[0];
    const rest = line.slice(1).trim();
    if (mark === '-' && line[1] === ' ') {
      flush();
      const prev = last();
      if (prev?.kind === 'bullets') prev.items.push(rest);
      else blocks.push({ kind: 'bullets', items: [rest] });
    } else if (mark === '>') {
      flush();
      const prev = last();
      if (!rest) continue;
      if (prev?.kind === 'lines') prev.lines.push(rest);
      else blocks.push({ kind: 'lines', lines: [rest] });
    } else if (mark === '^' || mark === '@') {
      flush();
      const kind = mark === '^' ? 'sender' : 'window';
      const prev = last();
      if (!rest) continue;
      if (prev?.kind === kind) prev.lines.push(rest);
      else blocks.push({ kind, lines: [rest] });
    } else if (mark === ':' && rest.includes('::')) {
      flush();
      const [label, ...value] = rest.split('::');
      const row: [string, string] = [label!.trim(), value.join('::').trim()];
      const prev = last();
      if (prev?.kind === 'facts') prev.rows.push(row);
      else blocks.push({ kind: 'facts', rows: [row] });
    } else if (mark === '!') {
      flush();
      blocks.push({ kind: 'paragraph', text: rest, bold: true });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
