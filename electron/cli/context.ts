import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Lang } from '../../shared/messages';
import type { ExportedFile } from '../../shared/contract-text';
import { fill, type LocalText, type MessageParams, same } from '../../shared/result';
import { writeFileAtomic } from '../engine/atomic-write';
import { checkPassword } from '../engine/auth/sessions';
import { meOf } from '../engine/auth/accounts';
import { Engine, type EngineOptions } from '../engine/engine';
import { defaultDbPath } from '../engine/paths';

/** A mistake in the command line itself (exit 2, with the usage). */
export class UsageError extends Error {
  /** The mistake in both languages; the CLI prints the chosen one. */
  readonly text: LocalText;

  constructor(text: LocalText | string) {
    const t = typeof text === 'string' ? same(text) : text;
    super(t.vi);
    this.text = t;
  }
}

/** Picks one language: `say(lang)('Đã ghi {n}', 'Wrote {n}', { n })`. */
export function sayIn(lang: Lang): (vi: string, en: string, params?: MessageParams) => string {
  return (vi, en, params) => fill(lang === 'en' ? en : vi, params);
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** What a command gets: its own arguments (after the command name) and helpers. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly out: (line: string) => void;
  /** The language of everything the command prints. */
  readonly lang: Lang;
  /** The text in the command's language, placeholders filled. */
  readonly say: (vi: string, en: string, params?: MessageParams) => string;
}

/** One CLI command. `usage` lines are listed by `saban --help`. */
export interface CliCommand {
  readonly usage: readonly string[];
  run(ctx: CommandContext): number | Promise<number>;
}

/** Parses a command's arguments with the common options added. */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: O) {
  return parseArgs({ args: [...args], allowPositionals: true, options: { ...COMMON_OPTIONS, ...options } });
}

/** The database path of a command: `--db`, or the per-user default. */
export function dbPathOf(db: string | undefined): string {
  return path.resolve(db ?? defaultDbPath());
}

/** The account a command acts as (`--user` and its password), set by `run()` for one command. */
let cliUser: { readonly login: string; readonly password: string } | null = null;

/** Sets (or clears, with null) who the next commands act as. */
export function setCliUser(user: { readonly login: string; readonly password: string } | null): void {
  cliUser = user;
}

/**
 * Opens the engine for a command. With `--user`, the password is checked (lockout included) and
 * every call of this process acts as that account, with its role; without it, as the OS account
 * with administrator rights (see README "Accounts and roles").
 */
export function openEngine(dbPath: string, options: EngineOptions = {}): Engine {
  const engine = Engine.open(dbPath, options);
  if (cliUser) {
    try {
      engine.actAs(meOf(checkPassword(engine.db, cliUser.login, cliUser.password, engine.now())));
    } catch (err) {
      engine.close();
      throw err;
    }
  }
  return engine;
}

/** Opens the engine on `dbPath`, runs `fn`, and always closes it. */
export function withEngine<T>(dbPath: string, fn: (e: Engine) => T, seedTraining = false): T {
  const engine = openEngine(dbPath, { seedTraining });
  try {
    return fn(engine);
  } finally {
    engine.close();
  }
}

/**
 * The `--format` of an export: one of `allowed`; when not given, read from the `--out` file's
 * extension (`.xlsx`, `.geojson`), else the first allowed format.
 */
export function exportFormatOf<T extends string>(format: string | undefined, out: string, allowed: readonly T[]): T {
  const chosen = format ?? allowed.find((f) => out.toLowerCase().endsWith(`.${f}`)) ?? allowed[0]!;
  if (!(allowed as readonly string[]).includes(chosen)) throw new UsageError(`--format: ${allowed.join(' | ')}`);
  return chosen as T;
}

/** Writes an exported file (its text, or the bytes of a binary one) atomically; returns its full path. */
export function saveExport(file: string, exported: ExportedFile): string {
  writeFileAtomic(file, exported.dataBase64 === undefined ? exported.text : Buffer.from(exported.dataBase64, 'base64'));
  return path.resolve(file);
}

/** The first positional argument, or a usage error naming what is missing. */
export function requiredFile(positionals: readonly string[], what: string): string {
  const f = positionals[0];
  if (!f) throw new UsageError({ vi: `thiếu tệp ${what}`, en: `missing ${what} file` });
  return f;
}
