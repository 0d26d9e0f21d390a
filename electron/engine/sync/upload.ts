/**
 * The province's inbox for bundles uploaded in resumable chunks (`sync.uploadStatus`,
 * `sync.uploadChunk`). Only a district whose key the province registered may upload: every
 * request is signed with that key (office, upload name and size, offset, the chunk's hash, time)
 * and checked — with a replay window — before a byte is written. Quotas bound the parts per office
 * and the whole inbox; parts left unfinished for a day are removed. A whole bundle is imported
 * (its own signature is checked again) and answered with a signed acknowledgement.
 * Threat model: docs/security.md ("The province upload door").
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readSetting } from '../settings/settings';
import { uploadClaim, UPLOAD_WINDOW_MS } from '../../../shared/bundle-format';
import { MAX_UPLOAD_CHUNK } from '../../../shared/contract-sync';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import { buildAck, type SignedAck } from './ack';
import { syncDir } from './backup';
import type { ImportOutcome } from './import';
import { getPeer, requireOffice, verifyCanonical } from './keys';
import { importFor } from './service';

/** An upload: the bundle's name (`<district>-<seq>-<hash16>`), whole size, and the request's signature. */
export interface UploadTarget {
  readonly name: string;
  readonly size: number;
  readonly auth: { readonly office: string; readonly at: string; readonly nonce: string; readonly signature: string };
}

/** Quota settings (province-owned) and their defaults. */
export const UPLOAD_QUOTAS = {
  /** Unfinished uploads one district may have at once. */
  syncInboxPartsPerOffice: 4,
  /** Declared bytes of one district's unfinished uploads together. */
  syncInboxBytesPerOffice: 2 * 1024 * 1024 * 1024,
  /** Unfinished uploads in the whole inbox. */
  syncInboxParts: 64,
  /** Declared bytes of every unfinished upload together. */
  syncInboxBytes: 8 * 1024 * 1024 * 1024,
} as const;

/** Unfinished parts older than this are removed. */
export const PART_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** A quota: a positive number (anything else falls back to the default). */
const positive = z.coerce.number().finite().positive();

const PART_RE = /^([0-9]{3})-[0-9]{1,9}-[0-9a-f]{16}-([0-9]+)\.part$/;

function quota(engine: EngineContext, key: keyof typeof UPLOAD_QUOTAS): number {
  return readSetting(engine.db, key, positive, UPLOAD_QUOTAS[key]);
}

/** Signatures seen within the window, per engine: a request is accepted once. */
const seen = new WeakMap<EngineContext, Map<string, number>>();

function inboxOf(engine: EngineContext): string {
  return syncDir(engine.dbPath, 'inbox');
}

function partOf(engine: EngineContext, t: UploadTarget): string {
  return path.join(inboxOf(engine), `${t.name}-${t.size}.part`);
}

function held(part: string): number {
  return fs.existsSync(part) ? fs.statSync(part).size : 0;
}

/** The unfinished parts in the inbox (removing those left for more than a day). */
function parts(engine: EngineContext, now: number): { office: string; size: number }[] {
  const dir = inboxOf(engine);
  if (!fs.existsSync(dir)) return [];
  const out: { office: string; size: number }[] = [];
  for (const f of fs.readdirSync(dir)) {
    const m = PART_RE.exec(f);
    if (!m) continue;
    const file = path.join(dir, f);
    if (now - fs.statSync(file).mtimeMs > PART_MAX_AGE_MS) {
      fs.rmSync(file, { force: true });
      continue;
    }
    out.push({ office: m[1]!, size: Number(m[2]) });
  }
  return out;
}

/**
 * Checks who sends a request, before anything is written: this database serves a province, the
 * office is the upload's district and its key is registered here, the signature over the request
 * is that key's, the time is within the window, and the signature was not seen before.
 */
