/**
 * Password hashing: scrypt from `node:crypto`, with its parameters stored beside every hash so the
 * cost can be raised later (a hash made with older parameters still verifies), and a
 * constant-time comparison. Passwords are compared in Unicode NFC, so a Vietnamese password typed
 * with another keyboard method (composed or decomposed diacritics) is the same password.
 */
import crypto from 'node:crypto';

/** scrypt's parameters and its output length. */
export interface ScryptParams {
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly keylen: number;
}

/** A stored hash with what made it. */
export interface StoredHash extends ScryptParams {
  readonly algo: 'scrypt';
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * The cost new hashes get: N = 2^17, r = 8 (128 MiB of memory), p = 1. One sign-in takes about
 * 0.4 s on the reference machine (`npm run bench -- login`): slow for a guesser with a copy of the
 * database, unnoticeable for a person.
 */
export const SCRYPT_PARAMS: ScryptParams = { n: 2 ** 17, r: 8, p: 1, keylen: 32 };

/** The memory scrypt needs for `params`, with room (Node refuses above `maxmem`). */
export function scryptMaxmem(params: ScryptParams): number {
  return 128 * params.n * params.r * params.p + 32 * 1024 * 1024;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Buffer {
  return crypto.scryptSync(password.normalize('NFC'), salt, params.keylen, {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: scryptMaxmem(params),
  });
}

/** Hashes a password with a fresh random salt. */
export function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): StoredHash {
  const salt = crypto.randomBytes(16);
  return { algo: 'scrypt', ...params, salt, hash: derive(password, salt, params) };
}

/** True when `password` matches `stored` (constant-time comparison of the derived keys). */
export function verifyPassword(password: string, stored: StoredHash): boolean {
  const derived = derive(password, stored.salt, stored);
  return derived.length === stored.hash.length && crypto.timingSafeEqual(derived, stored.hash);
}

/** A hash no password matches, to spend the same time on an unknown login as on a known one. */
export const DUMMY_HASH: StoredHash = {
  algo: 'scrypt',
  ...SCRYPT_PARAMS,
  salt: Buffer.alloc(16),
  hash: Buffer.alloc(SCRYPT_PARAMS.keylen),
};
