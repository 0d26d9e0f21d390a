import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_POSTS_RULES,
  findGaps,
  lastDueShift,
  localDate,
  localMidnightMs,
  type LogFacts,
  type PostFacts,
  previousShift,
  shiftAt,
  shiftKey,
  shiftWindow,
  totalsBy,
  ZERO_FIGURES,
} from '../../shared/posts';

const at = (s: string): number => Date.parse(s);
const isoOf = (ms: number): string => new Date(ms).toISOString();
const three = { shiftsPerDay: 3, firstStart: '06:00' } as const;
const four = { shiftsPerDay: 4, firstStart: '00:00' } as const;

describe('Vietnam-time dates', () => {
  it('count "today" at UTC+07:00: 16:59Z is still the same local day, 17:00Z is the next', () => {
    expect(localDate(at('2021-09-01T16:59:59Z'))).toBe('2021-09-01');
    expect(localDate(at('2021-09-01T17:00:00Z'))).toBe('2021-09-02');
    expect(isoOf(localMidnightMs('2021-09-02'))).toBe('2021-09-01T17:00:00.000Z');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
    expect(() => localMidnightMs('2021-02-30')).toThrow(RangeError);
  });
});

describe('shift windows', () => {
  it('cut the day into equal shifts from the first start, the last one crossing midnight', () => {
    const s1 = shiftWindow(three, '2021-09-01', 1);
    const s3 = shiftWindow(three, '2021-09-01', 3);
    // 06:00 +07 = 23:00Z the day before.
    expect([isoOf(s1.startMs), isoOf(s1.endMs)]).toEqual(['2021-08-31T23:00:00.000Z', '2021-09-01T07:00:00.000Z']);
    // 22:00 → 06:00 next day (local).
    expect([isoOf(s3.startMs), isoOf(s3.endMs)]).toEqual(['2021-09-01T15:00:00.000Z', '2021-09-01T23:00:00.000Z']);
    expect(() => shiftWindow(three, '2021-09-01', 4)).toThrow(RangeError);
    const q = shiftWindow(four, '2021-09-01', 2);
    expect(isoOf(q.startMs)).toBe('2021-08-31T23:00:00.000Z'); // 06:00 local
  });

  it('find the shift in progress; after midnight, a night shift still belongs to the day it began', () => {
    // 02:30 local on 2 Sep = 19:30Z on 1 Sep: shift 3 of 1 Sep (22:00–06:00).
    expect(shiftAt(three, at('2021-09-01T19:30:00Z'))).toMatchObject({ date: '2021-09-01', no: 3 });
    // 06:00 local sharp starts shift 1 (start inclusive, end exclusive).
    expect(shiftAt(three, at('2021-09-01T23:00:00Z'))).toMatchObject({ date: '2021-09-02', no: 1 });
    expect(shiftAt(three, at('2021-09-01T22:59:59Z'))).toMatchObject({ date: '2021-09-01', no: 3 });
    // 4 shifts from midnight: 13:00 local is shift 3 (12–18).
    expect(shiftAt(four, at('2021-09-01T06:00:00Z'))).toMatchObject({ date: '2021-09-01', no: 3 });
    // Odd start times work too: 3 shifts from 07:30, at 07:29 local we are in yesterday's shift 3.
    expect(shiftAt({ shiftsPerDay: 3, firstStart: '07:30' }, at('2021-09-01T00:29:00Z'))).toMatchObject({
      date: '2021-08-31',
      no: 3,
    });
  });

  it('step back across days', () => {
    const s = shiftWindow(three, '2021-09-02', 1);
    expect(previousShift(three, s)).toMatchObject({ date: '2021-09-01', no: 3 });
    expect(previousShift(three, shiftWindow(three, '2021-09-02', 3))).toMatchObject({ date: '2021-09-02', no: 2 });
  });

  it('the last due shift is the latest one that ended at least the grace period ago', () => {
    // 15:30 local on 1 Sep (08:30Z): shift 2 (14–22) runs, shift 1 ended 90 min ago.
    const now = at('2021-09-01T08:30:00Z');
    expect(lastDueShift(three, now, 60)).toMatchObject({ date: '2021-09-01', no: 1 });
    // With 2 hours of grace shift 1 is not due yet: the last due one is yesterday's night shift.
    expect(lastDueShift(three, now, 120)).toMatchObject({ date: '2021-08-31', no: 3 });
    expect(lastDueShift(three, now, 0)).toMatchObject({ date: '2021-09-01', no: 1 });
  });
});

