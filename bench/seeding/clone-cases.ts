import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { chainHash, GENESIS_HASH, hashedContent } from '../../src/audit/hash-chain.js';
import { eventId } from '../../src/store/case-event.model.js';

// Seeding thousands of cases through the workflow would take longer than the benchmark itself
// (each decision is several round trips). Instead a few template cases are taken through the real
// workflow, and their stored documents (case, audit events, case number, open-case claim,
// customer) are copied with a new case id, number and customer, in batches. The copies are what
// the workflow would have stored: the same shape, and an audit chain re-hashed for the new ids,
// so `verifyAuditTrail` accepts them.

type Doc = Record<string, unknown> & { _id?: unknown };

export interface CaseTemplate {
  caseId: string;
  number: string;
  accountRef: string;
  case: Doc;
  events: Doc[];
  caseNumber: Doc | null;
  openCase: Doc | null;
  customer: Doc | null;
}

export async function loadTemplate(connection: Connection, caseId: string): Promise<CaseTemplate> {
  const kase = (await connection.collection('cases').findOne({ _id: caseId as never })) as Doc | null;
  if (!kase) throw new Error(`template case ${caseId} not found`);
  const number = String(kase.number);
  const accountRef = String(kase.customerAccountRef);
  return {
    caseId,
    number,
    accountRef,
    case: kase,
    events: (await connection.collection('case_events').find({ caseId }).sort({ seq: 1 }).toArray()) as Doc[],
    caseNumber: (await connection.collection('case_numbers').findOne({ _id: number as never })) as Doc | null,
    openCase: (await connection.collection('open_cases').findOne({ _id: accountRef as never })) as Doc | null,
    customer: (await connection.collection('customers').findOne({ accountRef })) as Doc | null,
  };
}

/** Copies a document, replacing the template's ids in every string; other values keep their types. */
function rewrite<T extends Doc>(doc: T, swaps: [string, string][]): T {
  // The copy gets its own _id, given below (or made by the driver for ObjectId ids).
  const { _id: _dropped, ...rest } = doc;
  const copy = (value: unknown): unknown => {
    if (typeof value === 'string') return swaps.reduce((text, [from, to]) => text.split(from).join(to), value);
    if (value instanceof Date) return new Date(value.getTime());
    if (Array.isArray(value)) return value.map(copy);
    if (value && typeof value === 'object' && !('_bsontype' in value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
    return value;
  };
  return copy(rest) as T;
}

export interface CloneSpec {
  template: CaseTemplate;
  number: string;
  accountRef: string;
}

/** The documents of one clone, its audit chain re-hashed. */
export function cloneDocuments(spec: CloneSpec): {
  case: Doc;
  events: Doc[];
  caseNumber: Doc | null;
  openCase: Doc | null;
  customer: Doc | null;
} {
  const { template } = spec;
  const caseId = randomUUID();
  const swaps: [string, string][] = [
    [template.caseId, caseId],
    [template.number, spec.number],
    [template.accountRef, spec.accountRef],
  ];
  const kase = { _id: caseId, ...rewrite(template.case, swaps) };
  let prevHash = GENESIS_HASH;
  const events = template.events.map((event) => {
    const copy = rewrite(event, swaps) as Doc &
      Parameters<typeof hashedContent>[0] & { prevHash: string; hash: string };
    copy._id = eventId(caseId, Number(copy.seq));
    copy.prevHash = prevHash;
    copy.hash = chainHash(prevHash, hashedContent(copy));
    prevHash = copy.hash;
    return copy as Doc;
  });
  return {
    case: kase,
    events,
    caseNumber: template.caseNumber
      ? { _id: spec.number, ...rewrite(template.caseNumber, swaps), seq: Number(spec.number.split('-').at(-1)) }
      : null,
    openCase: template.openCase ? { _id: spec.accountRef, ...rewrite(template.openCase, swaps) } : null,
    customer: template.customer ? rewrite(template.customer, swaps) : null,
  };
}

/** Inserts clones in batches; `specFor(i)` names clone i. Returns the seconds it took. */
export async function insertClones(
  connection: Connection,
  count: number,
  specFor: (i: number) => CloneSpec,
  options: { batch?: number; withEvents?: boolean; casesOnly?: boolean; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const started = Date.now();
  const batch = options.batch ?? 1000;
  for (let from = 0; from < count; from += batch) {
    const docs = {
      cases: [] as Doc[],
      case_events: [] as Doc[],
      case_numbers: [] as Doc[],
      open_cases: [] as Doc[],
      customers: [] as Doc[],
    };
    for (let i = from; i < Math.min(count, from + batch); i++) {
      const clone = cloneDocuments(specFor(i));
      docs.cases.push(clone.case);
      if (options.withEvents !== false) docs.case_events.push(...clone.events);
      if (options.casesOnly) continue;
      if (clone.caseNumber) docs.case_numbers.push(clone.caseNumber);
      if (clone.openCase) docs.open_cases.push(clone.openCase);
      if (clone.customer) docs.customers.push(clone.customer);
    }
    for (const [collection, list] of Object.entries(docs)) {
      if (list.length > 0) await connection.collection(collection).insertMany(list as never[], { ordered: false });
    }
    options.onProgress?.(Math.min(count, from + batch));
  }
  return (Date.now() - started) / 1000;
}
