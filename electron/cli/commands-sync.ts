import fs from 'node:fs';
import path from 'node:path';
import type { SyncJob } from '../../shared/contract-sync';
import { errorLine, type Lang } from '../../shared/messages';
import { EngineError, errorOf, type LocalText } from '../../shared/result';
import { writeFileAtomic } from '../engine/atomic-write';
import { call } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import type { ProgressContext } from '../engine/sync/handlers';
import { type CliCommand, dbPathOf, openEngine, parseCommand, requiredFile, UsageError, withEngine } from './context';

/** Opens an engine for an async command and always closes it. */
async function withEngineAsync<T>(dbPath: string, fn: (e: Engine) => Promise<T>): Promise<T> {
  const engine = openEngine(dbPath);
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

function mustExist(dbPath: string): string {
  if (!fs.existsSync(dbPath)) {
    throw new EngineError('not-found', {
      vi: `${dbPath}: chưa có cơ sở dữ liệu; chạy saban init`,
      en: `${dbPath}: no database; run saban init`,
    });
  }
  return dbPath;
}

/**
 * Waits for a sync job through the contract (`sync.job`), telling `onNote` each new status line;
 * returns the finished job or throws its error.
 */
async function awaitJob(e: Engine, jobId: string, onNote?: (job: SyncJob) => void): Promise<SyncJob> {
  let last = '';
  for (;;) {
    const job = call(e, 'sync.job', { jobId });
    const key = `${job.note}\u0000${job.done}/${job.total}`;
    if (key !== last && job.note) onNote?.(job);
    last = key;
    if (job.state === 'done') return job;
    if (job.state === 'failed') {
      const err = job.error!;
      throw new EngineError(err.code as EngineError['code'], err.text);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** key, trust, export-bundle, import-bundle, ack, import-ack, push, sync-status: all through the contract. */
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
    run({ args, out, lang }) {
      const { values } = parseCommand(args, {
        key: { type: 'string' },
        replace: { type: 'boolean', default: false },
      });
      if (!values.key) throw new UsageError(lang === 'en' ? 'missing --key' : 'thiếu --key');
      const text = fs.readFileSync(values.key, 'utf8');
      const peer = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        call(e, 'sync.trust', { fileName: path.basename(values.key!), text, replace: values.replace }),
      );
      out(
        lang === 'en'
          ? `Registered the key of ${peer.role} ${peer.office}: ${peer.fingerprintDisplay}`
          : `Đã đăng ký khóa của ${peer.role === 'district' ? 'huyện' : 'tỉnh'} ${peer.office}: ${peer.fingerprintDisplay}`,
      );
      return 0;
    },
  },
  'export-bundle': {
    usage: ['saban export-bundle --out DIR [--full] [--db FILE]  (prints the bundle path)'],
    async run({ args, out, lang }) {
      const { values } = parseCommand(args, {
        out: { type: 'string' },
        full: { type: 'boolean', default: false },
      });
      if (!values.out) throw new UsageError(lang === 'en' ? 'missing --out' : 'thiếu --out');
      const outDir = path.resolve(values.out);
      const job = await withEngineAsync(mustExist(dbPathOf(values.db)), async (e) => {
        const { jobId } = call(e, 'sync.exportStart', { outDir, full: values.full });
        return awaitJob(e, jobId);
      });
      const r = job.export!;
      if (r.skipped) process.stderr.write(`${r.skipped[lang]}\n`);
      if (r.file === null) {
        process.stderr.write(`${r.text[lang]}\n`);
        return 0;
      }
      out(values.json ? JSON.stringify({ file: r.file, seq: r.seq, total: r.total, hash: r.hash }) : r.file);
      return 0;
    },
  },
  'import-bundle': {
    usage: [
      'saban import-bundle FILE [--accept-key FINGERPRINT] [--db FILE]',
      '      (exit 0 đã áp dụng/applied or already applied; 2 từ chối/refused or giữ lại/held back)',
    ],
    run({ args, out, lang }) {
      const { values, positionals } = parseCommand(args, { 'accept-key': { type: 'string' } });
      const file = path.resolve(requiredFile(positionals, 'bundle'));
      const acceptKey = values['accept-key'];
      // Progress goes to stdout as it happens (a pipe is synchronous on Linux and macOS).
      const ctx: ProgressContext = {
        door: 'cli',
        onProgress: (done, total) => out(`${lang === 'en' ? 'progress' : 'tiến độ'} ${done}/${total}`),
      };
      try {
        const r = withEngine(mustExist(dbPathOf(values.db)), (e) =>
          call(e, 'sync.importFile', { file, ...(acceptKey ? { acceptKey } : {}) }, ctx),
        );
        if (values.json) out(JSON.stringify(r));
        else {
          out(r.text[lang]);
          for (const a of r.applied) out(`  ${appliedLine(r.office, a, lang)}`);
          if (r.backup) out(`  ${lang === 'en' ? 'backup' : 'sao lưu'}: ${r.backup}`);
        }
        return r.status === 'held' ? 2 : 0;
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        process.stderr.write(`${errorLine(errorOf(err), lang)}\n`);
        return 2;
      }
    },
  },
  ack: {
    usage: ['saban ack --out DIR [--district CODE] [--db FILE]  (tỉnh: xác nhận / province: acknowledgements)'],
    run({ args, out, lang }) {
      const { values } = parseCommand(args, { out: { type: 'string' }, district: { type: 'string' } });
      if (!values.out) throw new UsageError(lang === 'en' ? 'missing --out' : 'thiếu --out');
      const outDir = values.out;
      const acks = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        call(e, 'sync.ack', values.district ? { district: values.district } : {}),
      );
      if (acks.length === 0) out(lang === 'en' ? 'No bundle received yet' : 'Chưa nhận gói nào');
      for (const a of acks) {
        const file = path.resolve(outDir, a.fileName);
        writeFileAtomic(file, a.text);
        out(file);
      }
      return 0;
    },
  },
  'import-ack': {
    usage: ['saban import-ack FILE [--db FILE]          (huyện: nhập xác nhận / district: import an acknowledgement)'],
    run({ args, out, lang }) {
      const { values, positionals } = parseCommand(args, {});
      const file = requiredFile(positionals, 'ack');
      const text = fs.readFileSync(file, 'utf8');
      const r = withEngine(mustExist(dbPathOf(values.db)), (e) =>
        call(e, 'sync.importAck', { fileName: path.basename(file), text }),
      );
      out(values.json ? JSON.stringify(r) : r.text[lang]);
      return 0;
    },
  },
  push: {
    usage: ['saban push --url URL [--db FILE]             (huyện: gửi lên tỉnh / district: send to the province)'],
    async run({ args, out, lang }) {
      const { values } = parseCommand(args, { url: { type: 'string' } });
      if (!values.url) throw new UsageError(lang === 'en' ? 'missing --url' : 'thiếu --url');
      const url = values.url;
      const job = await withEngineAsync(mustExist(dbPathOf(values.db)), async (e) => {
        const { jobId } = call(e, 'sync.pushStart', { url });
        return awaitJob(e, jobId, (j) => {
          const note = j.noteText[lang];
          out(j.total ? `${note}: ${j.done}/${j.total}` : note);
        });
      });
      const r = job.push!;
      out(values.json ? JSON.stringify(r) : r.text[lang]);
      return 0;
    },
  },
  'sync-status': {
    usage: ['saban sync-status [--db FILE] [--json]'],
    run({ args, out, lang }) {
      const { values } = parseCommand(args, {});
      const s = withEngine(mustExist(dbPathOf(values.db)), (e) => call(e, 'sync.status', {}));
      if (values.json) {
        out(JSON.stringify(s));
        return 0;
      }
      out(`${s.identity.role ?? '?'} ${s.identity.office ?? '?'} — ${s.identity.fingerprintDisplay}`);
      const en = lang === 'en';
      if (s.identity.role === 'district') {
        out(
          en
            ? `bundles sent: ${s.sent.length}, acknowledged up to: ${s.ackedSeq}, pending changes: ${s.pending}`
            : `gói đã gửi: ${s.sent.length}, tỉnh xác nhận đến: ${s.ackedSeq}, chờ gửi: ${s.pending}`,
        );
      }
      for (const d of s.districts) {
        const age = d.ageHours === null ? (en ? 'never' : 'chưa nhận') : `${d.ageHours} h`;
        const missing = d.missing.length ? `, ${en ? 'missing' : 'thiếu'} ${d.missing.join(',')}` : '';
        const refused = d.refusals ? `, ${en ? 'refused' : 'từ chối'} ${d.refusals}` : '';
        out(
          `${d.office} ${d.name ?? ''}: ${en ? 'bundle' : 'gói'} ${d.lastSeq ?? '—'}, ${age}${d.stale ? ' ⚠' : ''}${missing}${refused}`,
        );
      }
      return 0;
    },
  },
};

/** One applied bundle's counts, in one language. */
function appliedLine(
  office: string,
  a: {
    seq: number;
    changes: number;
    applied: number;
    duplicates: number;
    superseded: number;
    refused: number;
    conflicts: number;
  },
  lang: Lang,
): string {
  const t: LocalText = {
    vi: `gói ${office}-${a.seq}: ${a.changes} thay đổi, áp dụng ${a.applied}, trùng ${a.duplicates}, cũ hơn ${a.superseded}, từ chối ${a.refused}, xung đột ${a.conflicts}`,
    en: `bundle ${office}-${a.seq}: ${a.changes} changes, applied ${a.applied}, duplicates ${a.duplicates}, superseded ${a.superseded}, refused ${a.refused}, conflicts ${a.conflicts}`,
  };
  return t[lang];
}
