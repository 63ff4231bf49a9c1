import { Schema, type Connection, type Model } from 'mongoose';

// Where the Teams bot can write to a person proactively: the Bot Framework conversation reference
// of their personal chat with the bot, saved when they install the app or first write to it.
// One per Teams user (AAD object id); the reference itself is kept as the opaque JSON the SDK gave.
export interface ConversationReferenceDocument {
  /** Lower-cased AAD object id of the Teams user. */
  aadObjectId: string;
  /** The directory person it was linked to (by AAD object id, else by e-mail); null if unknown. */
  personId: string | null;
  /** How personId was found: by AAD object id, or by e-mail (verified tenants only; recorded). */
  matchedBy?: 'aad_object_id' | 'email' | null;
  conversationId: string;
  reference: Record<string, unknown>;
  updatedAt: Date;
}

const conversationReferenceSchema = new Schema<ConversationReferenceDocument>(
  {
    aadObjectId: { type: String, required: true, unique: true },
    personId: { type: String, default: null },
    matchedBy: { type: String, default: null },
    conversationId: { type: String, required: true, index: true },
    reference: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conversation_references', versionKey: false, minimize: false },
);

// A person's newest personal chat first (every proactive message reads it).
conversationReferenceSchema.index({ personId: 1, updatedAt: -1 });

export function conversationReferenceModel(connection: Connection): Model<ConversationReferenceDocument> {
  return (
    (connection.models.ConversationReference as Model<ConversationReferenceDocument> | undefined) ??
    connection.model<ConversationReferenceDocument>('ConversationReference', conversationReferenceSchema)
  );
}
