/**
 * Administrative units: levels, unit types and GSO code rules.
 * Hamlets have no official code; the app gives them local codes `<commune code>-<nnn>`.
 */

/** The four levels the app keeps, top down. */
export const UNIT_LEVELS = ['province', 'district', 'commune', 'hamlet'] as const;
/** One of {@link UNIT_LEVELS}. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Length of an official GSO code per level (hamlets have none). */
export const GSO_CODE_LENGTH = { province: 2, district: 3, commune: 5 } as const satisfies Record<
  Exclude<UnitLevel, 'hamlet'>,
  number
>;

/** The parent level of each level (province has none). */
export function parentLevel(level: UnitLevel): UnitLevel | null {
  const i = UNIT_LEVELS.indexOf(level);
  return i <= 0 ? null : (UNIT_LEVELS[i - 1] ?? null);
}

/** Unit types in common use, by level (free text is accepted too). */
export const UNIT_TYPES: Readonly<Record<UnitLevel, readonly string[]>> = {
  province: ['Tỉnh', 'Thành phố Trung ương'],
  district: ['Huyện', 'Quận', 'Thị xã', 'Thành phố'],
  commune: ['Xã', 'Phường', 'Thị trấn'],
  hamlet: ['Ấp', 'Thôn', 'Bản', 'Làng', 'Buôn', 'Sóc', 'Khu phố', 'Tổ dân phố', 'Khóm'],
};

/**
 * Normalises a GSO code read from a file: integers and short strings are zero-padded to the
 * level's length ("1" → "01" for a province, 31975 → "31975"). Returns null when the value is
 * empty or not a code of that level.
 */
export function normaliseGsoCode(value: unknown, level: Exclude<UnitLevel, 'hamlet'>): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
    if (/^\d+\.0+$/.test(text)) text = text.replace(/\.0+$/, '');
  } else {
    return null;
  }
  if (!/^\d+$/.test(text)) return null;
  const len = GSO_CODE_LENGTH[level];
  if (text.length > len) return null;
  return text.padStart(len, '0');
}

/** Type prefixes a unit's name may start with, longest first (so "Thành phố" wins over a bare word). */
const NAME_PREFIXES: readonly (readonly [string, UnitLevel | null])[] = [
  ['thanh pho trung uong', 'province'],
  ['to dan pho', 'hamlet'],
  ['thanh pho', null],
  ['thi tran', 'commune'],
  ['thi xa', 'district'],
  ['khu pho', 'hamlet'],
  ['phuong', 'commune'],
  ['huyen', 'district'],
  ['quan', 'district'],
  ['tinh', 'province'],
  ['khom', 'hamlet'],
  ['thon', 'hamlet'],
  ['buon', 'hamlet'],
  ['ban', 'hamlet'],
  ['lang', 'hamlet'],
  ['soc', 'hamlet'],
  ['ap', 'hamlet'],
  ['xa', 'commune'],
];

function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A unit name reduced for comparison: no diacritics, case, punctuation, remark in parentheses
 * or type prefix ("Xã", "Phường", "Thị trấn", "Huyện", "Thành phố", "Ấp", "Khóm"…), so
 * "Phường 3" and "P 3"-style variants of one name meet: `unitNameKey("Xã Long Điền Đông (sửa)")`
 * is "long dien dong". A name that is only a prefix with a number ("Phường 3") keeps the number.
 */
export function unitNameKey(name: string): string {
  const f = foldName(name);
  for (const [prefix] of NAME_PREFIXES) {
    if (f.startsWith(prefix + ' ')) return f.slice(prefix.length + 1).trim();
  }
  return f;
}

/** Whether two unit names name the same unit (compared by {@link unitNameKey}). */
export function sameUnitName(a: string, b: string): boolean {
  return unitNameKey(a) === unitNameKey(b);
}

/**
 * The level a name's type prefix belongs to ("Huyện …" → district, "Xã …" → commune), or null when
 * the name has no prefix or an ambiguous one ("Thành phố" is a district or a province).
 */
export function levelOfName(name: string): UnitLevel | null {
  const f = foldName(name);
  for (const [prefix, level] of NAME_PREFIXES) {
    if (f === prefix || f.startsWith(prefix + ' ')) return level;
  }
  return null;
}

/** Guesses a unit's level from a normalised code's shape; null when it fits none. */
export function levelOfCode(code: string): UnitLevel | null {
  if (/^\d{2}$/.test(code)) return 'province';
  if (/^\d{3}$/.test(code)) return 'district';
  if (/^\d{5}$/.test(code)) return 'commune';
  if (/^\d{5}-\d{3}$/.test(code)) return 'hamlet';
  return null;
}

/** The local code of the n-th hamlet of a commune: "31975-007". */
export function hamletCode(communeCode: string, n: number): string {
  return `${communeCode}-${String(n).padStart(3, '0')}`;
}

/**
 * The deepest unit common to every chain (each a unit's ancestry, root first, ending at the unit),
 * or null when there is none (no chains, or chains from different roots).
 */
export function commonAncestor(chains: readonly (readonly string[])[]): string | null {
  if (chains.length === 0) return null;
  let common: readonly string[] = chains[0]!;
  for (const c of chains.slice(1)) {
    let i = 0;
    while (i < common.length && i < c.length && common[i] === c[i]) i++;
    common = common.slice(0, i);
  }
  return common[common.length - 1] ?? null;
}
