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

/** Snapshot of every synced table, for "nothing changed" assertions. */
export function snapshot(engine: Engine): string {
  const tables = ['units', 'settings', 'audit', 'changes', 'meta'];
  return JSON.stringify(tables.map((t) => engine.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}
