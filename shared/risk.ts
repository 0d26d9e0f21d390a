/**
 * Risk levels (Resolution 128/NQ-CP; Decision 4800/QĐ-BYT criteria; Decision 2686/QĐ-BCĐQG
 * district roll-up). Pure rules: the engine stores, the renderer shows, both call these.
 * Every threshold is a setting ({@link RiskRules}); the defaults follow domain.md.
 */
import { z } from 'zod';

/** 0 = not assessed (chưa đánh giá); 1–4 = cấp 1–4. */
export type RiskLevel = 0 | 1 | 2 | 3 | 4;

/** The official colours and names of each level. */
export const RISK_LEVELS: Readonly<
  Record<RiskLevel, { readonly colour: string; readonly vi: string; readonly en: string; readonly colourVi: string }>
> = {
  0: { colour: '#bdbdbd', vi: 'Chưa đánh giá', en: 'Not assessed', colourVi: 'xám' },
  1: { colour: '#2e7d32', vi: 'Cấp 1 – Nguy cơ thấp', en: 'Level 1 – low', colourVi: 'xanh' },
  2: { colour: '#fbc02d', vi: 'Cấp 2 – Nguy cơ trung bình', en: 'Level 2 – medium', colourVi: 'vàng' },
  3: { colour: '#ef6c00', vi: 'Cấp 3 – Nguy cơ cao', en: 'Level 3 – high', colourVi: 'cam' },
  4: { colour: '#c62828', vi: 'Cấp 4 – Nguy cơ rất cao', en: 'Level 4 – very high', colourVi: 'đỏ' },
};

/** Settings for the suggestion and roll-up rules. */
export const riskRulesSchema = z.object({
  /** Upper bounds (exclusive) of levels 1, 2, 3 in new community cases per 100,000 per week. */
  caseBands: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  /** Share of adults with ≥ 1 dose (percent) below which the level rises by one. */
  vaccineThresholdPct: z.number().min(0).max(100),
  /** When treatment capacity is not met, the level may not go below the current one. */
  capacityLock: z.boolean(),
  /** District roll-up (2686): red when this share of communes is red… */
  districtRedIfRedShare: z.number().min(0).max(1),
  /** …or this share is orange (or worse). */
  districtRedIfOrangeShare: z.number().min(0).max(1),
  /** Orange when this share of communes is orange (or worse)… */
  districtOrangeIfOrangeShare: z.number().min(0).max(1),
  /** …or this share is yellow (or worse)… */
  districtOrangeIfYellowShare: z.number().min(0).max(1),
  /** …or any commune is red. */
  districtOrangeIfAnyRed: z.boolean(),
});
/** See {@link riskRulesSchema}. */
export type RiskRules = z.infer<typeof riskRulesSchema>;

/** Defaults from domain.md (Decision 4800 bands, 70% coverage, 2686 roll-up). */
export const DEFAULT_RISK_RULES: RiskRules = {
  caseBands: [20, 50, 150],
  vaccineThresholdPct: 70,
  capacityLock: true,
  districtRedIfRedShare: 0.3,
  districtRedIfOrangeShare: 0.5,
  districtOrangeIfOrangeShare: 0.3,
  districtOrangeIfYellowShare: 0.5,
  districtOrangeIfAnyRed: true,
};

/** A commune's weekly figures, as the suggestion reads them. */
export interface WeeklyFigures {
  readonly population: number;
  readonly newCases7d: number;
  /** Percent of adults with at least one dose; null = unknown (criterion not applied). */
  readonly vaccinePct: number | null;
  /** Treatment capacity met; null = unknown (criterion not applied). */
  readonly capacityOk: boolean | null;
}

/** One step of an explanation, in both languages. */
export interface Step {
  readonly vi: string;
  readonly en: string;
}

/** A suggested level with the reasoning that led to it. */
export interface Suggestion {
  readonly level: Exclude<RiskLevel, 0>;
  readonly rate: number;
  readonly steps: readonly Step[];
}

const fmt = (x: number, lang: 'vi' | 'en', digits = 1): string =>
  x.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: digits });

/** The base level from the case rate (criterion 1). Band edges belong to the higher level. */
export function levelFromRate(rate: number, bands: RiskRules['caseBands']): Exclude<RiskLevel, 0> {
  if (rate < bands[0]) return 1;
  if (rate < bands[1]) return 2;
  if (rate < bands[2]) return 3;
  return 4;
}

