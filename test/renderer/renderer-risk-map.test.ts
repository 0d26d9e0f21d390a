import { describe, expect, it } from 'vitest';
import { niceLength, scaleLabel } from '../../renderer/src/features/map/map-png';
import {
  CHANGED_OUTLINE,
  SELECTED_OUTLINE,
  addDays,
  countLevels,
  endOfVnDay,
  formatVnTime,
  fromVnLocalInput,
  riskStyle,
  sliderDays,
  styleKey,
  toVnLocalInput,
  unitsInLasso,
  vnDay,
} from '../../renderer/src/features/risk/risk-map';
import type { UnitSummary } from '../../shared/contract';
import { RISK_LEVELS } from '../../shared/risk';

const unit = (code: string, labelPoint: [number, number] | null): UnitSummary => ({
  code,
  level: 'commune',
  parentCode: '958',
  name: `Xã ${code}`,
  type: 'Xã',
  population: null,
  households: null,
  hasGeometry: true,
  labelPoint,
  bbox: null,
});

describe('risk map styles and legend', () => {
  it('fills by the official colour; selection and change marks outline without changing the fill', () => {
    const plain = riskStyle('commune', 4, { selected: false, changed: false });
    expect(plain.fillColor).toBe(RISK_LEVELS[4].colour);
    expect(riskStyle('commune', 0, { selected: false, changed: false }).fillColor).toBe(RISK_LEVELS[0].colour);
    const sel = riskStyle('commune', 4, { selected: true, changed: true });
    expect(sel).toMatchObject({ fillColor: RISK_LEVELS[4].colour, color: SELECTED_OUTLINE });
    expect(riskStyle('commune', 2, { selected: false, changed: true }).color).toBe(CHANGED_OUTLINE);
    // Hamlets sit over communes: more opaque, dashed.
    const hamlet = riskStyle('hamlet', 1, { selected: false, changed: false });
    expect(hamlet.fillOpacity).toBeGreaterThan(plain.fillOpacity ?? 1);
    expect(hamlet.dashArray).not.toBe('');
  });

  it('keys styles by level and marks, so an unchanged unit is not restyled', () => {
    const none = { selected: false, changed: false };
    expect(styleKey(3, none)).toBe(styleKey(3, none));
    expect(new Set([styleKey(3, none), styleKey(2, none), styleKey(3, { selected: true, changed: false })]).size).toBe(
      3,
    );
  });

  it('counts units per level, absent ones as not assessed', () => {
    const levels = new Map([
      ['a', 4 as const],
      ['b', 4 as const],
      ['c', 1 as const],
    ]);
    expect(countLevels(['a', 'b', 'c', 'd', 'e'], levels)).toEqual({ 0: 2, 1: 1, 2: 0, 3: 0, 4: 2 });
  });
});

describe('days in Vietnam time (+07:00)', () => {
  it('takes the calendar day in Vietnam, not UTC', () => {
    expect(vnDay(Date.parse('2021-11-23T16:59:59Z'))).toBe('2021-11-23');
    expect(vnDay(Date.parse('2021-11-23T17:00:00Z'))).toBe('2021-11-24');
    expect(Date.parse(endOfVnDay('2021-11-24'))).toBe(Date.parse('2021-11-24T16:59:59.999Z'));
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });

  it('reads and writes datetime-local values as Vietnam time', () => {
    expect(fromVnLocalInput('2021-11-24T12:00')).toBe('2021-11-24T05:00:00.000Z');
    expect(toVnLocalInput(Date.parse('2021-11-24T05:00:00Z'))).toBe('2021-11-24T12:00');
    expect(fromVnLocalInput('24/11/2021 12:00')).toBeNull();
    expect(formatVnTime('2021-11-24T05:00:00Z')).toBe('24/11/2021 12:00');
  });

  it('offers 30 days back at least, back to the earliest assessment, and ahead to scheduled ones', () => {
    const now = Date.parse('2021-11-24T05:00:00Z');
    const plain = sliderDays(now, null, null);
    expect(plain).toHaveLength(31);
    expect(plain[0]).toBe('2021-10-25');
    expect(plain.at(-1)).toBe('2021-11-24');
    const wide = sliderDays(now, '2021-09-30T18:00:00Z', '2021-11-26T03:00:00Z');
    expect(wide[0]).toBe('2021-10-01');
    expect(wide.at(-1)).toBe('2021-11-26');
    expect(new Set(wide).size).toBe(wide.length);
    // A scheduled change years ahead does not make an endless slider.
    expect(sliderDays(now, null, '2121-01-01T00:00:00Z').length).toBeLessThanOrEqual(3700);
  });
});

describe('lasso', () => {
  it('selects units whose label point lies inside the ring', () => {
    const units = [unit('in', [105.5, 9.5]), unit('out', [106.5, 9.5]), unit('none', null)];
    const ring: [number, number][] = [
      [105, 9],
      [106, 9],
      [106, 10],
      [105, 10],
    ];
    expect(unitsInLasso(units, ring)).toEqual(['in']);
    expect(unitsInLasso(units, ring.slice(0, 2))).toEqual([]);
  });
});

describe('PNG scale bar', () => {
  it('rounds down to 1, 2 or 5 × 10^n and labels metres or kilometres', () => {
    expect(niceLength(7300)).toBe(5000);
    expect(niceLength(1999)).toBe(1000);
    expect(niceLength(240)).toBe(200);
    expect(niceLength(0)).toBe(0);
    expect(scaleLabel(5000)).toBe('5 km');
    expect(scaleLabel(200)).toBe('200 m');
  });
});
