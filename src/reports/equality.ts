import { dateInLondon } from '../cases/dates.js';
import { normaliseAccountRef } from '../cases/new-case.js';
import type { Characteristics, EqualityBaseRow, EqualityStore, ReportCase, ReportCaseSource } from './ports.js';

// Equality monitoring for the impact assessment: how often the policy was applied, by protected
// characteristic, against the customer base. The unit is a customer: someone sent a warning,
// restriction or refusal letter in the period counts once, whatever else happened.

export const CHARACTERISTICS = [
  { id: 'age_band', label: 'Age band' },
  { id: 'disability', label: 'Disability' },
  { id: 'sex_gender', label: 'Sex / gender (including transgender)' },
  { id: 'race_ethnicity', label: 'Race / ethnicity' },
  { id: 'religion_belief', label: 'Religion / faith / belief' },
  { id: 'sexual_orientation', label: 'Sexual orientation' },
] as const;
export type CharacteristicId = (typeof CHARACTERISTICS)[number]['id'];
export const CHARACTERISTIC_IDS = CHARACTERISTICS.map((c) => c.id) as [CharacteristicId, ...CharacteristicId[]];

export const NOT_RECORDED = 'not recorded';
/** Counts below this are not shown (ONS and NHS practice for small numbers about people). */
export const SUPPRESS_BELOW = 5;
/**
 * The disproportion rule: a group is flagged when its rate of application is at least 1.25 times
 * the rate across the whole customer base for that characteristic (a rate ratio of 1.25, the
 * "four-fifths rule" turned round), and only where neither count is suppressed.
 */
export const DISPROPORTION_RATIO = 1.25;

export const normaliseGroup = (group: string | undefined | null): string =>
  group?.trim() ? group.trim().toLowerCase() : NOT_RECORDED;

/** A count as published: its value, or why it is hidden ("<5", or "[c]" hidden so that totals cannot reveal a "<5"). */
export type Published = { value: number; shown: true } | { value: number; shown: false; mark: '<5' | '[c]' };

export interface EqualityGroupRow {
  group: string;
  base: Published;
  applied: Published;
  /** Applications per 1,000 customers in the group; null when either count is hidden. */
  ratePer1000: number | null;
  rateRatio: number | null;
  disproportionate: boolean;
}

export interface EqualityCharacteristicSection {
  characteristic: CharacteristicId;
  label: string;
  rows: EqualityGroupRow[];
  baseTotal: Published;
  appliedTotal: Published;
  ratePer1000: number | null;
}

export interface EqualityReport {
  from: string;
  to: string;
  generatedAt: string;
  customersApplied: Published;
  baseImportedAt: string | null;
  sections: EqualityCharacteristicSection[];
}

/**
 * Primary suppression hides every count under 5. Secondary suppression then hides the smallest
 * shown counts of the characteristic until the hidden ones add up to 5 or more, so that the total
 * minus the shown counts never gives a hidden count away. A total under 5 hides everything.
 */
export function suppress(values: readonly number[], total: number): { cells: Published[]; total: Published } {
  if (total < SUPPRESS_BELOW) {
    return {
      cells: values.map((value) => ({ value, shown: false, mark: '<5' as const })),
      total: { value: total, shown: false, mark: '<5' },
    };
  }
  const cells: Published[] = values.map((value) =>
    value < SUPPRESS_BELOW ? { value, shown: false, mark: '<5' } : { value, shown: true },
  );
  const hiddenSum = () => cells.reduce((sum, c) => (c.shown ? sum : sum + c.value), 0);
  const anyHidden = () => cells.some((c) => !c.shown);
  while (anyHidden() && hiddenSum() < SUPPRESS_BELOW) {
    const candidates = cells
      .map((c, i) => [c, i] as const)
      .filter(([c]) => c.shown)
      .sort(([a], [b]) => a.value - b.value);
    const next = candidates[0];
    if (!next) break;
    cells[next[1]] = { value: next[0].value, shown: false, mark: '[c]' };
  }
  return { cells, total: { value: total, shown: true } };
}

