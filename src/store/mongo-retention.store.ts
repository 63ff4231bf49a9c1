import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { LegalHold, LegalHoldAuditEntry, PurgeRecord, RetentionStore } from '../reports/ports.js';
import { caseEventModel } from './case-event.model.js';
import { caseViewModel } from './case-view.model.js';
import { caseModel } from './case.model.js';
import { customerChangeModel, customerModel } from './customer.model.js';
import { customerEqualityModel, equalityBaseModel } from './equality.model.js';
import { normaliseAccountRef } from '../cases/index.js';
import { isDuplicateKeyError } from './duplicate-key.js';
import { messageRefModel } from './message-ref.model.js';
import { openCaseModel } from './open-case.model.js';
import { refusedAttemptModel } from './refused-attempt.model.js';
import { legalHoldAuditModel, legalHoldModel, purgeRecordModel } from './retention.model.js';
import { purgeStoredLetters } from './stored-letter.reader.js';

/**
 * Retention on MongoDB. There are no transactions on FerretDB, so a purge first writes its purge
 * record (the unique _id makes a concurrent second purge of the same case lose), then deletes; a
 * purge interrupted midway is finished by the next run, since the case document goes last.
 */
export class MongoRetentionStore implements RetentionStore {
  constructor(private readonly connection: Connection) {}

  async closedBefore(closedBefore: string): Promise<{ caseId: string; caseNumber: string; closedAt: string }[]> {
    const docs = await caseModel(this.connection)
      .find({ state: 'closed', 'snapshot.closure.at': { $lt: closedBefore } })
      .select({ number: 1, 'snapshot.closure': 1 })
      .lean<{ _id: string; number: string; snapshot: { closure: { at: string } } }[]>();
    return docs
      .map((d) => ({ caseId: d._id, caseNumber: d.number, closedAt: d.snapshot.closure.at }))
      .sort((a, b) => a.closedAt.localeCompare(b.closedAt));
  }

  async holds(caseIds: readonly string[]): Promise<Map<string, LegalHold>> {
    const docs = await legalHoldModel(this.connection)
      .find({ _id: { $in: [...caseIds] } })
      .lean();
    return new Map(docs.map(({ _id, ...hold }) => [_id, hold]));
  }

  async setHold(hold: LegalHold): Promise<void> {
    await legalHoldModel(this.connection).replaceOne({ _id: hold.caseId }, hold, { upsert: true });
  }

  async clearHold(caseId: string): Promise<boolean> {
    const { deletedCount } = await legalHoldModel(this.connection).deleteOne({ _id: caseId });
    return deletedCount > 0;
  }

  async appendHoldAudit(entry: LegalHoldAuditEntry): Promise<void> {
    await legalHoldAuditModel(this.connection).create({ _id: randomUUID(), ...entry });
  }

  async holdAudit(caseId: string): Promise<LegalHoldAuditEntry[]> {
    return legalHoldAuditModel(this.connection).find({ caseId }, { _id: 0 }).sort({ at: 1 }).lean();
  }

  // The legal hold audit is kept: it records what operators did (case number, reason), not case content.
  async purge(caseId: string, record: Omit<PurgeRecord, 'counts'>): Promise<PurgeRecord> {
    const records = purgeRecordModel(this.connection);
    try {
      await records.create({ _id: caseId, ...record, counts: {} });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Purged before, perhaps interrupted: delete whatever is left and keep the first record's date.
    }
    const c = this.connection;
    const counts: Record<string, number> = {};
    const del = async (name: string, work: Promise<{ deletedCount: number }>) => {
      counts[name] = (counts[name] ?? 0) + (await work).deletedCount;
    };
    await del('events', caseEventModel(c).deleteMany({ caseId }));
    await del('views', caseViewModel(c).deleteMany({ caseId }));
    await del('messages', messageRefModel(c).deleteMany({ caseId }));
    await del('refused_attempts', refusedAttemptModel(c).deleteMany({ caseId }));
    await del('open_case_claims', openCaseModel(c).deleteMany({ caseId }));
    await del('reminders', c.collection('case_reminders').deleteMany({ caseId }));
    counts.letters = await purgeStoredLetters(c, caseId);
    const accountRef =
      (await caseModel(c)
        .findById(caseId, { customerAccountRef: 1, 'snapshot.customer.accountRef': 1 })
        .lean<{ customerAccountRef: string; snapshot: { customer: { accountRef: string } } }>()) ?? null;
    const markers = await customerModel(c).updateMany(
      { 'markers.caseNumber': record.caseNumber },
      { $pull: { markers: { caseNumber: record.caseNumber } } },
    );
    counts.customer_markers = markers.modifiedCount;
    await del('case', caseModel(c).deleteMany({ _id: caseId }));
    // The customer's last case gone: their record (needs, adjustments, format, address, markers,
    // equality data) and its change log go too (issue 12 §6).
    if (accountRef) {
      const refs = [
        ...new Set([
          normaliseAccountRef(accountRef.snapshot.customer.accountRef),
          accountRef.customerAccountRef,
          accountRef.snapshot.customer.accountRef.trim(),
        ]),
      ];
      const remaining = await caseModel(c).countDocuments({ customerAccountRef: { $in: refs } });
      if (remaining === 0) {
        await del(
          'customer_record',
          customerModel(c).deleteMany({ _id: normaliseAccountRef(accountRef.snapshot.customer.accountRef) }),
        );
        await del(
          'customer_changes',
          customerChangeModel(c).deleteMany({
            accountRef: normaliseAccountRef(accountRef.snapshot.customer.accountRef),
          }),
        );
      }
    }
    // $inc: a purge finished by a second run adds what it found to what the first run deleted.
    await records.updateOne(
      { _id: caseId },
      { $inc: Object.fromEntries(Object.entries(counts).map(([k, v]) => [`counts.${k}`, v])) },
    );
    const { _id, ...saved } = (await records.findById(caseId).lean())!;
    return saved;
  }

  async purgeEqualityBefore(before: string): Promise<{ customers: number; base: number }> {
    const customers = await customerEqualityModel(this.connection).updateMany(
      { 'equality.recordedAt': { $lt: String(before) } },
      { $set: { equality: null } },
    );
    const base = await equalityBaseModel(this.connection).deleteMany({ importedAt: { $lt: String(before) } });
    return { customers: customers.modifiedCount, base: base.deletedCount };
  }

  async purgeRecords(): Promise<PurgeRecord[]> {
    return purgeRecordModel(this.connection).find({}, { _id: 0 }).sort({ purgedAt: 1, caseNumber: 1 }).lean();
  }
}
