import { describe, expect, it } from 'vitest';
import { checkUnitGeometry, geometryBbox } from '../../shared/geo';
import { compareVi, escapeHtml, fold, matchesQuery } from '../../shared/text';
import { hamletCode, levelOfCode, normaliseGsoCode, parentLevel } from '../../shared/units';

describe('Vietnamese text', () => {
  it('folds diacritics and đ', () => {
    expect(fold('Xã Long Điền Đông')).toBe('xa long dien dong');
    expect(fold('  Thị   trấn  ')).toBe('thi tran');
  });
  it('matches every word in any order, without diacritics', () => {
    expect(matchesQuery('Xã Long Điền Đông', 'long dien dong')).toBe(true);
    expect(matchesQuery('Xã Long Điền Đông', 'dong long')).toBe(true);
    expect(matchesQuery('Xã Long Điền Tây', 'long dien dong')).toBe(false);
    expect(matchesQuery('Xã Long Điền Đông', 'long dien d')).toBe(true);
    // Words match from their start: "a" is not found inside "xa".
    expect(matchesQuery('Xã Long Điền Đông', 'dong a')).toBe(false);
    expect(matchesQuery('Xã Long Điền Đông A', 'dong a')).toBe(true);
    expect(matchesQuery('Phường 2 (31831)', '31831')).toBe(true);
  });
  it('sorts the Vietnamese way', () => {
    const names = ['Đông', 'Dương', 'An', 'Ân', 'Bình'];
    expect([...names].sort(compareVi)).toEqual(['An', 'Ân', 'Bình', 'Dương', 'Đông']);
  });
  it('escapes HTML', () => {
    expect(escapeHtml('<img src=x onerror="a">')).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;');
  });
});

describe('GSO codes', () => {
  it('zero-pads integers and short strings by level', () => {
    expect(normaliseGsoCode(1, 'province')).toBe('01');
    expect(normaliseGsoCode(4, 'commune')).toBe('00004');
    expect(normaliseGsoCode('958', 'district')).toBe('958');
    expect(normaliseGsoCode('31975.0', 'commune')).toBe('31975');
  });
  it('refuses what is not a code of that level', () => {
    expect(normaliseGsoCode('123456', 'commune')).toBeNull();
    expect(normaliseGsoCode('12a', 'district')).toBeNull();
    expect(normaliseGsoCode(null, 'district')).toBeNull();
    expect(normaliseGsoCode(-3, 'district')).toBeNull();
    expect(normaliseGsoCode('', 'province')).toBeNull();
  });
  it('knows levels from code shapes and parents', () => {
    expect(levelOfCode('95')).toBe('province');
    expect(levelOfCode('958')).toBe('district');
    expect(levelOfCode('31975')).toBe('commune');
    expect(levelOfCode(hamletCode('31975', 7))).toBe('hamlet');
    expect(hamletCode('31975', 7)).toBe('31975-007');
    expect(parentLevel('commune')).toBe('district');
    expect(parentLevel('province')).toBeNull();
  });
});

describe('geometry checks', () => {
  const square = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];
  it('accepts polygons and multipolygons, points only for hamlets', () => {
    expect(checkUnitGeometry({ type: 'Polygon', coordinates: [square] }, false).ok).toBe(true);
    expect(checkUnitGeometry({ type: 'MultiPolygon', coordinates: [[square]] }, false).ok).toBe(true);
    expect(checkUnitGeometry({ type: 'Point', coordinates: [105, 9] }, true).ok).toBe(true);
    const p = checkUnitGeometry({ type: 'Point', coordinates: [105, 9] }, false);
    expect(p.ok === false && p.problem).toBe('unsupported-type');
  });
  it('names the problem of a broken ring', () => {
    const open = checkUnitGeometry({ type: 'Polygon', coordinates: [square.slice(0, 4)] }, false);
    expect(open.ok === false && open.problem).toBe('ring-not-closed');
    const short = checkUnitGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      false,
    );
    expect(short.ok === false && short.problem).toBe('ring-too-short');
    const far = checkUnitGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [500, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      false,
    );
    expect(far.ok === false && far.problem).toBe('out-of-range');
    const nan = checkUnitGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            ['a', 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      false,
    );
    expect(nan.ok === false && nan.problem).toBe('bad-coordinates');
    expect(checkUnitGeometry(null, false).ok).toBe(false);
    expect(checkUnitGeometry({ type: 'LineString', coordinates: [] }, false).ok).toBe(false);
  });
  it('computes a bbox', () => {
    expect(geometryBbox({ type: 'Polygon', coordinates: [square] })).toEqual([0, 0, 1, 1]);
  });
});
