import type { Connection, Model } from 'mongoose';
import { caseEventModel } from './case-event.model.js';
import { caseLetterModel } from './case-letter.model.js';
import { caseNumberModel } from './case-number.model.js';
import { caseViewModel } from './case-view.model.js';
import { caseModel } from './case.model.js';
import { conversationReferenceModel } from './conversation-reference.model.js';
import { customerChangeModel, customerModel } from './customer.model.js';
import { directoryImportModel } from './directory-import.model.js';
import { customerEqualityModel, equalityBaseModel } from './equality.model.js';
import { messageRefModel } from './message-ref.model.js';
import { openCaseModel } from './open-case.model.js';
import { deputyChangeModel, personModel } from './person.model.js';
import { receiptModel } from './receipt.model.js';
import { refusedAttemptModel } from './refused-attempt.model.js';
import { legalHoldAuditModel, legalHoldModel, purgeRecordModel } from './retention.model.js';

/**
 * Every collection the store declares, as its model: ensureIndexes builds all their indexes at
 * start-up, and the index-coverage test reads the declared indexes from the same list.
 */
export const STORE_MODELS: readonly ((connection: Connection) => Model<never>)[] = [
  caseModel,
  caseEventModel,
  caseLetterModel,
  caseNumberModel,
  caseViewModel,
  conversationReferenceModel,
  customerModel,
  customerChangeModel,
  directoryImportModel,
  equalityBaseModel,
  customerEqualityModel,
  messageRefModel,
  openCaseModel,
  personModel,
  deputyChangeModel,
  receiptModel,
  refusedAttemptModel,
  legalHoldModel,
  legalHoldAuditModel,
  purgeRecordModel,
] as unknown as readonly ((connection: Connection) => Model<never>)[];
