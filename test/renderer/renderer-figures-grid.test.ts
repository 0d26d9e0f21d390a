import { describe, expect, it } from 'vitest';
import { parseClipboard, toClipboard } from '../../renderer/src/features/figures/clipboard';
import {
  applyBlock,
  cellKey,
  changedCells,
  clearCells,
  fillDown,
  rowProblems,
  rowsFromSaved,
  rowsToBlock,
  setCell,
  validateRows,
  type GridRow,
  type GridRules,
} from '../../renderer/src/features/figures/grid-model';
import { pushUndo, redo, startUndo, undo, UNDO_LIMIT } from '../../renderer/src/features/figures/undo';
import { showCount } from '../../renderer/src/features/figures/vn-number';
import { FIGURE_FIELDS, parseCount } from '../../shared/figures';
import { FIGURE_RULES, problemText } from '../../renderer/src/features/figures/fields';

type F = 'samples' | 'positives' | 'inQ' | 'released';
const FIELDS: readonly F[] = ['samples', 'positives', 'inQ', 'released'];
/** Rules like the engine's: counts as read here, positives ≤ samples, released ≤ yesterday's in + new. */
const RULES: GridRules<F, { inBefore: number }> = {
  read: parseCount,
  checkRow: (v, row) => [
    ...(v.positives != null && v.samples != null && v.positives > v.samples
      ? [{ field: 'positives' as const, code: 'positives-above-samples' }]
      : []),
    ...(v.released != null && row.extra && v.released > row.extra.inBefore + (v.inQ ?? 0)
      ? [{ field: 'released' as const, code: 'released-above-in' }]
      : []),
  ],
};
const read = RULES.read;
const units = [
  { code: '00001', name: 'Xã A' },
  { code: '00002', name: 'Xã B' },
  { code: '00003', name: 'Xã C' },
];

describe('Vietnamese counts', () => {
  it('reads dots as thousands (the engine reader the grid uses)', () => {
    expect(parseCount('1.234')).toBe(1234);
    expect(parseCount(' 1.234.567 ')).toBe(1234567);
    expect(parseCount('1 234')).toBe(1234);
    expect(parseCount('1\u00a0234')).toBe(1234);
    expect(parseCount('0')).toBe(0);
    expect(parseCount('')).toBeNull();
    expect(parseCount('12,5')).toBe('not-whole');
    expect(parseCount('1.5')).toBe('not-whole');
    expect(parseCount('abc')).toBe('not-whole');
    expect(parseCount('-3')).toBe('negative');
  });
  it('shows counts grouped the Vietnamese way, and reads them back', () => {
    expect(showCount(1234567)).toBe('1.234.567');
    expect(showCount(999)).toBe('999');
    expect(showCount(0)).toBe('0');
    expect(showCount(null)).toBe('');
    for (const n of [0, 7, 1000, 1234, 1_000_000, 9_876_543]) expect(parseCount(showCount(n))).toBe(n);
  });
});

