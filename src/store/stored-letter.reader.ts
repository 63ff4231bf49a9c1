import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import type { StoredLetterRef } from '../reports/evidence-pack.js';

// The reports' view of the stored letter PDFs (collection case_letters, GridFS bucket "letters",
// written by the letters feature): ids and hashes for evidence packs, and deletion for retention.
// Read through the raw collection so the reports need only the stored fields, not the letters code.
const RECORDS = 'case_letters';
const BUCKET = 'letters';

interface LetterRecordFields {
  caseId: string;
  index: number;
  kind: string;
  sha256: string;
  fileId: string;
  sentAt: string | null;
}

export async function storedLettersOf(connection: Connection, caseId: string): Promise<StoredLetterRef[]> {
  const docs = await connection
    .collection<LetterRecordFields>(RECORDS)
    .find({ caseId }, { projection: { kind: 1, sha256: 1, fileId: 1, sentAt: 1, index: 1 } })
    .sort({ index: 1 })
    .toArray();
  return docs.map((d) => ({ kind: d.kind, fileId: d.fileId, sha256: d.sha256, sentAt: d.sentAt ?? null }));
}

/** Deletes the case's letter PDFs and their records; returns how many letters. */
export async function purgeStoredLetters(connection: Connection, caseId: string): Promise<number> {
  const records = connection.collection<LetterRecordFields>(RECORDS);
  const docs = await records.find({ caseId }, { projection: { fileId: 1 } }).toArray();
  if (docs.length > 0 && connection.db) {
    const bucket = new GridFSBucket(connection.db, { bucketName: BUCKET });
    for (const d of docs) {
      if (!/^[0-9a-f]{24}$/.test(d.fileId)) continue;
      // Already gone (an interrupted purge run again): nothing to delete.
      await bucket.delete(ObjectId.createFromHexString(d.fileId)).catch(() => undefined);
    }
  }
  const { deletedCount } = await records.deleteMany({ caseId });
  return deletedCount;
}
