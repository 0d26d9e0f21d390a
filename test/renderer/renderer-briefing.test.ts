import { describe, expect, it } from 'vitest';
import type { Cluster, Lockdown } from '../../shared/contract-clusters';
import type { BriefingData } from '../../renderer/src/features/briefing/briefing-data';
import {
  changeRows,
  hotRows,
  incidentRows,
  legendRows,
  postRows,
  windowSums,
  standingAt,
} from '../../renderer/src/features/briefing/briefing-model';
import { slideAfterKey } from '../../renderer/src/features/briefing/present-keys';

const feature = (code: string, name: string) => ({
  type: 'Feature' as const,
  id: code,
  geometry: { type: 'Point', coordinates: [0, 0] },
  properties: { code, name, level: 'commune' as const, type: 'Xã', parentCode: '999' },
});
const level = (code: string, l: number, reason = '', setBy = '') =>
  [code, { code, level: l, effectiveFrom: '2021-11-24T03:15:00.000Z', reason, setBy, assessmentId: code }] as const;

const data = {
  params: { date: '2021-11-24', within: '999' },
  at: '2021-11-24T16:59:59.999Z',
  unit: null,
  units: [
    { code: '1', name: 'Xã Ấp Một' },
    { code: '2', name: 'Xã Bình' },
    { code: '3', name: 'Xã Cà' },
  ],
  features: {
    type: 'FeatureCollection',
    features: [feature('1', 'Xã Ấp Một'), feature('2', 'Xã Bình'), feature('3', 'Xã Cà')],
  },
  levels: new Map([level('1', 4, 'Ổ dịch', 'Lan (ui)'), level('2', 3), level('999', 3)]),
  changed: [{ code: '1', from: 1, to: 4 }],
  rollup: null,
  coverage: new Map([
    [
      '1',
      {
        code: '1',
        overseers: [
          { personId: 'p1', fullName: 'Nguyễn Văn A', role: 'phu-trach', source: 'assignment' },
          { personId: 'p1', fullName: 'Nguyễn Văn A', role: 'phu-trach', source: 'steering' },
        ],
        teamName: null,
      },
    ],
  ]),
  phones: new Map([['p1', ['0912345678']]]),
  posts: [
    { id: 'a', name: 'Chốt A', kind: 'checkpoint', communeName: 'Xã Bình', status: 'active' },
    { id: 'b', name: 'Chốt B', kind: 'checkpoint', communeName: null, status: 'stood_down' },
  ],
  postDay: new Map([['a', { peopleChecked: 10, vehiclesChecked: 2, turnedBack: 1, logs: 1, incidents: 1 }]]),
  incidents: [
    {
      id: 'i2',
      postName: 'Chốt A',
      type: 'other',
      at: '2021-11-24T09:00:00Z',
      place: 'bến',
      people: 1,
      handling: 'fined',
      lon: 1,
      lat: 2,
    },
    {
      id: 'i1',
      postName: 'Chốt A',
      type: 'illegal_entry',
      at: '2021-11-24T01:00:00Z',
      place: 'mốc 770',
      people: 3,
      handling: 'quarantine',
      lon: 3,
      lat: 4,
    },
  ],
  trend: [],
} as unknown as BriefingData;

describe('briefing rows', () => {
  it('counts the mapped units per level for the legend', () => {
    const rows = legendRows(data, 'vi');
    expect(rows.map((r) => [r.level, r.count])).toEqual([
      [4, 1],
      [3, 1],
      [2, 0],
      [1, 0],
      [0, 1],
    ]);
  });

  it('lists changes with reason and who, and red/orange areas (not the district itself) with phones, once per person', () => {
    expect(changeRows(data)).toMatchObject([{ name: 'Xã Ấp Một', from: 1, to: 4, reason: 'Ổ dịch', who: 'Lan (ui)' }]);
    const hot = hotRows(data, 'vi');
    expect(hot.map((h) => h.code)).toEqual(['1', '2']);
    expect(hot[0]!.overseers).toEqual([{ name: 'Nguyễn Văn A', role: 'Phụ trách địa bàn', phones: ['0912345678'] }]);
    expect(hot[1]!.overseers).toEqual([]);
  });

  it('keeps posts in operation with the day’s totals, and numbers incidents in time order', () => {
    const posts = postRows(data, 'en');
    expect(posts.rows.map((r) => r.name)).toEqual(['Chốt A']);
    expect(posts.totals).toMatchObject({ peopleChecked: 10, incidents: 1 });
    expect(posts.total).toBe(2);
    expect(incidentRows(data, 'vi').map((i) => [i.no, i.place])).toEqual([
      [1, 'mốc 770'],
      [2, 'bến'],
    ]);
    expect(windowSums([1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2], 7)).toEqual({ last: 14, previous: 7 });
  });
});

describe('presentation keys', () => {
  it('moves with arrows, pages and Home/End, stays in range, and leaves on Escape', () => {
    expect(slideAfterKey('ArrowRight', 0, 5)).toBe(1);
    expect(slideAfterKey('ArrowRight', 4, 5)).toBe(4);
    expect(slideAfterKey('ArrowLeft', 0, 5)).toBe(0);
    expect(slideAfterKey('PageUp', 3, 5)).toBe(2);
    expect(slideAfterKey('End', 0, 5)).toBe(4);
    expect(slideAfterKey('Home', 3, 5)).toBe(0);
    expect(slideAfterKey('Escape', 2, 5)).toBeNull();
    expect(slideAfterKey('a', 2, 5)).toBeUndefined();
  });
});

describe('clusters and lockdowns in a briefing', () => {
  const cluster = (id: string, openedOn: string, closedOn: string | null): Cluster =>
    ({ id, name: id, openedOn, closedOn, status: closedOn ? 'closed' : 'active' }) as Cluster;
  const lockdown = (id: string, startsAt: string, endsAt: string, endedAt: string | null): Lockdown =>
    ({ id, name: id, startsAt, endsAt, endedAt, state: endedAt ? 'ended' : 'in_force' }) as Lockdown;

  it('shows the picture of the briefing day, not of today', () => {
    const day = '2021-11-24';
    const at = '2021-11-24T23:59:00+07:00';
    const got = standingAt(
      [
        cluster('open-then', '2021-11-01', null),
        cluster('closed-later', '2021-10-01', '2021-12-01'),
        cluster('closed-before', '2021-10-01', '2021-11-20'),
        cluster('opened-later', '2021-11-25', null),
      ],
      [
        lockdown('in-force', '2021-11-20T08:00:00+07:00', '2021-11-30T08:00:00+07:00', null),
        lockdown(
          'ended-early-later',
          '2021-11-20T08:00:00+07:00',
          '2021-12-30T08:00:00+07:00',
          '2021-11-28T08:00:00+07:00',
        ),
        lockdown(
          'ended-that-morning',
          '2021-11-10T08:00:00+07:00',
          '2021-11-30T08:00:00+07:00',
          '2021-11-24T09:00:00+07:00',
        ),
        lockdown('starts-later', '2021-11-26T08:00:00+07:00', '2021-11-30T08:00:00+07:00', null),
      ],
      day,
      at,
    );
    expect(got.clusters.map((c) => c.id)).toEqual(['open-then', 'closed-later']);
    expect(got.lockdowns.map((l) => l.id)).toEqual(['in-force', 'ended-early-later']);
    expect(got.lockdowns.every((l) => l.state === 'in_force')).toBe(true);
  });
});
