import type { CaseChange, Notifier } from '../ports.js';
import { errorMessage, type Log } from '../../logging/log.js';

/**
 * Runs notifications after the request has been answered, so that Slack's and Teams'
 * acknowledgement windows are spent on the decision, not on sending messages. The decision is
 * already saved; a failure here is logged, and stored cards are redrawn on the next change.
 */
export class BackgroundNotifier implements Notifier {
  private readonly pending = new Set<Promise<void>>();
  /** The last notification queued per case: each case's notifications run in decision order. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly inner: Notifier,
    private readonly log: Log,
  ) {}

  async caseChanged(change: CaseChange): Promise<void> {
    const caseId = change.after.id;
    const previous = this.tails.get(caseId) ?? Promise.resolve();
    const work: Promise<void> = previous
      .then(() => this.inner.caseChanged(change))
      .catch((error: unknown) => this.log('notification failed', { caseId, error: errorMessage(error) }))
      .finally(() => {
        this.pending.delete(work);
        if (this.tails.get(caseId) === work) this.tails.delete(caseId);
      });
    this.tails.set(caseId, work);
    this.pending.add(work);
  }

  /** Resolves when every notification started so far has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
