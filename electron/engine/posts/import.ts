/** Checking a posts CSV row by row before anything is written. */
import crypto from 'node:crypto';
import { readCsv } from '../../../shared/csv';
import {
  FORCES,
  isDate,
  POST_CSV_COLUMNS,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUS_LABELS,
  POST_STATUSES,
  SHIFT_COUNTS,
} from '../../../shared/posts';
import { EngineError, type LocalText, type MessageParams, msg } from '../../../shared/result';
import { fold } from '../../../shared/text';
import { normaliseGsoCode } from '../../../shared/units';
import type { CallContext, EngineContext } from '../context';
import type { Row } from '../entities';
import { communeLocator } from './locator';
import { STAFF_COLUMN } from './repo';

interface RowError {
  readonly column: string;
  readonly text: LocalText;
}

/** One data row of a posts CSV, checked, with what it would write. */
export interface CheckedRow {
  readonly row: number;
  readonly name: string;
  readonly action: 'create' | 'update' | 'error';
  readonly communeCode: string | null;
  readonly errors: RowError[];
  /** The columns to write (only when there are no errors). */
  readonly put: Row | null;
}

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(POST_CSV_COLUMNS);
const REQUIRED_COLUMNS = ['name', 'kind', 'lat', 'lon'] as const;

function matchAlias<K extends string>(
  value: string,
  codes: readonly K[],
  labels: Readonly<Record<K, { vi: string; en: string; aliases: readonly string[] }>>,
): K | null {
  const v = fold(value).replace(/\s+/g, ' ').trim();
  for (const k of codes) {
    const l = labels[k];
    if (v === k || v === fold(l.vi) || v === fold(l.en) || l.aliases.includes(v)) return k;
  }
  return null;
}

/** `YYYY-MM-DD` or `DD/MM/YYYY` → `YYYY-MM-DD`, or null. */
function parseDate(text: string): string | null {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const out = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  return isDate(out) ? out : null;
}

