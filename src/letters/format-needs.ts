// A customer's recorded format needs (Customer.formatNeeds, free text as recorded) turned into
// what the letter does about them. Large print changes the whole PDF; an advocate changes the
// address block. Needs the product cannot meet itself (Braille, audio, a translation) are kept on
// the stored letter so staff can arrange them; they are never silently dropped.
export interface LetterFormat {
  largePrint: boolean;
  /** Letters go "care of" the advocate; the name when recorded ("via advocate: Jo Bloggs, Mind"). */
  advocate: { name: string | null } | null;
  /** Recorded needs this letter does not meet by itself. */
  otherNeeds: string[];
}

const normalise = (need: string) => need.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');

export function letterFormat(formatNeeds: readonly string[]): LetterFormat {
  const format: LetterFormat = { largePrint: false, advocate: null, otherNeeds: [] };
  for (const raw of formatNeeds) {
    const need = normalise(raw);
    if (!need) continue;
    if (/^large (print|font|type)/.test(need)) {
      format.largePrint = true;
      continue;
    }
    const advocate = /^(via |through |care of |c\/o )?(an |my |the )?advocate\b\s*[:,-]?\s*(.*)$/.exec(need);
    if (advocate) {
      // The name keeps its own spelling: take it from the raw text after the same separator.
      const name = raw
        .trim()
        .replace(/^[^:]*advocate\s*[:,-]?\s*/i, '')
        .trim();
      format.advocate = { name: advocate[3] && name ? name : null };
      continue;
    }
    format.otherNeeds.push(raw.trim());
  }
  return format;
}
