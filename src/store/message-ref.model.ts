import { Schema, type Connection, type Model } from 'mongoose';
import type { MessageRef } from '../app/ports.js';

// Every chat message posted about a case, so that all copies can be redrawn after a decision.
const messageRefSchema = new Schema<MessageRef>(
  {
    caseId: { type: String, required: true },
    channel: { type: String, required: true, enum: ['slack', 'teams'] },
    conversationId: { type: String, required: true },
    messageId: { type: String, required: true },
    recipientPersonId: { type: String, default: null },
    purpose: { type: String, required: true },
    postedAt: { type: String, required: true },
  },
  { collection: 'message_refs', versionKey: false },
);
messageRefSchema.index({ channel: 1, conversationId: 1, messageId: 1 }, { unique: true });
// A case's cards in the order they were posted (every redraw reads them).
messageRefSchema.index({ caseId: 1, postedAt: 1 });

export function messageRefModel(connection: Connection): Model<MessageRef> {
  return (
    (connection.models.MessageRef as Model<MessageRef> | undefined) ??
    connection.model<MessageRef>('MessageRef', messageRefSchema)
  );
}
