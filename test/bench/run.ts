/**
 * `npm run bench`: runs every registered benchmark module, prints its figures as a table and
 * merges them into test/bench/results.json (not committed). Each module returns named figures;
 * add a module by adding it to BENCHES.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupBench } from './backup';
import { figuresBench } from './figures';
import { briefingBench } from './briefing';
import { loginBench } from './login';
import { syncBench } from './sync';
import { coldStartBench } from './cold-start';
import { figuresGridBench } from './figures-grid';
import { mapNationalBench } from './map-national';

/** One benchmark: a name and a function returning its figures (`area.metric` → number). */
export interface BenchModule {
  readonly name: string;
  run(): Promise<Readonly<Record<string, number>>>;
}

const BENCHES: readonly BenchModule[] = [
  syncBench,
  mapNationalBench,
  coldStartBench,
  backupBench,
  figuresBench,
  briefingBench,
  figuresGridBench,
  loginBench,
];

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, 'results.json');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const chosen = only.length ? BENCHES.filter((b) => only.includes(b.name)) : BENCHES;
  let results: Record<string, number> = {};
  try {
    results = JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as Record<string, number>;
  } catch {
    // first run
  }
  for (const b of chosen) {
    process.stdout.write(`— ${b.name} …\n`);
    const figures = await b.run();
    Object.assign(results, figures);
    fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
    const width = Math.max(...Object.keys(figures).map((k) => k.length));
    for (const [k, v] of Object.entries(figures))
      process.stdout.write(`  ${k.padEnd(width)}  ${v.toLocaleString('en-US')}\n`);
  }
  process.stdout.write(`→ ${RESULTS}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
