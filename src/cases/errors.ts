import type { ActionId, CaseState, GateId, RoleId } from '../policy/index.js';
import type { Case } from './case.types.js';

// Expected failures of the workflow, as values with stable codes. Each channel maps the code to
// words for the person in one place; the codes themselves never change.
export const CASE_ERROR_CODES = [
  'CASE.NOT_FOUND',
  'CASE.INVALID_COMMAND',
  'CASE.ILLEGAL_TRANSITION',
  'CASE.NOT_YOUR_TIER',
  'CASE.ALREADY_DECIDED',
  'CASE.GATE_NOT_MET',
  'CASE.RATIONALE_MISSING',
  'CASE.CONFLICT_OF_INTEREST',
  'CASE.UNKNOWN_PERSON',
  'CASE.DUPLICATE_REQUEST',
] as const;

export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

/** A part of a command that is missing or not valid: its dotted path and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A gate that is not met, with its label and the message for the person. */
export interface FailingGate {
  gate: GateId;
  label: string;
  message: string;
}

/** What an error says beyond its message, for channels that show it next to a field or in a card. */
export interface CaseErrorDetails {
  /** INVALID_COMMAND: the parts of the command that are wrong (empty when it is not about one part). */
  fields?: FieldIssue[];
  /** GATE_NOT_MET: every gate that is not met. */
  gates?: FailingGate[];
  /** ALREADY_DECIDED: the decision that made the card stale, and the case as it is now. */
  lastDecision?: Case['lastDecision'];
  currentVersion?: number;
  /** ALREADY_DECIDED and ILLEGAL_TRANSITION: the case's state now (null: no case). */
  state?: CaseState | null;
  /** ILLEGAL_TRANSITION: the action that is not possible. */
  action?: ActionId;
  /** NOT_YOUR_TIER and CONFLICT_OF_INTEREST: who may act instead. */
  roles?: readonly RoleId[];
  approverPersonId?: string;
  /** NOT_YOUR_TIER: only the scheduler, or only a reporter, may act. */
  system?: true;
  reporterOnly?: true;
}

export interface CaseError {
  code: CaseErrorCode;
  message: string;
  details?: CaseErrorDetails;
}

export function caseError(code: CaseErrorCode, message: string, details?: CaseErrorDetails): CaseError {
  return details ? { code, message, details } : { code, message };
}
