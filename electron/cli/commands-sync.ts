import fs from 'node:fs';
import path from 'node:path';
import { formatFingerprint } from '../../shared/bundle-format';
import { EngineError } from '../../shared/result';
import { bilingualError } from '../../shared/messages';
import { writeFileAtomic } from '../engine/atomic-write';
import { call } from '../engine/dispatch';
import { Engine } from '../engine/engine';
import { importAck, writeAcks } from '../engine/sync/ack';
import { type SkippedCounts, skippedMessage } from '../engine/sync/export';
import { exportFor, importFor } from '../engine/sync/handlers';
import { pushToProvince } from '../engine/sync/push';
import { type CliCommand, dbPathOf, parseCommand, requiredFile, UsageError, withEngine } from './context';

/** Opens an engine for an async command and always closes it. */
async function withEngineAsync<T>(dbPath: string, fn: (e: Engine) => Promise<T>): Promise<T> {
  const engine = Engine.open(dbPath);
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

function mustExist(dbPath: string): string {
  if (!fs.existsSync(dbPath)) {
    throw new EngineError(
      'not-found',
      `${dbPath}: chưa có cơ sở dữ liệu; chạy saban init / no database; run saban init`,
    );
  }
  return dbPath;
}

/** key, trust, export-bundle, import-bundle, ack, import-ack, push, sync-status. */
export const SYNC_COMMANDS: Readonly<Record<string, CliCommand>> = {
  key: {
    usage: ['saban key --export FILE [--db FILE]          (khóa công khai / public key of this office)'],
    run({ args, out }) {
      const { values } = parseCommand(args, { export: { type: 'string' } });
      const r = withEngine(mustExist(dbPathOf(values.db)), (e) => ({
        key: call(e, 'sync.keyFile', {}),
        id: call(e, 'sync.identity', {}),
      }));
      if (values.export) {
        writeFileAtomic(values.export, r.key.text);
        out(path.resolve(values.export));
      }
      out(`${r.id.role} ${r.id.office}: ${r.id.fingerprintDisplay}`);
      return 0;
    },
  },
  trust: {
    usage: ['saban trust --key FILE [--replace] [--db FILE]  (đăng ký khóa / register an office key)'],
    run({ args, out }) {
      const { values } = parseCommand(args, { key: { type: 'string' }, replace: { type: 'boolean', default: false } });
      if (!values.key) throw new UsageError('thiếu --key / missing --key');
      const text = fs.readFileSync(values.key, 'utf8');
      const peer = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        call(e, 'sync.trust', { fileName: path.basename(values.key!), text, replace: values.replace }),
      );
      out(`Đã đăng ký khóa của ${peer.role} ${peer.office} / registered: ${peer.fingerprintDisplay}`);
      return 0;
    },
  },
  'export-bundle': {
    usage: ['saban export-bundle --out DIR [--full] [--db FILE]  (prints the bundle path)'],
    async run({ args, out }) {
      const { values } = parseCommand(args, { out: { type: 'string' }, full: { type: 'boolean', default: false } });
      if (!values.out) throw new UsageError('thiếu --out / missing --out');
      const outDir = values.out;
      let skipped: SkippedCounts = {};
      const r = await withEngineAsync(mustExist(dbPathOf(values.db)), (e) =>
        exportFor(e, { outDir, full: values.full, onSkipped: (s) => (skipped = s) }),
      );
      const left = skippedMessage(skipped);
      if (left) process.stderr.write(`${left}\n`);
      if (!r) {
        process.stderr.write('Không có thay đổi mới để gửi / nothing new to send\n');
        return 0;
      }
      if (values.json)
        out(JSON.stringify({ file: r.file, seq: r.manifest.seq, total: r.manifest.total, hash: r.hash }));
      else out(r.file);
      return 0;
    },
  },
  'import-bundle': {
    usage: [
      'saban import-bundle FILE [--accept-key FINGERPRINT] [--db FILE]',
      '      (exit 0 đã áp dụng/applied or already applied; 2 từ chối/refused or giữ lại/held back)',
    ],
    run({ args, out }) {
      const { values, positionals } = parseCommand(args, { 'accept-key': { type: 'string' } });
      const file = requiredFile(positionals, 'bundle');
      const acceptKey = values['accept-key'];
      try {
        const r = withEngine(mustExist(dbPathOf(values.db)), (e) =>
          importFor(e, file, {
            ...(acceptKey ? { acceptKey } : {}),
            // Progress goes to stdout as it happens (a pipe is synchronous on Linux and macOS).
            onProgress: (done, total) => out(`tiến độ / progress ${done}/${total}`),
          }),
        );
        if (values.json) out(JSON.stringify(r));
        else {
          out(r.message);
          for (const a of r.applied) {
            out(
              `  gói/bundle ${r.office}-${a.seq}: ${a.changes} thay đổi/changes, áp dụng/applied ${a.applied}, trùng/duplicates ${a.duplicates}, cũ hơn/superseded ${a.superseded}, từ chối/refused ${a.refused}, xung đột/conflicts ${a.conflicts}`,
            );
          }
          if (r.backup) out(`  sao lưu / backup: ${r.backup}`);
        }
        return r.status === 'held' ? 2 : 0;
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        process.stderr.write(`${bilingualError(err.code, err.message)}\n`);
        return 2;
      }
    },
  },
  ack: {
    usage: ['saban ack --out DIR [--district CODE] [--db FILE]  (tỉnh: xác nhận / province: acknowledgements)'],
    run({ args, out }) {
      const { values } = parseCommand(args, { out: { type: 'string' }, district: { type: 'string' } });
      if (!values.out) throw new UsageError('thiếu --out / missing --out');
      const outDir = values.out;
      const acks = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        writeAcks(e.db, outDir, e.nodeId, Date.now(), values.district),
      );
      if (acks.length === 0) out('Chưa nhận gói nào / no bundle received yet');
      for (const a of acks) out(a.file);
      return 0;
    },
  },
  'import-ack': {
    usage: ['saban import-ack FILE [--db FILE]          (huyện: nhập xác nhận / district: import an acknowledgement)'],
    run({ args, out }) {
      const { values, positionals } = parseCommand(args, {});
      const file = requiredFile(positionals, 'ack');
      const text = fs.readFileSync(file, 'utf8');
      const r = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        importAck(e.db, text, path.basename(file), Date.now()),
      );
      out(values.json ? JSON.stringify(r) : r.message);
      return 0;
    },
  },
  push: {
    usage: ['saban push --url URL [--db FILE]             (huyện: gửi lên tỉnh / district: send to the province)'],
    async run({ args, out }) {
      const { values } = parseCommand(args, { url: { type: 'string' } });
      if (!values.url) throw new UsageError('thiếu --url / missing --url');
      const url = values.url;
      const r = await withEngineAsync(mustExist(dbPathOf(values.db)), (e) =>
        pushToProvince(e, url, { onStatus: (note, done, total) => out(total ? `${note}: ${done}/${total}` : note) }),
      );
      out(values.json ? JSON.stringify(r) : r.message);
      return 0;
    },
  },
  'sync-status': {
    usage: ['saban sync-status [--db FILE] [--json]'],
    run({ args, out }) {
      const { values } = parseCommand(args, {});
      const s = withEngine(mustExist(dbPathOf(values.db)), (e) => call(e, 'sync.status', {}));
      if (values.json) {
        out(JSON.stringify(s));
        return 0;
      }
      out(`${s.identity.role ?? '?'} ${s.identity.office ?? '?'} — ${formatFingerprint(s.identity.fingerprint)}`);
      if (s.identity.role === 'district') {
        out(
          `gói đã gửi / bundles sent: ${s.sent.length}, tỉnh xác nhận đến / acknowledged up to: ${s.ackedSeq}, chờ gửi / pending changes: ${s.pending}`,
        );
      }
      for (const d of s.districts) {
        out(
          `${d.office} ${d.name ?? ''}: gói/bundle ${d.lastSeq ?? '—'}, ${d.ageHours === null ? 'chưa nhận / never' : `${d.ageHours} h`}${d.stale ? ' ⚠' : ''}` +
            `${d.missing.length ? `, thiếu/missing ${d.missing.join(',')}` : ''}${d.refusals ? `, từ chối/refused ${d.refusals}` : ''}`,
        );
      }
      return 0;
    },
  },
};
