import path from 'node:path';
import type { PostSummary } from '../../shared/contract-posts';
import {
  FIGURE_KEYS,
  type FigureKey,
  HANDLINGS,
  INCIDENT_TYPES,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUSES,
  shiftWindow,
  TOTALS_GROUPS,
  VN_UTC_OFFSET_MINUTES,
} from '../../shared/posts';
import { EngineError, msg } from '../../shared/result';
import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { readImportFile } from './read-file';
import {
  type CliCommand,
  dbPathOf,
  exportFormatOf,
  parseCommand,
  requiredFile,
  saveExport,
  UsageError,
  withEngine,
} from './context';

/** Largest posts CSV read from disk. */
const MAX_POSTS_CSV = 50 * 1024 * 1024;

/** The option of each figure, as `log-shift` takes it. */
const FIGURE_OPTIONS: Readonly<Record<FigureKey, string>> = {
  peopleChecked: 'people',
  vehiclesChecked: 'vehicles',
  turnedBack: 'turned-back',
  healthDeclarations: 'declarations',
  tempAlerts: 'temp-alerts',
  testAlerts: 'test-alerts',
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option}: ${allowed.join(' | ')}`);
  }
  return value as T;
}

function count(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,8}$/.test(value)) {
    throw new UsageError(msg('{option}: cần số nguyên ≥ 0', '{option}: expected a whole number ≥ 0', { option }));
  }
  return Number(value);
}

/** A post by id, or by its exact name when exactly one live post has it. */
function resolvePost(e: Engine, ref: string): PostSummary {
  const all = call(e, 'posts.list', {});
  const byId = all.find((p) => p.id === ref);
  if (byId) return byId;
  const byName = all.filter((p) => p.name === ref);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new EngineError(
      'bad-request',
      msg('{n} chốt tên “{ref}”, dùng mã ({ids})', '{n} posts are named “{ref}”: use the id ({ids})', {
        n: byName.length,
        ref,
        ids: byName.map((p) => p.id).join(', '),
      }),
    );
  }
  throw new EngineError('not-found', msg('Không có chốt “{ref}”', 'No post with id or name “{ref}”', { ref }));
}

/**
 * Parses `type=illegal_entry,at=23:40,place=mốc 770,people=3,handling=quarantine,note=…`.
 * `at` is an ISO time or `HH:MM` Vietnam time within the shift (after midnight for a night shift).
 */
function parseIncident(
  spec: string,
  shift: { startMs: number; date: string } | null,
): {
  type: (typeof INCIDENT_TYPES)[number];
  at?: string;
  place?: string;
  people?: number;
  handling?: (typeof HANDLINGS)[number];
  note?: string;
} {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const m = /^\s*([a-z]+)\s*=(.*)$/.exec(part);
    if (!m)
      throw new UsageError(
        msg('--incident “{spec}”: cần key=value,…', '--incident “{spec}”: expected key=value,…', { spec }),
      );
    fields.set(m[1]!, m[2]!.trim());
  }
  for (const k of fields.keys()) {
    if (!['type', 'at', 'place', 'people', 'handling', 'note'].includes(k)) {
      throw new UsageError(
        msg('--incident: khóa không rõ {k} ({keys})', '--incident: unknown key {k} ({keys})', {
          k,
          keys: 'type, at, place, people, handling, note',
        }),
      );
    }
  }
  const type = oneOf(fields.get('type'), INCIDENT_TYPES, '--incident type');
  if (!type) {
    throw new UsageError(
      msg('--incident: cần type= ({types})', '--incident: type= required ({types})', {
        types: INCIDENT_TYPES.join(' | '),
      }),
    );
  }
  const handling = oneOf(fields.get('handling'), HANDLINGS, '--incident handling');
  let at = fields.get('at');
  const hm = at ? /^(\d{1,2}):(\d{2})$/.exec(at) : null;
  if (at && hm) {
    if (!shift)
      throw new UsageError(
        msg('--incident at=HH:MM cần --date và --shift', '--incident at=HH:MM needs --date and --shift'),
      );
    const [y, mo, d] = shift.date.split('-').map(Number);
    let ms = Date.UTC(y!, mo! - 1, d, Number(hm[1]), Number(hm[2])) - VN_UTC_OFFSET_MINUTES * 60_000;
    // A night shift runs past midnight: a time before its start is on the next calendar day.
    if (ms < shift.startMs) ms += 86_400_000;
    at = new Date(ms).toISOString();
  }
  const people = count(fields.get('people'), '--incident people');
  return {
    type,
    ...(at ? { at } : {}),
    ...(fields.has('place') ? { place: fields.get('place')! } : {}),
    ...(people !== undefined ? { people } : {}),
    ...(handling ? { handling } : {}),
    ...(fields.has('note') ? { note: fields.get('note')! } : {}),
  };
}

/** posts, import-posts, log-shift, post-gaps, post-totals, export-posts, export-post-logs. */
export const POSTS_COMMANDS: Readonly<Record<string, CliCommand>> = {
  posts: {
    usage: [
      'saban posts [--within CODE] [--kind checkpoint|border_post|control_point|quarantine_gate]',
      '      [--status active|suspended|stood_down] [--commune CODE] [--db FILE] [--json]',
    ],
    run({ args, out, say, lang }) {
      const { values } = parseCommand(args, {
        within: { type: 'string' },
        kind: { type: 'string' },
        status: { type: 'string' },
        commune: { type: 'string' },
      });
      const kind = oneOf(values.kind, POST_KINDS, '--kind');
      const status = oneOf(values.status, POST_STATUSES, '--status');
      const posts = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'posts.list', {
          ...(values.within ? { within: values.within } : {}),
          ...(kind ? { kind } : {}),
          ...(status ? { status } : {}),
          ...(values.commune ? { commune: values.commune } : {}),
        }),
      );
      if (values.json) {
        out(JSON.stringify(posts));
        return 0;
      }
      for (const p of posts) {
        out(
          [
            p.id,
            POST_KIND_LABELS[p.kind][lang],
            p.name,
            p.status,
            p.communeCode ?? '-',
            `${p.lat},${p.lon}`,
            say('ca {no}/{n}', 'shift {no}/{n}', { no: p.currentShift.no, n: p.pattern.shiftsPerDay }),
            say('hôm nay {people} người, {inc} sự việc', 'today {people} people, {inc} incidents', {
              people: p.today.peopleChecked,
              inc: p.today.incidents,
            }),
          ].join('\t'),
        );
      }
      if (posts.length === 0) out(say('Chưa có chốt nào', 'No posts yet'));
      return 0;
    },
  },

  'import-posts': {
    usage: ['saban import-posts CSV [--dry-run] [--db FILE] [--json]   (cột/columns: README "Checkpoints")'],
    run({ args, out, say, lang }) {
      const { values, positionals } = parseCommand(args, { 'dry-run': { type: 'boolean', default: false } });
      const file = requiredFile(positionals, 'CSV');
      const text = readImportFile(file, MAX_POSTS_CSV);
      const fileName = path.basename(file);
      return withEngine(dbPathOf(values.db), (e) => {
        if (values['dry-run']) {
          const preview = call(e, 'posts.importPreview', { fileName, text });
          if (values.json) out(JSON.stringify(preview));
          else {
            for (const r of preview.rows) {
              out(`${say('dòng {row}', 'row {row}', { row: r.row })}\t${r.action}\t${r.name}\t${r.communeCode ?? '-'}`);
              for (const er of r.errors) out(`  - ${er.column || say('(dòng)', '(row)')}: ${er.text[lang]}`);
            }
            out(
              say('{n} dòng, {e} dòng lỗi; chưa ghi gì', '{n} rows, {e} with errors; nothing written', {
                n: preview.rows.length,
                e: preview.errorCount,
              }),
            );
          }
          return preview.errorCount > 0 ? 2 : 0;
        }
        const r = call(e, 'posts.import', { fileName, text });
        if (values.json) out(JSON.stringify(r));
        else {
          out(
            say('{file}: tạo mới {created}, cập nhật {updated}', '{file}: created {created}, updated {updated}', {
              file: r.fileName,
              created: r.created,
              updated: r.updated,
            }),
          );
        }
        return 0;
      });
    },
  },

  'log-shift': {
    usage: [
      'saban log-shift --post ID|NAME [--date YYYY-MM-DD --shift N] [--people N] [--vehicles N]',
      '      [--turned-back N] [--declarations N] [--temp-alerts N] [--test-alerts N] [--note TEXT]',
      '      [--incident "type=illegal_entry|forcing|false_papers|other,at=HH:MM|ISO,place=…,people=N,',
      '                   handling=quarantine|fined|returned|other,note=…"]… [--db FILE] [--json]',
    ],
    run({ args, out, say }) {
      const { values } = parseCommand(args, {
        post: { type: 'string' },
        date: { type: 'string' },
        shift: { type: 'string' },
        people: { type: 'string' },
        vehicles: { type: 'string' },
        'turned-back': { type: 'string' },
        declarations: { type: 'string' },
        'temp-alerts': { type: 'string' },
        'test-alerts': { type: 'string' },
        note: { type: 'string' },
        incident: { type: 'string', multiple: true },
      });
      if (!values.post) throw new UsageError(msg('thiếu --post', 'missing --post'));
      if ((values.date === undefined) !== (values.shift === undefined)) {
        throw new UsageError(msg('--date và --shift đi cùng nhau', '--date and --shift go together'));
      }
      const shiftNo = count(values.shift, '--shift');
      const figures: Partial<Record<FigureKey, number>> = {};
      for (const k of FIGURE_KEYS) {
        const opt = FIGURE_OPTIONS[k];
        const v = count(values[opt as keyof typeof values] as string | undefined, `--${opt}`);
        if (v !== undefined) figures[k] = v;
      }
      const log = withEngine(dbPathOf(values.db), (e) => {
        const post = resolvePost(e, values.post!);
        let shift: { startMs: number; date: string } | null = null;
        if (values.date && shiftNo !== undefined) {
          try {
            shift = shiftWindow(post.pattern, values.date, shiftNo);
          } catch (err) {
            throw new UsageError(`--date/--shift: ${(err as Error).message}`);
          }
        }
        const incidents = (values.incident ?? []).map((s) =>
          parseIncident(
            s,
            shift ?? {
              startMs: Date.parse(post.currentShift.start),
              date: post.currentShift.date,
            },
          ),
        );
        return call(e, 'posts.logShift', {
          postId: post.id,
          ...(values.date ? { date: values.date, shift: shiftNo } : {}),
          figures,
          ...(values.note !== undefined ? { note: values.note } : {}),
          incidents,
        });
      });
      if (values.json) out(JSON.stringify(log));
      else {
        out(
          say(
            'Đã ghi sổ ca {no} ngày {date}: {people} người, {vehicles} phương tiện, {inc} sự việc',
            'Logged shift {no} of {date}: {people} people, {vehicles} vehicles, {inc} incident(s)',
            {
              no: log.shift.no,
              date: log.shift.date,
              people: log.peopleChecked,
              vehicles: log.vehiclesChecked,
              inc: log.incidents.length,
            },
          ),
        );
      }
      return 0;
    },
  },

  'post-gaps': {
    usage: ['saban post-gaps [--within CODE] [--db FILE] [--json]'],
    run({ args, out, say, lang }) {
      const { values } = parseCommand(args, { within: { type: 'string' } });
      const gaps = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'posts.gaps', values.within ? { within: values.within } : {}),
      );
      if (values.json) out(JSON.stringify(gaps));
      else {
        for (const g of gaps) out(`${g.kind}\t${g.message[lang]}`);
        if (gaps.length === 0) out(say('Không có cảnh báo', 'No warnings'));
      }
      return 0;
    },
  },

  'post-totals': {
    usage: ['saban post-totals --from YYYY-MM-DD --to YYYY-MM-DD [--group post|commune|day] [--within CODE] [--json]'],
    run({ args, out }) {
      const { values } = parseCommand(args, {
        from: { type: 'string' },
        to: { type: 'string' },
        group: { type: 'string', default: 'day' },
        within: { type: 'string' },
      });
      if (!values.from || !values.to) throw new UsageError(msg('cần --from và --to', '--from and --to required'));
      const group = oneOf(values.group, TOTALS_GROUPS, '--group')!;
      const totals = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'posts.totals', {
          from: values.from,
          to: values.to,
          group,
          ...(values.within ? { within: values.within } : {}),
        }),
      );
      if (values.json) out(JSON.stringify(totals));
      else {
        out(['key', 'label', 'logs', ...FIGURE_KEYS, 'incidents'].join('\t'));
        for (const t of totals) out([t.key, t.label, t.logs, ...FIGURE_KEYS.map((k) => t[k]), t.incidents].join('\t'));
      }
      return 0;
    },
  },

  'export-posts': {
    usage: ['saban export-posts --out FILE [--format csv|xlsx|geojson] [--within CODE] [--db FILE]'],
    run({ args, out }) {
      const { values } = parseCommand(args, {
        out: { type: 'string' },
        format: { type: 'string' },
        within: { type: 'string' },
      });
      if (!values.out) throw new UsageError(msg('thiếu --out', 'missing --out'));
      const format = exportFormatOf(values.format, values.out, ['csv', 'xlsx', 'geojson'] as const);
      const r = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'posts.export', { format, ...(values.within ? { within: values.within } : {}) }),
      );
      out(saveExport(values.out, r));
      return 0;
    },
  },

  'export-post-logs': {
    usage: [
      'saban export-post-logs --out FILE --from YYYY-MM-DD --to YYYY-MM-DD [--within CODE] [--format csv|xlsx] [--db FILE]',
    ],
    run({ args, out }) {
      const { values } = parseCommand(args, {
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        within: { type: 'string' },
        format: { type: 'string' },
      });
      if (!values.out) throw new UsageError(msg('thiếu --out', 'missing --out'));
      const format = exportFormatOf(values.format, values.out, ['csv', 'xlsx'] as const);
      if (!values.from || !values.to) throw new UsageError(msg('cần --from và --to', '--from and --to required'));
      const r = withEngine(dbPathOf(values.db), (e) =>
        call(e, 'posts.exportLogs', {
          from: values.from,
          to: values.to,
          format,
          ...(values.within ? { within: values.within } : {}),
        }),
      );
      out(saveExport(values.out, r));
      return 0;
    },
  },
};
