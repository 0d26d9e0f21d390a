import { describe, expect, it } from 'vitest';
import { geometryFromVertices, signedArea } from '../../renderer/src/features/map/draw-geometry';
import { strings as settingsStrings } from '../../renderer/src/features/settings/strings';
import { strings as unitStrings } from '../../renderer/src/features/units/strings';
import { translateIn } from '../../renderer/src/i18n/define';
import { drawOrder, shortLabel, unitStyle } from '../../renderer/src/features/map/map-style';

describe('geometryFromVertices', () => {
  it('makes a point from one vertex and nothing from two', () => {
    expect(geometryFromVertices([[105.1234567, 9.7654321]])).toEqual({
      type: 'Point',
      coordinates: [105.123457, 9.765432],
    });
    expect(geometryFromVertices([])).toBeNull();
    expect(
      geometryFromVertices([
        [105, 9],
        [105.1, 9],
      ]),
    ).toBeNull();
  });

  it('makes a closed counter-clockwise polygon from three or more', () => {
    const clockwise: [number, number][] = [
      [105, 9],
      [105, 9.1],
      [105.1, 9.1],
      [105.1, 9],
    ];
    const g = geometryFromVertices(clockwise);
    expect(g?.type).toBe('Polygon');
    const ring = g!.type === 'Polygon' ? g!.coordinates[0]! : [];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(signedArea(ring.slice(0, 4))).toBeGreaterThan(0);
  });
});

describe('map style', () => {
  it('keeps numbered names whole and drops the type prefix otherwise', () => {
    expect(shortLabel('Xã Long Điền Đông', 'Xã')).toBe('Long Điền Đông');
    expect(shortLabel('Phường 2', 'Phường')).toBe('Phường 2');
    expect(shortLabel('Thị trấn Gành Hào', 'Thị trấn')).toBe('Gành Hào');
    expect(shortLabel('Ấp 3', 'Ấp')).toBe('Ấp 3');
    expect(shortLabel('<b>x</b>', 'Ấp')).toBe('<b>x</b>');
  });

  it('draws hamlets above communes, dashed, and marks the selection', () => {
    expect(drawOrder('hamlet')).toBeGreaterThan(drawOrder('commune'));
    expect(unitStyle('hamlet', false).dashArray).toBeTruthy();
    expect(unitStyle('commune', true).weight).toBeGreaterThan(unitStyle('commune', false).weight ?? 0);
  });
});

describe('translate (per-feature tables)', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(translateIn(unitStrings, 'vi', 'hamletsCount', { n: 4 })).toBe('4 ấp');
    expect(translateIn(unitStrings, 'en', 'hamletsCount', { n: 4 })).toBe('4 hamlets');
    expect(translateIn(settingsStrings, 'en', 'basemapUrlHelp')).toContain('{z}/{x}/{y}');
  });

  it('says "1 hamlet" in English, not "1 hamlets"', () => {
    expect(translateIn(unitStrings, 'en', 'hamletsCountOne', { n: 1 })).toBe('1 hamlet');
    expect(translateIn(unitStrings, 'vi', 'hamletsCountOne', { n: 1 })).toBe('1 ấp');
  });
});
