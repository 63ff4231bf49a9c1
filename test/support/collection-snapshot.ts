import type { Connection } from 'mongoose';

/** How many documents each collection of the database holds (to show that nothing was stored). */
export async function collectionCounts(connection: Connection): Promise<Record<string, number>> {
  const collections = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name)))
    counts[name] = await connection.collection(name).countDocuments();
  return counts;
}

/** Every document of every collection, for "unchanged" checks stricter than counts. */
export async function collectionContents(connection: Connection): Promise<Record<string, unknown[]>> {
  const collections = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  const out: Record<string, unknown[]> = {};
  for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name)))
    out[name] = await connection.collection(name).find().sort({ _id: 1 }).toArray();
  return out;
}
