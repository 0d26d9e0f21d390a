/**
 * The entry-grid benchmark page (renderer/bench-grid.html, built and driven by
 * test/bench/figures-grid.ts in headless Chromium). On the same 10,599 rows and in the same run it
 * times (a) our FiguresGrid — the component the app renders, react-data-grid with our columns,
 * cell rules and paste handler — and (b) a bare HTML table of the same rows: first render (data
 * in hand → painted), and a pasted 30 × 10 block (the paste event → the new values painted; for
 * the table: the same text parsed and written into its cells). "Painted" = two animation frames.
 */
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { DataGridHandle } from 'react-data-grid';
import { FIGURE_FIELDS } from '../../../shared/figures';
import { parseClipboard, toClipboard } from '../features/figures/clipboard';
import type { FigureRow } from '../features/figures/fields';
import { FiguresGrid, FIRST_FIELD_IDX } from '../features/figures/FiguresGrid';
import { rowsFromSaved } from '../features/figures/grid-model';
import { showCount } from '../features/figures/vn-number';
import { frames, log, RUNS, settle } from './bench-page';

/** What the page leaves for the runner. */
export interface GridBenchOutput {
  readonly rows: number;
  readonly cells: number;
  readonly oursFirst: number[];
  readonly plainFirst: number[];
  readonly oursPaste: number[];
  readonly plainPaste: number[];
}

declare global {
  interface Window {
    __gridBench?: GridBenchOutput | { error: string };
  }
}

const ROWS = 10_599;
const BLOCK_ROWS = 30;
const BLOCK_COLS = 10;
const PASTE_AT = { rowIdx: 5, field: 2 };

/** 10,599 communes with a plausible day of figures each. */
function makeRows(): FigureRow[] {
  return rowsFromSaved(
    FIGURE_FIELDS,
    Array.from({ length: ROWS }, (_, i) => ({
      code: String(i + 1).padStart(5, '0'),
      name: `Xã số ${i + 1}`,
      values: Object.fromEntries(FIGURE_FIELDS.map((f, k) => [f, (i * 7 + k * 13) % 2000])),
      extra: { facility: 5000, health: 5000, home: 5000 },
    })),
  );
}

/** A 30 × 10 block as Excel puts it on the clipboard, with Vietnamese thousands. */
function makeBlock(run: number): string {
  const block = Array.from({ length: BLOCK_ROWS }, (_, r) =>
    Array.from({ length: BLOCK_COLS }, (_, c) => showCount(1000 + run * 100 + r * 10 + c)),
  );
  return toClipboard(block);
}

let gridHandle: DataGridHandle | null = null;

function Bench(props: { readonly rows: readonly FigureRow[] }): React.JSX.Element {
  const [rows, setRows] = useState(props.rows);
  return (
    <FiguresGrid
      rows={rows}
      label="bench"
      commit={setRows}
      onHandle={(h) => {
        gridHandle = h;
      }}
      style={{ blockSize: 680 }}
    />
  );
}

async function oursFirst(rows: readonly FigureRow[]): Promise<{ ms: number; root: Root }> {
  const el = document.getElementById('ours')!;
  const root = createRoot(el);
  const t0 = performance.now();
  flushSync(() =>
    root.render(
      <MantineProvider>
        <Bench rows={rows} />
      </MantineProvider>,
    ),
  );
  await frames(2);
  const ms = performance.now() - t0;
  if (el.querySelectorAll('.rdg-row').length === 0) throw new Error('our grid rendered no rows');
  return { ms, root };
}

async function oursPaste(run: number): Promise<number> {
  const idx = FIRST_FIELD_IDX + PASTE_AT.field;
  flushSync(() => gridHandle?.setActivePosition({ idx, rowIdx: PASTE_AT.rowIdx }, { shouldFocus: true }));
  await frames(2);
  const cell = document.querySelector<HTMLElement>('#ours .rdg-cell[aria-selected="true"]');
  if (!cell) throw new Error('no active cell to paste into');
  const data = new DataTransfer();
  data.setData('text/plain', makeBlock(run));
  const t0 = performance.now();
  cell.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  await frames(2);
  const ms = performance.now() - t0;
  const want = showCount(1000 + run * 100);
  const now = document.querySelector<HTMLElement>('#ours .rdg-cell[aria-selected="true"]')?.textContent;
  if (now !== want) throw new Error(`paste not applied: "${now ?? ''}" instead of "${want}"`);
  return ms;
}

async function plainFirst(rows: readonly FigureRow[]): Promise<number> {
  const el = document.getElementById('plain')!;
  el.replaceChildren();
  const t0 = performance.now();
  const table = document.createElement('table');
  table.className = 'bench-plain';
  const body = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    const name = document.createElement('th');
    name.textContent = r.name;
    tr.append(name);
    for (const f of FIGURE_FIELDS) {
      const td = document.createElement('td');
      td.textContent = r.text[f];
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  el.append(table);
  await frames(2);
  return performance.now() - t0;
}

async function plainPaste(run: number): Promise<number> {
  const body = document.querySelector('#plain tbody')!;
  const t0 = performance.now();
  const block = parseClipboard(makeBlock(run));
  block.forEach((line, r) => {
    const tr = body.children[PASTE_AT.rowIdx + r];
    line.forEach((text, c) => {
      const td = tr?.children[1 + PASTE_AT.field + c];
      if (td) td.textContent = text;
    });
  });
  await frames(2);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const rows = makeRows();
  const out = {
    oursFirst: [] as number[],
    plainFirst: [] as number[],
    oursPaste: [] as number[],
    plainPaste: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    document.getElementById('plain')!.style.visibility = 'visible';
    out.plainFirst.push(await plainFirst(rows));
    await settle();
    out.plainPaste.push(await plainPaste(run));
    document.getElementById('plain')!.style.visibility = 'hidden';
    await settle();
    const ours = await oursFirst(rows);
    out.oursFirst.push(ours.ms);
    await settle();
    out.oursPaste.push(await oursPaste(run));
    ours.root.unmount();
    await settle();
    log(
      `run ${run + 1}: ours first ${Math.round(out.oursFirst[run]!)} ms, paste ${Math.round(out.oursPaste[run]!)} ms; plain first ${Math.round(out.plainFirst[run]!)} ms, paste ${Math.round(out.plainPaste[run]!)} ms`,
    );
  }
  window.__gridBench = { rows: ROWS, cells: BLOCK_ROWS * BLOCK_COLS, ...out };
}

main().catch((err: unknown) => {
  window.__gridBench = { error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
});
