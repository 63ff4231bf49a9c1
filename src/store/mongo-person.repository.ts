import { Types, type Connection } from 'mongoose';
import { SANITIZE, stringKey } from './filter-guard.js';
import type { RoleId } from '../policy/roles.js';
import {
  DirectoryError,
  changedFields,
  deputyProblem,
  isDeputyActive,
  normaliseEmail,
  withDeputy,
  type Deputy,
  type Person,
  type PersonChange,
  type PersonData,
  type PersonRepository,
  type UpsertReport,
} from '../directory/person.js';
import {
  deputyChangeModel,
  personModel,
  type DeputyChangeDocument,
  type DeputyChangeModel,
  type PersonDocument,
  type PersonModel,
} from './person.model.js';

const INSERT_BATCH = 500;
/**
 * Above this many values a lookup reads the whole collection once and filters in memory:
 * FerretDB 1.24 evaluates $in by scanning anyway (measured: $in of 50 e-mails ≈ 0.4 s, a full
 * read of 5,000 people ≈ 0.7 s), and on MongoDB reading a directory-sized collection is cheap.
 */
const IN_LIMIT = 100;
/** Each attempt at most one of the racing changes wins, so this many racers all get through. */
const DEPUTY_RETRIES = 20;

export class MongoPersonRepository implements PersonRepository {
  private readonly model: PersonModel;
  private readonly deputyChanges: DeputyChangeModel;
  /** The unique indexes decide races and are the last line of defence: no write before they exist. */
  private readonly indexed: Promise<unknown>;

  constructor(connection: Connection) {
    this.model = personModel(connection);
    this.deputyChanges = deputyChangeModel(connection);
    this.indexed = Promise.all([this.model.init(), this.deputyChanges.init()]);
    // Reported to the first write that awaits it, not as an unhandled rejection.
    this.indexed.catch(() => undefined);
  }

  async findById(id: string): Promise<Person | null> {
    if (stringKey(id) === null || !Types.ObjectId.isValid(id)) return null;
    return toPerson(await this.model.findById(id).lean<PersonDocument>());
  }

  async findByEmail(email: string): Promise<Person | null> {
    const key = stringKey(email);
    if (key === null) return null;
    return toPerson(
      await this.model
        .findOne({ email: normaliseEmail(key) })
        .setOptions(SANITIZE)
        .lean<PersonDocument>(),
    );
  }

  async findBySlackUserId(slackUserId: string): Promise<Person | null> {
    const key = stringKey(slackUserId);
    if (key === null) return null;
    return toPerson(await this.model.findOne({ slackUserId: key }).setOptions(SANITIZE).lean<PersonDocument>());
  }

  async findByTeamsAadObjectId(teamsAadObjectId: string): Promise<Person | null> {
    const key = stringKey(teamsAadObjectId);
    if (key === null) return null;
    return toPerson(
      await this.model.findOne({ teamsAadObjectId: key.toLowerCase() }).setOptions(SANITIZE).lean<PersonDocument>(),
    );
  }

  async findByRole(role: RoleId): Promise<Person[]> {
    return this.list({ roles: role });
  }

  async listByIds(ids: string[]): Promise<Person[]> {
    return this.listMatching({ id: ids.filter((id) => Types.ObjectId.isValid(id)) });
  }

  async listByEmails(emails: string[]): Promise<Person[]> {
    return this.listMatching({ email: emails.map(normaliseEmail) });
  }

  async listByChatIds(ids: { slackUserIds: string[]; teamsAadObjectIds: string[] }): Promise<Person[]> {
    return this.listMatching({
      slackUserId: ids.slackUserIds,
      teamsAadObjectId: ids.teamsAadObjectIds.map((id) => id.toLowerCase()),
    });
  }

