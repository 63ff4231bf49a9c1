/**
 * Would MongoDB serve this query from an index? A deliberately simple model of its planner, strict
 * where it matters: a filter is served when some index's first field is constrained by it (or the
 * filter is on _id); a sort is served when an index orders by it after the filter's equality fields.
 * A filter that constrains nothing (a whole-collection read) is served only when an index gives
 * the requested order and the read is bounded (limit), since without either it grows with the data.
 */

export type IndexKey = [field: string, direction: number | string][];

/** What one recorded command asks of one collection. */
export interface QueryShape {
  command: string;
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, number>;
  limit?: number;
}

export type Verdict = { served: true } | { served: false; why: string };

const OPERATORS_NOT_SERVED = new Set(['$where', '$expr', '$text', '$nor', '$jsonSchema']);

export function isServed(query: QueryShape, indexes: IndexKey[]): Verdict {
  const all: IndexKey[] = [[['_id', 1]], ...indexes];
  const filterVerdict = filterServed(query.filter, all);
  if (!filterVerdict.served && !(isEmpty(query.filter) && query.sort)) return filterVerdict;
  if (query.sort && !isEmpty(query.sort) && !sortServed(query.filter, query.sort, all)) {
    return {
      served: false,
      why: `no index orders by ${JSON.stringify(query.sort)} after the filter's equality fields`,
    };
  }
  if (isEmpty(query.filter) && query.limit === undefined) {
    return { served: false, why: 'reads the whole collection (no filter, no limit)' };
  }
  return { served: true };
}

function filterServed(filter: Record<string, unknown>, indexes: IndexKey[]): Verdict {
  if (isEmpty(filter)) return { served: false, why: 'no filter: reads the whole collection' };
  for (const operator of Object.keys(filter)) {
    if (OPERATORS_NOT_SERVED.has(operator)) return { served: false, why: `${operator} cannot use an index` };
  }
  const branches = filter.$or;
  if (Array.isArray(branches)) {
    // Either another condition beside the $or is served, or every branch is.
    const { $or: _ignored, ...rest } = filter;
    if (!isEmpty(rest) && filterServed(rest, indexes).served) return { served: true };
    for (const branch of branches) {
      const verdict = filterServed(branch as Record<string, unknown>, indexes);
      if (!verdict.served) return { served: false, why: `a branch of $or is not served: ${verdict.why}` };
    }
    return { served: true };
  }
  const fields = constrainedFields(filter);
  if (indexes.some((index) => fields.has(index[0]![0]))) return { served: true };
  return { served: false, why: `no index starts with any of ${[...fields].join(', ') || '(no field)'}` };
}

/** Top-level fields the filter constrains, through $and. */
function constrainedFields(filter: Record<string, unknown>): Set<string> {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value)
        for (const field of constrainedFields(part as Record<string, unknown>)) fields.add(field);
    } else if (!key.startsWith('$')) {
      fields.add(key);
    }
  }
  return fields;
}

/** Fields the filter pins to one value (plain values or $eq), which an index may skip before the sort. */
function equalityFields(filter: Record<string, unknown>): Set<string> {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) for (const field of equalityFields(part as Record<string, unknown>)) fields.add(field);
    } else if (!key.startsWith('$') && !isOperatorObject(value)) {
      fields.add(key);
    } else if (
      !key.startsWith('$') &&
      isOperatorObject(value) &&
      Object.keys(value as object).every((op) => op === '$eq')
    ) {
      fields.add(key);
    }
  }
  return fields;
}

function sortServed(filter: Record<string, unknown>, sort: Record<string, number>, indexes: IndexKey[]): boolean {
  const wanted = Object.entries(sort).map(([field, direction]) => [field, Number(direction)] as const);
  const pinned = equalityFields(filter);
  return indexes.some((index) => {
    let position = 0;
    while (position < index.length && pinned.has(index[position]![0]) && index[position]![0] !== wanted[0]![0])
      position++;
    const rest = index.slice(position, position + wanted.length);
    if (rest.length < wanted.length) return false;
    const same = rest.every(([field, direction], i) => field === wanted[i]![0] && Number(direction) === wanted[i]![1]);
    const reversed = rest.every(
      ([field, direction], i) => field === wanted[i]![0] && Number(direction) === -wanted[i]![1],
    );
    return same || reversed;
  });
}

function isOperatorObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

function isEmpty(value: object | undefined): boolean {
  return value === undefined || Object.keys(value).length === 0;
}

/**
 * The queries a driver command carries: find, count, distinct, findAndModify, each statement of an
 * update or delete, and an aggregate's leading $match (with the $sort right after it).
 */
export function queriesOf(commandName: string, command: Record<string, unknown>): QueryShape[] {
  const collection = String(command[commandName]);
  const filterOf = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  switch (commandName) {
    case 'find':
      return [
        {
          command: 'find',
          collection,
          filter: filterOf(command.filter),
          sort: command.sort as Record<string, number> | undefined,
          limit: command.limit as number | undefined,
        },
      ];
    case 'count':
    case 'distinct':
      return [
        {
          command: commandName,
          collection,
          filter: filterOf(command.query),
          limit: command.limit as number | undefined,
        },
      ];
    case 'findAndModify':
      return [
        {
          command: 'findAndModify',
          collection,
          filter: filterOf(command.query),
          sort: command.sort as Record<string, number> | undefined,
          limit: 1,
        },
      ];
    case 'update':
      return ((command.updates as { q?: unknown; multi?: boolean }[] | undefined) ?? []).map((statement) => ({
        command: 'update',
        collection,
        filter: filterOf(statement.q),
        limit: statement.multi ? undefined : 1,
      }));
    case 'delete':
      return ((command.deletes as { q?: unknown; limit?: number }[] | undefined) ?? []).map((statement) => ({
        command: 'delete',
        collection,
        filter: filterOf(statement.q),
        limit: statement.limit === 1 ? 1 : undefined,
      }));
    case 'aggregate': {
      const pipeline = (command.pipeline as Record<string, unknown>[] | undefined) ?? [];
      const match = pipeline[0]?.$match;
      const sort = (match ? pipeline[1]?.$sort : pipeline[0]?.$sort) as Record<string, number> | undefined;
      const limitStage = pipeline.find((stage) => '$limit' in stage)?.$limit as number | undefined;
      return [{ command: 'aggregate', collection, filter: filterOf(match), sort, limit: limitStage }];
    }
    default:
      return [];
  }
}

/** Commands whose queries the index check looks at. */
export const QUERY_COMMANDS = new Set(['find', 'count', 'distinct', 'findAndModify', 'update', 'delete', 'aggregate']);
