import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  BUNDLE_MAGIC,
  bundleHeaderSchema,
  HEADER_BYTES,
  MAX_FRAME_BYTES,
  MAX_FRAME_INFLATED,
} from '../../../shared/bundle-format';
import { EngineError, type LocalText, msg } from '../../../shared/result';

/** Uncompressed bytes gathered before a frame is compressed and written. */
const FRAME_TARGET = 1024 * 1024;

/** Why a bundle file was refused: a stable code (logged, shown) and the message in both languages. */
export class BundleRefusal extends EngineError {
  constructor(
    readonly reason: string,
    message: LocalText,
    code: 'bad-file' | 'unauthorized' | 'conflict' | 'bad-request' = 'bad-file',
  ) {
    super(code, message, [`reason: ${reason}`]);
  }
}

/**
 * Streams a bundle to disk: a temp file in the target folder starting with a blank header block,
 * then the payload frames (`uint32 BE length` + one gzip member of NDJSON lines), hashed as they
 * are written. {@link finish} writes the signed header into the block, fsyncs and renames, so a
 * reader never sees half a bundle and memory stays at one frame whatever the size.
 */
export class BundleFileWriter {
  private readonly tmp: string;
  private fd: number;
  private readonly hash = crypto.createHash('sha256');
  /** The frame being gathered, written into directly (no per-line strings kept). */
  private buf: Buffer = Buffer.allocUnsafe(FRAME_TARGET * 2);
  private used = 0;
  private position = HEADER_BYTES;
  /** Background mode: the frame compressing in the thread pool, and the buffer it reads. */
  private job: Promise<Buffer> | null = null;
  private jobBuf: Buffer | null = null;
  bytes = 0;
  frames = 0;

  /**
   * @param background compress frames in libuv's thread pool (see {@link flushInBackground})
   *   while the caller goes on reading the next ones: export then uses both cores.
   */
  constructor(
    readonly file: string,
    private readonly background = false,
  ) {
    const dir = path.dirname(path.resolve(file));
    fs.mkdirSync(dir, { recursive: true });
    this.tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    this.fd = fs.openSync(this.tmp, 'w');
    fs.writeSync(this.fd, Buffer.alloc(HEADER_BYTES, 0x20), 0, HEADER_BYTES, 0);
  }

  /**
   * Adds one NDJSON line (without its newline). In the default mode a full frame is compressed
   * and written at once; in background mode the caller checks {@link frameFull} and awaits
   * {@link flushInBackground}, and a long line grows the buffer instead.
   */
  add(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; make room for the worst case and the newline.
    const worst = line.length * 3 + 1;
    if (this.used + worst > this.buf.length) {
      if (this.background) {
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + worst));
        this.buf.copy(bigger, 0, 0, this.used);
        this.buf = bigger;
      } else {
        this.flush();
        if (worst > this.buf.length) this.buf = Buffer.allocUnsafe(worst);
      }
    }
    this.used += this.buf.write(line, this.used, 'utf8');
    this.buf[this.used++] = 0x0a;
    if (!this.background && this.used >= FRAME_TARGET) this.flush();
  }

  /** Whether the frame has reached its target size (background mode: time to flush). */
  get frameFull(): boolean {
    return this.used >= FRAME_TARGET;
  }

  /**
   * Writes out the frame compressed in the background before (frames stay in order), then starts
   * compressing the current one in the thread pool and gathers the next into the other buffer.
   * At most one frame compresses at a time: memory stays at two frames.
   */
  async flushInBackground(): Promise<void> {
    await this.settle();
    if (this.used === 0) return;
    const input = this.buf.subarray(0, this.used);
    const job = new Promise<Buffer>((resolve, reject) => {
      // One output chunk for the whole frame (deflate never grows data by more than a few bytes
      // per 16 KB): with the default 16 KB chunks the job would stop after each one until this
      // thread, busy reading the next frame, came back to the event loop.
      zlib.gzip(input, { level: 1, chunkSize: input.length + 64 * 1024 }, (err, gz) =>
        err ? reject(err) : resolve(gz),
      );
    });
    // Awaited in settle(); a failure after abort() must not surface as an unhandled rejection.
    job.catch(() => undefined);
    const spare = this.jobBuf;
    this.job = job;
    this.jobBuf = this.buf;
    this.buf = spare ?? Buffer.allocUnsafe(FRAME_TARGET * 2);
    this.used = 0;
  }

  /** Waits for the background frame, if any, and writes it. */
  private async settle(): Promise<void> {
    if (!this.job) return;
    const gz = await this.job;
    this.job = null;
    this.writeFrame(gz);
  }

  private flush(): void {
    if (this.used === 0) return;
    const gz = zlib.gzipSync(this.buf.subarray(0, this.used), { level: 1 });
    this.used = 0;
    this.writeFrame(gz);
  }

  private writeFrame(gz: Buffer): void {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(gz.length, 0);
    for (const b of [len, gz]) {
      this.hash.update(b);
      fs.writeSync(this.fd, b, 0, b.length, this.position);
      this.position += b.length;
      this.bytes += b.length;
    }
    this.frames += 1;
  }

  /** Ends the payload and returns its SHA-256 (hex); call {@link finish} with the header next. */
  endPayload(): string {
    if (this.job) throw new Error('a frame is compressing in the background: use endPayloadAsync');
    this.flush();
    return this.hash.digest('hex');
  }

  /** {@link endPayload} for background mode: flushes the last frames in order. */
  async endPayloadAsync(): Promise<string> {
    await this.flushInBackground();
    await this.settle();
    return this.hash.digest('hex');
  }

  /** Writes the header line, fsyncs, and renames the temp file into place. */
  finish(header: { manifest: unknown; signature: string }): void {
    const text = BUNDLE_MAGIC + JSON.stringify(header) + '\n';
    const buf = Buffer.from(text, 'utf8');
    if (buf.length > HEADER_BYTES) throw new Error(`bundle header too large: ${buf.length} bytes`);
    fs.writeSync(this.fd, buf, 0, buf.length, 0);
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
    fs.renameSync(this.tmp, this.file);
  }

  /** Drops the temp file (on failure). */
  abort(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    fs.rmSync(this.tmp, { force: true });
  }
}

