/**
 * Importing a bundle file: verify it completely (verify.ts), place it in its sender's chain
 * (apply, hold back, or say it was already applied), back up, apply it through the writer
 * (apply.ts), then apply held bundles it unblocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { type Manifest, missingMessage } from '../../../shared/bundle-format';
import { joinText, type LocalText, msg } from '../../../shared/result';
import type { Writer } from '../write';
import { type AppliedBundle, apply } from './apply';
import { backupDatabase, syncDir } from './backup';
import { chainState, logRefusal, missingOf } from './chain';
import { BundleRefusal, closeBundle } from './container';
import type { Progress } from './export';
import { trustKey } from './keys';
import { type Verified, verify } from './verify';

export type { AppliedBundle } from './apply';

/** The outcome of importing one bundle file. */
export interface ImportOutcome {
  readonly status: 'applied' | 'already-applied' | 'held';
  readonly office: string;
  readonly seq: number;
  readonly kind: Manifest['kind'];
  /** What happened, in Vietnamese (see `text`). */
  readonly message: string;
  /** What happened, naming the bundle, in both languages. */
  readonly text: LocalText;
  /** This bundle and any held-back ones applied after it, in order. */
  readonly applied: readonly AppliedBundle[];
  /** Numbers still missing from this sender. */
  readonly missing: readonly number[];
  readonly backup: string | null;
}

/** Options of {@link importBundle}. */
export interface ImportOptions {
  readonly dbPath: string;
  /** The single write path: the bundle's changes are applied through it. */
  readonly writer: Writer;
  readonly now?: () => number;
  /** The sender's key fingerprint the operator confirmed, to trust an unknown sender on its first bundle. */
  readonly acceptKey?: string;
  readonly onProgress?: Progress;
  /** Skip the pre-import backup (the benchmark measures it separately). */
  readonly noBackup?: boolean;
}

function outcome(
  status: ImportOutcome['status'],
  m: Manifest,
  text: LocalText,
  rest: Pick<ImportOutcome, 'applied' | 'missing' | 'backup'>,
): ImportOutcome {
  return { status, office: m.office, seq: m.seq, kind: m.kind, message: text.vi, text, ...rest };
}

