import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_RULES, levelFromRate, type RiskLevel, rollUpDistrict, suggestLevel } from '../../shared/risk';

describe('criterion 1: new community cases per 100,000 per week', () => {
  it.each([
    [0, 1],
    [19.99, 1],
    [20, 2],
    [49.99, 2],
    [50, 3],
    [149.99, 3],
    [150, 4],
    [10_000, 4],
  ])('rate %d → level %d (band edges belong to the higher level)', (rate, level) => {
    expect(levelFromRate(rate, DEFAULT_RISK_RULES.caseBands)).toBe(level);
  });
  it('follows province thresholds from settings', () => {
    expect(levelFromRate(30, [40, 80, 200])).toBe(1);
  });
});

describe('suggestion', () => {
  const base = { population: 10_000, vaccinePct: 80, capacityOk: true } as const;
  it('explains the base level in words', () => {
    const s = suggestLevel({ ...base, newCases7d: 3 }, 0);
    expect(s.level).toBe(2);
    expect(s.rate).toBeCloseTo(30);
    expect(s.steps.map((x) => x.vi)).toEqual(['30 ca/100.000 dân/tuần → cấp 2']);
  });
  it('raises one level when vaccine coverage is below the threshold, not above 4', () => {
    const s = suggestLevel({ population: 100_000, newCases7d: 34, vaccinePct: 64, capacityOk: true }, 0);
    expect(s.level).toBe(3);
    expect(s.steps.map((x) => x.vi).join('; ')).toBe(
      '34 ca/100.000 dân/tuần → cấp 2; tiêm chủng 64% < 70% → nâng 1 cấp → cấp 3',
    );
    expect(suggestLevel({ ...base, newCases7d: 100, vaccinePct: 10 }, 0).level).toBe(4);
    expect(suggestLevel({ ...base, newCases7d: 0, vaccinePct: 69.9 }, 0).level).toBe(2);
    expect(suggestLevel({ ...base, newCases7d: 0, vaccinePct: 70 }, 0).level).toBe(1);
    expect(suggestLevel({ ...base, newCases7d: 0, vaccinePct: null }, 0).level).toBe(1);
  });
  it('does not lower below the current level when treatment capacity is not met', () => {
    const locked = suggestLevel({ ...base, newCases7d: 0, capacityOk: false }, 3);
    expect(locked.level).toBe(3);
    expect(locked.steps.at(-1)!.en).toMatch(/not lowered/);
    expect(suggestLevel({ ...base, newCases7d: 0, capacityOk: true }, 3).level).toBe(1);
    expect(suggestLevel({ ...base, newCases7d: 2, capacityOk: false }, 1).level).toBe(2);
    expect(
      suggestLevel({ ...base, newCases7d: 0, capacityOk: false }, 3, { ...DEFAULT_RISK_RULES, capacityLock: false })
        .level,
    ).toBe(1);
  });
  it('refuses a missing population', () => {
    expect(() => suggestLevel({ ...base, population: 0, newCases7d: 1 }, 0)).toThrow(RangeError);
  });
});

describe('district roll-up (2686)', () => {
  const mix = (counts: Partial<Record<RiskLevel, number>>): RiskLevel[] =>
    Object.entries(counts).flatMap(([l, n]) => Array<RiskLevel>(n ?? 0).fill(Number(l) as RiskLevel));
  it.each<[Partial<Record<RiskLevel, number>>, RiskLevel, string]>([
    [{ 4: 3, 1: 7 }, 4, '30% red → red'],
    [{ 4: 2, 1: 8 }, 3, '20% red → orange (any red)'],
    [{ 3: 5, 1: 5 }, 4, '50% orange → red'],
    [{ 3: 4, 1: 6 }, 3, '40% orange → orange'],
    [{ 3: 3, 1: 7 }, 3, '30% orange → orange'],
    [{ 3: 2, 1: 8 }, 2, '20% orange → not orange'],
    [{ 2: 5, 1: 5 }, 3, '50% yellow → orange'],
    [{ 2: 4, 1: 6 }, 2, '40% yellow → yellow'],
    [{ 1: 10 }, 1, 'all green'],
    [{ 0: 10 }, 0, 'none assessed'],
  ])('%j → level %d (%s)', (counts, level, _why) => {
    expect(rollUpDistrict(mix(counts)).level).toBe(level);
  });
  it('counts per level', () => {
    expect(rollUpDistrict(mix({ 4: 1, 2: 2, 0: 1 })).counts).toEqual({ 0: 1, 1: 0, 2: 2, 3: 0, 4: 1 });
  });
});
