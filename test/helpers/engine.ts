import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine, type EngineOptions } from '../../electron/engine/engine';

/** A fresh temp folder, removed by the caller's cleanup. */
export function tempDir(prefix = 'saban-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Opens an engine on a fresh database file in a temp folder. */
export function freshEngine(options: EngineOptions = {}): { engine: Engine; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'saban.sqlite');
  return { engine: Engine.open(file, options), file, dir };
}

/** Snapshot of every table (whatever later migrations add), for "nothing changed" assertions. */
export function snapshot(engine: Engine): string {
  const tables = (
    engine.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, engine.db.prepare(`SELECT * FROM "${t}" ORDER BY 1`).all()]));
}
