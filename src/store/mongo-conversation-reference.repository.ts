import type { Connection, Model } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import { conversationReferenceModel, type ConversationReferenceDocument } from './conversation-reference.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';

export type StoredConversationReference = ConversationReferenceDocument;

/** Implements the Teams adapter's ConversationReferenceStore (src/channels/teams/conversation-references.ts). */
export class MongoConversationReferenceRepository {
  private readonly model: Model<ConversationReferenceDocument>;
  private readonly indexed: Promise<unknown>;

  constructor(connection: Connection) {
    this.model = conversationReferenceModel(connection);
    this.indexed = this.model.init();
    this.indexed.catch(() => undefined);
  }

  /** Creates or replaces the reference of this Teams user; the unique AAD object id keeps one per user. */
  async save(ref: Omit<StoredConversationReference, 'updatedAt'> & { updatedAt?: Date }): Promise<void> {
    await this.indexed;
    const aadObjectId = ref.aadObjectId.toLowerCase();
    const doc = { ...ref, aadObjectId, updatedAt: ref.updatedAt ?? new Date() };
    // Two first messages at once may both try to insert: the unique index lets one win, and the
    // loser's write becomes an update of the winner's document.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.model.updateOne({ aadObjectId }, { $set: doc }, { upsert: true });
        return;
      } catch (error) {
        if (!isDuplicate(error) || attempt >= 2) throw error;
      }
    }
  }

  async findByAadObjectId(aadObjectId: string): Promise<StoredConversationReference | null> {
    const key = stringKey(aadObjectId);
    if (key === null) return null;
    return this.model
      .findOne({ aadObjectId: key.toLowerCase() }, { _id: 0 })
      .setOptions(SANITIZE)
      .lean<StoredConversationReference>();
  }

  async findByPersonId(personId: string): Promise<StoredConversationReference | null> {
    const key = stringKey(personId);
    if (key === null) return null;
    return this.model
      .findOne({ personId: key }, { _id: 0 })
      .setOptions(SANITIZE)
      .sort({ updatedAt: -1 })
      .lean<StoredConversationReference>();
  }

  async findByConversationId(conversationId: string): Promise<StoredConversationReference | null> {
    const key = stringKey(conversationId);
    if (key === null) return null;
    return this.model
      .findOne({ conversationId: key }, { _id: 0 })
      .setOptions(SANITIZE)
      .lean<StoredConversationReference>();
  }

  async count(): Promise<number> {
    return this.model.countDocuments();
  }
}

// FerretDB reports a unique violation inside an upsert as SQLite's constraint error, not code 11000.
function isDuplicate(error: unknown): boolean {
  const { errmsg, message } = (error ?? {}) as { errmsg?: string; message?: string };
  return isDuplicateKeyError(error) || /E11000|UNIQUE constraint/.test(String(errmsg ?? message ?? ''));
}
