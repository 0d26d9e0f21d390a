/**
 * Daily figures of a commune (or hamlet) for one Vietnam day: the field list, their labels,
 * the rules a row must meet, the numbers a person types (Vietnamese thousands separators) and
 * the figures derived from them (cumulatives, 7-day sums, cases per 100,000 per week).
 * Pure: the engine validates with it, and the entry grid marks cells with the same answers.
 */
import type { LocalText } from './result';

/** Every typed field of a day's row, in the order a grid and a CSV show them. */
export const FIGURE_FIELDS = [
  'f0Community',
  'f0Quarantine',
  'f1Traced',
  'samples',
  'positives',
  'qFacilityIn',
  'qFacilityNew',
  'qFacilityReleased',
  'qHealthIn',
  'qHealthNew',
  'qHealthReleased',
  'qHomeIn',
  'qHomeNew',
  'qHomeReleased',
  'dose1',
  'dose2',
  'doseBooster',
  'deaths',
  'recoveries',
] as const;
/** One of {@link FIGURE_FIELDS}. */
export type FigureField = (typeof FIGURE_FIELDS)[number];

/** The values of a row: null (or absent) = not entered. */
export type FigureValues = { [F in FigureField]: number | null };

/** The database column of each field. */
export const FIGURE_COLUMNS: Readonly<Record<FigureField, string>> = {
  f0Community: 'f0_community',
  f0Quarantine: 'f0_quarantine',
  f1Traced: 'f1_traced',
  samples: 'samples',
  positives: 'positives',
  qFacilityIn: 'q_facility_in',
  qFacilityNew: 'q_facility_new',
  qFacilityReleased: 'q_facility_released',
  qHealthIn: 'q_health_in',
  qHealthNew: 'q_health_new',
  qHealthReleased: 'q_health_released',
  qHomeIn: 'q_home_in',
  qHomeNew: 'q_home_new',
  qHomeReleased: 'q_home_released',
  dose1: 'dose1',
  dose2: 'dose2',
  doseBooster: 'dose_booster',
  deaths: 'deaths',
  recoveries: 'recoveries',
};

/** Labels, Vietnamese first (as the sheets of commune health stations say them), then English. */
export const FIGURE_LABELS: Readonly<Record<FigureField, LocalText>> = {
  f0Community: { vi: 'F0 cộng đồng', en: 'New F0 in the community' },
  f0Quarantine: { vi: 'F0 trong khu cách ly', en: 'New F0 in quarantine' },
  f1Traced: { vi: 'F1 truy vết', en: 'F1 traced' },
  samples: { vi: 'Số mẫu xét nghiệm', en: 'Samples taken' },
  positives: { vi: 'Số mẫu dương tính', en: 'Positive samples' },
  qFacilityIn: { vi: 'Đang cách ly tập trung', en: 'In facility quarantine' },
  qFacilityNew: { vi: 'Cách ly tập trung mới', en: 'New in facility quarantine' },
  qFacilityReleased: { vi: 'Hoàn thành cách ly tập trung', en: 'Released from facility quarantine' },
  qHealthIn: { vi: 'Đang cách ly tại cơ sở y tế', en: 'In health-facility quarantine' },
  qHealthNew: { vi: 'Cách ly tại cơ sở y tế mới', en: 'New in health-facility quarantine' },
  qHealthReleased: { vi: 'Hoàn thành cách ly tại cơ sở y tế', en: 'Released from health-facility quarantine' },
  qHomeIn: { vi: 'Đang cách ly tại nhà', en: 'In home quarantine' },
  qHomeNew: { vi: 'Cách ly tại nhà mới', en: 'New in home quarantine' },
  qHomeReleased: { vi: 'Hoàn thành cách ly tại nhà', en: 'Released from home quarantine' },
  dose1: { vi: 'Mũi 1', en: 'First doses' },
  dose2: { vi: 'Mũi 2', en: 'Second doses' },
  doseBooster: { vi: 'Mũi nhắc lại', en: 'Booster doses' },
  deaths: { vi: 'Tử vong', en: 'Deaths' },
  recoveries: { vi: 'Khỏi bệnh', en: 'Recoveries' },
};

/** The three quarantine types: the fields of each (in now, new today, released today). */
export const QUARANTINE_TYPES = {
  facility: { in: 'qFacilityIn', new: 'qFacilityNew', released: 'qFacilityReleased' },
  health: { in: 'qHealthIn', new: 'qHealthNew', released: 'qHealthReleased' },
  home: { in: 'qHomeIn', new: 'qHomeNew', released: 'qHomeReleased' },
} as const satisfies Record<string, { in: FigureField; new: FigureField; released: FigureField }>;
/** A quarantine type. */
export type QuarantineType = keyof typeof QUARANTINE_TYPES;

/** Fields whose running total is derived (never typed). */
export const CUMULATIVE_FIELDS = [
  'f0Community',
  'f0Quarantine',
  'f1Traced',
  'samples',
  'positives',
  'dose1',
  'dose2',
  'doseBooster',
  'deaths',
  'recoveries',
] as const satisfies readonly FigureField[];
/** One of {@link CUMULATIVE_FIELDS}. */
export type CumulativeField = (typeof CUMULATIVE_FIELDS)[number];

