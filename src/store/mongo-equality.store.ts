import type { Connection, Model } from 'mongoose';
import { normaliseAccountRef } from '../cases/new-case.js';
import type { Characteristics, EqualityBaseRow, EqualityStore } from '../reports/ports.js';
import {
  customerEqualityModel,
  equalityBaseModel,
  type CustomerEqualityDocument,
  type EqualityBaseDocument,
} from './equality.model.js';

const CURRENT = 'current';

export class MongoEqualityStore implements EqualityStore {
  private readonly bases: Model<EqualityBaseDocument>;
  private readonly customers: Model<CustomerEqualityDocument>;

  constructor(connection: Connection) {
    this.bases = equalityBaseModel(connection);
    this.customers = customerEqualityModel(connection);
  }

  async replaceBase(rows: readonly EqualityBaseRow[], source: { fileName: string; importedAt: string }): Promise<void> {
    await this.bases.replaceOne({ _id: CURRENT }, { rows: [...rows], ...source }, { upsert: true });
  }

  async base(): Promise<{ rows: EqualityBaseRow[]; importedAt: string | null; fileName: string | null }> {
    const doc = await this.bases.findById(CURRENT).lean();
    return {
      rows: doc?.rows.map(({ characteristic, group, count }) => ({ characteristic, group, count })) ?? [],
      importedAt: doc?.importedAt ?? null,
      fileName: doc?.fileName ?? null,
    };
  }

  async setCharacteristics(
    accountRef: string,
    characteristics: Characteristics,
    recordedAt: string,
  ): Promise<'created' | 'updated'> {
    const result = await this.customers.updateOne(
      { _id: normaliseAccountRef(accountRef) },
      {
        $set: { equality: { characteristics, recordedAt } },
        // A customer not yet reported on: the record the first report will find and keep.
        $setOnInsert: { accountRef: accountRef.trim(), name: '', markers: [], adjustments: [], formatNeeds: [] },
      },
      { upsert: true },
    );
    return result.upsertedCount > 0 ? 'created' : 'updated';
  }

  async characteristicsOf(accountRefs: readonly string[]): Promise<Map<string, Characteristics>> {
    const out = new Map<string, Characteristics>();
    const ids = [...new Set(accountRefs.map(normaliseAccountRef))];
    for (let i = 0; i < ids.length; i += 500) {
      const docs = await this.customers.find({ _id: { $in: ids.slice(i, i + 500) } }, { equality: 1 }).lean();
      for (const d of docs) if (d.equality) out.set(d._id, d.equality.characteristics);
    }
    return out;
  }
}
