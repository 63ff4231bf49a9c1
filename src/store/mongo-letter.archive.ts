import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import type { Case, LetterDispatch } from '../cases/index.js';
import type { LetterArchive, NewStoredLetter, StoredLetter } from '../letters/letter-archive.js';
import type { LetterModel } from '../letters/letter-model.js';
import { caseEventModel, type CaseEventDocument } from './case-event.model.js';
import { caseLetterModel, letterKey, type CaseLetterDocument } from './case-letter.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { stringKey } from './filter-guard.js';

export const LETTER_BUCKET = 'letters';

const toStored = ({ _id: _ignored, model: _model, ...letter }: CaseLetterDocument): StoredLetter => letter;

/** Letters in GridFS (bucket "letters") on the app's own connection, indexed by case_letters. */
export class MongoLetterArchive implements LetterArchive {
  private readonly letters: Model<CaseLetterDocument>;
  private readonly events: Model<CaseEventDocument>;

  constructor(private readonly connection: Connection) {
    this.letters = caseLetterModel(connection);
    this.events = caseEventModel(connection);
  }

  private bucket(): GridFSBucket {
    const db = this.connection.db;
    if (!db) throw new Error('The database connection is not open');
    return new GridFSBucket(db, { bucketName: LETTER_BUCKET });
  }

  async store(
    letter: NewStoredLetter,
    model: LetterModel,
    bytes: Buffer,
    storedAt: Date,
  ): Promise<{ letter: StoredLetter; created: boolean }> {
    const existing = await this.find(letter.caseId, letter.index);
    if (existing) return { letter: existing, created: false };
    // The file first, then the record: a record never points at a half-written file. A loser of
    // the race below leaves a file nobody points at, which it deletes again.
    const fileId = new ObjectId();
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket().openUploadStreamWithId(fileId, letter.filename, {
        metadata: { caseId: letter.caseId, index: letter.index, sha256: letter.sha256, kind: letter.kind },
      });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(bytes);
    });
    const record: CaseLetterDocument = {
      _id: letterKey(letter.caseId, letter.index),
      ...letter,
      fileId: fileId.toHexString(),
      size: bytes.length,
      storedAt: storedAt.toISOString(),
      model: model as unknown as Record<string, unknown>,
    };
    try {
      await this.letters.create(record);
      return { letter: toStored(record), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.bucket()
        .delete(fileId)
        .catch(() => undefined);
      const winner = await this.find(letter.caseId, letter.index);
      if (!winner) throw error;
      return { letter: winner, created: false };
    }
  }

  async forCase(caseId: string): Promise<StoredLetter[]> {
    if (stringKey(caseId) === null) return [];
    const docs = await this.letters.find({ caseId }, { model: 0 }).sort({ index: 1 }).lean();
    return docs.map((d) => toStored({ ...d, model: {} }));
  }

  async find(caseId: string, index: number): Promise<StoredLetter | null> {
    if (stringKey(caseId) === null) return null;
    const doc = await this.letters.findById(letterKey(caseId, index), { model: 0 }).lean();
    return doc ? toStored({ ...doc, model: {} }) : null;
  }

  async bytes(caseId: string, index: number): Promise<Buffer | null> {
    const letter = await this.find(caseId, index);
    if (!letter) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket().openDownloadStream(ObjectId.createFromHexString(letter.fileId)))
      chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async model(caseId: string, index: number): Promise<LetterModel | null> {
    if (stringKey(caseId) === null) return null;
    const doc = await this.letters.findById(letterKey(caseId, index), { model: 1 }).lean();
    return doc ? (doc.model as unknown as LetterModel) : null;
  }

  async caseWhenIssued(caseId: string, index: number): Promise<Case | null> {
    if (stringKey(caseId) === null) return null;
    // The first event after which the case holds letter `index`; cases have few events, so they
    // are scanned here rather than queried by array position (portable to FerretDB).
    for await (const event of this.events.find({ caseId }, { caseAfter: 1, seq: 1 }).sort({ seq: 1 }).lean().cursor()) {
      if ((event.caseAfter.letters?.length ?? 0) > index) return event.caseAfter;
    }
    return null;
  }

  async recordDispatch(caseId: string, index: number, dispatch: LetterDispatch): Promise<void> {
    await this.letters.updateOne({ _id: letterKey(caseId, index) }, { $set: { dispatch } });
  }

  async purgeCase(caseId: string): Promise<number> {
    const letters = await this.forCase(caseId);
    const bucket = this.bucket();
    for (const letter of letters)
      await bucket.delete(ObjectId.createFromHexString(letter.fileId)).catch(() => undefined);
    const { deletedCount } = await this.letters.deleteMany({ caseId });
    return deletedCount;
  }
}