/** Copies a bundle into the held-back folder (atomically) and returns its path. */
function holdFile(dbPath: string, m: Manifest, hash: string, from: string): string {
  const dir = syncDir(dbPath, 'held');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${m.office}-${m.seq}-${hash.slice(0, 12)}.sabanbundle`);
  const tmp = `${file}.tmp`;
  fs.copyFileSync(from, tmp);
  const fd = fs.openSync(tmp, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Applies held-back bundles of `office` that are now next in line. A held bundle that fails now
 * is dropped from the queue and logged (its number shows as missing again); it never blocks or
 * undoes the bundle that was just applied.
 */
function drain(db: Database.Database, office: string, options: ImportOptions, out: AppliedBundle[]): void {
  const now = options.now ?? Date.now;
  for (;;) {
    const { through, hash } = chainState(db, office);
    const next = db
      .prepare("SELECT seq, held_file FROM sync_received WHERE office_code = ? AND seq = ? AND status = 'held'")
      .get(office, through + 1) as { seq: number; held_file: string } | undefined;
    if (!next) return;
    const drop = (err: BundleRefusal): void => {
      db.prepare('DELETE FROM sync_received WHERE office_code = ? AND seq = ?').run(office, next.seq);
      logRefusal(db, next.held_file, err, now());
      fs.rmSync(next.held_file, { force: true });
    };
    let v: Verified;
    try {
      // Held files are re-verified: they sat on disk meanwhile.
      v = verify(db, next.held_file, options);
    } catch (err) {
      if (!(err instanceof BundleRefusal)) throw err;
      drop(err);
      return;
    }
    try {
      if (v.manifest.prevHash !== hash) {
        drop(
          new BundleRefusal(
            'chain-broken',
            msg(
              'gói {office}-{seq} không nối tiếp gói {through} đã nhận',
              'bundle {office}-{seq} does not follow bundle {through} as received',
              { office, seq: next.seq, through },
            ),
            'conflict',
          ),
        );
        return;
      }
      out.push(apply(db, v, options, false));
    } catch (err) {
      if (!(err instanceof BundleRefusal)) throw err;
      drop(err);
      return;
    } finally {
      closeBundle(v.opened);
    }
    fs.rmSync(next.held_file, { force: true });
  }
}

/**
 * Imports one bundle file: verifies it completely, then applies it (and any held-back bundles it
 * unblocks) — or holds it back when an earlier one is missing, or says it was already applied.
 * Refusals throw a {@link BundleRefusal} naming the reason, after logging it; the data is unchanged.
 */
export function importBundle(db: Database.Database, file: string, options: ImportOptions): ImportOutcome {
  const now = options.now ?? Date.now;
  let v: Verified;
  try {
    v = verify(db, file, options);
  } catch (err) {
    if (err instanceof BundleRefusal && err.reason !== 'no-file') logRefusal(db, file, err, now());
    throw err;
  }
  const m = v.manifest;
  const label = `${m.office}-${m.seq}`;
  const refuse = (err: BundleRefusal): never => {
    logRefusal(db, file, err, now());
    throw err;
  };
  try {
    const state = chainState(db, m.office);
    const existing = db
      .prepare('SELECT hash, status FROM sync_received WHERE office_code = ? AND seq = ?')
      .get(m.office, m.seq) as { hash: string; status: string } | undefined;
    if (existing && existing.hash !== v.hash) {
      refuse(
        new BundleRefusal(
          'fork',
          msg(
            '{label}: đã nhận một gói số {seq} khác của {office} (nội dung khác); có thể máy huyện đã khôi phục bản sao lưu — hãy gửi gói đầy đủ (--full)',
            '{label}: a different bundle {seq} of {office} was already received; the sender may have restored a backup — send a full bundle (--full)',
            { label, seq: m.seq, office: m.office },
          ),
          'conflict',
        ),
      );
    }
    if (existing?.status === 'held') {
      const missing = missingOf(db, m.office);
      const text = joinText([
        msg('{label}: đã giữ lại từ trước,', '{label}: held back earlier;', { label }),
        missingMessage(m.office, missing),
      ]);
      return outcome('held', m, text, { applied: [], missing, backup: null });
    }
    if (existing || m.seq <= state.through) {
      const text = existing
        ? msg(
            '{label}: gói này đã được áp dụng, không có gì thay đổi',
            '{label}: this bundle was already applied; nothing changed',
            { label },
          )
        : msg(
            '{label}: gói này nằm trong gói đầy đủ đã áp dụng, không có gì thay đổi',
            '{label}: covered by a full bundle already applied; nothing changed',
            { label },
          );
      return outcome('already-applied', m, text, { applied: [], missing: missingOf(db, m.office), backup: null });
    }
    if (m.kind === 'incremental' && m.seq > state.through + 1) {
      const held = holdFile(options.dbPath, m, v.hash, file);
      db.prepare(
        `INSERT INTO sync_received (office_code, seq, kind, hash, prev_hash, until_seq, status, held_file, change_count,
           hlc_max, manifest, received_at) VALUES (?, ?, ?, ?, ?, ?, 'held', ?, ?, ?, ?, ?)`,
      ).run(
        m.office,
        m.seq,
        m.kind,
        v.hash,
        m.prevHash,
        m.untilSeq,
        held,
        m.total,
        m.hlcMax,
        JSON.stringify(m),
        new Date(now()).toISOString(),
      );
      if (v.trustOnApply) {
        trustKey(
          db,
          { role: m.origin, office: m.office, nodeId: m.nodeId, publicKey: m.publicKey, fingerprint: m.keyFingerprint },
          'first-bundle',
          new Date(now()).toISOString(),
        );
      }
      const missing = missingOf(db, m.office);
      const text = joinText([
        msg('{label}: giữ lại chưa áp dụng,', '{label}: held back until the missing bundle arrives;', { label }),
        missingMessage(m.office, missing),
      ]);
      return outcome('held', m, text, { applied: [], missing, backup: null });
    }
    if (m.kind === 'incremental' && m.prevHash !== state.hash) {
      refuse(
        new BundleRefusal(
          'chain-broken',
          msg(
            '{label}: không nối tiếp gói {through} đã nhận của {office} (mã băm trước không khớp); hãy gửi gói đầy đủ (--full)',
            '{label}: does not follow bundle {through} received from {office} (previous hash differs); send a full bundle (--full)',
            { label, through: state.through, office: m.office },
          ),
          'conflict',
        ),
      );
    }
    const backup = options.noBackup ? null : backupDatabase(db, options.dbPath, now());
    const applied: AppliedBundle[] = [];
    try {
      applied.push(apply(db, v, options, m.kind === 'full'));
    } catch (err) {
      if (err instanceof BundleRefusal) refuse(err);
      throw err;
    }
    if (m.kind === 'full') {
      // Held bundles below a full one are covered by it: drop their files.
      const gone = db
        .prepare(
          "SELECT held_file FROM sync_received WHERE office_code = ? AND status = 'superseded' AND held_file IS NOT NULL",
        )
        .all(m.office) as { held_file: string }[];
      for (const g of gone) fs.rmSync(g.held_file, { force: true });
      db.prepare("UPDATE sync_received SET held_file = NULL WHERE office_code = ? AND status = 'superseded'").run(
        m.office,
      );
    }
    drain(db, m.office, options, applied);
    const missing = missingOf(db, m.office);
    const total = applied.reduce((s, a) => s + a.applied, 0);
    const parts: LocalText[] = [
      msg('{label}: đã áp dụng {total} bản ghi', '{label}: applied {total} record(s)', { label, total }),
    ];
    if (applied.length > 1) {
      const n = applied.length - 1;
      parts.push(msg(', và {n} gói giữ lại trước đó', ', and {n} held-back bundle(s)', { n }));
    }
    if (missing.length) parts.push(msg('; ', '; '), missingMessage(m.office, missing));
    return outcome('applied', m, joinText(parts, ''), { applied, missing, backup });
  } finally {
    closeBundle(v.opened);
  }
}
