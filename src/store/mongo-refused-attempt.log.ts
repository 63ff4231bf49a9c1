import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { RefusedAttempt, RefusedAttemptLog } from '../app/ports.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { refusedAttemptModel, type RefusedAttemptDocument } from './refused-attempt.model.js';

export class MongoRefusedAttemptLog implements RefusedAttemptLog {
  private readonly attempts: Model<RefusedAttemptDocument>;

  constructor(connection: Connection) {
    this.attempts = refusedAttemptModel(connection);
  }

  async record(attempt: RefusedAttempt, key?: string): Promise<void> {
    try {
      await this.attempts.create({ ...attempt, _id: key ? `refused:${key}` : randomUUID() });
    } catch (error) {
      // The same request retried: its refusal is already on record.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async forCase(caseId: string): Promise<RefusedAttempt[]> {
    const docs = await this.attempts.find({ caseId }, { _id: 0 }).sort({ at: 1 }).lean();
    return docs;
  }
}
