/**
 * Bundle files taken apart and put back together byte by byte, for the bundle fuzz suite: the
 * header text, the manifest and signature, the payload's frames and their lines; and a writer
 * that signs any manifest over any frames with the sender's real key (a valid signature over
 * changed content).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { BUNDLE_MAGIC, canonicalJson, HEADER_BYTES, type Manifest } from '../../shared/bundle-format';
import { ensureIdentity, signCanonical } from '../../electron/engine/sync/keys';
import type { Office } from './sync';

/** A bundle file in pieces. */
export interface BundleParts {
  readonly bytes: Buffer;
  /** The header JSON line (without magic and newline). */
  readonly headerText: string;
  readonly manifest: Manifest;
  readonly signature: string;
  /** Compressed frames, in order. */
  readonly frames: readonly Buffer[];
  /** The change lines of every frame, in order. */
  readonly lines: readonly string[];
}

/** Reads a valid bundle into its pieces. */
export function readParts(file: string): BundleParts {
  const bytes = fs.readFileSync(file);
  const end = bytes.indexOf(0x0a, BUNDLE_MAGIC.length);
  const headerText = bytes.subarray(BUNDLE_MAGIC.length, end).toString('utf8');
  const header = JSON.parse(headerText) as { manifest: Manifest; signature: string };
  const frames: Buffer[] = [];
  for (let pos = HEADER_BYTES; pos < bytes.length;) {
    const n = bytes.readUInt32BE(pos);
    frames.push(bytes.subarray(pos + 4, pos + 4 + n));
    pos += 4 + n;
  }
  const lines = frames.flatMap((f) => zlib.gunzipSync(f).toString('utf8').split('\n').slice(0, -1));
  return { bytes, headerText, manifest: header.manifest, signature: header.signature, frames, lines };
}

/** The payload bytes of some frames: each `uint32 BE length` then the frame. */
export function payloadOf(frames: readonly Buffer[]): Buffer {
  return Buffer.concat(
    frames.flatMap((f) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(f.length, 0);
      return [len, f];
    }),
  );
}

/** Frames holding `lines`, `perFrame` lines each (gzip level 1, as the exporter writes). */
export function framesOf(lines: readonly string[], perFrame = Number.MAX_SAFE_INTEGER): Buffer[] {
  if (lines.length === 0) return [zlib.gzipSync('', { level: 1 })];
  const out: Buffer[] = [];
  for (let i = 0; i < lines.length; i += perFrame) {
    out.push(
      zlib.gzipSync(
        lines
          .slice(i, i + perFrame)
          .map((l) => `${l}\n`)
          .join(''),
        { level: 1 },
      ),
    );
  }
  return out;
}

/**
 * Writes a bundle file from header text and payload: the magic, the header line, spaces up to
 * the header block (none when the header is longer than the block), then the payload.
 */
export function writeRaw(file: string, headerText: string, payload: Buffer): void {
  const head = Buffer.from(`${BUNDLE_MAGIC}${headerText}\n`, 'utf8');
  const pad = Buffer.alloc(Math.max(0, HEADER_BYTES - head.length), 0x20);
  fs.writeFileSync(file, Buffer.concat([head, pad, payload]));
}

/** The fields of the manifest that describe a payload. */
export function describePayload(frames: readonly Buffer[]): Manifest['payload'] {
  const payload = payloadOf(frames);
  return {
    encoding: 'frames/gzip/ndjson',
    bytes: payload.length,
    frames: frames.length,
    sha256: crypto.createHash('sha256').update(payload).digest('hex'),
  };
}

/**
 * Writes a bundle whose manifest (any content, any types) is signed with `signer`'s real key over
 * `frames`: the payload fields describe the frames unless `manifest` says otherwise. A manifest
 * that canonical JSON cannot sign (a non-finite number) gets a signature of zeros.
 */
export function writeSigned(
  signer: Office,
  file: string,
  manifest: Record<string, unknown>,
  frames: readonly Buffer[],
): void {
  let signature: string;
  try {
    canonicalJson(manifest);
    signature = signCanonical(ensureIdentity(signer.engine.db), manifest);
  } catch {
    signature = Buffer.alloc(64).toString('base64');
  }
  writeRaw(file, JSON.stringify({ manifest, signature }), payloadOf(frames));
}