describe('clipboard text', () => {
  it('splits Excel and LibreOffice blocks', () => {
    expect(parseClipboard('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseClipboard('1\t2\n3\t4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseClipboard('1.234')).toEqual([['1.234']]);
    expect(parseClipboard('\t5\n')).toEqual([['', '5']]);
    expect(parseClipboard('"a\tb"\t"say ""hi"""\r\n"two\nlines"\tx\r\n')).toEqual([
      ['a\tb', 'say "hi"'],
      ['two\nlines', 'x'],
    ]);
    expect(parseClipboard('')).toEqual([]);
  });
  it('round-trips a block', () => {
    const block = [
      ['Xã "A"', '1.234', ''],
      ['x\ty', '2', '3'],
    ];
    expect(parseClipboard(toClipboard(block))).toEqual(block);
  });
});

describe('grid rows', () => {
  const rows = rowsFromSaved<F, { inBefore: number }>(
    FIELDS,
    units.map((u, i) => ({
      ...u,
      values: u.code === '00002' ? { samples: 1500, positives: 3 } : {},
      extra: { inBefore: i },
    })),
  );

  it('starts from the saved values, shown the Vietnamese way', () => {
    expect(rows[1]!.text).toEqual({ samples: '1.500', positives: '3', inQ: '', released: '' });
    expect(rows[1]!.saved).toEqual({ samples: 1500, positives: 3, inQ: null, released: null });
    expect(changedCells(rows, FIELDS, read)).toEqual([]);
  });

  it('pastes a block at the active cell, dropping what falls outside, and keeps untouched rows', () => {
    const { rows: next, cells } = applyBlock(rows, FIELDS, 1, 2, [
      ['10', '2', 'beyond'],
      ['1.234', '5'],
      ['past the last row'],
    ]);
    expect(cells).toBe(4);
    expect(next[0]).toBe(rows[0]);
    expect(next[1]!.text).toEqual({ samples: '1.500', positives: '3', inQ: '10', released: '2' });
    expect(next[2]!.text).toEqual({ samples: '', positives: '', inQ: '1.234', released: '5' });
    expect(applyBlock(next, FIELDS, 1, 2, [['10', '2']]).rows).toBe(next);
  });

  it('fills down, clears, and finds what changed', () => {
    let next = setCell(rows, 0, 'samples', '1.234');
    expect(setCell(next, 0, 'samples', '1.234')).toBe(next);
    next = fillDown(next, 'samples', 0, 2);
    expect(next[0]!.extra).toEqual({ inBefore: 0 });
    expect(next.map((r) => r.text.samples)).toEqual(['1.234', '1.234', '1.234']);
    next = clearCells(next, 'positives', [1]);
    expect(changedCells(next, FIELDS, read)).toEqual([
      { code: '00001', field: 'samples', before: null, after: 1234 },
      { code: '00002', field: 'samples', before: 1500, after: 1234 },
      { code: '00002', field: 'positives', before: 3, after: null },
      { code: '00003', field: 'samples', before: null, after: 1234 },
    ]);
    expect(fillDown(next, 'samples', 2, 5)).toBe(next);
  });

  it('marks each refused cell with its reason', () => {
    let next: readonly GridRow<F, { inBefore: number }>[] = rows;
    next = setCell(next, 0, 'samples', '12,5');
    next = setCell(next, 0, 'inQ', '-2');
    next = setCell(next, 1, 'positives', '1.501');
    next = setCell(next, 2, 'inQ', '4');
    next = setCell(next, 2, 'released', '7');
    const { problems, byCell } = validateRows(next, FIELDS, RULES);
    expect(problems.map((p) => [p.code, p.field, p.kind, p.text])).toEqual([
      ['00001', 'samples', 'not-whole', '12,5'],
      ['00001', 'inQ', 'negative', '-2'],
      ['00002', 'positives', 'positives-above-samples', '1.501'],
      ['00003', 'released', 'released-above-in', '7'],
    ]);
    expect(byCell.get(cellKey('00002', 'positives'))?.kind).toBe('positives-above-samples');
    expect(byCell.has(cellKey('00002', 'samples'))).toBe(false);
    // Row 3 had 2 in quarantine the day before: 2 + 4 new may leave, not 7.
    expect(
      validateRows(setCell(next, 2, 'released', '6'), FIELDS, RULES).byCell.has(cellKey('00003', 'released')),
    ).toBe(false);
    // A pair with an unreadable or empty side is not compared.
    expect(validateRows(setCell(next, 1, 'samples', ''), FIELDS, RULES).problems.map((p) => p.kind)).not.toContain(
      'positives-above-samples',
    );
    expect(validateRows(rows, FIELDS, RULES).problems).toEqual([]);
  });

  it('copies out as a block with a header', () => {
    expect(rowsToBlock(rows.slice(1, 2), FIELDS, ['Mã', 'Tên', 'XN', 'DT', 'CL', 'RA'])).toEqual([
      ['Mã', 'Tên', 'XN', 'DT', 'CL', 'RA'],
      ['00002', 'Xã B', '1.500', '3', '', ''],
    ]);
  });
});

describe('undo', () => {
  it('goes back and forth, and forgets the future on a new edit', () => {
    let s = startUndo('a');
    s = pushUndo(s, 'b');
    s = pushUndo(s, 'c');
    expect(pushUndo(s, 'c')).toBe(s);
    s = undo(s);
    expect(s.present).toBe('b');
    s = undo(undo(undo(s)));
    expect(s.present).toBe('a');
    s = redo(s);
    expect(s.present).toBe('b');
    s = pushUndo(s, 'd');
    expect(s.future).toEqual([]);
    expect(redo(s)).toBe(s);
    expect(s.past).toEqual(['a', 'b']);
  });
  it('keeps a bounded number of steps', () => {
    let s = startUndo(0);
    for (let i = 1; i <= UNDO_LIMIT + 50; i++) s = pushUndo(s, i);
    expect(s.past.length).toBe(UNDO_LIMIT);
    expect(s.past[0]).toBe(50);
  });
});

describe('the grid on the real fields', () => {
  const base = rowsFromSaved(FIGURE_FIELDS, [
    { code: '31975', name: 'Long Điền Đông', values: { samples: 100 }, extra: { facility: 10, health: null, home: 4 } },
  ]);

  it("applies the engine's rules: positives above samples, released above yesterday's in plus new", () => {
    let rows = applyBlock(base, FIGURE_FIELDS, 0, FIGURE_FIELDS.indexOf('positives'), [['101']]).rows;
    rows = setCell(rows, 0, 'qFacilityNew', '3');
    rows = setCell(rows, 0, 'qFacilityReleased', '14');
    rows = setCell(rows, 0, 'qHealthReleased', '999');
    const found = validateRows(rows, FIGURE_FIELDS, FIGURE_RULES).problems.map((p) => [p.field, p.kind]);
    // Health has no count for yesterday: its release is not compared.
    expect(found).toEqual([
      ['positives', 'positives-above-samples'],
      ['qFacilityReleased', 'released-above-in'],
    ]);
    expect(problemText('positives-above-samples', 'vi')).toBe('số mẫu dương tính nhiều hơn số mẫu');
    rows = setCell(rows, 0, 'qFacilityReleased', '13');
    rows = setCell(rows, 0, 'positives', '1.0');
    expect(validateRows(rows, FIGURE_FIELDS, FIGURE_RULES).problems.map((p) => [p.field, p.kind])).toEqual([
      ['positives', 'not-whole'],
    ]);
  });

  it('checks a row once per row object', () => {
    const first = rowProblems(base[0]!, FIGURE_FIELDS, FIGURE_RULES);
    expect(rowProblems(base[0]!, FIGURE_FIELDS, FIGURE_RULES)).toBe(first);
    const edited = setCell(base, 0, 'samples', '-1');
    expect(rowProblems(edited[0]!, FIGURE_FIELDS, FIGURE_RULES)).toEqual([{ field: 'samples', code: 'negative' }]);
  });
});
