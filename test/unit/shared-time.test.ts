import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  daysBetween,
  excelSerialToDay,
  fileDate,
  formatDate,
  formatDateTime,
  operationalDay,
  parseDay,
  parseVnDateTime,
  toVnIso,
  vnDate,
  vnMidnightMs,
  vnToday,
} from '../../shared/time';

// The machine's zone must not matter: Vietnam keeps +07:00 all year.
const ZONES = ['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Pacific/Kiritimati'];
const saved = process.env['TZ'];

describe.each(ZONES)('Vietnam time with TZ=%s', (zone) => {
  beforeEach(() => {
    process.env['TZ'] = zone;
  });
  afterEach(() => {
    vi.useRealTimers();
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });

  it('counts today from the Vietnam clock at 23:59 and at 00:01 +07:00', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2021-11-24T23:59:00+07:00'));
    expect(vnToday()).toBe('2021-11-24');
    expect(fileDate()).toBe('2021-11-24');
    vi.setSystemTime(new Date('2021-11-25T00:01:00+07:00'));
    expect(vnToday()).toBe('2021-11-25');
    expect(fileDate()).toBe('2021-11-25');
    // 00:01 in Vietnam is still the 24th in UTC and in New York: the Vietnam day wins.
    expect(new Date().toISOString().slice(0, 10)).toBe('2021-11-24');
  });

  it('formats dd/mm/yyyy HH:mm (24 h) and ISO with +07:00', () => {
    const at = Date.parse('2021-12-01T16:40:00Z'); // 23:40 on 1 December in Vietnam
    expect(formatDate(at)).toBe('01/12/2021');
    expect(formatDateTime(at)).toBe('01/12/2021 23:40');
    expect(formatDate('2021-12-02')).toBe('02/12/2021');
    expect(toVnIso(at)).toBe('2021-12-01T23:40:00+07:00');
    expect(toVnIso('2021-11-24T05:00:00.250Z')).toBe('2021-11-24T12:00:00.250+07:00');
    expect(Date.parse(toVnIso(at))).toBe(at);
  });

  it('books a night shift’s small hours to the day the shift started', () => {
    const at = Date.parse('2021-12-02T04:15:00+07:00');
    expect(vnDate(at)).toBe('2021-12-02');
    expect(operationalDay(at, 6 * 60)).toBe('2021-12-01');
    expect(operationalDay(Date.parse('2021-12-02T06:00:00+07:00'), 6 * 60)).toBe('2021-12-02');
    expect(operationalDay(at, 0)).toBe('2021-12-02');
  });

  it('moves days across months, years and leap days', () => {
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2021-11-01', '2021-11-29')).toBe(28);
    expect(vnMidnightMs('2021-11-24')).toBe(Date.parse('2021-11-24T00:00:00+07:00'));
    expect(() => vnMidnightMs('2021-02-30')).toThrow(RangeError);
  });

  it('reads what people type: dd/mm/yyyy, ISO, and wall-clock times in Vietnam time', () => {
    expect(parseDay('24/11/2021')).toBe('2021-11-24');
    expect(parseDay('4/1/2022')).toBe('2022-01-04');
    expect(parseDay('2021-11-24')).toBe('2021-11-24');
    expect(parseDay('31/02/2021')).toBeNull();
    expect(parseDay('11/24/2021')).toBeNull();
    expect(parseVnDateTime('24/11/2021 12:00')).toBe(Date.parse('2021-11-24T05:00:00Z'));
    expect(parseVnDateTime('2021-11-24T12:00')).toBe(Date.parse('2021-11-24T05:00:00Z'));
    expect(parseVnDateTime('2021-11-24T12:00:00Z')).toBe(Date.parse('2021-11-24T12:00:00Z'));
    expect(parseVnDateTime('24/11/2021 24:00')).toBeNull();
  });

  it('reads Excel serial dates', () => {
    expect(excelSerialToDay(44524)).toBe('2021-11-24');
    expect(excelSerialToDay(44524.75)).toBe('2021-11-24');
    expect(excelSerialToDay(-3)).toBeNull();
  });
});
