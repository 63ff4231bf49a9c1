import type { CaseChange, Notifier } from '../app/ports.js';
import type { LetterService } from './letter-service.js';
import { errorMessage, type Log } from '../logging/log.js';

/**
 * Stores each approved letter after its decision is saved. It runs beside the chat notifiers
 * (in the background), so a slow PDF never delays a decision; if it fails or the process stops,
 * the next change of the case, or the first click on the letter's link, stores it instead.
 */
export class LetterNotifier implements Notifier {
  constructor(
    private readonly letters: LetterService,
    private readonly log: Log,
  ) {}

  async caseChanged({ before, after }: CaseChange): Promise<void> {
    if (after.letters.length === 0) return;
    try {
      await this.letters.storeNew(before, after);
    } catch (error) {
      this.log('could not store a letter', { caseId: after.id, error: errorMessage(error) });
    }
  }
}
