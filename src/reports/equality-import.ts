import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { CHARACTERISTIC_IDS, normaliseGroup } from './equality.js';
import type { Characteristics, EqualityBaseRow, EqualityStore } from './ports.js';

// The two CSV imports behind equality monitoring: the customer base as aggregate counts
// (characteristic,group,count) and the characteristics of individual customers
// (account_ref,age_band,disability,sex_gender,race_ethnicity,religion_belief,sexual_orientation).
// Bad rows are reported by line number and the rest is imported, as the directory import does.

export interface ImportOutcome {
  imported: number;
  created?: number;
  updated?: number;
  problems: string[];
}

const baseRowSchema = z.object({
  characteristic: z.enum(CHARACTERISTIC_IDS, { message: `one of ${CHARACTERISTIC_IDS.join(', ')}` }),
  group: z.string().trim().min(1, 'a group name').max(100),
  count: z.coerce.number({ message: 'a whole number' }).int('a whole number').min(0, 'a whole number, 0 or more'),
});

const customerRowSchema = z
  .object({ account_ref: z.string().trim().min(1, 'an account reference').max(100) })
  .extend(
    Object.fromEntries(CHARACTERISTIC_IDS.map((id) => [id, z.string().trim().max(100).optional()])) as Record<
      (typeof CHARACTERISTIC_IDS)[number],
      z.ZodOptional<z.ZodString>
    >,
  );

function records(text: string): Record<string, string>[] {
  return parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
}

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || 'row'}: expected ${i.message}`).join('; ');

export function parseBaseCsv(text: string): { rows: EqualityBaseRow[]; problems: string[] } {
  const rows = new Map<string, EqualityBaseRow>();
  const problems: string[] = [];
  records(text).forEach((raw, i) => {
    const line = i + 2;
    const parsed = baseRowSchema.safeParse(raw);
    if (!parsed.success) return void problems.push(`line ${line}: ${describe(parsed.error)}`);
    const key = `${parsed.data.characteristic}\u0000${normaliseGroup(parsed.data.group)}`;
    if (rows.has(key))
      return void problems.push(
        `line ${line}: ${parsed.data.characteristic} group "${parsed.data.group}" appears twice; the first is kept`,
      );
    rows.set(key, {
      characteristic: parsed.data.characteristic,
      group: normaliseGroup(parsed.data.group),
      count: parsed.data.count,
    });
  });
  return { rows: [...rows.values()], problems };
}

export async function importBase(
  store: EqualityStore,
  text: string,
  fileName: string,
  now: Date,
): Promise<ImportOutcome> {
  const { rows, problems } = parseBaseCsv(text);
  if (rows.length === 0)
    return { imported: 0, problems: [...problems, 'no valid rows: the customer base was not replaced'] };
  await store.replaceBase(rows, { fileName, importedAt: now.toISOString() });
  return { imported: rows.length, problems };
}

export async function importCustomers(store: EqualityStore, text: string, now: Date): Promise<ImportOutcome> {
  const problems: string[] = [];
  let created = 0;
  let updated = 0;
  const rows = records(text);
  for (const [i, raw] of rows.entries()) {
    const parsed = customerRowSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`line ${i + 2}: ${describe(parsed.error)}`);
      continue;
    }
    // A blank cell is "not recorded": stored as absent, so the report puts the customer in that group.
    const characteristics: Characteristics = {};
    for (const id of CHARACTERISTIC_IDS) {
      const value = parsed.data[id];
      if (value) characteristics[id] = normaliseGroup(value);
    }
    const outcome = await store.setCharacteristics(parsed.data.account_ref, characteristics, now.toISOString());
    if (outcome === 'created') created += 1;
    else updated += 1;
  }
  return { imported: created + updated, created, updated, problems };
}
