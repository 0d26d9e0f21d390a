import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  BUNDLE_FORMAT_VERSION,
  canonicalJson,
  formatFingerprint,
  KEY_FORMAT,
  keyFileSchema,
  type KeyFile,
  type OfficeRole,
} from '../../../shared/bundle-format';
import { EngineError, msg } from '../../../shared/result';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** This office: its role and code (null until `init --district/--province`) and its key pair. */
export interface Identity {
  readonly role: OfficeRole | null;
  readonly office: string | null;
  /** Raw public key, base64. */
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly privateKey: crypto.KeyObject;
}

/** A key this office trusts. */
export interface Peer {
  readonly office: string;
  readonly role: OfficeRole;
  readonly nodeId: string | null;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly trustedAt: string;
  readonly trustedHow: string;
}

/** The fingerprint of a raw public key: the first 16 bytes of its SHA-256, hex. */
export function fingerprintOf(rawPublicKeyB64: string): string {
  return crypto.createHash('sha256').update(Buffer.from(rawPublicKeyB64, 'base64')).digest('hex').slice(0, 32);
}

function publicKeyObject(rawB64: string): crypto.KeyObject {
  const raw = Buffer.from(rawB64, 'base64');
  if (raw.length !== 32) throw new EngineError('bad-file', msg('Khóa công khai không hợp lệ', 'malformed public key'));
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Signs the canonical JSON of `value` (Ed25519), base64. */
export function signCanonical(identity: Identity, value: unknown): string {
  return crypto.sign(null, Buffer.from(canonicalJson(value), 'utf8'), identity.privateKey).toString('base64');
}

/** Checks an Ed25519 signature over the canonical JSON of `value` with a raw public key. */
export function verifyCanonical(rawPublicKeyB64: string, value: unknown, signatureB64: string): boolean {
  try {
    const sig = Buffer.from(signatureB64, 'base64');
    if (sig.length !== 64) return false;
    return crypto.verify(null, Buffer.from(canonicalJson(value), 'utf8'), publicKeyObject(rawPublicKeyB64), sig);
  } catch {
    return false;
  }
}

/** SHA-256 hex of the canonical JSON of `value`: a bundle's identity in the chain. */
export function hashCanonical(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

interface IdentityRow {
  role: OfficeRole | null;
  office_code: string | null;
  public_key: string;
  private_key: string;
  fingerprint: string;
}

/**
 * This office's identity, creating its key pair on first use. The private key stays in the
 * database (and its backups); it never leaves through a door.
 */
export function ensureIdentity(db: Database.Database, now: () => number = Date.now): Identity {
  let row = db.prepare('SELECT * FROM sync_identity WHERE id = 1').get() as IdentityRow | undefined;
  if (!row) {
    const pair = crypto.generateKeyPairSync('ed25519');
    const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
    const raw = spki.subarray(SPKI_ED25519_PREFIX.length).toString('base64');
    const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    db.prepare(
      'INSERT OR IGNORE INTO sync_identity (id, role, office_code, public_key, private_key, fingerprint, created_at) VALUES (1, NULL, NULL, ?, ?, ?, ?)',
    ).run(raw, pkcs8, fingerprintOf(raw), new Date(now()).toISOString());
    row = db.prepare('SELECT * FROM sync_identity WHERE id = 1').get() as IdentityRow;
  }
  return {
    role: row.role,
    office: row.office_code,
    publicKey: row.public_key,
    fingerprint: row.fingerprint,
    privateKey: crypto.createPrivateKey({ key: Buffer.from(row.private_key, 'base64'), format: 'der', type: 'pkcs8' }),
  };
}

/** Checks an office code for a role: 2 digits for a province, 3 for a district. */
export function checkOfficeCode(role: OfficeRole, code: string): void {
  const ok = role === 'province' ? /^[0-9]{2}$/.test(code) : /^[0-9]{3}$/.test(code);
  if (!ok) {
    throw new EngineError(
      'bad-request',
      role === 'province'
        ? msg(`Mã tỉnh ${code} phải có 2 chữ số`, `province code ${code} must have 2 digits`)
        : msg(`Mã huyện ${code} phải có 3 chữ số`, `district code ${code} must have 3 digits`),
    );
  }
}

/**
 * Sets which office this database serves. Changing it once bundles have been sent would break
 * the receiver's chain, so that is refused.
 */
export function setOffice(db: Database.Database, role: OfficeRole, office: string): Identity {
  checkOfficeCode(role, office);
  const current = ensureIdentity(db);
  if (current.role === role && current.office === office) return current;
  const sent = (db.prepare('SELECT count(*) AS n FROM sync_sent').get() as { n: number }).n;
  if (current.office !== null && sent > 0) {
    throw new EngineError(
      'conflict',
      msg(
        'Cơ sở dữ liệu này đã gửi gói với tư cách {role} {office}; không đổi được',
        'this database already sent bundles as {role} {office}; it cannot change office',
        { role: String(current.role), office: current.office },
      ),
    );
  }
  db.prepare('UPDATE sync_identity SET role = ?, office_code = ? WHERE id = 1').run(role, office);
  return ensureIdentity(db);
}

/** The identity, or a clear error if `init --district/--province` was never run. */
export function requireOffice(db: Database.Database): Identity & { role: OfficeRole; office: string } {
  const id = ensureIdentity(db);
  if (id.role === null || id.office === null) {
    throw new EngineError(
      'bad-request',
      msg(
        'Chưa đặt đơn vị của cơ sở dữ liệu này: chạy `saban init --district MÃ` hoặc `--province MÃ`',
        'this database serves no office yet: run `saban init --district CODE` or `--province CODE`',
      ),
    );
  }
  return { ...id, role: id.role, office: id.office };
}

/** The public-key file of this office. */
export function keyFileOf(db: Database.Database, nodeId: string): KeyFile {
  const id = requireOffice(db);
  return {
    format: KEY_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    role: id.role,
    office: id.office,
    nodeId,
    publicKey: id.publicKey,
    fingerprint: id.fingerprint,
  };
}

/** Parses a key file's text, checking that its fingerprint matches its key. */
export function parseKeyFile(text: string, fileName: string): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new EngineError('bad-file', msg(`${fileName}: không phải tệp khóa JSON`, `${fileName}: not a JSON key file`));
  }
  const parsed = keyFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EngineError(
      'bad-file',
      msg(
        `${fileName}: tệp khóa không hợp lệ`,
        `${fileName}: invalid key file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      ),
    );
  }
  if (fingerprintOf(parsed.data.publicKey) !== parsed.data.fingerprint) {
    throw new EngineError(
      'bad-file',
      msg(`${fileName}: dấu vân tay không khớp khóa`, `${fileName}: fingerprint does not match the key`),
    );
  }
  publicKeyObject(parsed.data.publicKey);
  return parsed.data;
}

/** The trusted key of an office, if any. */
export function getPeer(db: Database.Database, office: string): Peer | undefined {
  const r = db.prepare('SELECT * FROM sync_peers WHERE office_code = ?').get(office) as
    | {
        office_code: string;
        role: OfficeRole;
        node_id: string | null;
        public_key: string;
        fingerprint: string;
        trusted_at: string;
        trusted_how: string;
      }
    | undefined;
  return r
    ? {
        office: r.office_code,
        role: r.role,
        nodeId: r.node_id,
        publicKey: r.public_key,
        fingerprint: r.fingerprint,
        trustedAt: r.trusted_at,
        trustedHow: r.trusted_how,
      }
    : undefined;
}

/**
 * Registers (or replaces, when `replace`) the key of an office. Which roles may be trusted
 * depends on ours: a province trusts districts of its own province, a district trusts its province.
 */
export function trustKey(
  db: Database.Database,
  key: Pick<KeyFile, 'role' | 'office' | 'nodeId' | 'publicKey' | 'fingerprint'>,
  how: string,
  at: string,
  replace = false,
): Peer {
  const me = requireOffice(db);
  const parentOf = (code: string): string | null | undefined =>
    (db.prepare('SELECT parent_code FROM units WHERE code = ?').get(code) as { parent_code: string | null } | undefined)
      ?.parent_code;
  if (me.role === 'province') {
    if (key.role !== 'district') {
      throw new EngineError(
        'bad-request',
        msg('Tỉnh chỉ đăng ký khóa của huyện', 'a province registers district keys only'),
      );
    }
    const parent = parentOf(key.office);
    if (parent !== undefined && parent !== me.office) {
      throw new EngineError(
        'bad-request',
        msg(
          `Huyện ${key.office} không thuộc tỉnh ${me.office}`,
          `district ${key.office} is not in province ${me.office}`,
        ),
      );
    }
  } else {
    const parent = parentOf(me.office);
    if (key.role !== 'province' || (parent !== undefined && parent !== null && parent !== key.office)) {
      throw new EngineError(
        'bad-request',
        msg(
          `Huyện chỉ đăng ký khóa của tỉnh mình (${parent ?? '?'})`,
          `a district registers its own province's key only (${parent ?? '?'})`,
        ),
      );
    }
  }
  if (key.fingerprint === me.fingerprint) {
    throw new EngineError('bad-request', msg('Đây là khóa của chính đơn vị này', 'this is our own key'));
  }
  const existing = getPeer(db, key.office);
  if (existing && existing.fingerprint !== key.fingerprint && !replace) {
    throw new EngineError(
      'conflict',
      msg(
        '{office}: đã có khóa khác ({fp}); dùng --replace nếu huyện đã đổi máy',
        '{office} already has a different key ({fp}); use --replace if the office changed its key',
        { office: key.office, fp: formatFingerprint(existing.fingerprint) },
      ),
    );
  }
  db.prepare(
    `INSERT INTO sync_peers (office_code, role, node_id, public_key, fingerprint, trusted_at, trusted_how)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(office_code) DO UPDATE SET role = excluded.role, node_id = excluded.node_id,
       public_key = excluded.public_key, fingerprint = excluded.fingerprint, trusted_at = excluded.trusted_at,
       trusted_how = excluded.trusted_how`,
  ).run(key.office, key.role, key.nodeId, key.publicKey, key.fingerprint, at, how);
  return getPeer(db, key.office)!;
}
