/**
 * One writer of the three-writer test (test/unit/sync-three-writers.test.ts): runs the CLI's
 * `set-level` N times in this process, each opening and closing the database as the command does,
 * and prints one JSON line `{ok, failed, errors}`. Usage: `set-level-loop.ts DB UNIT N TAG`.
 */
import { run } from '../../electron/cli/main';

async function main(): Promise<void> {
  const [db, unit, n, tag] = process.argv.slice(2);
  let ok = 0;
  const errors: string[] = [];
  for (let i = 0; i < Number(n); i++) {
    let stderr = '';
    const io = {
      stdout: { write: (): boolean => true },
      stderr: { write: (s: string): boolean => ((stderr += s), true) },
      envLang: 'vi_VN.UTF-8',
    };
    try {
      const code = await run(
        ['set-level', '--unit', unit!, '--level', String((i % 4) + 1), '--reason', `${tag} ${i}`, '--db', db!],
        io,
      );
      if (code === 0) ok += 1;
      else errors.push(`exit ${code}: ${stderr.slice(0, 200)}`);
    } catch (err) {
      // run() reports every error itself; a throw here is a bug in the loop, counted as a failure.
      errors.push(String((err as Error).message).slice(0, 200));
    }
  }
  process.stdout.write(`${JSON.stringify({ ok, failed: errors.length, errors: errors.slice(0, 5) })}\n`);
}

void main();
