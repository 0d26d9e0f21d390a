/** The `clusters` and `lockdowns` commands: outbreak clusters and temporary lockdowns. */
import type { Cluster, Lockdown } from '../../shared/contract-clusters';
import {
  CLUSTER_STATUS_LABELS,
  CLUSTER_STATUSES,
  LOCKDOWN_CHANGE_LABELS,
  LOCKDOWN_STATE_LABELS,
  LOCKDOWN_STATES,
} from '../../shared/clusters';
import type { Lang } from '../../shared/messages';
import { EngineError, msg } from '../../shared/result';
import { formatDate, formatDateTime, parseDay, parseVnDateTime, toVnIso } from '../../shared/time';
import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { type CliCommand, type CommandContext, dbPathOf, parseCommand, UsageError, withEngine } from './context';
import { readImportFile } from './read-file';

const MAX_AREA_FILE = 10 * 1024 * 1024;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option}: ${allowed.join(' | ')}`);
  return value as T;
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(msg('thiếu {option}', 'missing {option}', { option }));
  }
  return value;
}

function dayOption(value: string, option: string): string {
  const d = parseDay(value);
  if (!d) {
    throw new UsageError(
      msg('{option} “{value}”: cần ngày dd/mm/yyyy', '{option} “{value}”: expected a day dd/mm/yyyy', {
        option,
        value,
      }),
    );
  }
  return d;
}

function instantOption(value: string, option: string): string {
  const ms = parseVnDateTime(value);
  if (ms === null) {
    throw new UsageError(
      msg(
        '{option} “{value}”: cần “dd/mm/yyyy HH:mm” (giờ Việt Nam)',
        '{option} “{value}”: expected “dd/mm/yyyy HH:mm” (Vietnam time)',
        {
          option,
          value,
        },
      ),
    );
  }
  return toVnIso(ms);
}

const codesOf = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `--units A,B` or `--point LAT,LON` or `--geojson FILE` (a Polygon, a Feature or a one-feature collection). */
function placeOption(
  values: { units?: string | undefined; point?: string | undefined; geojson?: string | undefined },
  allowPoint: boolean,
) {
  const given = [values.units, allowPoint ? values.point : undefined, values.geojson].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      allowPoint
        ? msg('cần đúng một trong --units, --point, --geojson', 'give exactly one of --units, --point, --geojson')
        : msg('cần đúng một trong --units, --geojson', 'give exactly one of --units, --geojson'),
    );
  }
  if (values.units !== undefined) return { kind: 'units' as const, codes: codesOf(values.units) };
  if (values.point !== undefined) {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(values.point);
    if (!m) throw new UsageError(msg('--point: cần VĨ_ĐỘ,KINH_ĐỘ', '--point: expected LAT,LON'));
    return { kind: 'point' as const, point: [Number(m[2]), Number(m[1])] as [number, number] };
  }
  let g: unknown;
  try {
    g = JSON.parse(readImportFile(values.geojson!, MAX_AREA_FILE));
  } catch (err) {
    if (err instanceof SyntaxError)
      throw new EngineError('bad-file', msg('{file}: không phải JSON', '{file}: not JSON', { file: values.geojson! }));
    throw err;
  }
  const o = g as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
  const geometry =
    o.type === 'Feature'
      ? o.geometry
      : o.type === 'FeatureCollection' && o.features?.length === 1
        ? o.features[0]?.geometry
        : g;
  return { kind: 'polygon' as const, geometry: geometry as { type: 'Polygon'; coordinates: number[][][] } };
}

/** A cluster by id, or by its exact name when one live cluster has it. */
function clusterRef(e: Engine, ref: string): Cluster {
  const all = call(e, 'clusters.list', {});
  const hit =
    all.find((c) => c.id === ref) ??
    single(
      all.filter((c) => c.name === ref),
      ref,
    );
  if (!hit)
    throw new EngineError('not-found', msg('Không có ổ dịch “{ref}”', 'No cluster with id or name “{ref}”', { ref }));
  return hit;
}

/** A lockdown by id, or by its exact name when one lockdown has it. */
function lockdownRef(e: Engine, ref: string): Lockdown {
  const all = call(e, 'lockdowns.list', {});
  const hit =
    all.find((l) => l.id === ref) ??
    single(
      all.filter((l) => l.name === ref),
      ref,
    );
  if (!hit)
    throw new EngineError(
      'not-found',
      msg('Không có phong tỏa “{ref}”', 'No lockdown with id or name “{ref}”', { ref }),
    );
  return hit;
}

function single<T extends { id: string }>(hits: T[], ref: string): T | undefined {
  if (hits.length > 1) {
    throw new EngineError(
      'bad-request',
      msg('{n} bản ghi tên “{ref}”, dùng mã ({ids})', '{n} records are named “{ref}”: use the id ({ids})', {
        n: hits.length,
        ref,
        ids: hits.map((h) => h.id).join(', '),
      }),
    );
  }
  return hits[0];
}

/** A post by id or exact name. */
function postRef(e: Engine, ref: string): string {
  const all = call(e, 'posts.list', {});
  const hit =
    all.find((p) => p.id === ref) ??
    single(
      all.filter((p) => p.name === ref),
      ref,
    );
  if (!hit)
    throw new EngineError('not-found', msg('Không có chốt “{ref}”', 'No post with id or name “{ref}”', { ref }));
  return hit.id;
}

/** A cluster's line, and under it a line per day whose cases exceed the daily figures. */
function clusterLine(c: Cluster, lang: Lang, say: CommandContext['say']): string {
  return [clusterMain(c, lang, say), ...c.warnings.map((w) => `  ⚠ ${w.message[lang]}`)].join('\n');
}

function clusterMain(c: Cluster, lang: Lang, say: CommandContext['say']): string {
  return [
    c.id,
    c.name,
    CLUSTER_STATUS_LABELS[c.status][lang],
    `${c.unitName} (${c.unitCode})`,
    say('phát hiện {d}', 'opened {d}', { d: formatDate(c.openedOn) }),
    say('{n} ca, {a} ca trong 28 ngày', '{n} cases, {a} in 28 days', { n: c.totalCases, a: c.activeCases }),
    c.status === 'closed'
      ? say('kết thúc {d} ({by})', 'closed {d} ({by})', { d: formatDate(c.closedOn ?? ''), by: c.closedBy ?? '' })
      : c.suggestion[lang],
  ].join('\t');
}

function lockdownLine(l: Lockdown, lang: Lang, say: CommandContext['say']): string {
  return [
    l.id,
    l.name,
    LOCKDOWN_STATE_LABELS[l.state][lang],
    `${l.unitName} (${l.unitCode})`,
    `${formatDateTime(l.startsAt)} → ${formatDateTime(l.endsAt)}`,
    say('{n} chốt', '{n} checkpoints', { n: l.postIds.length }),
    l.clusterName ?? '-',
  ].join('\t');
}

/** Subcommand dispatch: the first positional, `list` when absent. */
function sub(args: readonly string[], allowed: readonly string[]): { name: string; rest: string[] } {
  const first = args[0];
  if (first === undefined || first.startsWith('-')) return { name: 'list', rest: [...args] };
  if (!allowed.includes(first)) throw new UsageError(`${first}: ${allowed.join(' | ')}`);
  return { name: first, rest: args.slice(1) };
}

/** The record a `remove` or `restore` names (the first positional, or `--id`) and its `--reason`. */
function targetOf(
  positionals: readonly string[],
  values: { id?: string | undefined; reason?: string | undefined },
): { id: string; reason: string } {
  return { id: required(positionals[0] ?? values.id, 'ID'), reason: required(values.reason, '--reason') };
}

/**
 * clusters (list, add, cases, close, remove, restore) and lockdowns (list, add, extend, end, remove,
 * restore).
 */
export const CLUSTERS_COMMANDS: Readonly<Record<string, CliCommand>> = {
  clusters: {
    usage: [
      'saban clusters [list] [--within CODE] [--status active|watching|closed] [--db FILE] [--json]',
      'saban clusters add --name N (--units CODE,… | --point LAT,LON | --geojson FILE) --opened DD/MM/YYYY',
      '      [--status active|watching] [--note T] [--db FILE] [--json]',
      'saban clusters cases --id ID|NAME --day DD/MM/YYYY --count N [--reason T] [--db FILE] [--json]',
      'saban clusters close --id ID|NAME --reason T [--day DD/MM/YYYY] [--db FILE] [--json]',
      'saban clusters remove ID|NAME --reason T [--db FILE] [--json]   (entered by mistake; linked lockdowns stay, unlinked)',
      'saban clusters restore ID --reason T [--relink LOCKDOWN_ID]… [--db FILE] [--json]',
    ],
    run({ args, out, say, lang }) {
      const { name, rest } = sub(args, ['list', 'add', 'cases', 'close', 'remove', 'restore']);
      const { values, positionals } = parseCommand(rest, {
        relink: { type: 'string', multiple: true },
        within: { type: 'string' },
        status: { type: 'string' },
        name: { type: 'string' },
        units: { type: 'string' },
        point: { type: 'string' },
        geojson: { type: 'string' },
        opened: { type: 'string' },
        note: { type: 'string' },
        id: { type: 'string' },
        day: { type: 'string' },
        count: { type: 'string' },
        reason: { type: 'string' },
      });
      return withEngine(dbPathOf(values.db), (e) => {
        const print = (c: Cluster): number => {
          out(values.json ? JSON.stringify(c) : clusterLine(c, lang, say));
          return 0;
        };
        switch (name) {
          case 'add': {
            const status = oneOf(values.status, ['active', 'watching'] as const, '--status');
            return print(
              call(e, 'clusters.save', {
                name: required(values.name, '--name'),
                place: placeOption(values, true),
                openedOn: dayOption(required(values.opened, '--opened'), '--opened'),
                ...(status ? { status } : {}),
                ...(values.note !== undefined ? { note: values.note } : {}),
              }),
            );
          }
          case 'cases': {
            const c = clusterRef(e, required(values.id, '--id'));
            const n = required(values.count, '--count');
            if (!/^\d{1,7}$/.test(n)) {
              throw new UsageError(msg('--count: cần số nguyên ≥ 0', '--count: expected a whole number ≥ 0'));
            }
            return print(
              call(e, 'clusters.setCases', {
                id: c.id,
                day: dayOption(required(values.day, '--day'), '--day'),
                count: Number(n),
                ...(values.reason ? { reason: values.reason } : {}),
              }),
            );
          }
          case 'close': {
            const c = clusterRef(e, required(values.id, '--id'));
            return print(
              call(e, 'clusters.close', {
                id: c.id,
                reason: required(values.reason, '--reason'),
                ...(values.day ? { day: dayOption(values.day, '--day') } : {}),
              }),
            );
          }
          case 'remove': {
            const target = targetOf(positionals, values);
            const r = call(e, 'clusters.remove', { ...target, id: clusterRef(e, target.id).id });
            if (values.json) out(JSON.stringify(r));
            else {
              out(say('Đã xóa ổ dịch “{name}” ({id})', 'Removed cluster “{name}” ({id})', { name: r.name, id: r.id }));
              if (r.unlinkedLockdownIds.length > 0) {
                const ids = r.unlinkedLockdownIds.join(', ');
                out(say('Phong tỏa giữ nguyên, bỏ liên kết: {ids}', 'Lockdowns kept, unlinked: {ids}', { ids }));
              }
            }
            return 0;
          }
          case 'restore':
            return print(
              call(e, 'clusters.restore', { ...targetOf(positionals, values), relinkLockdownIds: values.relink ?? [] }),
            );
          default: {
            const status = oneOf(values.status, CLUSTER_STATUSES, '--status');
            const list = call(e, 'clusters.list', {
              ...(values.within ? { within: values.within } : {}),
              ...(status ? { status } : {}),
            });
            if (values.json) out(JSON.stringify(list));
            else {
              for (const c of list) out(clusterLine(c, lang, say));
              if (list.length === 0) out(say('Chưa có ổ dịch nào', 'No clusters yet'));
            }
            return 0;
          }
        }
      });
    },
  },

  lockdowns: {
    usage: [
      'saban lockdowns [list] [--within CODE] [--state upcoming|in_force|lapsed|ended] [--db FILE] [--json]',
      'saban lockdowns add --name N (--units CODE,… | --geojson FILE) --from "DD/MM/YYYY HH:mm" --to "DD/MM/YYYY HH:mm"',
      '      --reason T [--cluster ID|NAME] [--post ID|NAME]… [--note T] [--db FILE] [--json]',
      'saban lockdowns extend --id ID|NAME --to "DD/MM/YYYY HH:mm" --reason T [--db FILE] [--json]',
      'saban lockdowns end --id ID|NAME --reason T [--at "DD/MM/YYYY HH:mm"] [--db FILE] [--json]',
      'saban lockdowns remove ID|NAME --reason T [--db FILE] [--json]   (entered by mistake)',
      'saban lockdowns restore ID --reason T [--db FILE] [--json]',
    ],
    run({ args, out, say, lang }) {
      const { name, rest } = sub(args, ['list', 'add', 'extend', 'end', 'remove', 'restore']);
      const { values, positionals } = parseCommand(rest, {
        within: { type: 'string' },
        state: { type: 'string' },
        name: { type: 'string' },
        units: { type: 'string' },
        geojson: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        at: { type: 'string' },
        reason: { type: 'string' },
        cluster: { type: 'string' },
        post: { type: 'string', multiple: true },
        note: { type: 'string' },
        id: { type: 'string' },
      });
      return withEngine(dbPathOf(values.db), (e) => {
        /** The lockdown and its history. */
        const print = (l: Lockdown): number => {
          const { history } = call(e, 'lockdowns.get', { id: l.id });
          if (values.json) out(JSON.stringify({ ...l, history }));
          else {
            out(lockdownLine(l, lang, say));
            for (const h of history) {
              const to = h.toEndsAt ? ` → ${formatDateTime(h.toEndsAt)}` : '';
              out(`  ${formatDateTime(h.at)}\t${LOCKDOWN_CHANGE_LABELS[h.kind][lang]}${to}\t${h.reason}\t${h.by}`);
            }
          }
          return 0;
        };
        switch (name) {
          case 'add': {
            const area = placeOption(values, false);
            if (area.kind === 'point') throw new UsageError('--point');
            return print(
              call(e, 'lockdowns.save', {
                name: required(values.name, '--name'),
                area,
                startsAt: instantOption(required(values.from, '--from'), '--from'),
                endsAt: instantOption(required(values.to, '--to'), '--to'),
                reason: required(values.reason, '--reason'),
                clusterId: values.cluster ? clusterRef(e, values.cluster).id : null,
                postIds: (values.post ?? []).map((p) => postRef(e, p)),
                ...(values.note !== undefined ? { note: values.note } : {}),
              }),
            );
          }
          case 'extend': {
            const l = lockdownRef(e, required(values.id, '--id'));
            return print(
              call(e, 'lockdowns.extend', {
                id: l.id,
                endsAt: instantOption(required(values.to, '--to'), '--to'),
                reason: required(values.reason, '--reason'),
              }),
            );
          }
          case 'end': {
            const l = lockdownRef(e, required(values.id, '--id'));
            return print(
              call(e, 'lockdowns.end', {
                id: l.id,
                reason: required(values.reason, '--reason'),
                ...(values.at ? { at: instantOption(values.at, '--at') } : {}),
              }),
            );
          }
          case 'remove': {
            const target = targetOf(positionals, values);
            const r = call(e, 'lockdowns.remove', { ...target, id: lockdownRef(e, target.id).id });
            out(
              values.json
                ? JSON.stringify(r)
                : say('Đã xóa phong tỏa “{name}” ({id})', 'Removed lockdown “{name}” ({id})', r),
            );
            return 0;
          }
          case 'restore':
            return print(call(e, 'lockdowns.restore', targetOf(positionals, values)));
          default: {
            const state = oneOf(values.state, LOCKDOWN_STATES, '--state');
            const list = call(e, 'lockdowns.list', {
              ...(values.within ? { within: values.within } : {}),
              ...(state ? { state } : {}),
            });
            if (values.json) out(JSON.stringify(list));
            else {
              for (const l of list) out(lockdownLine(l, lang, say));
              if (list.length === 0) out(say('Chưa có phong tỏa nào', 'No lockdowns yet'));
            }
            return 0;
          }
        }
      });
    },
  },
};
