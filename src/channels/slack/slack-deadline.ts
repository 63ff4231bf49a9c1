// Slack gives a view submission 3 seconds for its answer; after that the person sees Slack's
// generic "trouble connecting" and what went wrong is lost. The work is given less than that, and
// a failure or a late answer becomes a message in the form itself.

/** What is left of Slack's 3 s window after transport and Bolt's own work. */
export const SLACK_ANSWER_BUDGET_MS = 2_500;

export const SAVE_UNAVAILABLE =
  'This could not be saved just now: the case system is not answering. What you typed is still here; press Submit again in a minute. (If it went through after all, submitting again will not record it twice.)';

export type Deadlined<T> = { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'late' };

/**
 * Waits for `work` for at most `ms`. Late work carries on (a retry with the same receipt key gets
 * its outcome), and its eventual failure is handed to `onLateFailure` rather than lost.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  ms: number,
  onLateFailure: (error: unknown) => void,
): Promise<Deadlined<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Deadlined<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'late' }), ms);
  });
  const settled = work.then(
    (value): Deadlined<T> => ({ status: 'done', value }),
    (error: unknown): Deadlined<T> => ({ status: 'failed', error }),
  );
  const outcome = await Promise.race([settled, late]);
  clearTimeout(timer);
  if (outcome.status === 'late') void settled.then((o) => o.status === 'failed' && onLateFailure(o.error));
  return outcome;
}
