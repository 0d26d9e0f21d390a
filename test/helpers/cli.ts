import { run } from '../../electron/cli/main';

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `saban` command line in this process (its exported `run()`, no child process) and
 * collects what it prints. The language is Vietnamese, as for a user without `--lang` or an
 * English `LANG`; pass `--lang en` to read English.
 */
export async function saban(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    envLang: undefined,
  });
  return { code, stdout, stderr };
}

/** {@link saban} in English (`--lang en`). */
export function sabanEn(...args: string[]): Promise<CliRun> {
  return saban('--lang', 'en', ...args);
}