/** Why a cell is refused (stable codes). */
export const CELL_PROBLEMS = [
  'not-whole',
  'negative',
  'too-large',
  'positives-above-samples',
  'released-above-in',
] as const;
/** One of {@link CELL_PROBLEMS}. */
export type CellProblemCode = (typeof CELL_PROBLEMS)[number];

/** A refused cell of one row. */
export interface CellProblem {
  readonly field: FigureField;
  readonly code: CellProblemCode;
  readonly text: LocalText;
}

/** The largest count a cell may hold. */
export const MAX_FIGURE = 10_000_000;

const PROBLEM_TEXT: Readonly<Record<CellProblemCode, LocalText>> = {
  'not-whole': { vi: 'không phải số nguyên', en: 'not a whole number' },
  negative: { vi: 'số âm', en: 'negative' },
  'too-large': { vi: 'lớn quá (tối đa 10.000.000)', en: 'too large (at most 10,000,000)' },
  'positives-above-samples': { vi: 'số mẫu dương tính nhiều hơn số mẫu', en: 'positives above samples' },
  'released-above-in': {
    vi: 'số hoàn thành cách ly nhiều hơn số đang cách ly hôm trước cộng số mới',
    en: 'released above those in quarantine (yesterday’s plus new today)',
  },
};

/** The text of a problem code. */
export function cellProblemText(code: CellProblemCode): LocalText {
  return PROBLEM_TEXT[code];
}

const PLAIN_DIGITS = /^\d{1,15}$/;

/**
 * Reads a count as people type it: `1234`, `1.234` or `1 234` (Vietnamese thousands), `1,234`
 * (English thousands). Empty → null. Anything else (a decimal, text, a sign) → the problem code.
 */
export function parseCount(text: string): number | null | CellProblemCode {
  // The usual cell (plain digits) without the clean-up below: imports read millions of them.
  if (PLAIN_DIGITS.test(text)) {
    const n = Number(text);
    return n > MAX_FIGURE ? 'too-large' : n;
  }
  const t = text.trim().replace(/[\s\u00a0]/g, '');
  if (t === '' || t === '-') return null;
  if (/^-\d/.test(t)) return 'negative';
  let digits: string;
  if (/^\d+$/.test(t)) digits = t;
  else if (/^\d{1,3}([.,]\d{3})+$/.test(t) && !(t.includes('.') && t.includes(','))) digits = t.replace(/[.,]/g, '');
  else return 'not-whole';
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) return 'too-large';
  return n > MAX_FIGURE ? 'too-large' : n;
}

/** The problem of one value alone (a number as stored or given), or null. */
export function valueProblem(value: number | null | undefined): CellProblemCode | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value)) return 'not-whole';
  if (value < 0) return 'negative';
  if (value > MAX_FIGURE) return 'too-large';
  return null;
}

/** Those in quarantine by type at the end of the previous day (null: not known). */
export type PreviousIn = { readonly [T in QuarantineType]: number | null };

/**
 * Every refused cell of a row: values that are not whole, negative or too large; positives
 * above samples; and per quarantine type, released today above those in quarantine at the start
 * of the day plus new today (checked when yesterday's "in now" is known).
 */
export function validateFigures(values: Partial<FigureValues>, previousIn?: PreviousIn | null): CellProblem[] {
  const out: CellProblem[] = [];
  const add = (field: FigureField, code: CellProblemCode): void => {
    out.push({ field, code, text: PROBLEM_TEXT[code] });
  };
  for (const f of FIGURE_FIELDS) {
    const p = valueProblem(values[f]);
    if (p) add(f, p);
  }
  if (out.length > 0) return out;
  const { samples, positives } = values;
  if (positives != null && samples != null && positives > samples) add('positives', 'positives-above-samples');
  for (const [type, f] of Object.entries(QUARANTINE_TYPES) as [QuarantineType, (typeof QUARANTINE_TYPES)['home']][]) {
    const released = values[f.released];
    const before = previousIn?.[type];
    if (released == null || before == null) continue;
    if (released > before + (values[f.new] ?? 0)) add(f.released, 'released-above-in');
  }
  return out;
}

/** A row with every field null (a literal: this runs once per imported row). */
export function emptyFigures(): FigureValues {
  return {
    f0Community: null,
    f0Quarantine: null,
    f1Traced: null,
    samples: null,
    positives: null,
    qFacilityIn: null,
    qFacilityNew: null,
    qFacilityReleased: null,
    qHealthIn: null,
    qHealthNew: null,
    qHealthReleased: null,
    qHomeIn: null,
    qHomeNew: null,
    qHomeReleased: null,
    dose1: null,
    dose2: null,
    doseBooster: null,
    deaths: null,
    recoveries: null,
  };
}

/** New community cases per 100,000 people per week (null without a population). */
export function per100k(cases7d: number, population: number | null): number | null {
  if (!population || population <= 0) return null;
  return Math.round(((cases7d * 100_000) / population) * 10) / 10;
}

/** Positive share of samples, in percent with one decimal (null without samples). */
export function positivity(samples: number, positives: number): number | null {
  return samples > 0 ? Math.round((positives / samples) * 1000) / 10 : null;
}
