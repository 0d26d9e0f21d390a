import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bilingualError } from '../../shared/messages';
import { EngineError, type ErrorCode } from '../../shared/result';
import { defaultDbPath } from '../engine/paths';
import { CORE_COMMANDS } from './commands-core';
import { PEOPLE_COMMANDS } from './commands-people';
import { POSTS_COMMANDS } from './commands-posts';
import { SYNC_COMMANDS } from './commands-sync';
import { RISK_COMMANDS } from './commands-risk';
import { type CliCommand, UsageError } from './context';

/**
 * Every command, by name. Each feature keeps its commands in its own `commands-*.ts` module;
 * this door only routes and maps errors to exit codes.
 */
const COMMANDS: Readonly<Record<string, CliCommand>> = {
  ...CORE_COMMANDS,
  ...RISK_COMMANDS,
  ...PEOPLE_COMMANDS,
  ...POSTS_COMMANDS,
  ...SYNC_COMMANDS,
};

function usage(): string {
  const lines = Object.values(COMMANDS).flatMap((c) => c.usage.map((u) => `  ${u}`));
  return `Sa Bàn — dòng lệnh / command line

${lines.join('\n')}

--db mặc định / defaults to: ${defaultDbPath()}
Mã thoát / exit codes: 0 thành công / success, 2 dữ liệu vào sai / bad input, 1 lỗi khác / other error`;
}

/** Error codes that mean the user's input was wrong (exit 2). */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set([
  'bad-request',
  'bad-file',
  'bad-geometry',
  'too-large',
  'not-found',
  'db-too-new',
  'unknown-method',
]);

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Runs one CLI command; returns the exit code (serve resolves when the server stops). */
export async function run(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name ? 0 : 2;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`lệnh không rõ / unknown command: ${name}`);
  if (args.includes('--help') || args.includes('-h')) {
    out(command.usage.join('\n'));
    return 0;
  }
  return command.run({ args, out });
}

/** Maps an error to its exit code and prints it bilingually on stderr. */
export function reportError(err: unknown): number {
  const parseArgsError =
    err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (err instanceof UsageError || parseArgsError) {
    process.stderr.write(`${bilingualError('bad-request', err.message)}\n\n${usage()}\n`);
    return 2;
  }
  if (err instanceof EngineError) {
    process.stderr.write(bilingualError(err.code, err.message) + '\n');
    for (const d of (err.details ?? []).slice(0, 20)) process.stderr.write(`  - ${d}\n`);
    return BAD_INPUT.has(err.code) ? 2 : 1;
  }
  process.stderr.write(bilingualError('internal', (err as Error)?.stack ?? String(err)) + '\n');
  return 1;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly || process.env['SABAN_CLI_MAIN'] === '1') {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => process.exit(reportError(err)),
  );
}
