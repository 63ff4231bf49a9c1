// LCP_CLOCK: a clock that starts at a chosen instant and then runs at real speed, so a demo or a
// test can stand on a working morning (reminders go out 09:00-17:00 London) whatever the hour.
export function settingsClock(start: string | undefined, now: () => number = Date.now): () => Date {
  if (!start) return () => new Date(now());
  const offset = Date.parse(start) - now();
  return () => new Date(now() + offset);
}
