// The Teams adapter's port for conversation references (implemented by
// src/store/mongo-conversation-reference.repository.ts). The reference is opaque JSON to the store.
export interface StoredConversationReference {
  aadObjectId: string;
  personId: string | null;
  /** How personId was found: the directory's AAD object id, or (verified tenants only) the e-mail. */
  matchedBy?: 'aad_object_id' | 'email' | null;
  conversationId: string;
  reference: Record<string, unknown>;
  updatedAt: Date;
}

export interface ConversationReferenceStore {
  save(ref: Omit<StoredConversationReference, 'updatedAt'> & { updatedAt?: Date }): Promise<void>;
  findByAadObjectId(aadObjectId: string): Promise<StoredConversationReference | null>;
  findByPersonId(personId: string): Promise<StoredConversationReference | null>;
  findByConversationId(conversationId: string): Promise<StoredConversationReference | null>;
}
