import { describe, expect, it } from 'vitest';
import type { UnitSummary } from '../../shared/contract';
import {
  buildTree,
  chooseDistrict,
  districtsWithGeometry,
  searchOtherDistricts,
  visibleRows,
} from '../../renderer/src/features/units/unit-tree';

function unit(
  code: string,
  name: string,
  level: UnitSummary['level'],
  parentCode: string | null,
  geo = true,
): UnitSummary {
  return {
    code,
    level,
    parentCode,
    name,
    type: name.split(' ')[0] ?? '',
    population: null,
    households: null,
    hasGeometry: geo,
    labelPoint: geo ? [105, 9] : null,
    bbox: geo ? [105, 9, 105.1, 9.1] : null,
  };
}

const units: UnitSummary[] = [
  unit('31978', 'Xã Long Điền Đông A', 'commune', '960'),
  unit('31975', 'Xã Long Điền Đông', 'commune', '960'),
  unit('31975-002', 'Ấp Hòa Thạnh', 'hamlet', '31975'),
  unit('31975-001', 'Ấp Cây Giang', 'hamlet', '31975'),
  unit('31969', 'Thị trấn Gành Hào', 'commune', '960'),
  unit('99999-001', 'Ấp mồ côi', 'hamlet', '99999'),
];

describe('buildTree', () => {
  it('groups hamlets under their commune, both in code order, and drops orphans', () => {
    const tree = buildTree(units);
    expect(tree.map((n) => n.unit.code)).toEqual(['31969', '31975', '31978']);
    expect(tree[1]!.hamlets.map((h) => h.code)).toEqual(['31975-001', '31975-002']);
    expect(tree.flatMap((n) => n.hamlets).some((h) => h.code === '99999-001')).toBe(false);
  });
});

describe('visibleRows', () => {
  const tree = buildTree(units);

  it('shows communes only, plus the hamlets of expanded ones', () => {
    expect(visibleRows(tree, new Set(), '').map((r) => r.unit.code)).toEqual(['31969', '31975', '31978']);
    const rows = visibleRows(tree, new Set(['31975']), '');
    expect(rows.map((r) => [r.unit.code, r.depth])).toEqual([
      ['31969', 0],
      ['31975', 0],
      ['31975-001', 1],
      ['31975-002', 1],
      ['31978', 0],
    ]);
    expect(rows[1]).toMatchObject({ childCount: 2, expanded: true });
  });

  it('searches without diacritics and opens communes whose hamlets match', () => {
    expect(visibleRows(tree, new Set(), 'long dien dong').map((r) => r.unit.code)).toEqual(['31975', '31978']);
    expect(visibleRows(tree, new Set(), 'LONG ĐIỀN 31978').map((r) => r.unit.code)).toEqual(['31978']);
    const rows = visibleRows(tree, new Set(), 'hoa thanh');
    expect(rows.map((r) => r.unit.code)).toEqual(['31975', '31975-002']);
    expect(rows[0]!.expanded).toBe(true);
    expect(visibleRows(tree, new Set(), '31969').map((r) => r.unit.code)).toEqual(['31969']);
    expect(visibleRows(tree, new Set(), 'khong co')).toEqual([]);
  });
});

describe('cross-district search and the default district', () => {
  const communes = [
    unit('31825', 'Phường 7', 'commune', '954'),
    unit('31975', 'Xã Long Điền Đông', 'commune', '960'),
    unit('30001', 'Xã Không Ranh Giới', 'commune', '940', false),
  ];
  const districts = [
    unit('960', 'Huyện Đông Hải', 'district', '95', false),
    unit('940', 'Huyện Khác', 'district', '94', false),
    unit('954', 'Thành phố Bạc Liêu', 'district', '95', false),
  ];

  it('finds communes of other districts only', () => {
    expect(searchOtherDistricts(communes, '954', 'long dien').map((c) => c.code)).toEqual(['31975']);
    expect(searchOtherDistricts(communes, '960', 'long dien')).toEqual([]);
    expect(searchOtherDistricts(communes, '960', '  ')).toEqual([]);
  });

  it('prefers the remembered district, then the first with commune geometry', () => {
    expect([...districtsWithGeometry(communes)].sort()).toEqual(['954', '960']);
    expect(chooseDistrict(districts, communes, '960')).toBe('960');
    expect(chooseDistrict(districts, communes, null)).toBe('954');
    expect(chooseDistrict(districts, communes, 'gone')).toBe('954');
    expect(chooseDistrict(districts, [], null)).toBe('940');
    expect(chooseDistrict([], [], null)).toBeNull();
  });

  it('keeps a chosen district that has no communes at all (an island district)', () => {
    const island = unit('755', 'Huyện Côn Đảo', 'district', '77', false);
    const all = [...districts, island];
    expect(districtsWithGeometry(communes).has('755')).toBe(false);
    expect(chooseDistrict(all, communes, '755')).toBe('755');
  });
});
