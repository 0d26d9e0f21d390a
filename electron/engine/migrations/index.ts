import type { Migration } from './types';
import { migration0010 } from './0010-initial';
import { migration0020 } from './0020-risk';

/** Every migration, in order. Versions go in steps of 10; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0010, migration0020];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