  async upsertMany(people: PersonData[], onProgress?: (done: number) => void): Promise<UpsertReport> {
    await this.indexed;
    const report: UpsertReport = { created: [], updated: [], unchanged: [], failed: [] };
    const stored = new Map(
      (await this.listByEmails(people.map((p) => p.email))).map((person) => [person.email, person]),
    );
    const toCreate: { id: Types.ObjectId; data: PersonData }[] = [];
    const toUpdate: { id: string; data: PersonData; change: PersonChange }[] = [];
    for (const data of people) {
      const existing = stored.get(data.email);
      const fields = existing ? changedFields(existing, data) : [];
      if (!existing) toCreate.push({ id: new Types.ObjectId(), data });
      else if (fields.length === 0) report.unchanged.push(data.email);
      else toUpdate.push({ id: existing.id, data, change: { email: data.email, fields } });
    }
    // New people get their ids here, so every lineManagerId can be written with the row itself
    // rather than by a second round of updates (each update costs ~50 ms on FerretDB).
    const managerIds = await this.managerIds(people, stored, toCreate);
    let done = report.unchanged.length;
    onProgress?.(done);

    await this.releaseChatIds(toUpdate, stored);
    // One update at a time: on FerretDB an update that breaks a unique index fails its whole
    // command, so a batch would not say which row was refused (and batches were no faster there).
    for (const { id, data, change } of toUpdate) {
      try {
        await this.model.updateOne({ _id: id }, toUpdateDocument(data, managerIds));
        report.updated.push(change);
      } catch (error) {
        report.failed.push({ email: data.email, message: refusal(error) });
      }
      // Updates are slow on FerretDB (~0.1 s each), so every one is reported.
      done += 1;
      onProgress?.(done);
    }
    for (const batch of chunks(toCreate, INSERT_BATCH)) {
      const refused = await this.insertBatch(batch.map(({ id, data }) => toNewDocument(id, data, managerIds)));
      for (const { data } of batch) {
        const message = refused.get(data.email);
        if (message === undefined) report.created.push({ email: data.email, fields: [] });
        else report.failed.push({ email: data.email, message });
      }
      done += batch.length;
      onProgress?.(done);
    }
    onProgress?.(done);
    return report;
  }

  /**
   * The second pass of an import. upsertMany already writes lineManagerId with each row, so this
   * normally changes nothing; it repairs links to a manager whose row lost a race with a
   * concurrent import (and so got the other import's id), or left by older data or a crash.
   */
  async resolveLineManagers(): Promise<number> {
    const all = await this.model
      .find({}, { email: 1, lineManagerEmail: 1, lineManagerId: 1 })
      .lean<Pick<PersonDocument, '_id' | 'email' | 'lineManagerEmail' | 'lineManagerId'>[]>();
    const idByEmail = new Map(all.map((person) => [person.email, person._id]));
    let changed = 0;
    for (const person of all) {
      const wanted = person.lineManagerEmail ? (idByEmail.get(person.lineManagerEmail) ?? null) : null;
      if (String(wanted) === String(person.lineManagerId ?? null)) continue;
      await this.model.updateOne({ _id: person._id }, { $set: { lineManagerId: wanted } });
      changed += 1;
    }
    return changed;
  }

  async setDeputy(principalId: string, deputy: Deputy): Promise<Person> {
    await this.indexed;
    const problem = deputyProblem(principalId, deputy);
    if (problem) throw new DirectoryError('DIRECTORY.INVALID_DEPUTY', problem);
    const principal = await this.findById(principalId);
    if (!principal) throw new DirectoryError('DIRECTORY.PERSON_NOT_FOUND', `no person with id ${principalId}`);
    if (!(await this.findById(deputy.deputyPersonId))) {
      throw new DirectoryError(
        'DIRECTORY.PERSON_NOT_FOUND',
        `no person with id ${deputy.deputyPersonId} to act as deputy`,
      );
    }
    return this.rewriteDeputies(principal, (current) => withDeputy(current, deputy));
  }

  async activeDelegations(at: Date): Promise<{ principal: Person; deputy: Deputy }[]> {
    const people = await this.list({ 'deputies.until': { $gt: at } });
    return people.flatMap((principal) =>
      principal.deputies.filter((d) => d.until.getTime() > at.getTime()).map((deputy) => ({ principal, deputy })),
    );
  }