/**
 * Suggests a level from the figures (Decision 4800): the case-rate band gives the base level;
 * +1 (not above 4) when vaccine coverage is below the threshold; when treatment capacity is not
 * met the suggestion may not go below the current level.
 */
export function suggestLevel(f: WeeklyFigures, current: RiskLevel, rules: RiskRules = DEFAULT_RISK_RULES): Suggestion {
  if (!(f.population > 0)) throw new RangeError('population must be positive');
  const rate = (f.newCases7d / f.population) * 100_000;
  let level = levelFromRate(rate, rules.caseBands);
  const steps: Step[] = [
    {
      vi: `${fmt(rate, 'vi')} ca/100.000 dân/tuần → cấp ${level}`,
      en: `${fmt(rate, 'en')} cases/100,000/week → level ${level}`,
    },
  ];
  if (f.vaccinePct !== null && f.vaccinePct < rules.vaccineThresholdPct) {
    const raised = Math.min(4, level + 1) as Exclude<RiskLevel, 0>;
    steps.push({
      vi: `tiêm chủng ${fmt(f.vaccinePct, 'vi')}% < ${fmt(rules.vaccineThresholdPct, 'vi')}% → nâng 1 cấp → cấp ${raised}`,
      en: `vaccination ${fmt(f.vaccinePct, 'en')}% < ${fmt(rules.vaccineThresholdPct, 'en')}% → up one level → level ${raised}`,
    });
    level = raised;
  }
  if (rules.capacityLock && f.capacityOk === false && current > level) {
    steps.push({
      vi: `chưa đáp ứng năng lực điều trị → không hạ dưới cấp hiện tại ${current}`,
      en: `treatment capacity not met → not lowered below the current level ${current}`,
    });
    level = current as Exclude<RiskLevel, 0>;
  }
  return { level, rate, steps };
}

/** The district roll-up of its communes' levels (Decision 2686), with the reason. */
export function rollUpDistrict(
  communeLevels: readonly RiskLevel[],
  rules: RiskRules = DEFAULT_RISK_RULES,
): { level: RiskLevel; counts: Record<RiskLevel, number>; step: Step } {
  const counts: Record<RiskLevel, number> = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const l of communeLevels) counts[l] += 1;
  const n = communeLevels.length;
  const assessed = n - counts[0];
  if (n === 0 || assessed === 0) {
    return { level: 0, counts, step: { vi: 'chưa có xã nào được đánh giá', en: 'no commune assessed yet' } };
  }
  const share = (k: number): number => k / n;
  const red = share(counts[4]);
  const orangeUp = share(counts[3] + counts[4]);
  const yellowUp = share(counts[2] + counts[3] + counts[4]);
  const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
  if (red >= rules.districtRedIfRedShare) {
    return { level: 4, counts, step: { vi: `${pct(red)} số xã ở cấp 4`, en: `${pct(red)} of communes at level 4` } };
  }
  if (orangeUp >= rules.districtRedIfOrangeShare) {
    return {
      level: 4,
      counts,
      step: { vi: `${pct(orangeUp)} số xã ở cấp 3–4`, en: `${pct(orangeUp)} of communes at level 3–4` },
    };
  }
  if (orangeUp >= rules.districtOrangeIfOrangeShare) {
    return {
      level: 3,
      counts,
      step: { vi: `${pct(orangeUp)} số xã ở cấp 3–4`, en: `${pct(orangeUp)} of communes at level 3–4` },
    };
  }
  if (yellowUp >= rules.districtOrangeIfYellowShare) {
    return {
      level: 3,
      counts,
      step: { vi: `${pct(yellowUp)} số xã ở cấp 2–4`, en: `${pct(yellowUp)} of communes at level 2–4` },
    };
  }
  if (rules.districtOrangeIfAnyRed && counts[4] > 0) {
    return { level: 3, counts, step: { vi: 'có xã ở cấp 4', en: 'a commune is at level 4' } };
  }
  // Below every threshold: medium while any commune is above level 1, low otherwise.
  const level: RiskLevel = counts[2] + counts[3] > 0 ? 2 : 1;
  return {
    level,
    counts,
    step:
      level === 2
        ? { vi: 'có xã ở cấp 2–3, dưới các ngưỡng', en: 'communes at level 2–3, below every threshold' }
        : { vi: 'mọi xã đã đánh giá ở cấp 1', en: 'every assessed commune at level 1' },
  };
}
