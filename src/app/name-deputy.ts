import { DirectoryError, type Person } from '../directory/person.js';
import type { CaseServices } from './services.js';
import { DEFAULT_MAX_DELEGATION_DAYS } from './delegation-settings.js';
import { errorMessage } from '../logging/log.js';

// "Name a deputy while I am away", shared by Slack's `/lcp delegate` and Teams' `delegate`. The
// channel finds the deputy in the directory by its own identity (a Slack mention, an e-mail
// address); this checks the period and records it.

export type NameDeputyResult =
  | { ok: true; deputy: Person; until: string }
  | {
      ok: false;
      code:
        'DEPUTY.NOT_IN_DIRECTORY' | 'DEPUTY.DATE_NOT_IN_FUTURE' | 'DEPUTY.SELF' | 'DEPUTY.TOO_LONG' | 'DEPUTY.REFUSED';
      message: string;
    };

const DAY_MS = 86_400_000;

/**
 * Names a deputy from now until the end of `until` (issue 11 §4 limits): not oneself, at most
 * `maxDelegationDays` (LCP_MAX_DELEGATION_DAYS, default 31) at a time. The principal, the deputy
 * and the admins are told; the directory's deputy_changes collection is the record.
 */
export async function nameDeputy(
  services: Pick<CaseServices, 'people' | 'clock' | 'maxDelegationDays' | 'messenger' | 'log'>,
  principalId: string,
  deputy: Person | null,
  until: string,
): Promise<NameDeputyResult> {
  if (!deputy)
    return { ok: false, code: 'DEPUTY.NOT_IN_DIRECTORY', message: 'is not in the Limited Contact directory' };
  if (deputy.id === principalId)
    return {
      ok: false,
      code: 'DEPUTY.SELF',
      message: 'You cannot be your own deputy: name a colleague who decides while you are away.',
    };
  const now = services.clock();
  // "until 24 December" includes that day: the deputy's period ends at the start of the next day.
  const end = /^\d{4}-\d{2}-\d{2}$/.test(until) ? new Date(`${until}T00:00:00Z`) : new Date(Number.NaN);
  end.setUTCDate(end.getUTCDate() + 1);
  if (Number.isNaN(end.getTime()) || end <= now)
    return { ok: false, code: 'DEPUTY.DATE_NOT_IN_FUTURE', message: `${until} is not a date in the future.` };
  const maxDays = services.maxDelegationDays ?? DEFAULT_MAX_DELEGATION_DAYS;
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  if (end.getTime() > latest.getTime() + DAY_MS) {
    const lastDay = new Date(latest.getTime()).toISOString().slice(0, 10);
    return {
      ok: false,
      code: 'DEPUTY.TOO_LONG',
      message: `A deputy can be named for at most ${maxDays} days at a time: choose ${lastDay} or earlier, and name them again when that ends.`,
    };
  }
  let principal: Person | null;
  try {
    principal =
      (await services.people.setDeputy(principalId, { deputyPersonId: deputy.id, from: now, until: end })) ?? null;
  } catch (error) {
    // The directory's own refusals are written for people ("a person cannot be their own deputy");
    // anything else (a database error) is logged, and the person gets no internals to read.
    if (error instanceof DirectoryError && error.code === 'DIRECTORY.INVALID_DEPUTY')
      return { ok: false, code: 'DEPUTY.REFUSED', message: `The deputy could not be set: ${error.message}.` };
    services.log?.('could not set a deputy', { principalId, error: errorMessage(error) });
    return {
      ok: false,
      code: 'DEPUTY.REFUSED',
      message: 'The deputy could not be set just now; nothing was changed. Please try again in a moment.',
    };
  }
  await tell(
    services,
    [principalId, deputy.id],
    `${deputy.name} is deputy for ${principal?.name ?? 'a colleague'} until the end of ${until}: their decisions are recorded as made on behalf of ${principal?.name ?? 'them'}.`,
  );
  return { ok: true, deputy, until };
}

/**
 * Ends a principal's delegation to a deputy now (an administrator's decision, `lcp delegations
 * end`). As when it was named, the principal, the deputy and the admins are told. Returns how many
 * delegations ended (0: the deputy was not deputising for them).
 */
export async function endDelegation(
  services: Pick<CaseServices, 'people' | 'clock' | 'messenger' | 'log'>,
  principal: Person,
  deputy: Person,
): Promise<number> {
  const ended = await services.people.endDeputy(principal.id, deputy.id, services.clock());
  if (ended > 0)
    await tell(
      services,
      [principal.id, deputy.id],
      `${deputy.name} is no longer deputy for ${principal.name}: an administrator ended the delegation. ${principal.name}'s decisions are their own again.`,
    );
  return ended;
}

/** The principal, the deputy and every admin hear of a delegation; a failure to tell is logged, never undoes it. */
export async function tell(
  services: Pick<CaseServices, 'people' | 'messenger' | 'log'>,
  personIds: string[],
  text: string,
): Promise<void> {
  if (!services.messenger) return;
  const admins = (await services.people.findByRole('admin')).map((a) => a.id);
  try {
    await services.messenger.send([...new Set([...personIds, ...admins])], text, null);
  } catch (error) {
    services.log?.('could not tell people of a delegation', { error: errorMessage(error) });
  }
}

/** The confirmation both channels show, before their own escaping. */
export function deputyNamedText(deputyName: string, until: string): string {
  return `${deputyName} can now decide for you until the end of ${until}. Their decisions are recorded as made on your behalf.`;
}
