import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatFingerprint, type OfficeRole } from '../../../shared/bundle-format';
import type { SyncJob, syncApi } from '../../../shared/contract-sync';
import { parseHlc } from '../../../shared/hlc';
import { EngineError, toErrorResult } from '../../../shared/result';
import { APP_VERSION, type EngineContext, type HandlersOf } from '../context';
import { buildAck, importAck, watermark } from './ack';
import { syncDir } from './backup';
import { exportBundle, type ExportResult, type SkippedCounts, skippedMessage } from './export';
import { importBundle, type ImportOutcome, missingOf } from './import';
import { ensureIdentity, keyFileOf, parseKeyFile, requireOffice, setOffice, trustKey } from './keys';
import { pushToProvince } from './push';

/** The setting (province-owned, so it travels to districts) for when a district counts as late. */
export const STALE_HOURS_KEY = 'syncStaleHours';
/** Default: a district that sent nothing for 24 hours is flagged. */
export const DEFAULT_STALE_HOURS = 24;

/** Serialises exports per database, so two never take the same sequence number. */
const exportLocks = new WeakMap<EngineContext, Promise<unknown>>();

/** Exports the next bundle of this office into `outDir` (one export at a time). */
export function exportFor(
  engine: EngineContext,
  options: {
    outDir: string;
    full?: boolean;
    onProgress?: (done: number, total: number) => void;
    yieldBetweenPages?: boolean;
    onSkipped?: (skipped: SkippedCounts) => void;
  },
  now: () => number = Date.now,
): Promise<ExportResult | null> {
  const prev = exportLocks.get(engine) ?? Promise.resolve();
  const next = prev
    .catch(() => undefined)
    .then(() =>
      exportBundle(engine.db, {
        outDir: options.outDir,
        full: options.full ?? false,
        nodeId: engine.nodeId,
        appVersion: APP_VERSION,
        now,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.yieldBetweenPages ? { yieldBetweenPages: true } : {}),
        ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
      }),
    );
  exportLocks.set(engine, next);
  return next;
}

/** Imports a bundle file into this engine's database. */
export function importFor(
  engine: EngineContext,
  file: string,
  options: { acceptKey?: string; onProgress?: (done: number, total: number) => void; noBackup?: boolean } = {},
  now: () => number = Date.now,
): ImportOutcome {
  return importBundle(engine.db, file, {
    dbPath: engine.dbPath,
    clock: engine.writer.clock,
    now,
    ...options,
  });
}

/** The stale threshold in hours (a province setting). */
export function staleHours(engine: EngineContext): number {
  const row = engine.db.prepare('SELECT value FROM settings WHERE key = ? AND deleted = 0').get(STALE_HOURS_KEY) as
    { value: string } | undefined;
  const n = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_STALE_HOURS;
}

interface JobState {
  job: SyncJob;
  finishedAt: number | null;
}

function exportMessage(r: ExportResult | null, skipped: SkippedCounts): string {
  const main = r
    ? `Đã tạo gói ${path.basename(r.file)} (${r.manifest.total} thay đổi) / bundle ${path.basename(r.file)} written (${r.manifest.total} changes)`
    : 'Không có thay đổi mới để gửi / nothing new to send';
  const left = skippedMessage(skipped);
  return left ? `${main}. ${left}` : main;
}

