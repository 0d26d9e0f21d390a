import { describe, expect, it } from 'vitest';
import { hasAny, labelled, levelsByDay, periodOf, topByRate } from '../../renderer/src/features/figures/trend-data';

describe('trend data', () => {
  it('gives periods ending on a day', () => {
    expect(periodOf('2021-11-24', 28)).toEqual({ from: '2021-10-28', to: '2021-11-24' });
    expect(periodOf('2021-03-01', 365)).toEqual({ from: '2020-03-02', to: '2021-03-01' });
  });

  it('tells an empty period from one with figures', () => {
    const days = [
      { day: '2021-11-01', f0: 0, samples: 0 },
      { day: '2021-11-02', f0: 0, samples: 12 },
    ];
    expect(hasAny(days, ['f0'])).toBe(false);
    expect(hasAny(days, ['f0', 'samples'])).toBe(true);
    expect(hasAny([], ['f0'])).toBe(false);
    expect(labelled(days).map((d) => d.label)).toEqual(['01/11', '02/11']);
  });

  it('steps the level in force at the end of each Vietnam day, skipping undone ones', () => {
    const history = [
      { level: 3, effectiveFrom: '2021-11-03T05:00:00.000Z', undone: false }, // 12:00 on 03/11
      { level: 4, effectiveFrom: '2021-11-03T06:00:00.000Z', undone: true },
      { level: 2, effectiveFrom: '2021-11-04T18:00:00.000Z', undone: false }, // 01:00 on 05/11 in Vietnam
      { level: 1, effectiveFrom: '2021-11-01T01:00:00.000Z', undone: false },
    ];
    expect(levelsByDay(history, '2021-10-31', '2021-11-06').map((d) => [d.label, d.level])).toEqual([
      ['31/10', null],
      ['01/11', 1],
      ['02/11', 1],
      ['03/11', 3],
      ['04/11', 3],
      ['05/11', 2],
      ['06/11', 2],
    ]);
    expect(levelsByDay([], '2021-11-01', '2021-11-02').map((d) => d.level)).toEqual([null, null]);
  });

  it('ranks communes by incidence, leaving out those without a rate', () => {
    const rows = [
      { code: 'a', per100k: 12.5 },
      { code: 'b', per100k: null },
      { code: 'c', per100k: 180 },
      { code: 'd', per100k: 0 },
      { code: 'e', per100k: 40 },
    ];
    expect(topByRate(rows, 2).map((r) => r.code)).toEqual(['c', 'e']);
    expect(topByRate(rows, 10).map((r) => r.code)).toEqual(['c', 'e', 'a']);
  });
});
