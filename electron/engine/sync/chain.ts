/** Each sender's chain as received here (`sync_received`), and the log of refusals (`sync_refusals`). */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { gapBetween } from '../../../shared/bundle-format';
import { isLocalText, type LocalText, same } from '../../../shared/result';
import { type BundleRefusal, closeBundle, openBundle } from './container';

/** The last bundle of a sender applied here (or covered by a full one). */
export interface ChainState {
  through: number;
  hash: string | null;
}

/** Where the chain of `office` stands. */
export function chainState(db: Database.Database, office: string): ChainState {
  const r = db
    .prepare(
      "SELECT seq, hash FROM sync_received WHERE office_code = ? AND status IN ('applied', 'superseded') ORDER BY seq DESC LIMIT 1",
    )
    .get(office) as { seq: number; hash: string } | undefined;
  return { through: r?.seq ?? 0, hash: r?.hash ?? null };
}

/** Bundle numbers still missing from `office`: the gaps below its highest held bundle. */
export function missingOf(db: Database.Database, office: string): number[] {
  const { through } = chainState(db, office);
  const held = (
    db.prepare("SELECT seq FROM sync_received WHERE office_code = ? AND status = 'held' ORDER BY seq").all(office) as {
      seq: number;
    }[]
  ).map((r) => r.seq);
  if (held.length === 0) return [];
  const have = new Set(held);
  return gapBetween(through, held[held.length - 1]!).filter((n) => !have.has(n));
}

/**
 * A refusal's message as stored: both languages as JSON (`{"vi":…,"en":…}`), so each reader shows
 * its own. Rows written before that hold one plain bilingual string, read as it is.
 */
export function storedText(text: LocalText): string {
  return JSON.stringify({ vi: text.vi, en: text.en });
}

/** Reads a message stored by {@link storedText} (or an older plain one). */
export function readStoredText(stored: string): LocalText {
  if (stored.startsWith('{')) {
    try {
      const v = JSON.parse(stored) as unknown;
      if (isLocalText(v)) return { vi: v.vi, en: v.en };
    } catch {
      // an older plain message that happens to start with a brace
    }
  }
  return same(stored);
}

/** Logs a refused bundle (outside any transaction: the refusal itself must stay recorded). */
export function logRefusal(db: Database.Database, file: string, err: BundleRefusal, now: number): void {
  let office: string | null = null;
  let seq: number | null = null;
  try {
    const b = openBundle(file);
    closeBundle(b);
    const raw = b.header.manifest as Record<string, unknown>;
    if (typeof raw['office'] === 'string') office = raw['office'].slice(0, 10);
    // Only a number the log's INTEGER column can hold: a refused manifest may say anything (1e300).
    if (Number.isSafeInteger(raw['seq'])) seq = raw['seq'] as number;
  } catch {
    // the header itself was unreadable
  }
  db.prepare(
    'INSERT INTO sync_refusals (at, office_code, bundle_seq, code, message, file) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(new Date(now).toISOString(), office, seq, err.reason, storedText(err.text), path.basename(file));
}
