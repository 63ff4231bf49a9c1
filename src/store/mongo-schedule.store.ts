import { Schema, type Connection, type Model } from 'mongoose';
import type { Case } from '../cases/index.js';
import type { CaseState } from '../policy/states.js';
import { caseModel } from './case.model.js';
import { receiptModel } from './receipt.model.js';
import type { ClaimAges, ReminderLog, ReminderRecord, ScheduledCaseSource } from '../scheduling/ports.js';

// The scheduler's MongoDB adapters of the ports in src/scheduling/ports.ts; they follow the store's
// rules (no TTL, no partial index, no reliance on findOneAndUpdate).

interface ReminderDocument extends Omit<ReminderRecord, 'key'> {
  _id: string;
}

const reminderSchema = new Schema<ReminderDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, default: null },
    caseNumber: { type: String, default: null },
    kind: { type: String, required: true },
    dueDate: { type: String, required: true },
    n: { type: Number, required: true },
    status: { type: String, required: true },
    attempt: { type: Number, required: true },
    claimedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    recipients: { type: [String], default: [] },
  },
  { collection: 'case_reminders', versionKey: false },
);

// A case's reminders in the order `lcp schedule` lists them.
reminderSchema.index({ caseId: 1, dueDate: 1, n: 1 });

export function reminderModel(connection: Connection): Model<ReminderDocument> {
  return (
    (connection.models.CaseReminder as Model<ReminderDocument> | undefined) ??
    connection.model<ReminderDocument>('CaseReminder', reminderSchema)
  );
}

function toRecord({ _id, ...rest }: ReminderDocument): ReminderRecord {
  return { key: _id, ...rest };
}

export class MongoReminderLog implements ReminderLog {
  private readonly reminders: Model<ReminderDocument>;
  constructor(connection: Connection) {
    this.reminders = reminderModel(connection);
  }

  async find(keys: string[]): Promise<Map<string, ReminderRecord>> {
    if (keys.length === 0) return new Map();
    const docs = await this.reminders.find({ _id: { $in: keys } }).lean();
    return new Map(docs.map((d) => [d._id, toRecord(d)]));
  }

  async forCase(caseId: string): Promise<ReminderRecord[]> {
    const docs = await this.reminders.find({ caseId }).sort({ dueDate: 1, n: 1 }).lean();
    return docs.map(toRecord);
  }

  async recordClaim(record: Omit<ReminderRecord, 'status' | 'sentAt' | 'recipients'>): Promise<void> {
    const { key, ...rest } = record;
    // Only the current lease holder writes; a take-over overwrites the dead holder's claim. Never
    // downgrades a record that already says sent.
    await this.reminders
      .updateOne(
        { _id: key, status: { $ne: 'sent' } },
        { $set: { ...rest, status: 'claimed', sentAt: null, recipients: [] } },
        { upsert: true },
      )
      .catch((error: unknown) => {
        // The upsert lost to a record that is already sent: nothing to claim.
        if ((error as { code?: number }).code !== 11000) throw error;
      });
  }

  async recordOutcome(
    key: string,
    outcome: { status: 'sent' | 'undeliverable'; sentAt: Date; recipients: string[] },
  ): Promise<void> {
    await this.reminders.updateOne({ _id: key }, { $set: outcome });
  }
}

export class MongoClaimAges implements ClaimAges {
  constructor(private readonly connection: Connection) {}
  async claimedAt(receiptKey: string): Promise<Date | null> {
    const doc = await receiptModel(this.connection).findById(receiptKey, { createdAt: 1 }).lean();
    return doc?.createdAt ?? null;
  }
}

export class MongoScheduledCases implements ScheduledCaseSource {
  constructor(private readonly connection: Connection) {}

  async *pagesInStates(states: readonly CaseState[], pageSize: number): AsyncIterable<Case[]> {
    const cursor = caseModel(this.connection)
      .find({ state: { $in: [...states] } }, { snapshot: 1 })
      .lean()
      .cursor({ batchSize: pageSize });
    try {
      let page: Case[] = [];
      for await (const doc of cursor) {
        page.push(doc.snapshot);
        if (page.length < pageSize) continue;
        yield page;
        page = [];
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close();
    }
  }

  async withLettersAwaitingDispatch(approvedOnOrBefore: string): Promise<Case[]> {
    const docs = await caseModel(this.connection)
      .find({ letterAwaitingDispatchSince: { $lte: approvedOnOrBefore } }, { snapshot: 1 })
      .lean();
    return docs.map((d) => d.snapshot);
  }

  async byNumber(number: string): Promise<Case | null> {
    const doc = await caseModel(this.connection).findOne({ number }, { snapshot: 1 }).lean();
    return doc?.snapshot ?? null;
  }
}
