// Rationales go to the board with the customer taken out (§35 asks for the rationales, not who):
// the customer's name (whole, and each part of it), account reference, complaint references,
// e-mail addresses and telephone numbers are replaced by placeholders. A rationale can still
// describe the customer in ways no pattern catches, so the board report says it was scrubbed by
// machine and the CSV carries the same text for a person to check before it is circulated.

export interface Identifiers {
  name: string;
  accountRef: string;
  /** Other references that point at the customer (complaint references). */
  references?: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Name parts too common to be identifying on their own are still removed: better over than under. */
function nameParts(name: string): string[] {
  const parts = name
    .split(/[\s,]+/)
    .map((p) => p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((p) => p.length >= 2);
  return [...new Set([name.trim(), ...parts])].filter(Boolean).sort((a, b) => b.length - a.length);
}

export function anonymise(text: string, ids: Identifiers): string {
  // E-mail addresses and telephone numbers first, so a name inside an address takes the address with it.
  let out = text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail]')
    .replace(/(?<!\w)(\+44\s?|0)(\d[\s-]?){9,10}(?!\w)/g, '[phone]');
  for (const ref of [ids.accountRef, ...(ids.references ?? [])].filter((r) => r.trim().length > 0)) {
    out = out.replace(new RegExp(escape(ref.trim()), 'gi'), '[account]');
  }
  for (const part of nameParts(ids.name)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(part)}(?![\\p{L}\\p{N}])`, 'giu'), '[customer]');
  }
  return (
    out
      // Reference-like codes of any customer or case (ACC-100234, CMP-2025-0412, LCP-2026-0001).
      .replace(/\b[A-Z]{2,5}(-\d+)+\b/g, '[reference]')
  );
}
