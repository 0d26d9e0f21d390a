import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, ERROR_LOG_NAME } from '../../electron/engine/dispatch';
import type { Handlers } from '../../electron/engine/context';
import { freshEngine } from '../helpers/engine';

describe('dispatch', () => {
  it('logs an internal error with its stack beside the database and returns only its id', () => {
    const { engine, dir } = freshEngine();
    const broken = {
      dbPath: engine.dbPath,
      handlers: {
        ...engine.handlers,
        'app.info': () => {
          throw new TypeError('secret detail: cannot read x of undefined');
        },
      } as Handlers,
    };
    const r = dispatch(broken, 'app.info', {}, { door: 'cli' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('internal');
    expect(r.error.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(r.error.text.en).toContain(r.error.ref);
    expect(JSON.stringify(r.error)).not.toContain('secret detail');
    const log = fs.readFileSync(path.join(dir, ERROR_LOG_NAME), 'utf8');
    expect(log).toContain(`${r.error.ref} app.info`);
    expect(log).toContain('TypeError: secret detail');
    expect(log).toMatch(/at .*engine-dispatch\.test\.ts/);
  });

  it('turns SQLite busy into busy, and a user mistake into its own code, without logging', () => {
    const { engine, dir } = freshEngine();
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const r = dispatch(
      {
        dbPath: engine.dbPath,
        handlers: {
          ...engine.handlers,
          'app.info': () => {
            throw busy;
          },
        },
      },
      'app.info',
      {},
      { door: 'cli' },
    );
    expect(r.ok || r.error.code).toBe('busy');
    const bad = dispatch(engine, 'units.get', { code: 'nope' }, { door: 'cli' });
    expect(bad.ok || bad.error.code).toBe('not-found');
    expect(bad.ok || bad.error.text.en).toBe('No unit with code nope');
    expect(fs.existsSync(path.join(dir, ERROR_LOG_NAME))).toBe(false);
  });
});
