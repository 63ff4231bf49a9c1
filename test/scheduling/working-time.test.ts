import { addWorkingDays, bankHolidays, isWorkingTime } from '../../src/scheduling/working-time.js';

describe('the working calendar (date-holidays GB/ENG)', () => {
  test('2026 England and Wales bank holidays as date-holidays gives them, observances left out', () => {
    expect([...bankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
  });

  test('3 working days from Thursday 24 Dec 2026 skip Christmas, Boxing Day, the weekend and the substitute day', () => {
    expect(addWorkingDays('2026-12-24', 3)).toBe('2026-12-31');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04'); // New Year's Day, then the weekend
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07'); // Good Friday and Easter Monday
  });

  test('working hours are 09:00 to 17:00 London time on working days, across the clock change', () => {
    expect(isWorkingTime(new Date('2026-12-30T08:59:00Z'))).toBe(false);
    expect(isWorkingTime(new Date('2026-12-30T09:00:00Z'))).toBe(true);
    expect(isWorkingTime(new Date('2026-12-30T16:59:00Z'))).toBe(true);
    expect(isWorkingTime(new Date('2026-12-30T17:00:00Z'))).toBe(false);
    expect(isWorkingTime(new Date('2026-12-28T10:00:00Z'))).toBe(false); // bank holiday
    expect(isWorkingTime(new Date('2026-07-01T08:30:00Z'))).toBe(true); // 09:30 BST
    expect(isWorkingTime(new Date('2026-07-01T16:30:00Z'))).toBe(false); // 17:30 BST
  });
});
