/**
 * Where the command line gets a password: `SABAN_PASSWORD`, or a prompt on a terminal that does
 * not echo what is typed. Never an argument (it would show in the process list and the history).
 */
import readline from 'node:readline';
import { msg } from '../../shared/result';
import { UsageError } from './context';

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    out._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** The password from `SABAN_PASSWORD`, or asked on a terminal; a usage error when neither is there. */
export async function passwordFor(
  login: string,
  say: (vi: string, en: string, p?: Record<string, string>) => string,
): Promise<string> {
  const env = process.env['SABAN_PASSWORD'];
  if (env !== undefined && env !== '') return env;
  if (process.stdin.isTTY) return prompt(say('Mật khẩu của {login}: ', 'Password for {login}: ', { login }));
  throw new UsageError(
    msg(
      'cần mật khẩu của {login}: đặt SABAN_PASSWORD hoặc chạy trong cửa sổ dòng lệnh',
      'a password for {login} is needed: set SABAN_PASSWORD or run in a terminal',
      { login },
    ),
  );
}
