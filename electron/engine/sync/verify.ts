import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  formatFingerprint,
  HEADER_BYTES,
  type Manifest,
  manifestSchema,
} from '../../../shared/bundle-format';
import { MAX_DRIFT_MS, parseHlc } from '../../../shared/hlc';
import { type LocalText, msg } from '../../../shared/result';
import { SCHEMA_VERSION } from '../migrations/index';
import { BundleRefusal, closeBundle, type OpenedBundle, openBundle, readFrames } from './container';
import { fingerprintOf, getPeer, hashCanonical, type Peer, requireOffice, verifyCanonical } from './keys';

/** A bundle whose every property that can be checked without touching the data was checked. */
export interface Verified {
  readonly opened: OpenedBundle;
  readonly manifest: Manifest;
  readonly hash: string;
  /** Set when the sender is unknown and the operator confirmed its fingerprint. */
  readonly trustOnApply: boolean;
}

/** What {@link verify} needs beyond the file. */
export interface VerifyOptions {
  readonly now?: () => number;
  /** The sender's key fingerprint the operator confirmed, to trust an unknown sender on its first bundle. */
  readonly acceptKey?: string;
}

/**
 * A clock as a change line carries it. Month, day, hour, minute and second are bounded so that
 * every clock accepted here parses (`parseHlc`): the writer parses the newest clock in the log
 * before each write, and a clock such as `2021-13-45T99:…` would otherwise stop every later write.
 */
export const HLC_RE =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;

/**
 * A field of a manifest not yet checked, for a message: a number or a short string as it is,
 * anything else by its type (String() of a deeply nested array would overflow the stack).
 */
function shown(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value).slice(0, 40) : typeof value;
}

/** Refuses unless `cond`. */
function check(cond: boolean, reason: string, message: LocalText, code?: 'unauthorized' | 'conflict'): asserts cond {
  if (!cond) throw new BundleRefusal(reason, message, code);
}

/**
 * Checks everything about a bundle that can be checked without touching the data: format and
 * schema versions, the signature, the sender's key, size and payload hash, clock. Nothing is
 * written here.
 */
