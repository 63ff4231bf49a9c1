import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { CaseView, CaseViewLog } from '../reports/ports.js';
import { caseViewModel, type CaseViewDocument } from './case-view.model.js';

/** Only inserts and reads: there is no update path, and only a retention purge deletes. */
export class MongoCaseViewLog implements CaseViewLog {
  private readonly views: Model<CaseViewDocument>;

  constructor(connection: Connection) {
    this.views = caseViewModel(connection);
  }

  async record(view: CaseView): Promise<void> {
    await this.views.create({ _id: randomUUID(), ...view });
  }

  async forCase(caseId: string): Promise<CaseView[]> {
    return this.views.find({ caseId }, { _id: 0 }).sort({ at: 1 }).lean();
  }
}
