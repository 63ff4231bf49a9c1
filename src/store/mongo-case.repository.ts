import type { Connection, Model } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import { GENESIS_HASH, hashedContent, newEventChainFields, newEventHash } from '../audit/hash-chain.js';
import { lettersToChase, normaliseAccountRef, type Case, type CaseEvent } from '../cases/index.js';
import { dateInLondon } from '../cases/dates.js';
import {
  ConcurrentDecisionError,
  type AppendOptions,
  type CaseAtHead,
  type CaseRepository,
  type StoredEvent,
} from '../app/ports.js';
import { caseEventModel, eventId, type CaseEventDocument } from './case-event.model.js';
import { caseModel, type CaseDocument } from './case.model.js';
import { caseNumberModel, type CaseNumberDocument } from './case-number.model.js';
import { isDuplicateKeyError } from './duplicate-key.js';

const MAX_NUMBER_ATTEMPTS = 1000;

export class MongoCaseRepository implements CaseRepository {
  private readonly cases: Model<CaseDocument>;
  private readonly caseEvents: Model<CaseEventDocument>;
  private readonly numbers: Model<CaseNumberDocument>;
  /** The last case number this process handed out, by year. */
  private readonly lastNumber = new Map<number, number>();

  constructor(connection: Connection) {
    this.cases = caseModel(connection);
    this.caseEvents = caseEventModel(connection);
    this.numbers = caseNumberModel(connection);
  }

