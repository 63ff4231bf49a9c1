import type { Person, PersonRepository } from '../directory/person.js';

/** Reminders in flight at once: the chat APIs' rate limits and the database's cores bound this. */
export const SEND_CONCURRENCY = 8;

/** Runs `work` over `items`, at most `limit` at a time. */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The directory as one sweep sees it: each person and each role's holders read once per sweep
 * rather than once per reminder (10,000 reviews due at once go to the same few seniors).
 */
export function sweepPeople(people: PersonRepository): PersonRepository {
  const byId = new Map<string, Promise<Person | null>>();
  const byRole = new Map<string, Promise<Person[]>>();
  return Object.assign(Object.create(people) as PersonRepository, {
    findById: (id: string) => {
      if (!byId.has(id)) byId.set(id, people.findById(id));
      return byId.get(id)!;
    },
    findByRole: (role: Parameters<PersonRepository['findByRole']>[0]) => {
      if (!byRole.has(role)) byRole.set(role, people.findByRole(role));
      return byRole.get(role)!;
    },
  });
}
