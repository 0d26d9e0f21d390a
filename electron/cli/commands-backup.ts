import fs from 'node:fs';
import path from 'node:path';
import type { BackupCounts, BackupPreview } from '../../shared/contract-backup';
import { formatDateTime } from '../../shared/time';
import { call } from '../engine/dispatch';
import { type CliCommand, type CommandContext, dbPathOf, parseCommand, requiredFile, withEngine } from './context';

function countsLine(counts: BackupCounts): string {
  return Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
}

function printPreview({ out, say }: CommandContext, p: BackupPreview): void {
  out(say('Bản sao lưu: {file}', 'Backup: {file}', { file: p.file }));
  out(
    say(
      '  lúc {at} ({reason}), dữ liệu phiên bản {v}, kiểm tra toàn vẹn: ok',
      '  made {at} ({reason}), schema {v}, integrity: ok',
      {
        at: formatDateTime(p.at),
        reason: p.reason,
        v: p.schemaVersion,
      },
    ),
  );
  out(say('  trong bản sao: {c}', '  in the backup: {c}', { c: countsLine(p.counts) }));
  out(say('  hiện tại:      {c}', '  now:            {c}', { c: countsLine(p.current) }));
}

/** backup, backups, restore. */
export const BACKUP_COMMANDS: Readonly<Record<string, CliCommand>> = {
  backup: {
    usage: ['saban backup [--db FILE] [--json]'],
    run({ args, out, say }) {
      const { values } = parseCommand(args, {});
      const b = withEngine(dbPathOf(values.db), (e) => call(e, 'backup.create', {}));
      if (values.json) out(JSON.stringify(b));
      else
        out(
          say('Đã sao lưu: {file} ({kb} KB; {c})', 'Backed up: {file} ({kb} KB; {c})', {
            file: b.file,
            kb: Math.ceil(b.bytes / 1024),
            c: countsLine(b.counts),
          }),
        );
      return 0;
    },
  },
  backups: {
    usage: ['saban backups [--db FILE] [--json]'],
    run({ args, out, say }) {
      const { values } = parseCommand(args, {});
      const { list, status } = withEngine(dbPathOf(values.db), (e) => ({
        list: call(e, 'backup.list', {}),
        status: call(e, 'backup.status', {}),
      }));
      if (values.json) {
        out(JSON.stringify({ ...status, backups: list }));
        return 0;
      }
      out(say('Thư mục: {dir}', 'Folder: {dir}', { dir: status.dir }));
      if (status.lastFailure) {
        out(
          say('LẦN SAO LƯU GẦN NHẤT KHÔNG THÀNH CÔNG ({at}): {text}', 'THE LAST BACKUP FAILED ({at}): {text}', {
            at: formatDateTime(status.lastFailure.at),
            text: say(status.lastFailure.text.vi, status.lastFailure.text.en),
          }),
        );
      }
      if (list.length === 0) out(say('Chưa có bản sao lưu nào', 'No backups yet'));
      for (const b of list) {
        out(
          `${formatDateTime(b.at)}  ${b.reason.padEnd(14)}  ${String(Math.ceil(b.bytes / 1024)).padStart(8)} KB  ${b.fileName}`,
        );
      }
      return 0;
    },
  },
  restore: {
    usage: ['saban restore FILE [--yes] [--db FILE] [--json]   (without --yes: only shows what it would bring back)'],
    run(ctx) {
      const { values, positionals } = parseCommand(ctx.args, { yes: { type: 'boolean', default: false } });
      const given = requiredFile(positionals, 'backup');
      // A path that exists here is taken as it is; a bare name means a file of the backup folder.
      const file = fs.existsSync(given) ? path.resolve(given) : given;
      return withEngine(dbPathOf(values.db), (e) => {
        if (!values.yes) {
          const p = call(e, 'backup.preview', { file });
          if (values.json) ctx.out(JSON.stringify(p));
          else {
            printPreview(ctx, p);
            ctx.out(
              ctx.say(
                'Chưa thay đổi gì. Chạy lại với --yes để khôi phục (dữ liệu hiện tại được sao lưu trước).',
                'Nothing changed. Run again with --yes to restore (the current data is backed up first).',
              ),
            );
          }
          return 0;
        }
        const r = call(e, 'backup.restore', { file });
        if (values.json) ctx.out(JSON.stringify(r));
        else {
          printPreview(ctx, r.restored);
          ctx.out(
            ctx.say(
              'Đã khôi phục. Dữ liệu trước đó đã được sao lưu: {file}',
              'Restored. The data before it was backed up: {file}',
              {
                file: r.before.file,
              },
            ),
          );
        }
        return 0;
      });
    },
  },
};
