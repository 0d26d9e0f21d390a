import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  ACK_FORMAT,
  type AckBody,
  ackBodySchema,
  ackFileName,
  ackFileSchema,
  BUNDLE_FORMAT_VERSION,
  formatFingerprint,
} from '../../../shared/bundle-format';
import { EngineError, joinText, type LocalText, msg, same } from '../../../shared/result';
import { writeFileAtomic } from '../atomic-write';
import { getPeer, requireOffice, signCanonical, verifyCanonical } from './keys';
import { missingOf } from './chain';

/** A signed acknowledgement, ready to write or send. */
export interface SignedAck {
  readonly ack: AckBody;
  readonly signature: string;
}

/** The province's acknowledgement of what it holds from `district`. */
export function buildAck(db: Database.Database, district: string, nodeId: string, now: number): SignedAck {
  const me = requireOffice(db);
  if (me.role !== 'province') {
    throw new EngineError('bad-request', msg('Chỉ tỉnh gửi xác nhận', 'only the province acknowledges bundles'));
  }
  const rows = db
    .prepare('SELECT seq, hash, status, until_seq FROM sync_received WHERE office_code = ? ORDER BY seq')
    .all(district) as { seq: number; hash: string; status: 'applied' | 'held' | 'superseded'; until_seq: number }[];
  const done = rows.filter((r) => r.status !== 'held');
  const through = done[done.length - 1];
  const ack: AckBody = {
    format: ACK_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    office: me.office,
    nodeId,
    keyFingerprint: me.fingerprint,
    district,
    appliedThrough: through?.seq ?? 0,
    appliedHash: through?.hash ?? null,
    untilSeq: through?.until_seq ?? 0,
    // The most recent ones are enough to tell the district where it stands.
    bundles: rows.slice(-200).map((r) => ({ seq: r.seq, hash: r.hash, status: r.status })),
    missing: missingOf(db, district),
    createdAt: new Date(now).toISOString(),
  };
  return { ack, signature: signCanonical(me, ack) };
}

/** Writes acknowledgements for every district that sent something (or just `district`). */
export function writeAcks(
  db: Database.Database,
  outDir: string,
  nodeId: string,
  now: number,
  district?: string,
): { district: string; file: string; appliedThrough: number; missing: number[] }[] {
  const me = requireOffice(db);
  const districts = district
    ? [district]
    : (
        db.prepare('SELECT DISTINCT office_code FROM sync_received ORDER BY office_code').all() as {
          office_code: string;
        }[]
      ).map((r) => r.office_code);
  return districts.map((d) => {
    const signed = buildAck(db, d, nodeId, now);
    const file = path.join(path.resolve(outDir), ackFileName(me.office, d, signed.ack.appliedThrough));
    writeFileAtomic(file, JSON.stringify(signed) + '\n');
    return { district: d, file, appliedThrough: signed.ack.appliedThrough, missing: [...signed.ack.missing] };
  });
}

/** What importing an acknowledgement did at the district. */
export interface AckOutcome {
  readonly appliedThrough: number;
  /** Bundles newly marked acknowledged by this ack. */
  readonly newlyAcked: number;
  readonly missing: readonly number[];
  /** What the acknowledgement said, in Vietnamese (see `text`). */
  readonly message: string;
  readonly text: LocalText;
}

/**
 * Imports the province's acknowledgement at the district: checks its signature against the
 * registered province key and that it speaks of our own bundles, then advances the watermark
 * (bundles up to `appliedThrough` are acknowledged; never moves back).
 */
export function importAck(db: Database.Database, text: string, fileName: string, now: number): AckOutcome {
  const me = requireOffice(db);
  const fail = (t: LocalText): never => {
    throw new EngineError('bad-file', joinText([same(`${fileName}:`), t]));
  };
  const notAck = msg('không phải tệp xác nhận', 'not an acknowledgement file');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    fail(notAck);
  }
  const file = ackFileSchema.safeParse(raw);
  if (!file.success) fail(notAck);
  const parsed = ackBodySchema.safeParse(file.data!.ack);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message ?? '';
    fail(msg('xác nhận không hợp lệ: {issue}', 'invalid acknowledgement: {issue}', { issue }));
  }
  const ack = parsed.data!;
  const peer = getPeer(db, ack.office);
  if (!peer || peer.role !== 'province') {
    throw new EngineError(
      'unauthorized',
      msg('{file}: chưa đăng ký khóa của tỉnh {office}', "{file}: province {office}'s key is not registered", {
        file: fileName,
        office: ack.office,
      }),
    );
  }
  if (peer.fingerprint !== ack.keyFingerprint || !verifyCanonical(peer.publicKey, ack, file.data!.signature)) {
    throw new EngineError(
      'unauthorized',
      msg(
        '{file}: chữ ký không hợp lệ hoặc không phải khóa đã đăng ký ({fp})',
        '{file}: invalid signature or not the registered key ({fp})',
        { file: fileName, fp: formatFingerprint(peer.fingerprint) },
      ),
    );
  }
  if (ack.district !== me.office) {
    fail(
      msg(
        'xác nhận dành cho huyện {district}, không phải {office}',
        'this acknowledgement is for district {district}, not {office}',
        { district: ack.district, office: me.office },
      ),
    );
  }
  if (ack.appliedThrough > 0) {
    const ours = db.prepare('SELECT hash FROM sync_sent WHERE seq = ?').get(ack.appliedThrough) as
      { hash: string } | undefined;
    if (!ours || ours.hash !== ack.appliedHash) {
      fail(
        msg(
          'tỉnh đã áp dụng gói {n} khác với gói số {n} của huyện này; hãy gửi gói đầy đủ',
          'the province applied a bundle {n} that differs from ours; send a full bundle',
          { n: ack.appliedThrough },
        ),
      );
    }
  }
  const at = new Date(now).toISOString();
  const r = db.transaction(() => {
    const res = db
      .prepare('UPDATE sync_sent SET acked_at = ? WHERE seq <= ? AND acked_at IS NULL')
      .run(at, ack.appliedThrough);
    db.prepare('UPDATE sync_peers SET last_ack = ? WHERE office_code = ?').run(JSON.stringify(ack), ack.office);
    return res.changes;
  })();
  const params = { office: ack.office, n: ack.appliedThrough, missing: ack.missing.join(', ') };
  const outcomeText = ack.missing.length
    ? msg(
        'Tỉnh {office} đã nhận đến gói {n}; tỉnh còn thiếu gói: {missing}',
        'Province {office} has applied up to bundle {n}; the province is missing: {missing}',
        params,
      )
    : msg('Tỉnh {office} đã nhận đến gói {n}', 'Province {office} has applied up to bundle {n}', params);
  return {
    appliedThrough: ack.appliedThrough,
    newlyAcked: r,
    missing: ack.missing,
    message: outcomeText.vi,
    text: outcomeText,
  };
}

/** The district's watermark: the highest bundle the province acknowledged, and its change-log seq. */
export function watermark(db: Database.Database): { ackedSeq: number; ackedUntil: number } {
  const r = db
    .prepare('SELECT seq, until_seq FROM sync_sent WHERE acked_at IS NOT NULL ORDER BY seq DESC LIMIT 1')
    .get() as { seq: number; until_seq: number } | undefined;
  return { ackedSeq: r?.seq ?? 0, ackedUntil: r?.until_seq ?? 0 };
}