export function verify(db: Database.Database, file: string, options: VerifyOptions): Verified {
  const name = path.basename(file);
  const me = requireOffice(db);
  const opened = openBundle(file);
  try {
    const raw = opened.header.manifest as Record<string, unknown>;
    check(
      raw['format'] === BUNDLE_FORMAT,
      'not-a-bundle',
      msg('{name}: không phải gói đồng bộ Sa Bàn', '{name}: not a Sa Bàn sync bundle', { name }),
    );
    const fv = shown(raw['formatVersion']);
    check(
      !(typeof raw['formatVersion'] === 'number' && raw['formatVersion'] > BUNDLE_FORMAT_VERSION),
      'format-too-new',
      msg(
        '{name}: gói định dạng {fv}, ứng dụng chỉ đọc đến {ours}; hãy cập nhật Sa Bàn',
        '{name}: bundle format {fv} is newer than this app reads ({ours}); update Sa Bàn',
        { name, fv, ours: BUNDLE_FORMAT_VERSION },
      ),
    );
    const sv = shown(raw['schemaVersion']);
    check(
      !(typeof raw['schemaVersion'] === 'number' && raw['schemaVersion'] > SCHEMA_VERSION),
      'schema-too-new',
      msg(
        '{name}: gói từ cơ sở dữ liệu phiên bản {sv}, ứng dụng này chỉ hiểu đến {ours}; hãy cập nhật Sa Bàn rồi nhập lại',
        '{name}: bundle from schema {sv}, newer than this app understands ({ours}); update Sa Bàn and import again',
        { name, sv, ours: SCHEMA_VERSION },
      ),
    );
    const parsed = manifestSchema.safeParse(raw);
    const issues = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') ?? '';
    check(
      parsed.success,
      'bad-header',
      msg('{name}: bản kê khai không hợp lệ: {issues}', '{name}: invalid manifest: {issues}', { name, issues }),
    );
    const m = parsed.data;
    check(
      fingerprintOf(m.publicKey) === m.keyFingerprint,
      'bad-header',
      msg('{name}: dấu vân tay không khớp khóa', '{name}: key fingerprint does not match the key', { name }),
    );
    check(
      verifyCanonical(m.publicKey, m, opened.header.signature),
      'bad-signature',
      msg(
        '{name}: chữ ký không hợp lệ — gói đã bị sửa hoặc hỏng',
        '{name}: invalid signature: the bundle was altered or damaged',
        { name },
      ),
      'unauthorized',
    );
    const expectOrigin = me.role === 'province' ? 'district' : 'province';
    check(
      m.origin === expectOrigin,
      'wrong-direction',
      msg(
        '{name}: gói của {origin} {office} không nhập vào {role} được',
        '{name}: a {origin} bundle cannot be imported by a {role}',
        { name, origin: m.origin, office: m.office, role: me.role },
      ),
      'unauthorized',
    );
    const peer: Peer | undefined = getPeer(db, m.office);
    let trustOnApply = false;
    const fp = formatFingerprint(m.keyFingerprint);
    if (!peer) {
      const confirmed = options.acceptKey?.replace(/\s/g, '').toLowerCase();
      check(
        confirmed === m.keyFingerprint,
        'untrusted-key',
        msg(
          '{name}: chưa đăng ký khóa của {who} {office}; dấu vân tay {fp}. Hãy gọi điện xác nhận dấu vân tay với đơn vị gửi, rồi nhập tệp khóa (saban trust) hoặc xác nhận dấu vân tay khi nhập (--accept-key)',
          '{name}: the key of {origin} {office} is not registered; fingerprint {fp}. Confirm it with the sender by phone, then register its key file (saban trust) or confirm the fingerprint on import (--accept-key)',
          { name, who: m.origin === 'district' ? 'huyện' : 'tỉnh', origin: m.origin, office: m.office, fp },
        ),
        'unauthorized',
      );
      trustOnApply = true;
    } else {
      const registered = formatFingerprint(peer.fingerprint);
      check(
        peer.fingerprint === m.keyFingerprint,
        'wrong-key',
        msg(
          '{name}: gói ký bằng khóa {fp}, không phải khóa đã đăng ký của {office} ({registered})',
          '{name}: signed with key {fp}, not the registered key of {office} ({registered})',
          { name, fp, office: m.office, registered },
        ),
        'unauthorized',
      );
    }
    const payloadBytes = opened.size - HEADER_BYTES;
    const sizes = { name, have: payloadBytes, want: m.payload.bytes, extra: payloadBytes - m.payload.bytes };
    check(
      payloadBytes >= m.payload.bytes,
      'truncated',
      msg(
        '{name}: tệp bị cắt cụt ({have} / {want} byte dữ liệu)',
        '{name}: file truncated ({have} of {want} payload bytes)',
        sizes,
      ),
    );
    check(
      payloadBytes === m.payload.bytes,
      'bad-payload',
      msg(
        '{name}: có dữ liệu thừa sau gói ({extra} byte)',
        '{name}: unexpected data after the payload ({extra} bytes)',
        sizes,
      ),
    );
    const { sha256, frames } = readFrames(opened);
    check(
      sha256 === m.payload.sha256 && frames === m.payload.frames,
      'hash-mismatch',
      msg(
        '{name}: mã băm dữ liệu không khớp — tệp đã bị sửa hoặc hỏng khi truyền',
        '{name}: payload hash mismatch: the file was altered or damaged in transit',
        { name },
      ),
    );
    check(
      m.sinceSeq <= m.untilSeq && (m.kind === 'incremental' || m.sinceSeq === 0),
      'bad-header',
      msg('{name}: khoảng thay đổi sai', '{name}: bad change range', { name }),
    );
    if (m.hlcMax !== null) {
      check(
        HLC_RE.test(m.hlcMax),
        'bad-header',
        msg('{name}: đồng hồ không hợp lệ {hlc}', '{name}: malformed clock {hlc}', { name, hlc: m.hlcMax }),
      );
      const ahead = parseHlc(m.hlcMax).millis - (options.now ?? Date.now)();
      check(
        ahead <= MAX_DRIFT_MS,
        'clock-ahead',
        msg(
          '{name}: đồng hồ của {office} nhanh hơn {min} phút; hãy chỉnh giờ máy gửi',
          "{name}: the clock of {office} is {min} min ahead; fix the sender's clock",
          { name, office: m.office, min: Math.round(ahead / 60000) },
        ),
      );
    }
    return { opened, manifest: m, hash: hashCanonical(m), trustOnApply };
  } catch (err) {
    closeBundle(opened);
    throw err;
  }
}
