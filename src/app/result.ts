import type { Case, CaseError, CaseEvent } from '../cases/index.js';

export type UseCaseResult<T = object> =
  ({ ok: true; case: Case; events: CaseEvent[] } & T) | { ok: false; error: CaseError };
