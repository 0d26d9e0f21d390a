/** Pure helpers of the audit viewer: before/after rows and record names. */
import type { AuditEntry } from '../../../../shared/contract';

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : null;

const show = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** The fields of an entry's before and after, each once, and whether the value changed. */
export function diffRows(
  before: unknown,
  after: unknown,
): { key: string; before: string; after: string; changed: boolean }[] {
  const b = asFields(before) ?? (before === null ? {} : { '': before });
  const a = asFields(after) ?? (after === null ? {} : { '': after });
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const bv = show(b[key]);
    const av = show(a[key]);
    return { key, before: bv, after: av, changed: bv !== av };
  });
}

/** A short name of the record an entry is about: the unit it names, else its id. */
export function recordLabel(entry: AuditEntry): string {
  const data = asFields(entry.after) ?? asFields(entry.before) ?? {};
  const unit = ['unit_code', 'commune_code', 'hamlet_code'].map((k) => data[k]).find((v) => typeof v === 'string');
  return typeof unit === 'string' && unit !== entry.entityId
    ? `${entry.entity} · ${unit}`
    : `${entry.entity} · ${entry.entityId}`;
}
