import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { coreApi } from '../../shared/contract';
import { type AuditEntry, type Output, type Settings, settingsSchema } from '../../shared/contract';
import { checkUnitGeometry } from '../../shared/geo';
import { EngineError } from '../../shared/result';
import { matchesQuery } from '../../shared/text';
import { UNIT_LEVELS, hamletCode, type UnitLevel } from '../../shared/units';
import { APP_VERSION, type CallContext, type EngineContext, type Handlers, type HandlersOf } from './context';
import { openDatabase, type OpenOptions } from './db';
import { importBoundaries } from './import-boundaries';
import { importUnits } from './import-units';
import { peopleHandlers } from './people';
import { postsHandlers } from './posts';
import { riskHandlers } from './risk';
import { SCHEMA_VERSION } from './migrations/index';
import { syncHandlers } from './sync/handlers';
import { seedTrainingDistrict, TRAINING_PROVINCE_CODE } from './training';
import { geometryColumns, getUnitRow, SUBTREE_CTE, SUMMARY_COLUMNS, toSummary, type UnitRow } from './units-repo';
import { newNodeId, Writer, type WriteMeta, type WriteTx } from './write';

/** Options for {@link Engine.open}. */
export interface EngineOptions extends OpenOptions {
  /** Seed the fictional training district when the database is new (no units yet). */
  readonly seedTraining?: boolean;
  /** Clock, for tests. */
  readonly now?: () => number;
}

const DEFAULT_SETTINGS: Settings = { basemapUrl: null, operatorName: '', lang: 'vi', currentDistrict: null };

/**
 * The data engine: owns the SQLite database and implements every method of the contract.
 * All writes go through {@link Writer} (row + audit + change log in one transaction).
 */
export class Engine implements EngineContext {
  readonly writer: Writer;
  readonly nodeId: string;
  readonly handlers: Handlers;

  private constructor(
    readonly db: Database.Database,
    readonly dbPath: string,
    readonly now: () => number,
  ) {
    this.nodeId = this.ensureNodeId();
    this.writer = new Writer(db, this.nodeId, now);
    // Each feature implements its own group of the contract; `satisfies` proves none is missing.
    this.handlers = {
      ...this.coreHandlers(),
      ...riskHandlers(this, now),
      ...postsHandlers(this, now),
      ...peopleHandlers(this, now),
      ...syncHandlers(this, now),
    } satisfies Handlers;
  }