/** The methods of the sync contract. Long work (export, import, push) runs as jobs the UI polls. */
export function syncHandlers(engine: EngineContext, now: () => number): HandlersOf<typeof syncApi> {
  const db = engine.db;
  const jobs = new Map<string, JobState>();
  // A clock restored on restart only knows this node's own changes; received ones may be later
  // (records a bundle created keep their clock on the row, so the applied bundles' ranges count too).
  const maxHlc = (
    db
      .prepare(
        "SELECT max(h) AS h FROM (SELECT max(hlc) AS h FROM changes UNION ALL SELECT max(hlc_max) FROM sync_received WHERE status = 'applied')",
      )
      .get() as { h: string | null }
  ).h;
  if (maxHlc) {
    const h = parseHlc(maxHlc);
    const c = engine.writer.clock;
    if (h.millis > c.millis || (h.millis === c.millis && h.counter > c.counter)) {
      c.millis = h.millis;
      c.counter = h.counter;
    }
  }

  const startJob = (kind: SyncJob['kind'], work: (job: SyncJob) => Promise<void>): { jobId: string } => {
    // Finished jobs are kept a while for the UI to read, then forgotten.
    for (const [id, s] of jobs) if (s.finishedAt !== null && now() - s.finishedAt > 10 * 60 * 1000) jobs.delete(id);
    const id = crypto.randomUUID();
    const job: SyncJob = {
      id,
      kind,
      state: 'running',
      done: 0,
      total: 0,
      note: '',
      export: null,
      import: null,
      error: null,
    };
    const state: JobState = { job, finishedAt: null };
    jobs.set(id, state);
    // Started on the next turn so the caller gets the id before any work blocks the loop.
    setImmediate(() => {
      work(job).then(
        () => {
          job.state = 'done';
          state.finishedAt = now();
        },
        (err: unknown) => {
          const r = toErrorResult(err);
          job.state = 'failed';
          job.error = r.ok ? null : { code: r.error.code, message: r.error.message };
          state.finishedAt = now();
        },
      );
    });
    return { jobId: id };
  };

  const identity = (): ReturnType<HandlersOf<typeof syncApi>['sync.identity']> => {
    const id = ensureIdentity(db, now);
    const name = id.office
      ? ((db.prepare('SELECT name FROM units WHERE code = ?').get(id.office) as { name: string } | undefined)?.name ??
        null)
      : null;
    return {
      role: id.role,
      office: id.office,
      officeName: name,
      nodeId: engine.nodeId,
      fingerprint: id.fingerprint,
      fingerprintDisplay: formatFingerprint(id.fingerprint),
    };
  };

  const peers = (): {
    office: string;
    role: OfficeRole;
    fingerprintDisplay: string;
    trustedAt: string;
    trustedHow: string;
  }[] =>
    (
      db
        .prepare('SELECT office_code, role, fingerprint, trusted_at, trusted_how FROM sync_peers ORDER BY office_code')
        .all() as {
        office_code: string;
        role: OfficeRole;
        fingerprint: string;
        trusted_at: string;
        trusted_how: string;
      }[]
    ).map((p) => ({
      office: p.office_code,
      role: p.role,
      fingerprintDisplay: formatFingerprint(p.fingerprint),
      trustedAt: p.trusted_at,
      trustedHow: p.trusted_how,
    }));

  return {
    'sync.identity': () => identity(),

    'sync.setOffice': (input) => {
      setOffice(db, input.role, input.office);
      return identity();
    },

    'sync.keyFile': () => {
      const key = keyFileOf(db, engine.nodeId);
      return {
        fileName: `${key.role === 'district' ? 'huyen' : 'tinh'}-${key.office}.sabankey`,
        text: JSON.stringify(key, null, 2) + '\n',
      };
    },

    'sync.trust': (input) => {
      const key = parseKeyFile(input.text, input.fileName);
      const peer = trustKey(db, key, 'key-file', new Date(now()).toISOString(), input.replace ?? false);
      return {
        office: peer.office,
        role: peer.role,
        fingerprintDisplay: formatFingerprint(peer.fingerprint),
        trustedAt: peer.trustedAt,
        trustedHow: peer.trustedHow,
      };
    },

    'sync.status': () => {
      const id = identity();
      const hours = staleHours(engine);
      const sent = (
        db
          .prepare(
            'SELECT seq, kind, change_count, created_at, acked_at, file FROM sync_sent ORDER BY seq DESC LIMIT 50',
          )
          .all() as {
          seq: number;
          kind: string;
          change_count: number;
          created_at: string;
          acked_at: string | null;
          file: string;
        }[]
      ).map((r) => ({
        seq: r.seq,
        kind: r.kind,
        changes: r.change_count,
        createdAt: r.created_at,
        ackedAt: r.acked_at,
        fileName: path.basename(r.file),
      }));
      const lastUntil = (db.prepare('SELECT coalesce(max(until_seq), 0) AS n FROM sync_sent').get() as { n: number }).n;
      const pending = (
        db.prepare('SELECT count(*) AS n FROM changes WHERE seq > ? AND node_id = ?').get(lastUntil, engine.nodeId) as {
          n: number;
        }
      ).n;
      let provinceMissing: number[] = [];
      const provincePeer = db
        .prepare("SELECT last_ack FROM sync_peers WHERE role = 'province' AND last_ack IS NOT NULL")
        .get() as { last_ack: string } | undefined;
      if (provincePeer) provinceMissing = (JSON.parse(provincePeer.last_ack) as { missing: number[] }).missing;
      const districts: ReturnType<HandlersOf<typeof syncApi>['sync.status']>['districts'] = [];
      if (id.role === 'province' && id.office) {
        const known = db
          .prepare(
            "SELECT code, name FROM units WHERE parent_code = ? AND level = 'district' AND deleted = 0 ORDER BY code",
          )
          .all(id.office) as { code: string; name: string }[];
        const offices = new Map<string, string | null>(known.map((k) => [k.code, k.name]));
        for (const r of db.prepare("SELECT office_code FROM sync_peers WHERE role = 'district'").all() as {
          office_code: string;
        }[]) {
          if (!offices.has(r.office_code)) offices.set(r.office_code, null);
        }
        for (const r of db.prepare('SELECT DISTINCT office_code FROM sync_received').all() as {
          office_code: string;
        }[]) {
          if (!offices.has(r.office_code)) offices.set(r.office_code, null);
        }
        for (const [office, name] of [...offices].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          const last = db
            .prepare(
              "SELECT seq, applied_at FROM sync_received WHERE office_code = ? AND status = 'applied' ORDER BY seq DESC LIMIT 1",
            )
            .get(office) as { seq: number; applied_at: string } | undefined;
          const held = (
            db
              .prepare("SELECT seq FROM sync_received WHERE office_code = ? AND status = 'held' ORDER BY seq")
              .all(office) as {
              seq: number;
            }[]
          ).map((r) => r.seq);
          const refusals = db
            .prepare('SELECT count(*) AS n, max(id) AS last FROM sync_refusals WHERE office_code = ?')
            .get(office) as { n: number; last: number | null };
          const lastRefusal = refusals.last
            ? (db.prepare('SELECT message FROM sync_refusals WHERE id = ?').get(refusals.last) as { message: string })
                .message
            : null;
          const conflicts = (
            db.prepare('SELECT count(*) AS n FROM sync_conflicts WHERE office_code = ?').get(office) as { n: number }
          ).n;
          const peer = db.prepare('SELECT fingerprint FROM sync_peers WHERE office_code = ?').get(office) as
            { fingerprint: string } | undefined;
          const age = last ? (now() - Date.parse(last.applied_at)) / 3_600_000 : null;
          districts.push({
            office,
            name,
            fingerprintDisplay: peer ? formatFingerprint(peer.fingerprint) : null,
            lastSeq: last?.seq ?? null,
            lastReceivedAt: last?.applied_at ?? null,
            ageHours: age === null ? null : Math.round(age * 10) / 10,
            stale: age === null || age > hours,
            held,
            missing: missingOf(db, office),
            refusals: refusals.n,
            lastRefusal,
            conflicts,
          });
        }
      }
      return {
        identity: id,
        staleHours: hours,
        sent,
        ackedSeq: watermark(db).ackedSeq,
        pending,
        provinceMissing,
        districts,
        peers: peers(),
      };
    },

    'sync.setStaleHours': (input, ctx) => {
      engine.write(ctx, { action: 'sync.staleHours', reason: null }, (tx) =>
        tx.put('setting', { key: STALE_HOURS_KEY, value: JSON.stringify(input.hours), deleted: 0 }),
      );
      return staleHours(engine);
    },

    'sync.exportStart': (input) =>
      startJob('export', async (job) => {
        job.note = 'Đang xuất gói / exporting';
        let skipped: SkippedCounts = {};
        const r = await exportFor(
          engine,
          {
            outDir: syncDir(engine.dbPath, 'outbox'),
            full: input.full ?? false,
            yieldBetweenPages: true,
            onProgress: (done, total) => {
              job.done = done;
              job.total = total;
            },
            onSkipped: (s) => (skipped = s),
          },
          now,
        );
        job.export = {
          file: r?.file ?? null,
          fileName: r ? path.basename(r.file) : null,
          seq: r?.manifest.seq ?? null,
          total: r?.manifest.total ?? 0,
          bytes: r ? fs.statSync(r.file).size : 0,
          message: exportMessage(r, skipped),
        };
        job.note = job.export.message;
      }),

    'sync.importStart': (input) => {
      requireOffice(db);
      // The UI sends the file's bytes; it is spooled to disk so the import streams like the CLI's.
      const dir = syncDir(engine.dbPath, 'inbox');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${crypto.randomUUID()}-${path.basename(input.fileName).replace(/[^\w.-]/g, '_')}`);
      fs.writeFileSync(file, Buffer.from(input.dataBase64, 'base64'));
      return startJob('import', async (job) => {
        try {
          job.note = 'Đang kiểm tra và áp dụng / verifying and applying';
          await Promise.resolve();
          const outcome = importFor(
            engine,
            file,
            {
              ...(input.acceptKey ? { acceptKey: input.acceptKey } : {}),
              onProgress: (done, total) => {
                job.done = done;
                job.total = total;
              },
            },
            now,
          );
          job.import = { ...outcome, applied: [...outcome.applied], missing: [...outcome.missing] };
          job.note = outcome.message;
        } finally {
          fs.rmSync(file, { force: true });
        }
      });
    },

    'sync.pushStart': (input) => {
      requireOffice(db);
      return startJob('push', async (job) => {
        const r = await pushToProvince(engine, input.url, {
          now,
          onStatus: (note, done, total) => {
            job.note = note;
            job.done = done;
            job.total = total;
          },
        });
        job.note = r.message;
      });
    },

    'sync.job': (input) => {
      const s = jobs.get(input.jobId);
      if (!s) throw new EngineError('not-found', `Không có tác vụ ${input.jobId} / no job ${input.jobId}`);
      return { ...s.job };
    },

    'sync.readBundle': (input) => {
      const r = db.prepare('SELECT file FROM sync_sent WHERE seq = ?').get(input.seq) as { file: string } | undefined;
      if (!r || !fs.existsSync(r.file)) {
        throw new EngineError('not-found', `Không còn tệp gói số ${input.seq} / bundle ${input.seq} file is gone`);
      }
      return { fileName: path.basename(r.file), dataBase64: fs.readFileSync(r.file).toString('base64') };
    },

    'sync.ack': (input) => {
      const me = requireOffice(db);
      const districts = input.district
        ? [input.district]
        : (
            db.prepare('SELECT DISTINCT office_code FROM sync_received ORDER BY office_code').all() as {
              office_code: string;
            }[]
          ).map((r) => r.office_code);
      return districts.map((d) => {
        const signed = buildAck(db, d, engine.nodeId, now());
        return {
          district: d,
          fileName: `ack-${me.office}-${d}-${signed.ack.appliedThrough}.sabanack`,
          text: JSON.stringify(signed) + '\n',
          appliedThrough: signed.ack.appliedThrough,
        };
      });
    },

    'sync.importAck': (input) => {
      const r = importAck(db, input.text, input.fileName, now());
      return { ...r, missing: [...r.missing] };
    },

    'sync.refusals': (input) =>
      (
        db
          .prepare(
            `SELECT id, at, office_code, bundle_seq, code, message, entity, entity_id FROM sync_refusals
             ${input.office ? 'WHERE office_code = ?' : ''} ORDER BY id DESC LIMIT ?`,
          )
          .all(...(input.office ? [input.office] : []), input.limit) as {
          id: number;
          at: string;
          office_code: string | null;
          bundle_seq: number | null;
          code: string;
          message: string;
          entity: string | null;
          entity_id: string | null;
        }[]
      ).map((r) => ({
        id: r.id,
        at: r.at,
        office: r.office_code,
        seq: r.bundle_seq,
        code: r.code,
        message: r.message,
        entity: r.entity,
        entityId: r.entity_id,
      })),

    'sync.conflicts': (input) =>
      (
        db
          .prepare(
            `SELECT * FROM sync_conflicts ${input.office ? 'WHERE office_code = ?' : ''} ORDER BY id DESC LIMIT ?`,
          )
          .all(...(input.office ? [input.office] : []), input.limit) as {
          id: number;
          at: string;
          office_code: string;
          bundle_seq: number;
          entity: string;
          entity_id: string;
          column_name: string;
          winner: 'local' | 'remote';
          local_value: string | null;
          local_hlc: string;
          remote_value: string | null;
          remote_hlc: string;
        }[]
      ).map((r) => ({
        id: r.id,
        at: r.at,
        office: r.office_code,
        seq: r.bundle_seq,
        entity: r.entity,
        entityId: r.entity_id,
        column: r.column_name,
        winner: r.winner,
        localValue: r.local_value,
        localHlc: r.local_hlc,
        remoteValue: r.remote_value,
        remoteHlc: r.remote_hlc,
      })),
  };
}
