import { DirectoryError, type Person } from '../directory/person.js';
import type { CaseServices } from './services.js';

// "Name a deputy while I am away", shared by Slack's `/lcp delegate` and Teams' `delegate`. The
// channel finds the deputy in the directory by its own identity (a Slack mention, an e-mail
// address); this checks the period and records it.

export type NameDeputyResult =
  | { ok: true; deputy: Person; until: string }
  | { ok: false; code: 'DEPUTY.NOT_IN_DIRECTORY' | 'DEPUTY.DATE_NOT_IN_FUTURE' | 'DEPUTY.REFUSED'; message: string };

export async function nameDeputy(services: Pick<CaseServices, 'people' | 'clock'> & Partial<Pick<CaseServices, 'log'>>, principalId: string, deputy: Person | null, until: string): Promise<NameDeputyResult> {
  if (!deputy) return { ok: false, code: 'DEPUTY.NOT_IN_DIRECTORY', message: 'is not in the Limited Contact directory' };
  const now = services.clock();
  // "until 24 December" includes that day: the deputy's period ends at the start of the next day.
  const end = new Date(`${until}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  if (Number.isNaN(end.getTime()) || end <= now) return { ok: false, code: 'DEPUTY.DATE_NOT_IN_FUTURE', message: `${until} is not a date in the future.` };
  try {
    await services.people.setDeputy(principalId, { deputyPersonId: deputy.id, from: now, until: end });
  } catch (error) {
    // The directory's own refusals are written for people ("a person cannot be their own deputy");
    // anything else (a database error) is logged, and the person gets no internals to read.
    if (error instanceof DirectoryError && error.code === 'DIRECTORY.INVALID_DEPUTY') return { ok: false, code: 'DEPUTY.REFUSED', message: `The deputy could not be set: ${error.message}.` };
    services.log?.('could not set a deputy', { principalId, error: error instanceof Error ? error.message : String(error) });
    return { ok: false, code: 'DEPUTY.REFUSED', message: 'The deputy could not be set just now; nothing was changed. Please try again in a moment.' };
  }
  return { ok: true, deputy, until };
}

/** The confirmation both channels show, before their own escaping. */
export function deputyNamedText(deputyName: string, until: string): string {
  return `${deputyName} can now decide for you until the end of ${until}. Their decisions are recorded as made on your behalf.`;
}
