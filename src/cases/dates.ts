// Calendar arithmetic the workflow needs, on plain ISO dates (YYYY-MM-DD) in Europe/London,
// the organisation's own calendar: a letter dated "today" is today in England.
const londonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function dateInLondon(instant: Date): string {
  return londonDate.format(instant);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const targetMonthIndex = m - 1 + months;
  const year = y + Math.floor(targetMonthIndex / 12);
  const month = ((targetMonthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first review anniversary (anchor + k·every months) strictly after `after`. */
export function nextAnniversaryAfter(anchor: string, everyMonths: number, after: string): string {
  for (let k = 1; ; k++) {
    const candidate = addMonths(anchor, k * everyMonths);
    if (candidate > after) return candidate;
  }
}

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const calendarDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** A calendar day ("2026-12-02") as people read it beside `displayTime`: "2 Dec 2026". */
export function displayDay(isoDate: string): string {
  return calendarDay.format(new Date(`${isoDate}T00:00:00Z`));
}

/** The London wall-clock time of an instant, as people read it: "2 Dec 2026, 14:05". */
export function displayTime(iso: string): string {
  return londonTime.format(new Date(iso));
}
