/** The sync group of the contract: thin handlers over keys, export, import, acknowledgements, uploads. */
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { formatFingerprint } from '../../../shared/bundle-format';
import type { syncApi } from '../../../shared/contract-sync';
import { parseHlc } from '../../../shared/hlc';
import { EngineError, joinText, type LocalText, msg } from '../../../shared/result';
import type { CallContext, EngineContext, HandlersOf } from '../context';
import { buildAck, importAck } from './ack';
import { syncDir } from './backup';
import { readStoredText } from './chain';
import type { ExportResult, Progress, SkippedCounts } from './export';
import { skippedMessage } from './export';
import { Jobs } from './jobs';
import { ensureIdentity, keyFileOf, parseKeyFile, requireOffice, setOffice, trustKey } from './keys';
import { pushToProvince } from './push';
import { exportFor, importFor, STALE_HOURS_KEY, staleHours } from './service';
import { syncStatus } from './status';
import { uploadChunk, uploadStatus } from './upload';
import { writeSetting } from '../settings/settings';

/** A call context that may carry a progress sink: the command line prints an import's progress as it runs. */
export interface ProgressContext extends CallContext {
  readonly onProgress?: Progress;
}

/** Paths on this computer are named by the command line only; the other doors send and receive bytes. */
function requireCli(ctx: CallContext, what: string): void {
  if (ctx.door !== 'cli') {
    throw new EngineError(
      'forbidden',
      msg('{what} chỉ dùng được từ dòng lệnh', '{what} is for the command line only', { what }),
    );
  }
}

function exportText(r: ExportResult | null, skipped: LocalText | null): LocalText {
  const name = r ? path.basename(r.file) : '';
  const main = r
    ? msg('Đã tạo gói {name} ({n} thay đổi)', 'Bundle {name} written ({n} changes)', { name, n: r.manifest.total })
    : msg('Không có thay đổi mới để gửi', 'Nothing new to send');
  return skipped ? joinText([main, skipped], '. ') : main;
}

/** Lifts the clock over everything received: a clock restored on restart only knows the change log. */
function catchUpClock(engine: EngineContext): void {
  const maxHlc = (
    engine.db.prepare("SELECT max(hlc_max) AS h FROM sync_received WHERE status = 'applied'").get() as {
      h: string | null;
    }
  ).h;
  if (!maxHlc) return;
  const h = parseHlc(maxHlc);
  const c = engine.writer.clock;
  if (h.millis > c.millis || (h.millis === c.millis && h.counter > c.counter)) {
    c.millis = h.millis;
    c.counter = h.counter;
  }
}

/** The methods of the sync contract. Long work (export, import, push) runs as jobs the doors poll. */
export function syncHandlers(engine: EngineContext, now: () => number): HandlersOf<typeof syncApi> {
  const db = engine.db;
  const jobs = new Jobs(now);
  // Records a bundle created keep their clock on the row, not in the log: the applied bundles'
  // ranges count too.
  catchUpClock(engine);

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

    'sync.status': () => syncStatus(db, identity(), engine.nodeId, staleHours(engine), now()),

    'sync.setStaleHours': (input, ctx) => {
      engine.write(ctx, { action: 'sync.staleHours', reason: null }, (tx) =>
        writeSetting(tx, STALE_HOURS_KEY, input.hours),
      );
      return staleHours(engine);
    },

    'sync.exportStart': (input, ctx) => {
      if (input.outDir !== undefined) requireCli(ctx, '--out');
      const outDir = input.outDir ?? syncDir(engine.dbPath, 'outbox');
      return jobs.start('export', async (h) => {
        h.note(msg('Đang xuất gói', 'Exporting'));
        let skipped: SkippedCounts = {};
        const r = await exportFor(
          engine,
          {
            outDir,
            full: input.full ?? false,
            yieldBetweenPages: true,
            onProgress: (done, total) => {
              h.job.done = done;
              h.job.total = total;
            },
            onSkipped: (s) => (skipped = s),
          },
          now,
        );
        const left = skippedMessage(skipped);
        const text = exportText(r, left);
        h.job.export = {
          file: r?.file ?? null,
          fileName: r ? path.basename(r.file) : null,
          seq: r?.manifest.seq ?? null,
          total: r?.manifest.total ?? 0,
          bytes: r ? fs.statSync(r.file).size : 0,
          hash: r?.hash ?? null,
          message: text.vi,
          text,
          skipped: left,
        };
        h.note(text);
      });
    },

    'sync.importStart': (input) => {
      requireOffice(db);
      // The UI sends the file's bytes; it is spooled to disk so the import streams like the CLI's.
      const dir = syncDir(engine.dbPath, 'inbox');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${crypto.randomUUID()}-${path.basename(input.fileName).replace(/[^\w.-]/g, '_')}`);
      fs.writeFileSync(file, Buffer.from(input.dataBase64, 'base64'));
      return jobs.start('import', async (h) => {
        try {
          h.note(msg('Đang kiểm tra và áp dụng', 'Verifying and applying'));
          await Promise.resolve();
          const outcome = importFor(
            engine,
            file,
            {
              ...(input.acceptKey ? { acceptKey: input.acceptKey } : {}),
              onProgress: (done, total) => {
                h.job.done = done;
                h.job.total = total;
              },
            },
            now,
          );
          h.job.import = { ...outcome, applied: [...outcome.applied], missing: [...outcome.missing] };
          h.note(outcome.text);
        } finally {
          fs.rmSync(file, { force: true });
        }
      });
    },

    'sync.importFile': (input, ctx) => {
      requireCli(ctx, 'import-bundle FILE');
      const onProgress = (ctx as ProgressContext).onProgress;
      const outcome = importFor(
        engine,
        input.file,
        { ...(input.acceptKey ? { acceptKey: input.acceptKey } : {}), ...(onProgress ? { onProgress } : {}) },
        now,
      );
      return { ...outcome, applied: [...outcome.applied], missing: [...outcome.missing] };
    },

    'sync.uploadStatus': (input) => uploadStatus(engine, input, now),

    'sync.uploadChunk': (input) => {
      const r = uploadChunk(engine, { ...input, data: Buffer.from(input.dataBase64, 'base64') }, now);
      return {
        accepted: r.accepted,
        received: r.received,
        size: r.size,
        outcome: r.outcome ? { ...r.outcome, applied: [...r.outcome.applied], missing: [...r.outcome.missing] } : null,
        ack: r.ack,
      };
    },

    'sync.pushStart': (input) => {
      requireOffice(db);
      return jobs.start('push', async (h) => {
        const r = await pushToProvince(engine, input.url, {
          now,
          onStatus: (note, done, total) => {
            h.note(note);
            h.job.done = done;
            h.job.total = total;
          },
        });
        h.job.push = { ...r, missing: [...r.missing] };
        h.note(r.text);
      });
    },

    'sync.job': (input) => jobs.get(input.jobId),

    'sync.readBundle': (input) => {
      const r = db.prepare('SELECT file FROM sync_sent WHERE seq = ?').get(input.seq) as { file: string } | undefined;
      if (!r || !fs.existsSync(r.file)) {
        throw new EngineError(
          'not-found',
          msg('Không còn tệp gói số {seq}', 'Bundle {seq} file is gone', { seq: input.seq }),
        );
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
      ).map((r) => {
        const text = readStoredText(r.message);
        return {
          id: r.id,
          at: r.at,
          office: r.office_code,
          seq: r.bundle_seq,
          code: r.code,
          message: text.vi,
          text,
          entity: r.entity,
          entityId: r.entity_id,
        };
      }),

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
