import type { Connection, Model } from 'mongoose';
import type { ReceiptRepository } from '../app/ports.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { receiptModel, type ReceiptDocument } from './receipt.model.js';

export class MongoReceiptRepository implements ReceiptRepository {
  private readonly receipts: Model<ReceiptDocument>;

  constructor(
    connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.receipts = receiptModel(connection);
  }

  async claim(key: string, scope: string): Promise<boolean> {
    try {
      await this.receipts.create({ _id: key, scope, createdAt: this.clock(), completedAt: null, result: null });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async complete(key: string, result: unknown): Promise<void> {
    await this.receipts.updateOne({ _id: key }, { $set: { completedAt: this.clock(), result } });
  }

  async result(key: string): Promise<unknown | undefined> {
    const doc = await this.receipts.findById(key).lean();
    return doc?.completedAt ? doc.result : undefined;
  }

  async release(key: string): Promise<void> {
    await this.receipts.deleteOne({ _id: key });
  }

  async takeOverAbandoned(key: string, scope: string, claimedBefore: Date): Promise<boolean> {
    // Delete-then-insert: of two callers taking over at once, the unique _id lets one insert win.
    await this.receipts.deleteOne({ _id: key, completedAt: null, createdAt: { $lt: claimedBefore } });
    return this.claim(key, scope);
  }

  /** Removes receipts older than `before`; returns how many. */
  async purgeOlderThan(before: Date): Promise<number> {
    const { deletedCount } = await this.receipts.deleteMany({ createdAt: { $lt: before } });
    return deletedCount;
  }
}
