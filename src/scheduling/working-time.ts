import Holidays from 'date-holidays';
import { dateInLondon } from '../cases/dates.js';
import { REMINDER_RULES } from '../policy/schedule.js';

// The organisation's working calendar: Monday to Friday, minus England and Wales bank holidays
// as date-holidays knows them (no hand-typed list), and working hours in Europe/London.

const holidays = new Holidays(REMINDER_RULES.holidays.country, REMINDER_RULES.holidays.region);
const holidaysByYear = new Map<number, Set<string>>();

/** Bank and public holidays of a year as YYYY-MM-DD (observances such as Mother's Day are not days off). */
export function bankHolidays(year: number): Set<string> {
  let dates = holidaysByYear.get(year);
  if (!dates) {
    dates = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, dates);
  }
  return dates;
}

function weekday(isoDate: string): number {
  return new Date(`${isoDate}T12:00:00Z`).getUTCDay();
}

function nextDate(isoDate: string, days = 1): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(isoDate: string): boolean {
  const day = weekday(isoDate);
  return day !== 0 && day !== 6 && !bankHolidays(Number(isoDate.slice(0, 4))).has(isoDate);
}

/** The date `n` working days after `isoDate` (the start day itself is not counted). */
export function addWorkingDays(isoDate: string, n: number): string {
  let date = isoDate;
  for (let counted = 0; counted < n;) {
    date = nextDate(date);
    if (isWorkingDay(date)) counted++;
  }
  return date;
}

/** The first working day on or after `isoDate`. */
export function workingDayOnOrAfter(isoDate: string): string {
  let date = isoDate;
  while (!isWorkingDay(date)) date = nextDate(date);
  return date;
}

export function addCalendarDays(isoDate: string, days: number): string {
  return nextDate(isoDate, days);
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: REMINDER_RULES.workingHours.timeZone,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** HH:MM in London. */
export function timeInLondon(instant: Date): string {
  return londonClock.format(instant);
}

/** Whether a reminder may go out now: a working day, from 09:00 up to (not including) 17:00 London time. */
export function isWorkingTime(instant: Date): boolean {
  const { start, end } = REMINDER_RULES.workingHours;
  const time = timeInLondon(instant);
  return isWorkingDay(dateInLondon(instant)) && time >= start && time < end;
}

/** When a reminder due on `dueDate` can first go out, as "YYYY-MM-DD 09:00" London time. */
export function firstSlotFor(dueDate: string): string {
  return `${workingDayOnOrAfter(dueDate)} ${REMINDER_RULES.workingHours.start}`;
}
