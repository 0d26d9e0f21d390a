/**
 * Sign-in benchmark: `auth.login` through dispatch with the chosen scrypt cost (N = 2^17, r = 8,
 * p = 1), beside one bare `crypto.scryptSync` with the same parameters in the same run; the
 * difference is the engine's own work (the account lookup, the session row). Also a wrong
 * password (the same scrypt, then the failure count), and an unknown login, which costs the same
 * on purpose. Run alone: `npx tsx test/bench/run.ts login`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SCRYPT_PARAMS, scryptMaxmem } from '../../electron/engine/auth/password';
import { call, dispatch } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import type { BenchModule } from './run';

const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
}

function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function measure(): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saban-bench-login-'));
  const engine = Engine.open(path.join(dir, 'saban.sqlite'), { seedTraining: true });
  try {
    const password = 'mật khẩu đo thời gian';
    call(engine, 'users.save', { login: 'do', displayName: 'Đo', role: 'operator', posts: [], communes: [], password });
    const remote = { door: 'http', session: null };
    const p = SCRYPT_PARAMS;
    const salt = crypto.randomBytes(16);
    const bare: number[] = [];
    const login: number[] = [];
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(
        timed(() => crypto.scryptSync(password, salt, p.keylen, { N: p.n, r: p.r, p: p.p, maxmem: scryptMaxmem(p) })),
      );
      login.push(timed(() => dispatch(engine, 'auth.login', { login: 'do', password }, remote)));
      if (i < 2) {
        wrong.push(timed(() => dispatch(engine, 'auth.login', { login: 'do', password: 'sai' }, remote)));
        unknown.push(timed(() => dispatch(engine, 'auth.login', { login: 'khong-co', password }, remote)));
      }
    }
    return {
      'login.scryptN': p.n,
      'login.signInMs': median(login),
      'login.bareScryptMs': median(bare),
      'login.ratioToBareScrypt': Math.round((median(login) / median(bare)) * 100) / 100,
      'login.wrongPasswordMs': median(wrong),
      'login.unknownLoginMs': median(unknown),
    };
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** See the file comment. */
export const loginBench: BenchModule = { name: 'login', run: () => Promise.resolve(measure()) };