describe('totals', () => {
  const log = (postId: string, communeCode: string | null, date: string, people: number, incidents = 0): LogFacts => ({
    ...ZERO_FIGURES,
    peopleChecked: people,
    vehiclesChecked: people * 2,
    postId,
    communeCode,
    date,
    incidents,
  });
  const logs = [
    log('a', '31975', '2021-09-01', 10, 1),
    log('a', '31975', '2021-09-02', 20),
    log('b', '31975', '2021-09-01', 5, 2),
    log('c', '31978', '2021-09-01', 7),
    log('d', null, '2021-09-02', 1),
  ];

  it('sum per post, per commune and per day, with log and incident counts', () => {
    expect(totalsBy(logs, 'post').map((t) => [t.key, t.peopleChecked, t.vehiclesChecked, t.logs, t.incidents])).toEqual(
      [
        ['a', 30, 60, 2, 1],
        ['b', 5, 10, 1, 2],
        ['c', 7, 14, 1, 0],
        ['d', 1, 2, 1, 0],
      ],
    );
    expect(totalsBy(logs, 'commune').map((t) => [t.key, t.peopleChecked, t.logs, t.incidents])).toEqual([
      ['', 1, 1, 0],
      ['31975', 35, 3, 3],
      ['31978', 7, 1, 0],
    ]);
    expect(totalsBy(logs, 'day').map((t) => [t.key, t.peopleChecked, t.incidents])).toEqual([
      ['2021-09-01', 22, 3],
      ['2021-09-02', 21, 0],
    ]);
    // Every grouping adds up to the same grand total.
    for (const g of ['post', 'commune', 'day'] as const) {
      expect(totalsBy(logs, g).reduce((a, t) => a + t.peopleChecked, 0)).toBe(43);
    }
    expect(totalsBy([], 'day')).toEqual([]);
  });
});

describe('gap rules', () => {
  const post = (over: Partial<PostFacts> & Pick<PostFacts, 'id'>): PostFacts => ({
    name: over.id.toUpperCase(),
    kind: 'checkpoint',
    status: 'active',
    statusSince: '2021-08-01',
    communeCode: '31975',
    borderSegment: null,
    pattern: three,
    ...over,
  });
  // 15:30 local, 1 Sep: the last due shift (grace 60) is shift 1 of 1 Sep.
  const nowMs = at('2021-09-01T08:30:00Z');
  const base = {
    loggedShifts: new Set<string>(),
    communes: [] as { code: string; name: string; level: number }[],
    nowMs,
    rules: DEFAULT_POSTS_RULES,
  };

  it('flag an active post with no log for its last due shift, and only that one', () => {
    const posts = [
      post({ id: 'a' }),
      post({ id: 'b' }),
      post({ id: 'c', status: 'suspended' }),
      // Set up today: its first due shift comes tomorrow.
      post({ id: 'd', statusSince: '2021-09-02' }),
    ];
    const gaps = findGaps({ ...base, posts, loggedShifts: new Set([shiftKey('b', '2021-09-01', 1)]) });
    expect(gaps.map((g) => [g.kind, g.postId, g.shift?.date, g.shift?.no])).toEqual([
      ['missing-log', 'a', '2021-09-01', 1],
    ]);
    expect(gaps[0]!.message.vi).toContain('06:00–14:00');
    // A log of another shift does not help.
    const other = findGaps({
      ...base,
      posts: [post({ id: 'a' })],
      loggedShifts: new Set([shiftKey('a', '2021-09-01', 2)]),
    });
    expect(other).toHaveLength(1);
  });

  it('flag communes at level 3–4 with no active checkpoint (kinds and level from the rules)', () => {
    const communes = [
      { code: '31975', name: 'Long Điền Đông', level: 4 },
      { code: '31978', name: 'Long Điền', level: 3 },
      { code: '31981', name: 'Long Điền Tây', level: 2 },
      { code: '31984', name: 'An Trạch', level: 4 },
    ];
    const posts = [
      post({ id: 'a', communeCode: '31975' }),
      post({ id: 'b', communeCode: '31978', status: 'stood_down' }),
      post({ id: 'c', communeCode: '31984', kind: 'border_post' }),
    ];
    const logged = new Set(posts.map((p) => shiftKey(p.id, '2021-09-01', 1)));
    const gaps = findGaps({ ...base, posts, communes, loggedShifts: logged });
    expect(gaps.map((g) => [g.kind, g.communeCode, g.riskLevel])).toEqual([
      ['commune-uncovered', '31978', 3],
      ['commune-uncovered', '31984', 4],
    ]);
    const strict = findGaps({
      ...base,
      posts,
      communes,
      loggedShifts: logged,
      rules: { ...DEFAULT_POSTS_RULES, gapMinRiskLevel: 4, communeCoverKinds: ['checkpoint', 'border_post'] },
    });
    expect(strict).toEqual([]);
  });

  it('flag border segments where no border post or control point is active', () => {
    const posts = [
      post({ id: 'd1', kind: 'border_post', borderSegment: 'Mốc 770–775', status: 'active' }),
      post({ id: 't1', kind: 'control_point', borderSegment: 'Mốc 776–780', status: 'suspended' }),
      post({ id: 'c1', kind: 'checkpoint', borderSegment: 'Mốc 776–780', status: 'active' }),
      post({ id: 't2', kind: 'control_point', borderSegment: 'Mốc 770–775', status: 'stood_down' }),
    ];
    const logged = new Set(posts.map((p) => shiftKey(p.id, '2021-09-01', 1)));
    const gaps = findGaps({ ...base, posts, loggedShifts: logged });
    expect(gaps.map((g) => [g.kind, g.segment])).toEqual([['segment-uncovered', 'Mốc 776–780']]);
  });
});
