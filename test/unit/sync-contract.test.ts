/**
 * The sync contract through dispatch, as the doors use it: the export job with a folder (command
 * line only), the synchronous file import with progress, refusals and status — every output
 * checked against its schema, and every message in both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncApi } from '../../shared/contract-sync';
import { call, dispatch } from '../../electron/engine/dispatch';
import type { ProgressContext } from '../../electron/engine/sync/handlers';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

async function finished(engine: Parameters<typeof call>[0], jobId: string) {
  await expect.poll(() => call(engine, 'sync.job', { jobId }).state, { timeout: 10_000 }).not.toBe('running');
  return syncApi['sync.job'].output.parse(call(engine, 'sync.job', { jobId }));
}

describe.skipIf(!available)('the sync contract', () => {
  it('exports into a folder, imports by path with progress, and reports in both languages', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const d = o.districts[0]!;
    call(d.engine, 'risk.set', { codes: [communesOf(d)[0]], level: 3, reason: 'x' });
    const out = path.join(o.dir, 'out');
    // A folder is named by the command line only.
    const fromUi = dispatch(d.engine, 'sync.exportStart', { outDir: out }, { door: 'ui' });
    expect(fromUi.ok ? null : fromUi.error.code).toBe('forbidden');
    const { jobId } = call(d.engine, 'sync.exportStart', { outDir: out });
    const job = await finished(d.engine, jobId);
    expect(job.state).toBe('done');
    expect(job.export!.file).toBe(path.join(out, '958-1.sabanbundle'));
    expect(job.export!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(job.noteText.vi).toMatch(/^Đã tạo gói 958-1\.sabanbundle/);
    expect(job.noteText.en).toMatch(/^Bundle 958-1\.sabanbundle written/);
    expect(job.note).toBe(job.noteText.vi);

    const progress: number[] = [];
    const ctx: ProgressContext = { door: 'cli', onProgress: (done) => progress.push(done) };
    const r = syncApi['sync.importFile'].output.parse(
      call(o.province.engine, 'sync.importFile', { file: job.export!.file! }, ctx),
    );
    expect(r.status).toBe('applied');
    expect(r.text.en).toMatch(/^958-1: applied \d+ record\(s\)$/);
    expect(r.message).toBe(r.text.vi);
    expect(progress.length).toBeGreaterThan(0);
    const viaHttp = dispatch(o.province.engine, 'sync.importFile', { file: job.export!.file! }, { door: 'http' });
    expect(viaHttp.ok ? null : viaHttp.error.code).toBe('forbidden');

    // A refused file: logged with its text in both languages.
    const junk = path.join(o.dir, '958-9.sabanbundle');
    fs.writeFileSync(junk, 'PK\u0003\u0004 not a bundle');
    const refused = dispatch(o.province.engine, 'sync.importFile', { file: junk }, { door: 'cli' });
    expect(refused.ok).toBe(false);
    const [logged] = syncApi['sync.refusals'].output.parse(call(o.province.engine, 'sync.refusals', { limit: 1 }));
    expect(logged!.text.vi).toMatch(/không phải gói đồng bộ/);
    expect(logged!.text.en).toMatch(/not a Sa Bàn sync bundle/);
    expect(logged!.message).toBe(logged!.text.vi);
    const status = syncApi['sync.status'].output.parse(call(o.province.engine, 'sync.status', {}));
    expect(status.districts.find((x) => x.office === '958')).toMatchObject({ lastSeq: 1 });
  });
});