export const publishedText = (p: Published): string => (p.shown ? String(p.value) : p.mark);

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** Account references (normalised) of the customers the policy was applied to between from and to (inclusive, London dates). */
export function appliedIn(kase: ReportCase, from: string, to: string): boolean {
  return kase.letters.some((l) => {
    if (l.kind !== 'warning' && l.kind !== 'restriction' && l.kind !== 'refusal_of_all_contact') return false;
    const day = dateInLondon(new Date(l.sentAt));
    return day >= from && day <= to;
  });
}

export function computeEquality(input: {
  from: string;
  to: string;
  now: Date;
  base: readonly EqualityBaseRow[];
  baseImportedAt: string | null;
  /** One entry per customer applied to in the period: their recorded characteristics (or none). */
  applied: readonly Characteristics[];
}): EqualityReport {
  const total = input.applied.length;
  const sections = CHARACTERISTICS.map(({ id, label }): EqualityCharacteristicSection => {
    const baseByGroup = new Map<string, number>();
    for (const row of input.base) {
      if (row.characteristic !== id) continue;
      const g = normaliseGroup(row.group);
      baseByGroup.set(g, (baseByGroup.get(g) ?? 0) + row.count);
    }
    const appliedByGroup = new Map<string, number>();
    for (const c of input.applied) {
      const g = normaliseGroup(c[id]);
      appliedByGroup.set(g, (appliedByGroup.get(g) ?? 0) + 1);
    }
    const groups = [...new Set([...baseByGroup.keys(), ...appliedByGroup.keys()])].sort((a, b) =>
      a === NOT_RECORDED ? 1 : b === NOT_RECORDED ? -1 : a.localeCompare(b),
    );
    const baseValues = groups.map((g) => baseByGroup.get(g) ?? 0);
    const appliedValues = groups.map((g) => appliedByGroup.get(g) ?? 0);
    const baseTotal = baseValues.reduce((a, b) => a + b, 0);
    const base = suppress(baseValues, baseTotal);
    const applied = suppress(appliedValues, total);
    const overallRate = baseTotal > 0 ? total / baseTotal : null;
    const rows = groups.map((group, i): EqualityGroupRow => {
      const b = base.cells[i]!;
      const a = applied.cells[i]!;
      const visible = b.shown && a.shown && b.value > 0;
      const rate = visible ? a.value / b.value : null;
      const ratio = rate !== null && overallRate ? rate / overallRate : null;
      return {
        group,
        base: b,
        applied: a,
        ratePer1000: rate === null ? null : round(rate * 1000, 2),
        rateRatio: ratio === null ? null : round(ratio, 2),
        disproportionate: ratio !== null && ratio >= DISPROPORTION_RATIO,
      };
    });
    return {
      characteristic: id,
      label,
      rows,
      baseTotal: base.total,
      appliedTotal: applied.total,
      ratePer1000: overallRate !== null && applied.total.shown ? round(overallRate * 1000, 2) : null,
    };
  });
  return {
    from: input.from,
    to: input.to,
    generatedAt: input.now.toISOString(),
    customersApplied:
      total < SUPPRESS_BELOW ? { value: total, shown: false, mark: '<5' } : { value: total, shown: true },
    baseImportedAt: input.baseImportedAt,
    sections,
  };
}

export async function buildEqualityReport(
  source: ReportCaseSource,
  store: EqualityStore,
  period: { from: string; to: string },
  now: Date,
): Promise<EqualityReport> {
  const customers = new Set<string>();
  const since = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString();
  for await (const kase of source.eachCase({ updatedSince: since }))
    if (appliedIn(kase, period.from, period.to)) customers.add(normaliseAccountRef(kase.customer.accountRef));
  const characteristics = await store.characteristicsOf([...customers]);
  const { rows, importedAt } = await store.base();
  return computeEquality({
    ...period,
    now,
    base: rows,
    baseImportedAt: importedAt,
    applied: [...customers].map((ref) => characteristics.get(ref) ?? {}),
  });
}
