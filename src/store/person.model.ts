import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { ROLE_IDS } from '../policy/roles.js';

const deputySchema = new Schema(
  {
    deputyPersonId: { type: Schema.Types.ObjectId, required: true },
    from: { type: Date, required: true },
    until: { type: Date, required: true },
  },
  { _id: false },
);

const personSchema = new Schema(
  {
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    roles: { type: [{ type: String, enum: ROLE_IDS }], default: undefined, required: true },
    lineManagerEmail: { type: String, default: null },
    lineManagerId: { type: Schema.Types.ObjectId, default: null },
    // Optional chat identities are left OUT of the document when absent, never stored as null.
    // Production MongoDB honours `sparse` (no entry for a missing field). FerretDB 1.24 (SQLite),
    // used in tests, accepts but drops the option and has no partial indexes either; but it too
    // lets many documents lack the field, while two explicit nulls would collide on both servers.
    // The import also rejects clashes up front, so this index is only the last line of defence.
    slackUserId: { type: String, unique: true, sparse: true, default: undefined },
    teamsAadObjectId: { type: String, unique: true, sparse: true, default: undefined },
    // A copy of the latest entry of deputy_changes (below), kept here so that lookups by deputy
    // are one indexed query. deputiesRevision says which entry it copies.
    deputies: { type: [deputySchema], default: [] },
    deputiesRevision: { type: Number, default: 0 },
    deactivatedAt: { type: Date, default: null },
  },
  { collection: 'people', timestamps: true, versionKey: false },
);
personSchema.index({ roles: 1 });
personSchema.index({ 'deputies.deputyPersonId': 1 });
// `lcp delegations`: the delegations that have not ended yet.
personSchema.index({ 'deputies.until': 1 });

export type PersonDocument = InferSchemaType<typeof personSchema> & { _id: Types.ObjectId };
export type PersonModel = Model<PersonDocument>;

// Every change to a person's deputies, as the whole new list. The unique { personId, revision }
// index decides races between two changes (FerretDB's conditional updates read, then write, so an
// optimistic version check on the person would let both through); it is also their audit trail.
const deputyChangeSchema = new Schema(
  {
    personId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    deputies: { type: [deputySchema], default: [] },
    at: { type: Date, required: true },
  },
  { collection: 'deputy_changes', versionKey: false },
);
deputyChangeSchema.index({ personId: 1, revision: 1 }, { unique: true });

export type DeputyChangeDocument = InferSchemaType<typeof deputyChangeSchema> & { _id: Types.ObjectId };
export type DeputyChangeModel = Model<DeputyChangeDocument>;

/** The model on this connection (not the mongoose default), created once per connection. */
export function personModel(connection: Connection): PersonModel {
  return (
    (connection.models.Person as PersonModel | undefined) ?? connection.model<PersonDocument>('Person', personSchema)
  );
}

export function deputyChangeModel(connection: Connection): DeputyChangeModel {
  return (
    (connection.models.DeputyChange as DeputyChangeModel | undefined) ??
    connection.model<DeputyChangeDocument>('DeputyChange', deputyChangeSchema)
  );
}