function authorise(engine: EngineContext, t: UploadTarget, offset: number, chunkSha256: string, now: number): void {
  if (requireOffice(engine.db).role !== 'province') {
    throw new EngineError('forbidden', msg('Chỉ tỉnh nhận gói tải lên', 'Only a province receives uploads'));
  }
  const office = t.name.slice(0, 3);
  const peer = t.auth.office === office ? getPeer(engine.db, office) : undefined;
  if (!peer || peer.role !== 'district') {
    throw new EngineError(
      'unauthorized',
      msg(
        'Tỉnh chưa đăng ký khóa của huyện {office}; hãy trao đổi tệp khóa (saban key, saban trust) trước khi gửi',
        'The province has not registered the key of district {office}; exchange key files (saban key, saban trust) before sending',
        { office: t.auth.office.slice(0, 10) },
      ),
    );
  }
  const at = Date.parse(t.auth.at);
  if (!Number.isFinite(at) || Math.abs(now - at) > UPLOAD_WINDOW_MS) {
    throw new EngineError(
      'unauthorized',
      msg(
        'Giờ của yêu cầu ({at}) lệch quá 5 phút so với giờ của tỉnh; hãy chỉnh giờ máy huyện',
        "The request's time ({at}) is more than 5 minutes from the province's; fix the district computer's clock",
        { at: t.auth.at.slice(0, 40) },
      ),
    );
  }
  const claim = uploadClaim({
    office,
    name: t.name,
    size: t.size,
    offset,
    chunkSha256,
    at: t.auth.at,
    nonce: t.auth.nonce,
  });
  if (!verifyCanonical(peer.publicKey, claim, t.auth.signature)) {
    throw new EngineError(
      'unauthorized',
      msg('Chữ ký của yêu cầu tải lên không hợp lệ', 'The upload request’s signature is invalid'),
    );
  }
  let recent = seen.get(engine);
  if (!recent) seen.set(engine, (recent = new Map<string, number>()));
  for (const [sig, until] of recent) if (until < now) recent.delete(sig);
  if (recent.has(t.auth.signature)) {
    throw new EngineError('unauthorized', msg('Yêu cầu này đã được gửi trước đó', 'This request was already sent'));
  }
  recent.set(t.auth.signature, at + UPLOAD_WINDOW_MS);
}

/** How many bytes of an upload the province holds. */
export function uploadStatus(
  engine: EngineContext,
  t: UploadTarget,
  now: () => number,
): { received: number; size: number } {
  authorise(engine, t, -1, '', now());
  return { received: held(partOf(engine, t)), size: t.size };
}

/** What a chunk did: bytes held, and for the last one the import's outcome and the acknowledgement. */
export interface ChunkResult {
  /** False when `offset` is not what the province holds (nothing written; resume at `received`). */
  readonly accepted: boolean;
  readonly received: number;
  readonly size: number;
  readonly outcome: ImportOutcome | null;
  readonly ack: SignedAck | null;
}

/** Refuses a new upload that would go over a quota (settings). */
function checkQuotas(engine: EngineContext, t: UploadTarget, now: number): void {
  const all = parts(engine, now);
  const office = t.name.slice(0, 3);
  const mine = all.filter((p) => p.office === office);
  const sum = (ps: { size: number }[]): number => ps.reduce((s, p) => s + p.size, 0);
  const over =
    mine.length + 1 > quota(engine, 'syncInboxPartsPerOffice') ||
    sum(mine) + t.size > quota(engine, 'syncInboxBytesPerOffice') ||
    all.length + 1 > quota(engine, 'syncInboxParts') ||
    sum(all) + t.size > quota(engine, 'syncInboxBytes');
  if (over) {
    throw new EngineError(
      'too-large',
      msg(
        'Hộp thư của tỉnh đã đầy cho huyện {office} (số gói hoặc dung lượng đang chờ vượt hạn mức); hãy thử lại sau',
        'The province inbox is full for district {office} (unfinished uploads over the quota); try again later',
        { office },
      ),
    );
  }
}

/**
 * Appends the chunk at `offset` (which must be what the province holds: else nothing is written
 * and the answer says how much it holds); the
 * last chunk imports the bundle. A refused bundle throws its refusal; its file is removed either way.
 */
export function uploadChunk(
  engine: EngineContext,
  t: UploadTarget & { readonly offset: number; readonly data: Buffer },
  now: () => number,
): ChunkResult {
  const sha = crypto.createHash('sha256').update(t.data).digest('hex');
  authorise(engine, t, t.offset, sha, now());
  const part = partOf(engine, t);
  const have = held(part);
  if (t.offset !== have) return { accepted: false, received: have, size: t.size, outcome: null, ack: null };
  if (t.data.length === 0 || t.data.length > MAX_UPLOAD_CHUNK || t.offset + t.data.length > t.size) {
    throw new EngineError(
      'too-large',
      msg('Phần tải lên có cỡ sai ({n} byte)', 'Chunk of the wrong size ({n} bytes)', { n: t.data.length }),
    );
  }
  if (have === 0) checkQuotas(engine, t, now());
  fs.mkdirSync(path.dirname(part), { recursive: true });
  fs.appendFileSync(part, t.data);
  const received = held(part);
  if (received < t.size) return { accepted: true, received, size: t.size, outcome: null, ack: null };
  const file = path.join(path.dirname(part), `${t.name}.sabanbundle`);
  fs.renameSync(part, file);
  try {
    const outcome = importFor(engine, file, {}, now);
    return {
      accepted: true,
      received,
      size: t.size,
      outcome,
      ack: buildAck(engine.db, t.name.slice(0, 3), engine.nodeId, now()),
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
