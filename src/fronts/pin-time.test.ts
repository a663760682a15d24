import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './pin-time.js';

describe('pin times in the paper’s time zone', () => {
  it('reads and writes wall-clock time in the zone, both ways', () => {
    expect(fromLocalInput('2026-12-07T18:30', 'Europe/London')).toEqual(new Date('2026-12-07T18:30:00Z'));
    expect(fromLocalInput('2026-07-07T18:30', 'Europe/London')).toEqual(new Date('2026-07-07T17:30:00Z'));
    expect(fromLocalInput('2026-12-07T18:30', 'America/New_York')).toEqual(new Date('2026-12-07T23:30:00Z'));
    expect(toLocalInput(new Date('2026-12-07T23:30:00Z'), 'America/New_York')).toBe('2026-12-07T18:30');
  });

  it('refuses what is not a wall-clock time', () => {
    for (const bad of [
      '',
      'tomorrow',
      '2026-02-30T10:00',
      '2026-13-01T10:00',
      '2026-12-07T24:00',
      '2026-12-07 10:00',
      '2026-12-07T10:00:00',
    ])
      expect(fromLocalInput(bad, 'Europe/London'), bad).toBeUndefined();
  });
});
