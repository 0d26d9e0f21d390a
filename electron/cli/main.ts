import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorLine, type Lang, langOf } from '../../shared/messages';
import { EngineError, type ErrorCode, internalText, msg } from '../../shared/result';
import { logInternalError } from '../engine/dispatch';
import { defaultDbPath } from '../engine/paths';
import { BACKUP_COMMANDS } from './commands-backup';
import { CORE_COMMANDS } from './commands-core';
import { FIGURES_COMMANDS } from './commands-figures';
import { PEOPLE_COMMANDS } from './commands-people';
import { POSTS_COMMANDS } from './commands-posts';
import { SYNC_COMMANDS } from './commands-sync';
import { RISK_COMMANDS } from './commands-risk';
import { type CliCommand, sayIn, UsageError } from './context';

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
  ...BACKUP_COMMANDS,
  ...FIGURES_COMMANDS,
};

/** Where the CLI writes and what it reads of its environment; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** `LANG` of the environment (English when it starts with `en`). */
  readonly envLang?: string | undefined;
}

function usage(lang: Lang): string {
  const say = sayIn(lang);
  const lines = Object.values(COMMANDS).flatMap((c) => c.usage.map((u) => `  ${u}`));
  return `${say('Sa Bàn — dòng lệnh', 'Sa Bàn — command line')}

${lines.join('\n')}

${say('Ngôn ngữ: --lang vi (mặc định) hoặc --lang en', 'Language: --lang vi (default) or --lang en')}
${say('--db mặc định: {db}', '--db defaults to: {db}', { db: defaultDbPath() })}
${say('Mã thoát: 0 thành công, 2 dữ liệu vào sai, 1 lỗi khác', 'Exit codes: 0 success, 2 bad input, 1 other error')}`;
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

/** Takes `--lang X` / `--lang=X` out of the arguments (every command accepts it). */
function splitLang(argv: readonly string[]): { args: string[]; flag: string | undefined } {
  const args: string[] = [];
  let flag: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') flag = argv[++i];
    else if (a.startsWith('--lang=')) flag = a.slice('--lang='.length);
    else args.push(a);
  }
  return { args, flag };
}

/**
 * Runs one CLI command in one language and returns its exit code; writes only to `io`, never
 * exits the process (serve resolves when the server stops).
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { args: all, flag } = splitLang(argv);
  const lang = langOf(flag, io.envLang);
  const out = (line: string): void => {
    io.stdout.write(line + '\n');
  };
  try {
    const [name, ...args] = all;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      out(usage(lang));
      return name ? 0 : 2;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(msg('lệnh không rõ: {name}', 'unknown command: {name}', { name }));
    if (args.includes('--help') || args.includes('-h')) {
      out(command.usage.join('\n'));
      return 0;
    }
    return await command.run({ args, out, lang, say: sayIn(lang) });
  } catch (err) {
    return reportError(err, io, lang);
  }
}

/** Maps an error to its exit code and prints it in one language on stderr. */
export function reportError(err: unknown, io: CliIo, lang: Lang): number {
  const write = (line: string): void => {
    io.stderr.write(line + '\n');
  };
  const parseArgsError =
    err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');
  if (err instanceof UsageError || parseArgsError) {
    const text = err instanceof UsageError ? err.text : { vi: err.message, en: err.message };
    write(`${errorLine({ code: 'bad-request', text }, lang)}\n\n${usage(lang)}`);
    return 2;
  }
  if (err instanceof EngineError) {
    write(errorLine(err, lang));
    for (const d of (err.detailsText ?? []).slice(0, 20)) write(`  - ${d[lang]}`);
    return BAD_INPUT.has(err.code) ? 2 : 1;
  }
  // Never the raw exception: its stack goes to the error log (beside the default database), the
  // user gets the id to quote.
  const ref = logInternalError(defaultDbPath(), 'cli', err);
  write(errorLine({ code: 'internal', text: internalText(ref) }, lang));
  return 1;
}

/** The process entry: runs the command on the real streams and exits with its code. */
export async function main(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    envLang: process.env['LANG'],
  });
  process.exit(code);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly || process.env['SABAN_CLI_MAIN'] === '1') void main();
