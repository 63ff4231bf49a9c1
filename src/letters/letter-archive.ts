import type { Case, LetterDispatch } from '../cases/index.js';
import type { LetterKind } from '../policy/index.js';
import type { LetterModel } from './letter-model.js';

// Where approved letters are kept: the PDF as sent, its content hash, the template version and
// the date sent, one per (case, letter index). Other features (the evidence pack, retention) read
// it through this port; src/store implements it with GridFS.

export interface StoredLetter {
  caseId: string;
  caseNumber: string;
  /** The letter's place in Case.letters: with the case id, its identity. */
  index: number;
  kind: LetterKind;
  label: string;
  templateVersion: string;
  /** sha256 of the PDF bytes, hex. */
  sha256: string;
  sentAt: string;
  approvedAt: string;
  /** "X" or "X on behalf of Y". */
  approvedBy: string;
  /** The GridFS file id (hex). */
  fileId: string;
  filename: string;
  size: number;
  largePrint: boolean;
  /** Recorded format needs this PDF does not meet by itself (staff arrange them). */
  otherFormatNeeds: string[];
  storedAt: string;
  /** How it reached the customer (issue 12 §5), copied from the case once recorded; null until then. */
  dispatch?: LetterDispatch | null;
}

export type NewStoredLetter = Omit<StoredLetter, 'fileId' | 'size' | 'storedAt'>;

export interface LetterArchive {
  /**
   * Stores the letter unless (caseId, index) is already stored; the first writer wins and every
   * caller gets the winner's record. `created` says whether this call stored it.
   */
  store(
    letter: NewStoredLetter,
    model: LetterModel,
    bytes: Buffer,
    storedAt: Date,
  ): Promise<{ letter: StoredLetter; created: boolean }>;
  /** The case's stored letters in the order they were issued. */
  forCase(caseId: string): Promise<StoredLetter[]>;
  find(caseId: string, index: number): Promise<StoredLetter | null>;
  /** The PDF exactly as stored, or null. */
  bytes(caseId: string, index: number): Promise<Buffer | null>;
  /** The model the PDF was rendered from, to render it again and compare hashes. */
  model(caseId: string, index: number): Promise<LetterModel | null>;
  /** The case as it stood when letter `index` was added to it (from the audit trail). */
  caseWhenIssued(caseId: string, index: number): Promise<Case | null>;
  /** Copies a recorded dispatch onto the stored letter (the case's audit trail holds the original). */
  recordDispatch(caseId: string, index: number, dispatch: LetterDispatch): Promise<void>;
  /** Deletes the case's letters and their files (retention); returns how many letters. */
  purgeCase(caseId: string): Promise<number>;
}