/** An opened bundle file: its raw header (not yet trusted) and where the payload lies. */
export interface OpenedBundle {
  readonly file: string;
  readonly fd: number;
  readonly size: number;
  readonly header: { manifest: unknown; signature: string };
}

/** Opens a bundle and parses its header block; refuses anything that is not a bundle. */
export function openBundle(file: string): OpenedBundle {
  const name = path.basename(file);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    throw new BundleRefusal('no-file', msg(`${name}: không mở được tệp`, `${name}: cannot open the file`));
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, HEADER_BYTES));
    fs.readSync(fd, head, 0, head.length, 0);
    if (!head.subarray(0, BUNDLE_MAGIC.length).equals(Buffer.from(BUNDLE_MAGIC))) {
      throw new BundleRefusal(
        'not-a-bundle',
        msg(`${name}: không phải gói đồng bộ Sa Bàn`, `${name}: not a Sa Bàn sync bundle`),
      );
    }
    if (size < HEADER_BYTES) {
      throw new BundleRefusal(
        'truncated',
        msg(
          `${name}: tệp bị cắt cụt (${size} byte, phần đầu cần ${HEADER_BYTES})`,
          `${name}: file truncated (${size} bytes, the header alone is ${HEADER_BYTES})`,
        ),
      );
    }
    const end = head.indexOf(0x0a, BUNDLE_MAGIC.length);
    const rest = end < 0 ? null : head.subarray(end + 1);
    if (end < 0 || !rest!.every((b) => b === 0x20)) {
      throw new BundleRefusal('bad-header', msg(`${name}: phần đầu gói hỏng`, `${name}: damaged bundle header`));
    }
    let raw: unknown;
    try {
      raw = JSON.parse(head.subarray(BUNDLE_MAGIC.length, end).toString('utf8'));
    } catch {
      throw new BundleRefusal('bad-header', msg(`${name}: phần đầu gói hỏng`, `${name}: damaged bundle header`));
    }
    const parsed = bundleHeaderSchema.safeParse(raw);
    if (!parsed.success || typeof parsed.data.manifest !== 'object' || parsed.data.manifest === null) {
      throw new BundleRefusal('bad-header', msg(`${name}: phần đầu gói hỏng`, `${name}: damaged bundle header`));
    }
    return { file, fd, size, header: { manifest: parsed.data.manifest, signature: parsed.data.signature } };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/**
 * Reads the payload frame by frame (synchronously, one frame in memory): `onFrame` gets each
 * frame's compressed bytes. Returns the SHA-256 of the payload and the frame count; throws a
 * refusal on a frame that runs past the end or is larger than the format allows.
 */
export function readFrames(
  b: OpenedBundle,
  onFrame?: (gz: Buffer, index: number) => void,
): { sha256: string; frames: number } {
  const name = path.basename(b.file);
  const hash = crypto.createHash('sha256');
  const len = Buffer.alloc(4);
  let pos = HEADER_BYTES;
  let frames = 0;
  while (pos < b.size) {
    if (b.size - pos < 4 || fs.readSync(b.fd, len, 0, 4, pos) !== 4) {
      throw new BundleRefusal(
        'truncated',
        msg(`${name}: tệp bị cắt cụt ở khung ${frames + 1}`, `${name}: file truncated in frame ${frames + 1}`),
      );
    }
    const n = len.readUInt32BE(0);
    if (n === 0 || n > MAX_FRAME_BYTES) {
      throw new BundleRefusal(
        'bad-payload',
        msg(`${name}: khung ${frames + 1} hỏng`, `${name}: frame ${frames + 1} is damaged`),
      );
    }
    if (pos + 4 + n > b.size) {
      throw new BundleRefusal(
        'truncated',
        msg(`${name}: tệp bị cắt cụt ở khung ${frames + 1}`, `${name}: file truncated in frame ${frames + 1}`),
      );
    }
    const gz = Buffer.allocUnsafe(n);
    fs.readSync(b.fd, gz, 0, n, pos + 4);
    hash.update(len);
    hash.update(gz);
    onFrame?.(gz, frames);
    frames += 1;
    pos += 4 + n;
  }
  return { sha256: hash.digest('hex'), frames };
}

/** Inflates one frame, bounded in size, into its lines (the last, empty one dropped). */
export function inflateFrame(gz: Buffer, name: string, index: number): string[] {
  let text: string;
  try {
    text = zlib.gunzipSync(gz, { maxOutputLength: MAX_FRAME_INFLATED }).toString('utf8');
  } catch {
    throw new BundleRefusal(
      'bad-payload',
      msg(`${name}: khung ${index + 1} không giải nén được`, `${name}: frame ${index + 1} cannot be decompressed`),
    );
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] !== '') {
    throw new BundleRefusal(
      'bad-payload',
      msg(`${name}: khung ${index + 1} không kết thúc đúng`, `${name}: frame ${index + 1} is not terminated`),
    );
  }
  lines.pop();
  return lines;
}

/** Closes an opened bundle. */
export function closeBundle(b: OpenedBundle): void {
  try {
    fs.closeSync(b.fd);
  } catch {
    // already closed
  }
}
