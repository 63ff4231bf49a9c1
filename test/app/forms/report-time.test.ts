import { londonOffset, toIsoInstant } from '../../../src/app/forms/report-form.js';

// The time a colleague types is London wall-clock time, in winter and in British Summer Time.
describe('report times are read as Europe/London', () => {
  test.each([
    ['2026-11-30T10:15', '2026-11-30T10:15:00.000Z', '+00:00'],
    ['2026-01-15T08:00', '2026-01-15T08:00:00.000Z', '+00:00'],
    ['2026-07-01T10:15', '2026-07-01T09:15:00.000Z', '+01:00'],
    ['2026-03-29T12:00', '2026-03-29T11:00:00.000Z', '+01:00'],
    ['2026-10-25T12:00', '2026-10-25T12:00:00.000Z', '+00:00'],
  ])('%s is %s', (local, instant, offset) => {
    expect(londonOffset(`${local}:00`)).toBe(offset);
    expect(toIsoInstant(local)).toBe(instant);
  });
});
