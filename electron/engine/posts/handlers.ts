import type { postsApi } from '../../../shared/contract-posts';
import { DEFAULT_POSTS_RULES, localDate, localMidnightMs, postsRulesSchema, totalsBy } from '../../../shared/posts';
import { msg } from '../../../shared/result';
import type { EngineContext, HandlersOf } from '../context';
import { updateSetting } from '../settings/settings';
import { exportLogs, exportPosts } from './export';
import { checkRows, importPosts } from './import';
import { communeLocator } from './locator';
import { logShift } from './log-shift';
import {
  DAY_MS,
  figuresOf,
  incidentCounts,
  incidentRows,
  iso,
  logsInRange,
  logsWithIncidents,
  POSTS_RULES_KEY,
  postRows,
  postsRules,
  requirePost,
  scope,
  toIncident,
} from './repo';
import { savePost } from './save';
import { postDetail, postGaps, summarise } from './summary';

const NO_COMMUNE = msg('(chưa rõ xã)', '(no commune)');

/** The methods of the posts contract. */
export function postsHandlers(engine: EngineContext): HandlersOf<typeof postsApi> {
  const db = engine.db;
  return {
    'posts.list': (input) => {
      let rows = postRows(engine, input.within);
      if (input.kind) rows = rows.filter((r) => r.kind === input.kind);
      if (input.status) rows = rows.filter((r) => r.status === input.status);
      if (input.commune) rows = rows.filter((r) => r.commune_code === input.commune);
      const out = summarise(engine, rows);
      const withIncidents = input.hasIncidentsToday;
      return withIncidents === undefined ? out : out.filter((p) => p.today.incidents > 0 === withIncidents);
    },

    'posts.get': (input) => postDetail(engine, requirePost(db, input.id)),

    'posts.locate': (input) => {
      const hit = communeLocator(engine).locate(input.lon, input.lat);
      return { communeCode: hit?.code ?? null, communeName: hit?.name ?? null, candidates: hit?.candidates ?? [] };
    },

    'posts.save': (input, ctx) => savePost(engine, ctx, input),

    'posts.delete': (input, ctx) => {
      const row = requirePost(db, input.id);
      const children = db.prepare('SELECT id FROM posts WHERE parent_id = ? AND deleted = 0').all(row.id) as {
        id: string;
      }[];
      engine.write(ctx, { action: 'post.delete', reason: input.reason }, (tx) => {
        // Its control points stay, detached: they may be reassigned to another post.
        for (const c of children) tx.put('post', { id: c.id, parent_id: null });
        tx.put('post', { id: row.id, deleted: 1 });
      });
      return { id: row.id };
    },

    'posts.logShift': (input, ctx) => logShift(engine, ctx, input),

    'posts.logs': (input) => {
      if (input.postId) requirePost(db, input.postId);
      return logsWithIncidents(db, logsInRange(engine, input.within, input.from, input.to, input.postId));
    },

    'posts.incidents': (input) => {
      const start = localMidnightMs(input.date ?? localDate(engine.now()));
      const s = scope(input.within);
      if (input.within) engine.requireUnit(input.within);
      return incidentRows(
        db,
        `AND i.at >= ? AND i.at < ? ${s.where}`,
        [...s.params, iso(start), iso(start + DAY_MS)],
        s.cte,
      ).map(toIncident);
    },

    'posts.totals': (input) => {
      const logs = logsInRange(engine, input.within, input.from, input.to);
      const counts = incidentCounts(
        db,
        logs.map((l) => l.id),
      );
      const totals = totalsBy(
        logs.map((l) => ({
          ...figuresOf(l),
          postId: l.post_id,
          communeCode: l.commune_code,
          date: l.shift_date,
          incidents: counts.get(l.id) ?? 0,
        })),
        input.group,
      );
      const names = new Map<string, string>();
      if (input.group === 'post') {
        for (const r of db.prepare('SELECT id, name FROM posts').all() as { id: string; name: string }[]) {
          names.set(r.id, r.name);
        }
      } else if (input.group === 'commune') {
        for (const c of totals.map((t) => t.key).filter((k) => k !== '')) names.set(c, engine.requireUnit(c).name);
      }
      return totals.map((t) => ({
        ...t,
        label: input.group === 'day' ? t.key : (names.get(t.key) ?? (t.key === '' ? NO_COMMUNE.vi : t.key)),
      }));
    },

    'posts.gaps': (input) => postGaps(engine, postRows(engine, input.within), input.within),

    'posts.importPreview': (input) => {
      const rows = checkRows(engine, input.fileName, input.text);
      return {
        fileName: input.fileName,
        rows: rows.map(({ put: _put, errors, ...r }) => ({
          ...r,
          errors: errors.map((e) => ({ column: e.column, message: e.text.vi, text: e.text })),
        })),
        errorCount: rows.filter((r) => r.errors.length > 0).length,
      };
    },

    'posts.import': (input, ctx) => importPosts(engine, ctx, input),

    'posts.export': (input) => exportPosts(engine, input.within, input.format),

    'posts.exportLogs': (input) => exportLogs(engine, input.within, input.from, input.to, input.format),

    'posts.rules': () => postsRules(db),

    'posts.setRules': (input, ctx) =>
      updateSetting(
        engine,
        ctx,
        { key: POSTS_RULES_KEY, action: 'posts.rules', schema: postsRulesSchema, fallback: DEFAULT_POSTS_RULES },
        input,
      ),
  };
}
