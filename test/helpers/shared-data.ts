import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The real public data set beside the checkout (`../shared/data`), never committed here. */
export const SHARED_DATA = path.resolve(here, '../../../shared/data');

/**
 * Whether the shared data is present. Where it is missing the tests that need it say so and
 * skip — except under CI=true, where its absence is a failure.
 */
export function sharedDataAvailable(): boolean {
  const present = fs.existsSync(path.join(SHARED_DATA, 'README.md'));
  if (!present) {
    if (process.env['CI'] === 'true') {
      throw new Error(`CI=true but the shared data folder is missing: ${SHARED_DATA}`);
    }
    console.warn(`[skip] ${SHARED_DATA} is missing: tests on real data are skipped`);
  }
  return present;
}

/** Path of a file in the shared data folder. */
export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}
