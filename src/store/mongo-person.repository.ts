import { Types, type Connection } from 'mongoose';
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
import { personModel, type PersonDocument, type PersonModel } from './person.model.js';

// Keeps each $in query and insert batch a moderate size for any server.
const BATCH = 500;
const DEPUTY_RETRIES = 5;

export class MongoPersonRepository implements PersonRepository {
  private readonly model: PersonModel;
  /** The unique indexes are the last line of defence, so no write goes ahead before they exist. */
  private readonly indexed: Promise<unknown>;

  constructor(connection: Connection) {
    this.model = personModel(connection);
    this.indexed = this.model.init();
  }

  async findById(id: string): Promise<Person | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return toPerson(await this.model.findById(id).lean<PersonDocument>());
  }

  async findByEmail(email: string): Promise<Person | null> {
    return toPerson(await this.model.findOne({ email: normaliseEmail(email) }).lean<PersonDocument>());
  }

  async findBySlackUserId(slackUserId: string): Promise<Person | null> {
    return toPerson(await this.model.findOne({ slackUserId }).lean<PersonDocument>());
  }

  async findByTeamsAadObjectId(teamsAadObjectId: string): Promise<Person | null> {
    return toPerson(await this.model.findOne({ teamsAadObjectId: teamsAadObjectId.toLowerCase() }).lean<PersonDocument>());
  }

  async findByRole(role: RoleId): Promise<Person[]> {
    return this.list({ roles: role });
  }

  async listByIds(ids: string[]): Promise<Person[]> {
    return this.listIn('_id', ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)));
  }

  async listByEmails(emails: string[]): Promise<Person[]> {
    return this.listIn('email', emails.map(normaliseEmail));
  }

  async listByChatIds(ids: { slackUserIds: string[]; teamsAadObjectIds: string[] }): Promise<Person[]> {
    const bySlack = await this.listIn('slackUserId', ids.slackUserIds);
    const byTeams = await this.listIn('teamsAadObjectId', ids.teamsAadObjectIds.map((id) => id.toLowerCase()));
    return [...new Map([...bySlack, ...byTeams].map((person) => [person.id, person])).values()];
  }

  async upsertMany(people: PersonData[], onProgress?: (done: number) => void): Promise<UpsertReport> {
    await this.indexed;
    const report: UpsertReport = { created: [], updated: [], unchanged: [], failed: [] };
    const stored = new Map((await this.listByEmails(people.map((p) => p.email))).map((person) => [person.email, person]));
    const toCreate: PersonData[] = [];
    const toUpdate: { id: string; data: PersonData; change: PersonChange }[] = [];
    for (const data of people) {
      const existing = stored.get(data.email);
      const fields = existing ? changedFields(existing, data) : [];
      if (!existing) toCreate.push(data);
      else if (fields.length === 0) report.unchanged.push(data.email);
      else toUpdate.push({ id: existing.id, data, change: { email: data.email, fields } });
    }
    let done = report.unchanged.length;
    onProgress?.(done);

    await this.releaseChatIds(toUpdate, stored);
    // One update at a time: on FerretDB an update that breaks a unique index fails its whole
    // command, so a batch would not say which row was refused.
    for (const { id, data, change } of toUpdate) {
      try {
        await this.model.updateOne({ _id: id }, toUpdateDocument(data));
        report.updated.push(change);
      } catch (error) {
        report.failed.push({ email: data.email, message: refusal(error) });
      }
      done += 1;
      if (done % BATCH === 0) onProgress?.(done);
    }
    for (const batch of chunks(toCreate, BATCH)) {
      const refused = await this.insertBatch(batch);
      for (const data of batch) {
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
    if (!(await this.findById(deputy.deputyPersonId))) {
      throw new DirectoryError('DIRECTORY.PERSON_NOT_FOUND', `no person with id ${deputy.deputyPersonId} to act as deputy`);
    }
    for (let attempt = 0; attempt < DEPUTY_RETRIES; attempt += 1) {
      const current = Types.ObjectId.isValid(principalId) ? await this.model.findById(principalId).lean<PersonDocument>() : null;
      if (!current) throw new DirectoryError('DIRECTORY.PERSON_NOT_FOUND', `no person with id ${principalId}`);
      const deputies = withDeputy(toPerson(current)!.deputies, deputy).map(toDeputyDocument);
      const revision = current.deputiesRevision ?? 0;
      const result = await this.model.updateOne(
        { _id: current._id, deputiesRevision: revision },
        { $set: { deputies, deputiesRevision: revision + 1 } },
      );
      if (result.matchedCount === 1) return (await this.findById(principalId))!;
    }
    throw new DirectoryError('DIRECTORY.CONFLICT', `the deputies of ${principalId} kept changing; try again`);
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

  /** Inserts a batch; returns the refused e-mails with why (a concurrent import got there first). */
  private async insertBatch(batch: PersonData[]): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    try {
      await this.model.insertMany(batch.map(toNewDocument), { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { index: number; errmsg?: string }[] }).writeErrors;
      if (!writeErrors || writeErrors.length === 0) throw error;
      for (const writeError of writeErrors) {
        const data = batch[writeError.index];
        if (data) refused.set(data.email, refusal(writeError));
      }
    }
    return refused;
  }

  private async list(filter: Record<string, unknown>): Promise<Person[]> {
    const documents = await this.model.find(filter).sort({ email: 1 }).lean<PersonDocument[]>();
    return documents.map((document) => toPerson(document)!);
  }

  private async listIn(field: string, values: unknown[]): Promise<Person[]> {
    const found: Person[] = [];
    for (const batch of chunks([...new Set(values)], BATCH)) found.push(...(await this.list({ [field]: { $in: batch } })));
    return found;
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
    deputies: (document.deputies ?? []).map((d) => ({
      deputyPersonId: d.deputyPersonId.toHexString(),
      from: d.from,
      until: d.until,
    })),
  };
}

function toDeputyDocument(deputy: Deputy) {
  return { deputyPersonId: new Types.ObjectId(deputy.deputyPersonId), from: deputy.from, until: deputy.until };
}

/** Absent chat ids are left out of the document (see person.model.ts), never stored as null. */
function toNewDocument(data: PersonData) {
  return {
    email: data.email,
    name: data.name,
    roles: data.roles,
    lineManagerEmail: data.lineManagerEmail,
    lineManagerId: null,
    ...(data.slackUserId !== null ? { slackUserId: data.slackUserId } : {}),
    ...(data.teamsAadObjectId !== null ? { teamsAadObjectId: data.teamsAadObjectId } : {}),
    deputies: [],
    deputiesRevision: 0,
  };
}

function toUpdateDocument(data: PersonData) {
  const $set: Record<string, unknown> = { name: data.name, roles: data.roles, lineManagerEmail: data.lineManagerEmail };
  const $unset: Record<string, 1> = {};
  if (data.slackUserId !== null) $set.slackUserId = data.slackUserId;
  else $unset.slackUserId = 1;
  if (data.teamsAadObjectId !== null) $set.teamsAadObjectId = data.teamsAadObjectId;
  else $unset.teamsAadObjectId = 1;
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

/** A unique-index refusal in words; anything else (server down) is not a row problem and is rethrown. */
function refusal(error: unknown): string {
  const message = String((error as { errmsg?: string; message?: string }).errmsg ?? (error as Error).message ?? error);
  const duplicate = (error as { code?: number }).code === 11000 || /E11000|UNIQUE constraint/.test(message);
  if (!duplicate) throw error;
  return 'not saved: its e-mail, Slack user id or Teams id was taken by someone else while importing; import the file again';
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
