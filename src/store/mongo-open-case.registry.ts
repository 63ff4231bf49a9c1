import type { Connection, Model } from 'mongoose';
import type { OpenCaseRegistry } from '../app/ports.js';
import { normaliseAccountRef } from '../cases/new-case.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { openCaseModel, type OpenCaseDocument } from './open-case.model.js';

export { normaliseAccountRef };

export class MongoOpenCaseRegistry implements OpenCaseRegistry {
  private readonly openCases: Model<OpenCaseDocument>;

  constructor(
    connection: Connection,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.openCases = openCaseModel(connection);
  }

  async claim(accountRef: string, caseId: string): Promise<{ caseId: string; claimedAt: Date } | null> {
    const _id = normaliseAccountRef(accountRef);
    try {
      await this.openCases.create({ _id, caseId, claimedAt: this.clock() });
      return null;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.openCases.findById(_id).lean();
      // Released between our insert and this read: try once more.
      return holder ? { caseId: holder.caseId, claimedAt: holder.claimedAt } : this.claim(accountRef, caseId);
    }
  }

  async release(accountRef: string, caseId: string): Promise<void> {
    await this.openCases.deleteOne({ _id: normaliseAccountRef(accountRef), caseId });
  }
}
