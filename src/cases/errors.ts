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

export interface CaseError {
  code: CaseErrorCode;
  message: string;
  /** E.g. the failing gate ids, the roles that may act, who decided and when. */
  details?: Record<string, unknown>;
}

export function caseError(code: CaseErrorCode, message: string, details?: Record<string, unknown>): CaseError {
  return details ? { code, message, details } : { code, message };
}