  async endDeputy(principalId: string, deputyPersonId: string, at: Date): Promise<number> {
    await this.indexed;
    const principal = await this.findById(principalId);
    if (!principal) throw new DirectoryError('DIRECTORY.PERSON_NOT_FOUND', `no person with id ${principalId}`);
    const running = (d: Deputy) => d.deputyPersonId === deputyPersonId && d.until.getTime() > at.getTime();
    const count = principal.deputies.filter(running).length;
    if (count === 0) return 0;
    await this.rewriteDeputies(principal, (current) =>
      current.flatMap((d) => (!running(d) ? [d] : d.from.getTime() < at.getTime() ? [{ ...d, until: at }] : [])),
    );
    return count;
  }

  async listAll(): Promise<Person[]> {
    return this.list({});
  }

  async deactivate(personId: string, at: Date): Promise<Person | null> {
    await this.indexed;
    const person = await this.findById(personId);
    if (!person) return null;
    // Their own delegations end; being someone's deputy ends with resolveActor refusing them.
    if (person.deputies.some((d) => d.until.getTime() > at.getTime())) {
      await this.rewriteDeputies(person, (current) =>
        current.flatMap((d) =>
          d.until.getTime() <= at.getTime() ? [d] : d.from.getTime() < at.getTime() ? [{ ...d, until: at }] : [],
        ),
      );
    }
    await this.model.updateOne(
      { _id: new Types.ObjectId(person.id) },
      { $set: { roles: ['colleague'], deactivatedAt: at } },
    );
    return this.findById(person.id);
  }

