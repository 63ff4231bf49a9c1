import type { Connection, Model } from 'mongoose';
import type { MessageRef, MessageRefRepository } from '../app/ports.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { messageRefModel } from './message-ref.model.js';

export class MongoMessageRefRepository implements MessageRefRepository {
  private readonly refs: Model<MessageRef>;

  constructor(connection: Connection) {
    this.refs = messageRefModel(connection);
  }

  async add(ref: MessageRef): Promise<void> {
    try {
      await this.refs.create(ref);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // the same message recorded twice is one message
    }
  }

  async forCase(caseId: string): Promise<MessageRef[]> {
    return this.refs.find({ caseId }, { _id: 0 }).sort({ postedAt: 1 }).lean();
  }
}
