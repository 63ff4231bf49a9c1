import type { Case, CaseEvent } from '../cases/index.js';
import type { CaseServices } from './services.js';
import { errorMessage } from '../logging/log.js';

/**
 * What follows a saved decision: records outside the case are brought in line, then the
 * notifier runs. A notifier failure is logged, never turned into a failed decision: the
 * decision stands and the adapters can redraw messages from stored state.
 */
export async function afterSave(
  services: CaseServices,
  before: Case | null,
  after: Case,
  events: CaseEvent[],
): Promise<void> {
  if (after.state === 'closed' && before?.state !== 'closed') {
    await services.openCases.release(after.customer.accountRef, after.id);
  }
  if (after.flagMarker?.status === 'live' && before?.flagMarker?.status !== 'live') {
    await services.customers.addMarker(after.customer.accountRef, {
      kind: 'flag',
      status: 'live',
      reason: after.flagMarker.reason,
      caseNumber: after.number,
      since: after.flagMarker.decidedAt ?? after.updatedAt,
    });
  }
  try {
    await services.notifier.caseChanged({ before, after, events });
  } catch (error) {
    services.log?.('notifier failed after a saved decision', { caseId: after.id, error: errorMessage(error) });
  }
}