/** A decimal that may use a comma (the Vietnamese decimal sign) when it has no dot. */
function parseDecimal(text: string): number | null {
  const t = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Checks every row of a posts CSV against the database; writes nothing. */
export function checkRows(engine: EngineContext, fileName: string, text: string): CheckedRow[] {
  // shared/csv.ts: delimiter, exact line numbers, and the formula guard our exports add comes
  // off again, so export → import changes nothing.
  const table = readCsv(text, fileName);
  const header = table.header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new EngineError(
      'bad-file',
      msg('{fileName}: thiếu cột {cols}; không ghi gì', '{fileName}: missing columns {cols}; nothing written', {
        fileName,
        cols: missing.join(', '),
      }),
    );
  }
  const unknown = header.filter((h) => h !== '' && !KNOWN_COLUMNS.has(h));
  if (unknown.length > 0) {
    throw new EngineError(
      'bad-file',
      msg(
        '{fileName}: cột không rõ {cols} (các cột dùng được: {known}); không ghi gì',
        '{fileName}: unknown columns {cols} (known columns: {known}); nothing written',
        { fileName, cols: unknown.join(', '), known: POST_CSV_COLUMNS.join(', ') },
      ),
    );
  }
  const locator = communeLocator(engine);
  const db = engine.db;
  const existingById = db.prepare('SELECT id, deleted FROM posts WHERE id = ?');
  const existingByName = db.prepare('SELECT id FROM posts WHERE kind = ? AND name = ? AND deleted = 0');
  const borderPostByName = db.prepare("SELECT id FROM posts WHERE kind = 'border_post' AND name = ? AND deleted = 0");
  // A commune, or a district without communes (an island district), which holds its posts itself.
  const communeRow = db.prepare(
    `SELECT code FROM units u WHERE code = ? AND deleted = 0 AND (level = 'commune' OR (level = 'district'
       AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_code = u.code AND c.deleted = 0)))`,
  );
  // Control points may name their border post before or after its own row: collect the file's
  // border posts (by id and by name) first.
  const fileBorderPosts = new Map<string, string>();
  const col = (cells: readonly string[], name: string): string => (cells[header.indexOf(name)] ?? '').trim();
  for (const { cells } of table.rows) {
    if (matchAlias(col(cells, 'kind'), POST_KINDS, POST_KIND_LABELS) !== 'border_post') continue;
    const fileId = header.includes('id') ? col(cells, 'id') : '';
    if (fileId) fileBorderPosts.set(fileId, fileId);
    if (col(cells, 'name')) fileBorderPosts.set(col(cells, 'name'), fileId || `name:${col(cells, 'name')}`);
  }
  const resolvedNames = new Map<string, string>();
  const seenIds = new Set<string>();
  const out: CheckedRow[] = [];

  table.rows.forEach(({ cells, line }) => {
    const get = (col: string): string => {
      const idx = header.indexOf(col);
      return idx < 0 ? '' : (cells[idx] ?? '').trim();
    };
    const errors: RowError[] = [];
    const err = (column: string, vi: string, en: string, params?: MessageParams): void => {
      errors.push({ column, text: msg(vi, en, params) });
    };
    if (cells.length !== header.length) {
      err('', 'có {n} ô, tiêu đề có {h}', '{n} fields, the header has {h}', { n: cells.length, h: header.length });
    }
    const name = get('name');
    if (!name) err('name', 'thiếu tên', 'name missing');
    else if (name.length > 200) err('name', 'tên quá dài (> 200)', 'name too long (> 200)');
    const kindText = get('kind');
    const kind = matchAlias(kindText, POST_KINDS, POST_KIND_LABELS);
    if (!kind) {
      err('kind', 'loại không rõ “{v}” ({known})', 'unknown kind “{v}” ({known})', {
        v: kindText,
        known: POST_KINDS.join(', '),
      });
    }
    const lat = parseDecimal(get('lat'));
    const lon = parseDecimal(get('lon'));
    if (lat === null || lat < -90 || lat > 90) {
      err('lat', 'vĩ độ không hợp lệ “{v}”', 'invalid latitude “{v}”', { v: get('lat') });
    }
    if (lon === null || lon < -180 || lon > 180) {
      err('lon', 'kinh độ không hợp lệ “{v}”', 'invalid longitude “{v}”', { v: get('lon') });
    }
    let communeCode: string | null = null;
    const communeText = get('commune_code');
    if (communeText) {
      // As written first: an island district's "755" is not padded into a commune code.
      const c = [communeText, normaliseGsoCode(communeText, 'commune')].find((x) => x && communeRow.get(x));
      if (!c) {
        err('commune_code', 'không có xã mã “{v}”', 'no commune with code “{v}”', { v: communeText });
      } else communeCode = c;
    } else if (lat !== null && lon !== null && errors.every((e) => e.column !== 'lat' && e.column !== 'lon')) {
      communeCode = locator.locate(lon, lat)?.code ?? null;
    }
    const statusText = get('status');
    const status = statusText ? matchAlias(statusText, POST_STATUSES, POST_STATUS_LABELS) : 'active';
    if (!status) {
      err('status', 'trạng thái không rõ “{v}” ({known})', 'unknown status “{v}” ({known})', {
        v: statusText,
        known: POST_STATUSES.join(', '),
      });
    }
    const dateCol = (col: string): string | null => {
      const v = get(col);
      if (!v) return null;
      const d = parseDate(v);
      if (!d)
        err(
          col,
          'ngày không hợp lệ “{v}” (YYYY-MM-DD hoặc DD/MM/YYYY)',
          'invalid date “{v}” (YYYY-MM-DD or DD/MM/YYYY)',
          { v },
        );
      return d;
    };
    const statusSince = dateCol('status_since');
    const openedOn = dateCol('opened_on');
    const staff: Row = {};
    for (const f of FORCES) {
      const v = get(f);
      if (!v) {
        staff[STAFF_COLUMN[f]] = 0;
        continue;
      }
      if (!/^\d{1,7}$/.test(v)) err(f, 'số người không hợp lệ “{v}”', 'invalid headcount “{v}”', { v });
      else staff[STAFF_COLUMN[f]] = Number(v);
    }
    const spdText = get('shifts_per_day');
    const shiftsPerDay = spdText ? Number(spdText) : 3;
    if (!(SHIFT_COUNTS as readonly number[]).includes(shiftsPerDay)) {
      err('shifts_per_day', 'số ca “{v}” không hợp lệ ({known})', 'invalid shift count “{v}” ({known})', {
        v: spdText,
        known: SHIFT_COUNTS.join(', '),
      });
    }
    const startText = get('first_shift_start') || '06:00';
    const sm = /^(\d{1,2}):(\d{2})$/.exec(startText);
    const firstStart = sm && Number(sm[1]) < 24 && Number(sm[2]) < 60 ? `${sm[1]!.padStart(2, '0')}:${sm[2]}` : null;
    if (!firstStart) {
      err('first_shift_start', 'giờ bắt đầu ca “{v}” không hợp lệ (HH:MM)', 'invalid shift start “{v}” (HH:MM)', {
        v: startText,
      });
    }
    let parentId: string | null = null;
    const parentText = get('parent');
    if (parentText) {
      const byId = existingById.get(parentText) as { id: string; deleted: number } | undefined;
      const byName = borderPostByName.get(parentText) as { id: string } | undefined;
      parentId = (byId && !byId.deleted ? byId.id : null) ?? byName?.id ?? fileBorderPosts.get(parentText) ?? null;
      if (!parentId) {
        err('parent', 'không có đồn “{v}”', 'no border post with id or name “{v}”', { v: parentText });
      }
    }
    const textCol = (col: string, max: number): string => {
      const v = get(col);
      if (v.length > max) err(col, 'quá dài (> {max})', 'too long (> {max})', { max });
      return v;
    };
    const commander = textCol('commander', 200);
    const phone = textCol('phone', 50);
    const borderSegment = textCol('border_segment', 200);
    const markers = textCol('markers', 500);
    const neighbourCountry = textCol('neighbour_country', 100);
    const note = textCol('note', 2000);

    let id = get('id');
    let action: 'create' | 'update' = 'create';
    if (id) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) err('id', 'mã không hợp lệ “{v}”', 'invalid id “{v}”', { v: id });
      else if (seenIds.has(id)) err('id', 'mã trùng trong tệp “{v}”', 'id “{v}” repeated in the file', { v: id });
      const ex = existingById.get(id) as { id: string; deleted: number } | undefined;
      if (ex) action = 'update';
    } else if (kind && name) {
      // Without an id, a live post of the same kind and name is the one being updated, so a
      // corrected file can be imported again without duplicating every post.
      const same = existingByName.all(kind, name) as { id: string }[];
      if (same.length > 1) {
        err('id', 'có {n} chốt cùng tên, cần cột id', '{n} posts share this name: give the id', { n: same.length });
      }
      if (same.length === 1) {
        id = same[0]!.id;
        action = 'update';
      }
    }
    if (!id) id = crypto.randomUUID();
    seenIds.add(id);
    if (kind === 'border_post' && name) resolvedNames.set(`name:${name}`, id);

    const ok = errors.length === 0;
    out.push({
      row: line,
      name,
      action: ok ? action : 'error',
      communeCode,
      errors,
      put: ok
        ? {
            id,
            kind,
            name,
            parent_id: parentId,
            lon,
            lat,
            commune_code: communeCode,
            status,
            status_since: statusSince,
            opened_on: openedOn,
            commander,
            phone,
            ...staff,
            shifts_per_day: shiftsPerDay,
            first_shift_start: firstStart,
            border_segment: borderSegment,
            markers,
            neighbour_country: neighbourCountry,
            note,
            deleted: 0,
          }
        : null,
    });
  });
  // A parent named (without id) in the file gets the id its row was given.
  for (const r of out) {
    const parent = r.put?.['parent_id'];
    if (typeof parent === 'string' && parent.startsWith('name:'))
      r.put!['parent_id'] = resolvedNames.get(parent) ?? null;
  }
  return out.map((r) => (r.errors.length > 0 ? { ...r, action: 'error', put: null } : r));
}