  async allocateNumber(year: number, caseId: string): Promise<string> {
    // The number after the last one this process handed out is usually free: one insert, no read.
    // Otherwise (first use, or another process took it) the highest taken number is read again.
    const remembered = this.lastNumber.get(year);
    let seq = remembered !== undefined ? remembered + 1 : await this.nextFree(year);
    let refreshed = remembered === undefined;
    // Concurrent reporters race for the same number; the unique _id lets one win and the
    // others move on to the next number.
    for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
      const number = `LCP-${year}-${String(seq).padStart(4, '0')}`;
      try {
        await this.numbers.create({ _id: number, year, seq, caseId });
        this.lastNumber.set(year, seq);
        return number;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        seq = refreshed ? seq + 1 : Math.max(seq + 1, await this.nextFree(year));
        refreshed = true;
      }
    }
    throw new Error(`Could not allocate a case number for ${year} after ${MAX_NUMBER_ATTEMPTS} attempts`);
  }

  private async nextFree(year: number): Promise<number> {
    const highest = await this.numbers.findOne({ year }).sort({ seq: -1 }).lean();
    return (highest?.seq ?? 0) + 1;
  }

  async create(next: Case, events: CaseEvent[]): Promise<void> {
    await this.appendEvents(0, next, events);
    try {
      await this.cases.create(toDocument(next));
    } catch (error) {
      // A reader that saw the first event before this insert has already written the case from it.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async append(previousVersion: number, next: Case, events: CaseEvent[], options: AppendOptions = {}): Promise<void> {
    await this.appendEvents(previousVersion, next, events, options);
    // Also brings up to date a case document that lagged behind its events (findAtHead).
    await this.cases.updateOne({ _id: next.id, version: { $lte: previousVersion } }, { $set: toDocument(next) });
  }

  async findById(id: string): Promise<Case | null> {
    if (stringKey(id) === null) return null;
    const doc = await this.cases.findById(id).setOptions(SANITIZE).lean();
    // Events are numbered without gaps: a newer one than the case is event version+1 (then the
    // latest is found by walking on). Looked up by _id, which every server answers from an index.
    let newer = await this.caseEvents.findById(eventId(id, (doc?.version ?? 0) + 1)).lean();
    for (let after = newer; after; after = await this.caseEvents.findById(eventId(id, after.seq + 1)).lean())
      newer = after;
    if (newer) {
      // A previous save stopped between the event and the case update (or is still between them):
      // the event is the truth. Two readers, or a reader and the save itself, may both write the
      // case; on FerretDB an upsert is not atomic, so the loser's duplicate key means it is done.
      try {
        await this.cases.replaceOne({ _id: id }, toDocument(newer.caseAfter), { upsert: true });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      return newer.caseAfter;
    }
    return doc ? doc.snapshot : null;
  }

  async findAtHead(id: string): Promise<CaseAtHead | null> {
    if (stringKey(id) === null) return null;
    // The latest event by the { caseId, seq } index, walked backwards: one read, and always the truth.
    const latest = await this.caseEvents
      .findOne({ caseId: id }, { caseAfter: 1, seq: 1, hash: 1, requestKey: 1 })
      .sort({ seq: -1 })
      .setOptions(SANITIZE)
      .lean<Pick<CaseEventDocument, 'caseAfter' | 'seq' | 'hash' | 'requestKey'>>();
    if (latest?.caseAfter) {
      return {
        case: latest.caseAfter,
        head: { seq: latest.seq, hash: latest.hash, requestKey: latest.requestKey ?? null },
      };
    }
    // No event to read it from (none should be missing): the case document, repaired if it must be.
    const kase = await this.findById(id);
    return kase ? { case: kase, head: null } : null;
  }

  async findByRequestKey(requestKey: string): Promise<{ case: Case; event: StoredEvent } | null> {
    const key = stringKey(requestKey);
    if (key === null) return null;
    const doc = await this.caseEvents.findOne({ requestKey: key }, { _id: 0 }).setOptions(SANITIZE).lean();
    if (!doc) return null;
    const { caseAfter, requestKey: _key, ...event } = doc;
    return { case: caseAfter, event: event as StoredEvent };
  }

  async findByNumber(number: string): Promise<Case | null> {
    if (stringKey(number) === null) return null;
    const doc = await this.cases.findOne({ number }, { _id: 1 }).setOptions(SANITIZE).lean();
    return doc ? this.findById(doc._id) : null;
  }

  async events(caseId: string): Promise<StoredEvent[]> {
    const docs = await this.caseEvents
      .find({ caseId }, { caseAfter: 0, _id: 0, requestKey: 0 })
      .sort({ seq: 1 })
      .lean();
    return docs as StoredEvent[];
  }

  /**
   * The latest event (the chain head) of every case changed since `since` (ISO): the daily anchor
   * job writes them to the log, outside the database. By updatedAt (indexed), then each head by _id.
   */
  async chainHeadsSince(since: string): Promise<{ caseNumber: string; seq: number; hash: string }[]> {
    const changed = await this.cases
      .find({ updatedAt: { $gte: String(since) } }, { _id: 1, number: 1, version: 1 })
      .sort({ updatedAt: 1 })
      .lean();
    const heads: { caseNumber: string; seq: number; hash: string }[] = [];
    for (const c of changed) {
      const head = await this.caseEvents.findById(eventId(c._id, c.version), { seq: 1, hash: 1 }).lean();
      if (head) heads.push({ caseNumber: c.number, seq: head.seq, hash: head.hash });
    }
    return heads;
  }

  /** Each event's case snapshot, in order: what `lcp audit verify` replays. */
  async eventSnapshots(caseId: string): Promise<{ seq: number; caseAfter: Case }[]> {
    if (stringKey(caseId) === null) return [];
    return this.caseEvents
      .find({ caseId }, { seq: 1, caseAfter: 1, _id: 0 })
      .sort({ seq: 1 })
      .lean<{ seq: number; caseAfter: Case }[]>();
  }

  async listByStates(states: readonly string[], limit = 500): Promise<Case[]> {
    const docs = await this.cases
      .find({ state: { $in: [...states] } }, { snapshot: 1 })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => d.snapshot);
  }

  async listByReporter(personId: string, limit = 50): Promise<Case[]> {
    const docs = await this.cases
      .find({ reporterIds: personId }, { snapshot: 1 })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean();
    return docs.map((d) => d.snapshot);
  }

  async countInState(state: string): Promise<number> {
    return this.cases.countDocuments({ state: String(state) });
  }

  async listByCustomer(accountRef: string, limit = 50): Promise<Case[]> {
    const key = stringKey(accountRef);
    if (key === null) return [];
    // Stored normalised since issue 12; the spelling as given also finds cases saved before that.
    const refs = [...new Set([normaliseAccountRef(key), key.trim()])];
    // Both values are plain strings (stringKey), so the $in is ours, never the caller's.
    const docs = await this.cases
      .find({ customerAccountRef: { $in: refs } }, { snapshot: 1 })
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean();
    return docs.map((d) => d.snapshot);
  }

  private async appendEvents(
    previousVersion: number,
    next: Case,
    events: CaseEvent[],
    { head, requestKey }: AppendOptions = {},
  ): Promise<void> {
    if (next.version !== previousVersion + events.length) {
      throw new Error(
        `Case ${next.id}: version ${next.version} does not follow ${previousVersion} with ${events.length} event(s)`,
      );
    }
    let prevHash = GENESIS_HASH;
    if (head && head.seq === previousVersion) {
      prevHash = head.hash;
    } else if (previousVersion > 0) {
      const previous = await this.caseEvents.findOne({ caseId: next.id, seq: previousVersion }, { hash: 1 }).lean();
      if (!previous) throw new Error(`Case ${next.id}: audit event ${previousVersion} is missing`);
      prevHash = previous.hash;
    }
    for (const [i, event] of events.entries()) {
      const seq = previousVersion + i + 1;
      // decide() makes one event per change, so `next` is the case as it stands after this event.
      const stored: StoredEvent = { ...event, seq, prevHash, hash: '', ...newEventChainFields(next) };
      stored.hash = newEventHash(prevHash, hashedContent(stored));
      try {
        // The request key goes on the decision's last event: one event per request, one request per key.
        const keyed = requestKey && i === events.length - 1 ? { requestKey } : {};
        await this.caseEvents.create({ _id: eventId(next.id, seq), ...stored, caseAfter: next, ...keyed });
      } catch (error) {
        // Either the seq was taken (another decision) or the request key (the same request, saved
        // already): the caller tells them apart with findByRequestKey.
        if (isDuplicateKeyError(error)) throw new ConcurrentDecisionError(next.id, seq);
        throw error;
      }
      prevHash = stored.hash;
    }
  }
}

function toDocument(next: Case): CaseDocument {
  return {
    _id: next.id,
    number: next.number,
    state: next.state,
    version: next.version,
    customerAccountRef: normaliseAccountRef(next.customer.accountRef),
    reporterIds: next.reporterIds,
    nextReviewDue: next.nextReviewDue,
    letterAwaitingDispatchSince: awaitingDispatchSince(next),
    updatedAt: next.updatedAt,
    snapshot: next,
  };
}

/** The approval date of the case's oldest letter that the dispatch reminder chases, or null. */
function awaitingDispatchSince(kase: Case): string | null {
  const dates = lettersToChase(kase).map((i) => dateInLondon(new Date(kase.letters[i]!.approvedAt)));
  return dates.sort()[0] ?? null;
}