  /** Opens or creates a database at `file` and returns its engine. */
  static open(file: string, options: EngineOptions = {}): Engine {
    const db = openDatabase(file, options);
    try {
      const engine = new Engine(db, file, options.now ?? Date.now);
      if (options.seedTraining && engine.unitCount() === 0) {
        engine.writer.transact({ actor: 'system', action: 'training.seed', reason: 'Dữ liệu tập huấn' }, (tx) =>
          seedTrainingDistrict(tx),
        );
      }
      return engine;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` through the single write path with the door's actor. */
  write<T>(ctx: CallContext, meta: Omit<WriteMeta, 'actor'>, fn: (tx: WriteTx) => T): T {
    return this.writer.transact({ ...meta, actor: this.actor(ctx) }, fn);
  }

  /** The audit name of whoever calls through `ctx`. */
  actorOf(ctx: CallContext): string {
    return this.actor(ctx);
  }

  /** A live unit by code, or a not-found error naming the code. */
  requireUnit(code: string): UnitRow {
    return this.liveUnit(code);
  }

  private actor(ctx: CallContext): string {
    const name = this.settings().operatorName.trim();
    return name ? `${name} (${ctx.door})` : ctx.door;
  }

  private ensureNodeId(): string {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'node_id'").get() as { value: string } | undefined;
    if (row) return row.value;
    const id = newNodeId();
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('node_id', ?)").run(id);
    return id;
  }

  private unitCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM units WHERE deleted = 0').get() as { n: number }).n;
  }

  /** Current settings (defaults for keys never set). */
  settings(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings WHERE deleted = 0').all() as {
      key: string;
      value: string;
    }[];
    const stored: Record<string, unknown> = {};
    for (const r of rows) stored[r.key] = JSON.parse(r.value) as unknown;
    const parsed = settingsSchema.partial().safeParse(stored);
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  private liveUnit(code: string): UnitRow {
    const row = getUnitRow(this.db, code);
    if (!row || row.deleted) {
      throw new EngineError('not-found', `Không có đơn vị mã ${code} / no unit with code ${code}`);
    }
    return row;
  }

  private coreHandlers(): HandlersOf<typeof coreApi> {
    const db = this.db;
    return {
      'app.info': () => {
        // Every training code starts with the training province's code, which GSO never issued.
        const counts = db
          .prepare('SELECT count(*) AS n, sum(code NOT LIKE ?) AS real FROM units WHERE deleted = 0')
          .get(`${TRAINING_PROVINCE_CODE}%`) as {
          n: number;
          real: number | null;
        };
        return {
          appVersion: APP_VERSION,
          schemaVersion: SCHEMA_VERSION,
          nodeId: this.nodeId,
          dbPath: this.dbPath,
          trainingOnly: counts.n > 0 && (counts.real ?? 0) === 0,
          unitCount: counts.n,
        };
      },

      'units.stats': () => {
        const rows = db
          .prepare(
            'SELECT level, count(*) AS total, sum(geometry IS NOT NULL) AS withGeometry FROM units WHERE deleted = 0 GROUP BY level',
          )
          .all() as { level: UnitLevel; total: number; withGeometry: number }[];
        const units = Object.fromEntries(
          UNIT_LEVELS.map((l) => [l, { total: 0, withGeometry: 0 }]),
        ) as Output<'units.stats'>['units'];
        for (const r of rows) units[r.level] = { total: r.total, withGeometry: r.withGeometry };
        const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
        return {
          units,
          changes: count('SELECT count(*) AS n FROM changes'),
          audit: count('SELECT count(*) AS n FROM audit'),
        };
      },

      'units.list': (input) => {
        const where: string[] = ['deleted = 0'];
        const params: unknown[] = [];
        let sql = `SELECT ${SUMMARY_COLUMNS} FROM units`;
        if (input.within) {
          this.liveUnit(input.within);
          sql = `${SUBTREE_CTE} SELECT ${SUMMARY_COLUMNS} FROM units`;
          params.push(input.within);
          where.push('code IN (SELECT code FROM subtree)');
        }
        if (input.level) {
          where.push('level = ?');
          params.push(input.level);
        }
        const rows = db.prepare(`${sql} WHERE ${where.join(' AND ')} ORDER BY code`).all(...params) as UnitRow[];
        const q = input.query?.trim();
        const filtered = q ? rows.filter((r) => matchesQuery(`${r.name} ${r.code}`, q)) : rows;
        return filtered.slice(0, input.limit ?? filtered.length).map(toSummary);
      },

      'units.get': (input) => {
        const row = this.liveUnit(input.code);
        const ancestors = [];
        let parent = row.parent_code;
        while (parent) {
          const p = getUnitRow(db, parent);
          if (!p) break;
          ancestors.unshift(toSummary(p));
          parent = p.parent_code;
        }
        const childCount = (
          db.prepare('SELECT count(*) AS n FROM units WHERE parent_code = ? AND deleted = 0').get(row.code) as {
            n: number;
          }
        ).n;
        return {
          unit: toSummary(row),
          ancestors,
          childCount,
          history: this.audit({ entity: 'unit', entityId: row.code, limit: 50 }),
        };
      },

      'map.features': (input) => {
        if (input.within) this.liveUnit(input.within);
        const levels = input.levels ?? [...UNIT_LEVELS];
        // Without `within`, the whole country in one query (the national map: one call, not one per province).
        const rows = db
          .prepare(
            `${input.within ? SUBTREE_CTE : ''} SELECT code, name, level, type, parent_code, geometry FROM units
             WHERE ${input.within ? 'code IN (SELECT code FROM subtree) AND' : ''} deleted = 0 AND geometry IS NOT NULL
             AND level IN (${levels.map(() => '?').join(', ')}) ORDER BY code`,
          )
          .all(...(input.within ? [input.within] : []), ...levels) as {
          code: string;
          name: string;
          level: UnitLevel;
          type: string;
          parent_code: string | null;
          geometry: string;
        }[];
        return {
          type: 'FeatureCollection',
          features: rows.map((r) => ({
            type: 'Feature',
            id: r.code,
            geometry: JSON.parse(r.geometry) as { type: string; coordinates: unknown },
            properties: { code: r.code, name: r.name, level: r.level, type: r.type, parentCode: r.parent_code },
          })),
        };
      },

      'units.createHamlet': (input, ctx) => {
        const commune = this.liveUnit(input.communeCode);
        if (commune.level !== 'commune') {
          throw new EngineError('bad-request', `${commune.code} không phải xã/phường / is not a commune`);
        }
        const geo = input.geometry ? checkUnitGeometry(input.geometry, true) : null;
        if (geo && !geo.ok) throw new EngineError('bad-geometry', `${input.name}: ${geo.problem} (${geo.detail})`);
        const used = db
          .prepare("SELECT code FROM units WHERE parent_code = ? AND level = 'hamlet'")
          .all(commune.code) as { code: string }[];
        const max = used.reduce((m, r) => Math.max(m, Number(r.code.split('-')[1] ?? 0)), 0);
        const code = hamletCode(commune.code, max + 1);
        this.write(ctx, { action: 'hamlet.create', reason: input.reason ?? null }, (tx) =>
          tx.put('unit', {
            code,
            level: 'hamlet',
            parent_code: commune.code,
            name: input.name,
            type: input.type,
            population: input.population ?? null,
            households: input.households ?? null,
            deleted: 0,
            ...geometryColumns(geo?.ok ? geo.geometry : null),
          }),
        );
        return toSummary(this.liveUnit(code));
      },

      'units.update': (input, ctx) => {
        const row = this.liveUnit(input.code);
        const patch: Record<string, string | number | null> = { code: row.code };
        if (input.name !== undefined) patch['name'] = input.name;
        if (input.type !== undefined) patch['type'] = input.type;
        if (input.population !== undefined) patch['population'] = input.population;
        if (input.households !== undefined) patch['households'] = input.households;
        this.write(ctx, { action: 'unit.update', reason: input.reason ?? null }, (tx) => tx.put('unit', patch));
        return toSummary(this.liveUnit(row.code));
      },

      'units.setGeometry': (input, ctx) => {
        const row = this.liveUnit(input.code);
        let cols = geometryColumns(null);
        if (input.geometry) {
          const geo = checkUnitGeometry(input.geometry, row.level === 'hamlet');
          if (!geo.ok)
            throw new EngineError('bad-geometry', `${row.name} (${row.code}): ${geo.problem} (${geo.detail})`);
          cols = geometryColumns(geo.geometry);
        }
        this.write(ctx, { action: 'unit.geometry', reason: input.reason ?? null }, (tx) =>
          tx.put('unit', { code: row.code, ...cols }),
        );
        return toSummary(this.liveUnit(row.code));
      },

      'units.deleteHamlet': (input, ctx) => {
        const row = this.liveUnit(input.code);
        if (row.level !== 'hamlet') {
          throw new EngineError('bad-request', `${row.code}: chỉ xóa được ấp/khu phố / only hamlets can be deleted`);
        }
        // A tombstone, never a DELETE: the change travels to the province like any other.
        this.write(ctx, { action: 'hamlet.delete', reason: input.reason }, (tx) =>
          tx.put('unit', { code: row.code, deleted: 1 }),
        );
        return { code: row.code };
      },

      'import.units': (input, ctx) =>
        this.write(ctx, { action: 'import.units', reason: `Nhập ${input.fileName}` }, (tx) =>
          importUnits(tx, input.fileName, input.text),
        ),

      'import.boundaries': (input, ctx) =>
        this.write(ctx, { action: 'import.boundaries', reason: `Nhập ${input.fileName}` }, (tx) =>
          importBoundaries(tx, input),
        ),

      'audit.list': (input) => this.audit(input),

      'settings.get': () => this.settings(),

      'settings.set': (input, ctx) => {
        this.write(ctx, { action: 'settings.set' }, (tx) => {
          for (const [key, value] of Object.entries(input)) {
            if (value !== undefined) tx.put('setting', { key, value: JSON.stringify(value), deleted: 0 });
          }
        });
        return this.settings();
      },
    };
  }

  private audit(input: { entity?: string | undefined; entityId?: string | undefined; limit: number }): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (input.entity) {
      where.push('entity = ?');
      params.push(input.entity);
    }
    if (input.entityId) {
      where.push('entity_id = ?');
      params.push(input.entityId);
    }
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, action, entity, entity_id, before, after, reason, hlc FROM audit
         ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...params, input.limit) as {
      id: number;
      at: string;
      actor: string;
      action: string;
      entity: string;
      entity_id: string;
      before: string | null;
      after: string | null;
      reason: string | null;
      hlc: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before ? (JSON.parse(r.before) as unknown) : null,
      after: r.after ? (JSON.parse(r.after) as unknown) : null,
      reason: r.reason,
      hlc: r.hlc,
    }));
  }
}

/** Reads a file for an import, refusing what is too large before reading it. */
export function readImportFile(file: string, maxBytes: number): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new EngineError('bad-file', `${file}: không có tệp này / no such file`);
  }
  if (size > maxBytes) {
    throw new EngineError('too-large', `${file}: ${size} bytes > ${maxBytes}`);
  }
  return fs.readFileSync(file, 'utf8');
}

export { APP_VERSION, type CallContext, type Handlers, type HandlersOf } from './context';
