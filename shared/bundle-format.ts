/**
 * The sync bundle format (spec: docs/sync-format.md): the signed manifest, the change lines, the
 * acknowledgement and the public-key file, with canonical JSON for signing. Pure TypeScript: the
 * engine does the hashing, signing and file I/O.
 */
import { z } from 'zod';
import { type LocalText, msg } from './result';

/** The `format` field of a bundle manifest. */
export const BUNDLE_FORMAT = 'saban-bundle';
/** The bundle format version this build writes and reads. A higher one is refused. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The `format` field of an acknowledgement. */
export const ACK_FORMAT = 'saban-ack';
/** The `format` field of a public-key file. */
export const KEY_FORMAT = 'saban-key';
/** File name extensions. */
export const BUNDLE_EXT = '.sabanbundle';
/** See {@link BUNDLE_EXT}. */
export const ACK_EXT = '.sabanack';
/** See {@link BUNDLE_EXT}. */
export const KEY_EXT = '.sabankey';

/** The first line of every bundle file (the magic), newline included. */
export const BUNDLE_MAGIC = 'SABAN-BUNDLE 1\n';
/**
 * Size of the header block: the magic line, the header JSON line, then spaces up to this size.
 * Fixed, so the exporter can stream the payload first and write the signed header last.
 */
export const HEADER_BYTES = 16384;
/** Largest compressed frame accepted (bytes). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Largest decompressed frame accepted (bytes): bounds memory against a compression bomb. */
export const MAX_FRAME_INFLATED = 64 * 1024 * 1024;
/** The payload encoding this version writes. */
export const PAYLOAD_ENCODING = 'frames/gzip/ndjson';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits');
const officeCode = z.string().regex(/^[0-9]{2,3}$/, 'a 2-digit province or 3-digit district code');
const nodeId = z.string().regex(/^[0-9a-f]{16}$/, '16 hex digits');

/** Who an office is: a district command centre or the province. */
export const officeRoleSchema = z.enum(['district', 'province']);
/** See {@link officeRoleSchema}. */
export type OfficeRole = z.infer<typeof officeRoleSchema>;

/** The signed part of a bundle: everything needed to trust and place it before reading the payload. */
export const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    /** `incremental`: changes after the previous bundle; `full`: every change, supersedes gaps. */
    kind: z.enum(['incremental', 'full']),
    /** The sender's role and office code (district `958`, province `95`). */
    origin: officeRoleSchema,
    office: officeCode,
    nodeId,
    /** The signing key (raw Ed25519, base64), so a first bundle can be checked and its sender confirmed. */
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    /** Fingerprint of the signing key: the first 16 bytes of SHA-256 of the raw key, hex. */
    keyFingerprint: z.string().regex(/^[0-9a-f]{32}$/),
    schemaVersion: z.number().int().min(1),
    appVersion: z.string().max(40),
    /** 1, 2, 3… per sender; a gap means a bundle is missing. */
    seq: z.number().int().min(1),
    /** Hash of the previous bundle's manifest (null for the first). */
    prevHash: hex64.nullable(),
    /** Sender's change-log range: seq > sinceSeq and ≤ untilSeq. */
    sinceSeq: z.number().int().min(0),
    untilSeq: z.number().int().min(0),
    hlcMin: z.string().max(64).nullable(),
    hlcMax: z.string().max(64).nullable(),
    /** Changes per entity; `total` is their sum. */
    counts: z.record(z.string().max(64), z.number().int().min(0)),
    total: z.number().int().min(0),
    payload: z.object({
      encoding: z.literal(PAYLOAD_ENCODING),
      bytes: z.number().int().min(0),
      frames: z.number().int().min(0),
      sha256: hex64,
    }),
    createdAt: z.string().max(40),
  })
  .strict();
/** See {@link manifestSchema}. */
export type Manifest = z.infer<typeof manifestSchema>;

/** The header line of a bundle file: the manifest and the Ed25519 signature over its canonical JSON. */
export const bundleHeaderSchema = z.object({ manifest: z.unknown(), signature: z.string().max(200) }).strict();

/** One change line of the payload: `[hlc, entity, entityId, changedColumns]`. */
export const changeLineSchema = z.tuple([
  z.string().min(1).max(64),
  z.string().min(1).max(64),
  z.string().min(1).max(200),
  z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
]);
/** See {@link changeLineSchema}. */
export type ChangeLine = z.infer<typeof changeLineSchema>;

