import type { Migration } from './types';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-risk';
import { migration0030 } from './0030-posts';
import { migration0040 } from './0040-people';
import { migration0050 } from './0050-sync';
import { migration0060 } from './0060-sync-origin';
import { migration0070 } from './0070-steering-unit';
import { migration0090 } from './0090-figures';

/** Every migration, in order. Versions go in steps of 10; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0090,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