/** Every error of `rows`, one line each, naming the file, row and column. */
export function rowErrorLines(fileName: string, rows: readonly CheckedRow[]): LocalText[] {
  return rows.flatMap((r) =>
    r.errors.map((e) => ({
      vi: `${fileName} dòng ${r.row}${e.column ? `, cột ${e.column}` : ''}: ${e.text.vi}`,
      en: `${fileName} row ${r.row}${e.column ? `, column ${e.column}` : ''}: ${e.text.en}`,
    })),
  );
}

/** Writes a checked posts CSV in one transaction, or refuses the whole file. */
export function importPosts(
  engine: EngineContext,
  ctx: CallContext,
  input: { readonly fileName: string; readonly text: string },
): { fileName: string; created: number; updated: number } {
  const rows = checkRows(engine, input.fileName, input.text);
  const bad = rows.filter((r) => r.errors.length > 0);
  if (bad.length > 0) {
    throw new EngineError(
      'bad-file',
      msg('{fileName}: {n} dòng lỗi, không ghi gì', '{fileName}: {n} rows with errors, nothing written', {
        fileName: input.fileName,
        n: bad.length,
      }),
      rowErrorLines(input.fileName, bad),
    );
  }
  if (rows.length === 0) {
    throw new EngineError(
      'bad-file',
      msg('{fileName}: không có dòng nào', '{fileName}: no rows', { fileName: input.fileName }),
    );
  }
  let created = 0;
  let updated = 0;
  const createdAt = new Date(engine.now()).toISOString();
  engine.write(ctx, { action: 'post.import', reason: `Nhập ${input.fileName}` }, (tx) => {
    // Border posts first: a control point's row may come before its post's in the file.
    const ordered = [...rows].sort(
      (a, b) => Number(b.put!['kind'] === 'border_post') - Number(a.put!['kind'] === 'border_post'),
    );
    for (const r of ordered) {
      const put = r.put!;
      const before = tx.get('post', put['id'] as string);
      const outcome = tx.put('post', before ? put : { ...put, created_at: createdAt });
      if (outcome === 'created') created += 1;
      else if (outcome === 'updated') updated += 1;
    }
  });
  return { fileName: input.fileName, created, updated };
}
