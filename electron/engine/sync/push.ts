import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UPLOAD_HEADERS, uploadClaim } from '../../../shared/bundle-format';
import { EngineError, joinText, type LocalText, msg, same } from '../../../shared/result';
import type { EngineContext } from '../context';
import { importAck } from './ack';
import { syncDir } from './backup';
import { exportFor } from './service';
import { ensureIdentity, requireOffice, signCanonical } from './keys';

/** Bytes per upload request: a failure costs at most this much to resend. */
export const PUSH_CHUNK = 4 * 1024 * 1024;

/** Options of {@link pushToProvince}. */
export interface PushOptions {
  readonly now?: () => number;
  /** Tries per request before giving up (network errors and 5xx are retried, refusals are not). */
  readonly attempts?: number;
  /** First back-off delay, doubled each try (capped at 30 s). */
  readonly backoffMs?: number;
  readonly chunkBytes?: number;
  readonly onStatus?: (note: LocalText, done: number, total: number) => void;
  /** For tests: replaces fetch. */
  readonly fetch?: typeof fetch;
}

/** What a push did. */
export interface PushResult {
  readonly uploaded: number[];
  readonly appliedThrough: number;
  readonly missing: readonly number[];
  /** Vietnamese (see `text`). */
  readonly message: string;
  readonly text: LocalText;
}

/** The province refused a bundle: not retried. */
class Refused extends EngineError {
  constructor(reason: LocalText) {
    super('bad-request', msg('Tỉnh từ chối: {vi}', 'The province refused: {en}', { vi: reason.vi, en: reason.en }));
  }
}

interface Envelope {
  ok: boolean;
  value?: { received: number; size: number; outcome?: { text?: LocalText; status: string } | null; ack?: unknown };
  error?: { code: string; message: string; text?: LocalText };
}

/**
 * Sends this district's unacknowledged bundles to the province over HTTP (exporting the changes
 * not yet in any bundle first), each in resumable chunks: the province says how many bytes it
 * already holds, so after a dropped connection only the rest is sent. Network errors and server
 * errors are retried with exponential back-off; a refusal stops with the province's reason.
 * The province answers the last chunk with a signed acknowledgement, imported here.
 */
