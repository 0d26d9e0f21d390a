/**
 * The province's inbox for bundles uploaded in resumable chunks (`sync.uploadStatus`,
 * `sync.uploadChunk`): parts grow in `<db>-sync/inbox/` until whole, then the bundle is imported
 * (its signature authenticates it) and answered with a signed acknowledgement.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_UPLOAD_CHUNK } from '../../../shared/contract-sync';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext } from '../context';
import { buildAck, type SignedAck } from './ack';
import { syncDir } from './backup';
import type { ImportOutcome } from './import';
import { requireOffice } from './keys';
import { importFor } from './service';

/** An upload: the bundle's name (`<district>-<seq>-<hash16>`) and whole size. */
export interface UploadTarget {
  readonly name: string;
  readonly size: number;
}

function requireProvince(engine: EngineContext): void {
  if (requireOffice(engine.db).role !== 'province') {
    throw new EngineError('forbidden', msg('Chỉ tỉnh nhận gói tải lên', 'Only a province receives uploads'));
  }
}

function partOf(engine: EngineContext, t: UploadTarget): string {
  return path.join(syncDir(engine.dbPath, 'inbox'), `${t.name}-${t.size}.part`);
}

function held(part: string): number {
  return fs.existsSync(part) ? fs.statSync(part).size : 0;
}

/** How many bytes of an upload the province holds. */
export function uploadStatus(engine: EngineContext, t: UploadTarget): { received: number; size: number } {
  requireProvince(engine);
  return { received: held(partOf(engine, t)), size: t.size };
}

/** What a chunk did: bytes held, and for the last one the import's outcome and the acknowledgement. */
export interface ChunkResult {
  readonly received: number;
  readonly size: number;
  readonly outcome: ImportOutcome | null;
  readonly ack: SignedAck | null;
}

/**
 * Appends the chunk at `offset` (which must be what the province holds: else `conflict`); the
 * last chunk imports the bundle. A refused bundle throws its refusal; its file is removed either way.
 */
export function uploadChunk(
  engine: EngineContext,
  t: UploadTarget & { readonly offset: number; readonly data: Buffer },
  now: () => number,
): ChunkResult {
  requireProvince(engine);
  const part = partOf(engine, t);
  const have = held(part);
  if (t.offset !== have) {
    throw new EngineError(
      'conflict',
      msg('vị trí {offset}, tỉnh đang có {have} byte', 'offset {offset}, the province holds {have} bytes', {
        offset: t.offset,
        have,
      }),
    );
  }
  if (t.data.length > MAX_UPLOAD_CHUNK || t.offset + t.data.length > t.size) {
    throw new EngineError(
      'too-large',
      msg('Phần tải lên quá lớn ({n} byte)', 'Chunk too large ({n} bytes)', { n: t.data.length }),
    );
  }
  fs.mkdirSync(path.dirname(part), { recursive: true });
  fs.appendFileSync(part, t.data);
  const received = held(part);
  if (received < t.size) return { received, size: t.size, outcome: null, ack: null };
  const file = path.join(path.dirname(part), `${t.name}.sabanbundle`);
  fs.renameSync(part, file);
  try {
    const outcome = importFor(engine, file, {}, now);
    return { received, size: t.size, outcome, ack: buildAck(engine.db, t.name.slice(0, 3), engine.nodeId, now()) };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
