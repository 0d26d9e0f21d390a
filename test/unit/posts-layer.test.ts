import { describe, expect, it } from 'vitest';
import { POST_KINDS, POST_STATUSES } from '../../shared/posts';
import { barHeights, incidentIconSvg, postCircleStyle, postIconSvg, vnTime } from '../../renderer/src/features/posts/posts-layer';

describe('posts map style', () => {
  it('gives every kind and status its own icon, with no text inside', () => {
    const icons = new Set<string>();
    for (const k of POST_KINDS) for (const s of POST_STATUSES) icons.add(postIconSvg(k, s, false));
    expect(icons.size).toBe(POST_KINDS.length * POST_STATUSES.length);
    for (const svg of icons) expect(svg).toMatch(/^<svg [^>]*>.*<\/svg>$/);
    expect(postIconSvg('checkpoint', 'active', true)).not.toBe(postIconSvg('checkpoint', 'active', false));
    expect(incidentIconSvg()).toContain('#e03131');
  });

  it('fades suspended posts, greys stood-down ones, and outlines the selected one (canvas style)', () => {
    expect(postCircleStyle('border_post', 'active', false)).toMatchObject({ fillOpacity: 1, dashArray: '' });
    expect(postCircleStyle('border_post', 'suspended', false).fillOpacity).toBeLessThan(1);
    expect(postCircleStyle('border_post', 'stood_down', false).fillColor).toBe('#868e96');
    expect(postCircleStyle('checkpoint', 'active', true)).toMatchObject({ color: '#d9480f', radius: 9 });
  });

  it('scales the 7-day bars to the largest day, keeping small non-zero days visible', () => {
    expect(barHeights([0, 50, 100, 1, 0, 0, 25], 60)).toEqual([0, 30, 60, 2, 0, 0, 15]);
    expect(barHeights([0, 0], 60)).toEqual([0, 0]);
  });

  it('shows shift times in Vietnam time', () => {
    expect(vnTime('2021-09-01T15:00:00.000Z')).toBe('22:00');
    expect(vnTime('2021-08-31T23:00:00Z')).toBe('06:00');
  });
});