export async function pushToProvince(
  engine: EngineContext,
  url: string,
  options: PushOptions = {},
): Promise<PushResult> {
  const me = requireOffice(engine.db);
  if (me.role !== 'district') {
    throw new EngineError('bad-request', msg('Chỉ huyện gửi lên tỉnh', 'Only a district pushes'));
  }
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 6;
  const backoff = options.backoffMs ?? 1000;
  const chunk = options.chunkBytes ?? PUSH_CHUNK;
  const status = options.onStatus ?? (() => undefined);
  const base = url.replace(/\/+$/, '');

  await exportFor(engine, { outDir: syncDir(engine.dbPath, 'outbox'), yieldBetweenPages: true }, now);
  const pending = engine.db
    .prepare('SELECT seq, hash, file FROM sync_sent WHERE acked_at IS NULL ORDER BY seq')
    .all() as { seq: number; hash: string; file: string }[];

  const identity = ensureIdentity(engine.db);
  /** The signature headers of one request (fresh per try: the province accepts each signature once). */
  const signed = (name: string, size: number, offset: number, body?: Buffer): Record<string, string> => {
    const at = new Date(now()).toISOString();
    const nonce = crypto.randomBytes(16).toString('hex');
    const chunkSha256 = body ? crypto.createHash('sha256').update(body).digest('hex') : '';
    const claim = uploadClaim({ office: me.office, name, size, offset, chunkSha256, at, nonce });
    return {
      [UPLOAD_HEADERS.office]: me.office,
      [UPLOAD_HEADERS.time]: at,
      [UPLOAD_HEADERS.nonce]: nonce,
      [UPLOAD_HEADERS.signature]: signCanonical(identity, claim),
    };
  };

  const request = async (
    method: 'GET' | 'PUT',
    target: string,
    upload: { name: string; size: number; offset: number },
    body?: Buffer,
  ): Promise<Envelope> => {
    let lastError = '';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) {
        const wait = Math.min(30_000, backoff * 2 ** (i - 1)) * (0.75 + Math.random() * 0.5);
        const s = Math.round(wait / 1000);
        status(msg('Thử lại sau {s} giây: {error}', 'retrying in {s} s: {error}', { s, error: lastError }), 0, 0);
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        const headers = signed(upload.name, upload.size, body ? upload.offset : -1, body);
        const res = await doFetch(target, {
          method,
          headers: body ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
          ...(body ? { body } : {}),
        });
        const json = (await res.json().catch(() => null)) as Envelope | null;
        if (res.status >= 500 || json === null) {
          lastError = `HTTP ${res.status}`;
          continue;
        }
        if (!json.ok && res.status !== 409) {
          throw new Refused(json.error?.text ?? same(json.error?.message ?? `HTTP ${res.status}`));
        }
        return json;
      } catch (err) {
        if (err instanceof Refused) throw err;
        lastError = (err as Error).message;
      }
    }
    throw new EngineError(
      'internal',
      msg(
        'Không gửi được lên tỉnh sau {n} lần thử ({error}); lần sau sẽ gửi tiếp từ chỗ dừng',
        'Could not reach the province after {n} tries ({error}); the next push resumes where this one stopped',
        { n: attempts, error: lastError },
      ),
    );
  };

  const uploaded: number[] = [];
  let ack: { appliedThrough: number; missing: readonly number[] } = { appliedThrough: 0, missing: [] };
  let lastOutcome: LocalText | null = null;
  for (const b of pending) {
    if (!fs.existsSync(b.file)) {
      throw new EngineError(
        'not-found',
        msg(
          'Không còn tệp gói số {seq} ({file}); hãy xuất gói đầy đủ: saban export-bundle --full',
          'Bundle {seq} file is gone ({file}); export a full bundle: saban export-bundle --full',
          { seq: b.seq, file: b.file },
        ),
      );
    }
    const size = fs.statSync(b.file).size;
    const name = `${me.office}-${b.seq}-${b.hash.slice(0, 16)}`;
    const target = `${base}/sync/upload/${name}?size=${size}`;
    const upload = { name, size, offset: 0 };
    let received = (await request('GET', target, upload)).value?.received ?? 0;
    const fd = fs.openSync(b.file, 'r');
    try {
      let final: Envelope | null = null;
      while (final === null) {
        const n = Math.min(chunk, size - received);
        const buf = Buffer.alloc(n);
        fs.readSync(fd, buf, 0, n, received);
        status(msg('Đang gửi gói {seq}', 'sending bundle {seq}', { seq: b.seq }), received, size);
        const r = await request('PUT', `${target}&offset=${received}`, { ...upload, offset: received }, buf);
        if (!r.ok || !r.value) {
          // 409: the province holds a different amount (an earlier try got through): resume there.
          received = (await request('GET', target, upload)).value?.received ?? 0;
          continue;
        }
        received = r.value.received;
        if (received >= size) final = r;
      }
      uploaded.push(b.seq);
      lastOutcome = final.value?.outcome?.text ?? null;
      if (final.value?.ack) {
        const a = importAck(engine.db, JSON.stringify(final.value.ack), path.basename(b.file), now());
        ack = { appliedThrough: a.appliedThrough, missing: a.missing };
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  const params = { n: uploaded.length, list: uploaded.join(', '), through: ack.appliedThrough };
  let text =
    uploaded.length === 0
      ? msg('Không có gói nào cần gửi', 'Nothing to send')
      : msg(
          'Đã gửi {n} gói ({list}); tỉnh đã nhận đến gói {through}',
          'Sent {n} bundle(s) ({list}); the province has applied up to {through}',
          params,
        );
  if (lastOutcome) text = joinText([text, lastOutcome], ' — ');
  return { uploaded, appliedThrough: ack.appliedThrough, missing: ack.missing, message: text.vi, text };
}