  /** A change to one person's deputies, as a new revision in deputy_changes (the arbiter of races). */
  private async rewriteDeputies(principal: Person, change: (current: Deputy[]) => Deputy[]): Promise<Person> {
    const personId = new Types.ObjectId(principal.id);
    for (let attempt = 0; attempt < DEPUTY_RETRIES; attempt += 1) {
      const latest = await this.latestDeputyChange(personId);
      const current = latest ? latest.deputies.map(fromDeputyDocument) : principal.deputies;
      const revision = (latest?.revision ?? 0) + 1;
      try {
        await this.deputyChanges.create({
          personId,
          revision,
          deputies: change(current).map(toDeputyDocument),
          at: new Date(),
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another change took this revision first: build on top of it.
        await pause(5 + Math.random() * 20);
        continue;
      }
      await this.syncDeputies(personId);
      return (await this.findById(principal.id))!;
    }
    throw new DirectoryError('DIRECTORY.CONFLICT', `the deputies of ${principal.email} kept changing; try again`);
  }

  async principalsDeputisedBy(deputyPersonId: string, at: Date): Promise<Person[]> {
    if (!Types.ObjectId.isValid(deputyPersonId)) return [];
    // FerretDB's $elemMatch takes no field conditions on subdocuments, so the period is checked
    // here; the indexed query already narrows it to this deputy's principals.
    const candidates = await this.list({ 'deputies.deputyPersonId': new Types.ObjectId(deputyPersonId) });
    return candidates.filter((person) =>
      person.deputies.some((d) => d.deputyPersonId === deputyPersonId && isDeputyActive(d, at)),
    );
  }

  async principalsAndPeople(
    deputyPersonIds: readonly string[],
    ids: readonly string[],
    at: Date,
  ): Promise<{ principals: Map<string, Person[]>; people: Person[] }> {
    const deputies = [...new Set(deputyPersonIds.filter((id) => Types.ObjectId.isValid(id)))];
    const wanted = [...new Set(ids.filter((id) => Types.ObjectId.isValid(id)))];
    const principals = new Map<string, Person[]>();
    if (deputies.length + wanted.length > IN_LIMIT) {
      for (const id of deputies) principals.set(id, await this.principalsDeputisedBy(id, at));
      return { principals, people: await this.listByIds(wanted) };
    }
    const branches: Record<string, unknown>[] = [];
    if (deputies.length > 0)
      branches.push({ 'deputies.deputyPersonId': { $in: deputies.map((id) => new Types.ObjectId(id)) } });
    if (wanted.length > 0) branches.push({ _id: { $in: wanted } });
    // Both branches indexed (deputies.deputyPersonId, _id); split again here. Someone may be in both.
    const found = branches.length > 0 ? await this.list({ $or: branches }) : [];
    for (const id of deputies)
      principals.set(
        id,
        found.filter((person) => person.deputies.some((d) => d.deputyPersonId === id && isDeputyActive(d, at))),
      );
    return { principals, people: found.filter((person) => wanted.includes(person.id)) };
  }

  /**
   * Copies the latest deputy change onto the person. Every writer checks again after its own write,
   * so a slower writer that put back an older list is corrected: the last check sees the latest.
   * A crash before this runs leaves the copy stale until the next change of that person's deputies.
   */
  private async syncDeputies(personId: Types.ObjectId): Promise<void> {
    for (let round = 0; round < DEPUTY_RETRIES; round += 1) {
      const latest = await this.latestDeputyChange(personId);
      const copy = await this.model
        .findById(personId, { deputiesRevision: 1 })
        .lean<Pick<PersonDocument, 'deputiesRevision'>>();
      if (!latest || !copy || (copy.deputiesRevision ?? 0) >= latest.revision) return;
      await this.model.updateOne(
        { _id: personId },
        { $set: { deputies: latest.deputies, deputiesRevision: latest.revision } },
      );
    }
  }

  private async latestDeputyChange(personId: Types.ObjectId): Promise<DeputyChangeDocument | null> {
    return this.deputyChanges.findOne({ personId }).sort({ revision: -1 }).lean<DeputyChangeDocument>();
  }

  /** E-mail -> id of everyone who may be named as a line manager in `people`. */
  private async managerIds(
    people: PersonData[],
    stored: ReadonlyMap<string, Person>,
    toCreate: { id: Types.ObjectId; data: PersonData }[],
  ): Promise<Map<string, Types.ObjectId>> {
    const ids = new Map<string, Types.ObjectId>();
    for (const [email, person] of stored) ids.set(email, new Types.ObjectId(person.id));
    for (const { id, data } of toCreate) ids.set(data.email, id);
    const outside = people
      .map((p) => p.lineManagerEmail)
      .filter((email): email is string => email !== null && !ids.has(email));
    for (const person of await this.listByEmails(outside)) ids.set(person.email, new Types.ObjectId(person.id));
    return ids;
  }

  /**
   * Lets a Slack or Teams id move between people in one import (even a swap): people in this
   * batch who give up an id that someone else in the batch takes lose it first, so the unique
   * index never sees it twice. Not atomic; a crash in between leaves the id unset until re-run.
   */
  private async releaseChatIds(
    toUpdate: { id: string; data: PersonData }[],
    stored: ReadonlyMap<string, Person>,
  ): Promise<void> {
    for (const field of ['slackUserId', 'teamsAadObjectId'] as const) {
      const claimed = new Set(toUpdate.map((u) => u.data[field]).filter((id) => id !== null));
      const releasing = toUpdate.filter((u) => {
        const held = stored.get(u.data.email)?.[field] ?? null;
        return held !== null && held !== u.data[field] && claimed.has(held);
      });
      if (releasing.length === 0) continue;
      await this.model.updateMany({ _id: { $in: releasing.map((u) => u.id) } }, { $unset: { [field]: 1 } });
    }
  }

  /**
   * Inserts a batch; returns the refused e-mails with why (a concurrent import got there first).
   * Ordered inserts, resumed after each refused row: FerretDB 1.24 on PostgreSQL answers an
   * unordered batch whose rows another writer inserted at the same moment as if it had inserted them
   * all (the unique index keeps the data right, but the report would count them twice). An ordered
   * batch stops at the first refused row and names it on every server; without conflicts it is one
   * round trip, as before.
   */
  private async insertBatch(batch: ReturnType<typeof toNewDocument>[]): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    let rest = batch;
    while (rest.length > 0) {
      try {
        await this.model.insertMany(rest, { ordered: true });
        return refused;
      } catch (error) {
        const writeError = (error as { writeErrors?: { index: number; errmsg?: string }[] }).writeErrors?.[0];
        const data = writeError ? rest[writeError.index] : undefined;
        if (!writeError || !data) throw error;
        refused.set(data.email, refusal(writeError));
        rest = rest.slice(writeError.index + 1);
      }
    }
    return refused;
  }

  private async list(filter: Record<string, unknown>): Promise<Person[]> {
    const documents = await this.model.find(filter).sort({ email: 1 }).lean<PersonDocument[]>();
    return documents.map((document) => toPerson(document)!);
  }

  /** People whose value of any of these fields is among the given values. */
  private async listMatching(
    wanted: Partial<Record<'id' | 'email' | 'slackUserId' | 'teamsAadObjectId', string[]>>,
  ): Promise<Person[]> {
    const entries = Object.entries(wanted).filter(([, values]) => values.length > 0) as [keyof Person, string[]][];
    const count = entries.reduce((sum, [, values]) => sum + values.length, 0);
    if (count === 0) return [];
    if (count <= IN_LIMIT) {
      const field = (name: string) => (name === 'id' ? '_id' : name);
      return this.list({ $or: entries.map(([name, values]) => ({ [field(name)]: { $in: [...new Set(values)] } })) });
    }
    const sets = entries.map(([name, values]) => [name, new Set(values)] as const);
    return (await this.list({})).filter((person) => sets.some(([name, values]) => values.has(person[name] as string)));
  }
}

function toPerson(document: PersonDocument | null): Person | null {
  if (!document) return null;
  return {
    id: document._id.toHexString(),
    email: document.email,
    name: document.name,
    roles: document.roles as RoleId[],
    lineManagerEmail: document.lineManagerEmail ?? null,
    lineManagerId: document.lineManagerId ? document.lineManagerId.toHexString() : null,
    slackUserId: document.slackUserId ?? null,
    teamsAadObjectId: document.teamsAadObjectId ?? null,
    deputies: (document.deputies ?? []).map(fromDeputyDocument),
    deactivatedAt: document.deactivatedAt ?? null,
  };
}

function fromDeputyDocument(d: { deputyPersonId: Types.ObjectId; from: Date; until: Date }): Deputy {
  return { deputyPersonId: d.deputyPersonId.toHexString(), from: d.from, until: d.until };
}

function toDeputyDocument(deputy: Deputy) {
  return { deputyPersonId: new Types.ObjectId(deputy.deputyPersonId), from: deputy.from, until: deputy.until };
}

function managerId(data: PersonData, managerIds: ReadonlyMap<string, Types.ObjectId>): Types.ObjectId | null {
  return data.lineManagerEmail ? (managerIds.get(data.lineManagerEmail) ?? null) : null;
}

/** Absent chat ids are left out of the document (see person.model.ts), never stored as null. */
function toNewDocument(id: Types.ObjectId, data: PersonData, managerIds: ReadonlyMap<string, Types.ObjectId>) {
  return {
    _id: id,
    email: data.email,
    name: data.name,
    roles: data.roles,
    lineManagerEmail: data.lineManagerEmail,
    lineManagerId: managerId(data, managerIds),
    ...(data.slackUserId !== null ? { slackUserId: data.slackUserId } : {}),
    ...(data.teamsAadObjectId !== null ? { teamsAadObjectId: data.teamsAadObjectId } : {}),
    deputies: [],
    deputiesRevision: 0,
  };
}

function toUpdateDocument(data: PersonData, managerIds: ReadonlyMap<string, Types.ObjectId>) {
  const $set: Record<string, unknown> = {
    name: data.name,
    roles: data.roles,
    lineManagerEmail: data.lineManagerEmail,
    lineManagerId: managerId(data, managerIds),
  };
  const $unset: Record<string, 1> = {};
  if (data.slackUserId !== null) $set.slackUserId = data.slackUserId;
  else $unset.slackUserId = 1;
  if (data.teamsAadObjectId !== null) $set.teamsAadObjectId = data.teamsAadObjectId;
  else $unset.teamsAadObjectId = 1;
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

/** A unique-index refusal in words; anything else (server down) is not a row problem and is rethrown. */
function refusal(error: unknown): string {
  if (!isDuplicateKey(error)) throw error;
  return 'not saved: its e-mail, Slack user id or Teams id was taken by someone else while importing; import the file again';
}

// FerretDB reports a unique violation inside an update as a plain error naming SQLite's
// constraint rather than as code 11000, so both forms count.
function isDuplicateKey(error: unknown): boolean {
  const { code, errmsg, message } = (error ?? {}) as { code?: number; errmsg?: string; message?: string };
  return code === 11000 || /E11000|UNIQUE constraint/.test(String(errmsg ?? message ?? ''));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