/** What the province did with one bundle of a district. */
export const ackEntrySchema = z.object({
  seq: z.number().int().min(1),
  hash: hex64,
  status: z.enum(['applied', 'held', 'superseded']),
});

/** The signed part of an acknowledgement. */
export const ackBodySchema = z
  .object({
    format: z.literal(ACK_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    /** The acknowledging office (the province) and its node. */
    office: officeCode,
    nodeId,
    keyFingerprint: z.string().regex(/^[0-9a-f]{32}$/),
    /** The district acknowledged. */
    district: officeCode,
    /** Every bundle of it applied in order up to this seq (0: none yet), and that bundle's hash. */
    appliedThrough: z.number().int().min(0),
    appliedHash: hex64.nullable(),
    /** The sender's change-log watermark that `appliedThrough` covers. */
    untilSeq: z.number().int().min(0),
    bundles: z.array(ackEntrySchema).max(10000),
    /** Bundle numbers the province is waiting for. */
    missing: z.array(z.number().int().min(1)).max(10000),
    createdAt: z.string().max(40),
  })
  .strict();
/** See {@link ackBodySchema}. */
export type AckBody = z.infer<typeof ackBodySchema>;

/** An acknowledgement file: body and signature. */
export const ackFileSchema = z.object({ ack: z.unknown(), signature: z.string().max(200) }).strict();

/** A public-key file, exported by `saban key --export` and registered by `saban trust`. */
export const keyFileSchema = z
  .object({
    format: z.literal(KEY_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    role: officeRoleSchema,
    office: officeCode,
    nodeId,
    /** Raw 32-byte Ed25519 public key, base64. */
    publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
  })
  .strict();
/** See {@link keyFileSchema}. */
export type KeyFile = z.infer<typeof keyFileSchema>;

/**
 * Canonical JSON: object keys sorted, no whitespace. Signatures and hashes are computed over this
 * form so that re-serialising a manifest never breaks its signature.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Bundle file name: `<office>-<seq>.sabanbundle` (e.g. `958-17.sabanbundle`). */
export function bundleFileName(office: string, seq: number): string {
  return `${office}-${seq}${BUNDLE_EXT}`;
}

/** Acknowledgement file name: `ack-<province>-<district>-<seq>.sabanack`. */
export function ackFileName(province: string, district: string, through: number): string {
  return `ack-${province}-${district}-${through}${ACK_EXT}`;
}

/** A fingerprint shown to people: 32 hex digits in groups of four. */
export function formatFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(' ').toUpperCase();
}

/** "thiếu gói số 17 của huyện 958" / "bundle 17 of district 958 missing" (several numbers joined). */
export function missingMessage(office: string, seqs: readonly number[]): LocalText {
  const province = office.length === 2;
  return msg(
    `thiếu gói số {list} của ${province ? 'tỉnh' : 'huyện'} {office}`,
    `bundle${seqs.length > 1 ? 's' : ''} {list} of ${province ? 'province' : 'district'} {office} missing`,
    { list: seqs.join(', '), office },
  );
}

/** The numbers between `after` and `before` (exclusive), for gap reports. Capped for sanity. */
export function gapBetween(after: number, before: number): number[] {
  const out: number[] = [];
  for (let n = after + 1; n < before && out.length < 1000; n++) out.push(n);
  return out;
}

/** Headers of a signed upload request (district → province). */
export const UPLOAD_HEADERS = {
  office: 'x-saban-office',
  time: 'x-saban-time',
  nonce: 'x-saban-nonce',
  signature: 'x-saban-signature',
} as const;

/** How far an upload request's time may be from the province's clock (also the replay window). */
export const UPLOAD_WINDOW_MS = 5 * 60 * 1000;

/**
 * What a district signs (Ed25519, canonical JSON) for each upload request: its office, the
 * upload's name (`<district>-<seq>-<hash16>`) and size, the chunk's offset and SHA-256 (-1 and
 * '' for a status request), the time and a random nonce (two requests never sign alike). The
 * province checks it before it writes a byte.
 */
export function uploadClaim(fields: {
  office: string;
  name: string;
  size: number;
  offset: number;
  chunkSha256: string;
  at: string;
  nonce: string;
}): Record<string, string | number> {
  return { purpose: 'saban-upload', ...fields };
}
