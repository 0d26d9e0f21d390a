/** Sync over HTTP: the province's upload door, resumable chunks, retry with back-off, acknowledgement on the way back. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { watermark } from '../../electron/engine/sync/ack';
import { pushToProvince } from '../../electron/engine/sync/push';
import { provinceRoutes } from '../../electron/http/province-routes';
import { startHost } from '../../electron/http/server';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function province() {
  const o = setUpOffices();
  cleanups.push(o.close);
  const host = await startHost({
    engine: o.province.engine,
    staticDir: path.join(o.dir, 'none'),
    routes: provinceRoutes(o.province.engine),
  });
  cleanups.push(() => host.close());
  return { o, base: `http://127.0.0.1:${host.port}` };
}

describe.skipIf(!available)('sync over HTTP', () => {
  it('pushes in chunks, survives dropped requests by resuming, and advances the watermark from the ack', async () => {
    const { o, base } = await province();
    const d = o.districts[0]!;
    call(d.engine, 'risk.set', { codes: [communesOf(d)[0]], level: 4, reason: 'ổ dịch mới' });
    // Every third request fails before reaching the province (a flaky line).
    let n = 0;
    let dropped = 0;
    const flaky: typeof fetch = (input, init) => {
      n += 1;
      if (n % 3 === 0) {
        dropped += 1;
        return Promise.reject(new Error('ECONNRESET'));
      }
      return fetch(input, init);
    };
    const notes: string[] = [];
    const r = await pushToProvince(d.engine, base, {
      fetch: flaky,
      backoffMs: 1,
      chunkBytes: 8 * 1024,
      onStatus: (note) => notes.push(note.en),
    });
    expect(dropped).toBeGreaterThan(0);
    expect(notes.some((x) => /retrying/.test(x))).toBe(true);
    expect(r).toMatchObject({ uploaded: [1], appliedThrough: 1, missing: [] });
    expect(watermark(d.engine.db).ackedSeq).toBe(1);
    expect(call(o.province.engine, 'risk.levels', { within: d.code })[0]).toMatchObject({ level: 4 });
    // Nothing new: nothing sent.
    expect((await pushToProvince(d.engine, base)).uploaded).toEqual([]);
  });

  it('stops with the province’s reason when it refuses, without retrying', async () => {
    const { o, base } = await province();
    const stranger = o.districts[1]!;
    // The province forgets Đông Hải's key: its bundle is refused as unregistered.
    o.province.engine.db.prepare("DELETE FROM sync_peers WHERE office_code = '960'").run();
    call(stranger.engine, 'risk.set', { codes: [communesOf(stranger)[0]], level: 2, reason: 'x' });
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    await expect(pushToProvince(stranger.engine, base, { fetch: counting, backoffMs: 1 })).rejects.toThrow(
      /Tỉnh từ chối.*chưa đăng ký khóa/,
    );
    expect(watermark(stranger.engine.db).ackedSeq).toBe(0);
    expect(calls).toBeLessThan(10);
  });

  it('gives up after the retries with a message saying the next push resumes', async () => {
    const { o } = await province();
    const d = o.districts[0]!;
    const down: typeof fetch = () => Promise.reject(new Error('ENETUNREACH'));
    await expect(
      pushToProvince(d.engine, 'http://127.0.0.1:9', { fetch: down, attempts: 3, backoffMs: 1 }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/sau 3 lần thử/) as unknown,
      text: { en: expect.stringMatching(/resumes where this one stopped/) as unknown },
    });
  });
});
