import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/engine/db';
import type { Engine } from '../../electron/engine/engine';
import { MIGRATIONS } from '../../electron/engine/migrations/index';
import { CallError, call, freshEngine, tempDir } from '../helpers/engine';
import { TRAINING_POST_ID } from '../../electron/engine/clusters/training';

/** The training district's own checkpoint (it guards the training lockdown). */
const ours = <T extends { id: string }>(posts: readonly T[]): T[] => posts.filter((p) => p.id !== TRAINING_POST_ID);

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

// 15:30 Vietnam time on 1 Sep 2021: shift 2 (14:00–22:00) of a 3-shift 06:00 pattern is running.
let clock = Date.parse('2021-09-01T08:30:00Z');
function make(): Engine {
  clock = Date.parse('2021-09-01T08:30:00Z');
  const { engine } = freshEngine({ seedTraining: true, now: () => clock });
  open.push(engine);
  return engine;
}
const pointOf = (e: Engine, code: string): { lon: number; lat: number } => {
  const [lon, lat] = call(e, 'units.get', { code }).unit.labelPoint!;
  return { lon, lat };
};
const count = (e: Engine, table: string): number =>
  (e.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Every table this feature and the write path touch, for "nothing changed". */
const state = (e: Engine): string =>
  JSON.stringify(
    ['posts', 'post_logs', 'post_incidents', 'audit', 'changes'].map((t) =>
      e.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all(),
    ),
  );
const errorOf = (fn: () => unknown): CallError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('expected an CallError');
};

describe('posts: places and shift logs', () => {
  it('logs a shift with an incident; the list, the card, today’s incidents and the totals show it', () => {
    const e = make();
    const post = call(e, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt cầu An Bình',
      ...pointOf(e, '99901'),
      commander: 'Nguyễn Văn A',
      phone: '0912 345 678',
      staff: { police: 2, military: 2, health: 1, volunteer: 3 },
      pattern: { shiftsPerDay: 3, firstStart: '06:00' },
    });
    expect(post).toMatchObject({ communeCode: '99901', status: 'active', statusSince: '2021-09-01' });
    expect(post.staff).toEqual({ police: 2, military: 2, border_guard: 0, health: 1, volunteer: 3 });

    const log = call(e, 'posts.logShift', {
      postId: post.id,
      figures: { peopleChecked: 120, vehiclesChecked: 45, turnedBack: 3, healthDeclarations: 118, tempAlerts: 1 },
      incidents: [{ type: 'forcing', at: '2021-09-01T15:10:00+07:00', place: 'đầu cầu', people: 2, handling: 'fined' }],
    });
    expect(log.shift).toEqual({
      date: '2021-09-01',
      no: 2,
      start: '2021-09-01T07:00:00.000Z',
      end: '2021-09-01T15:00:00.000Z',
    });
    expect(log.incidents).toHaveLength(1);
    expect(log.incidents[0]).toMatchObject({ type: 'forcing', at: '2021-09-01T08:10:00.000Z', postName: post.name });

    const [listed] = call(e, 'posts.list', { within: '999' });
    expect(listed!.today).toMatchObject({ peopleChecked: 120, vehiclesChecked: 45, logs: 1, incidents: 1 });
    expect(listed!.currentShift).toMatchObject({ no: 2, logged: true });
    expect(call(e, 'posts.list', { hasIncidentsToday: true }).map((p) => p.id)).toEqual([post.id]);
    expect(ours(call(e, 'posts.list', { hasIncidentsToday: false }))).toEqual([]);

    const card = call(e, 'posts.get', { id: post.id });
    expect(card.last7.map((d) => d.date)).toEqual([
      '2021-08-26',
      '2021-08-27',
      '2021-08-28',
      '2021-08-29',
      '2021-08-30',
      '2021-08-31',
      '2021-09-01',
    ]);
    expect(card.last7[6]).toMatchObject({ peopleChecked: 120, incidents: 1, logs: 1 });
    expect(card.last7.slice(0, 6).every((d) => d.logs === 0)).toBe(true);
    expect(card.logs[0]!.incidents[0]!.place).toBe('đầu cầu');

    expect(call(e, 'posts.incidents', {}).map((i) => i.type)).toEqual(['forcing']);
    expect(call(e, 'posts.incidents', { date: '2021-08-31' })).toEqual([]);

    // Logging the same shift again updates it; figures not given keep their values.
    const again = call(e, 'posts.logShift', {
      postId: post.id,
      date: '2021-09-01',
      shift: 2,
      figures: { peopleChecked: 130 },
    });
    expect(again.id).toBe(log.id);
    expect(again).toMatchObject({ peopleChecked: 130, vehiclesChecked: 45 });
    expect(count(e, 'post_logs')).toBe(1);

    // Every write went through the write path: audited and change-logged.
    const audit = call(e, 'audit.list', { entity: 'postLog', limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(['post.log', 'post.log']);
    expect(call(e, 'audit.list', { entity: 'postIncident', limit: 10 })[0]!.action).toBe('post.incident');
    expect((e.db.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'postLog'").get() as { n: number }).n).toBe(
      2,
    );
  });

  it('counts a night shift after midnight on its operational day, in the list and the card', () => {
    const e = make();
    const post = call(e, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt đêm',
      ...pointOf(e, '99901'),
      pattern: { shiftsPerDay: 3, firstStart: '06:00' },
    });
    // 04:15 Vietnam time on 2 Sep: shift 3 of 1 Sep (22:00–06:00) is in progress.
    clock = Date.parse('2021-09-01T21:15:00Z');
    call(e, 'posts.logShift', {
      postId: post.id,
      figures: { peopleChecked: 150 },
      incidents: [{ type: 'illegal_entry', at: '2021-09-01T23:40:00+07:00', place: 'bến đò', people: 3 }],
    });
    const listed = call(e, 'posts.list', {}).find((p) => p.id === post.id)!;
    expect(listed.currentShift).toMatchObject({ date: '2021-09-01', no: 3, logged: true });
    // The shift's people and its incident count under the same "today" as the chart.
    expect(listed.today).toMatchObject({ peopleChecked: 150, incidents: 1 });
    const card = call(e, 'posts.get', { id: post.id });
    expect(card.last7.at(-1)).toMatchObject({ date: '2021-09-01', peopleChecked: 150, incidents: 1 });
    // Once 2 Sep's first shift starts, the operational day moves on.
    clock = Date.parse('2021-09-01T23:30:00Z');
    expect(call(e, 'posts.list', {}).find((p) => p.id === post.id)!.today.peopleChecked).toBe(0);
  });

  it('groups totals per post, commune and day over a date range', () => {
    const e = make();
    const a = call(e, 'posts.save', { kind: 'checkpoint', name: 'A', ...pointOf(e, '99901') });
    const b = call(e, 'posts.save', { kind: 'checkpoint', name: 'B', ...pointOf(e, '99902') });
    call(e, 'posts.logShift', { postId: a.id, date: '2021-08-31', shift: 3, figures: { peopleChecked: 10 } });
    call(e, 'posts.logShift', { postId: a.id, date: '2021-09-01', shift: 1, figures: { peopleChecked: 20 } });
    call(e, 'posts.logShift', {
      postId: b.id,
      date: '2021-09-01',
      shift: 1,
      figures: { peopleChecked: 5 },
      incidents: [{ type: 'false_papers', at: '2021-09-01T07:00:00+07:00', handling: 'returned' }],
    });
    const byDay = call(e, 'posts.totals', { from: '2021-08-31', to: '2021-09-01', group: 'day' });
    expect(byDay.map((t) => [t.key, t.peopleChecked, t.logs, t.incidents])).toEqual([
      ['2021-08-31', 10, 1, 0],
      ['2021-09-01', 25, 2, 1],
    ]);
    const byCommune = call(e, 'posts.totals', {
      within: '999',
      from: '2021-09-01',
      to: '2021-09-01',
      group: 'commune',
    });
    expect(byCommune.map((t) => [t.key, t.label, t.peopleChecked])).toEqual([
      ['99901', 'Xã An Bình', 20],
      ['99902', 'Xã Phú Thạnh', 5],
    ]);
    const byPost = call(e, 'posts.totals', { from: '2021-08-01', to: '2021-09-30', group: 'post' });
    // Grouped per post, sorted by the post's id.
    const expected = [
      [a.id, 'A', 30, 2],
      [b.id, 'B', 5, 1],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byPost.map((t) => [t.key, t.label, t.peopleChecked, t.logs])).toEqual(expected);
  });

  it('refuses a shift the pattern lacks, a shift not yet begun and an incident outside its shift, writing nothing', () => {
    const e = make();
    const post = call(e, 'posts.save', {
      kind: 'checkpoint',
      name: 'Chốt X',
      ...pointOf(e, '99901'),
      pattern: { shiftsPerDay: 4, firstStart: '00:00' },
    });
    const before = state(e);
    expect(errorOf(() => call(e, 'posts.logShift', { postId: post.id, date: '2021-09-01', shift: 5 })).message).toMatch(
      /Chốt X.*4 shifts a day, no shift 5/,
    );
    // Shift 4 (18:00–24:00) starts after 15:30.
    expect(errorOf(() => call(e, 'posts.logShift', { postId: post.id, date: '2021-09-01', shift: 4 })).message).toMatch(
      /has not started/,
    );
    const outside = errorOf(() =>
      call(e, 'posts.logShift', {
        postId: post.id,
        date: '2021-09-01',
        shift: 2,
        figures: { peopleChecked: 9 },
        incidents: [
          { type: 'other', at: '2021-09-01T07:00:00+07:00' },
          { type: 'forcing', at: '2021-09-01T13:00:00+07:00' },
        ],
      }),
    );
    expect(outside.message).toMatch(/incident 2 is outside the shift/);
    expect(errorOf(() => call(e, 'posts.logShift', { postId: 'nope' })).code).toBe('not-found');
    expect(state(e)).toBe(before);
  });

  it('tombstones a deleted post and detaches its control points', () => {
    const e = make();
    const don = call(e, 'posts.save', { kind: 'border_post', name: 'Đồn BP', ...pointOf(e, '99903') });
    const to = call(e, 'posts.save', {
      kind: 'control_point',
      name: 'Tổ 1',
      ...pointOf(e, '99903'),
      parentId: don.id,
    });
    expect(call(e, 'posts.get', { id: don.id }).controlPoints.map((c) => c.id)).toEqual([to.id]);
    expect(
      errorOf(() => call(e, 'posts.save', { kind: 'control_point', name: 'T', lon: 1, lat: 1, parentId: to.id }))
        .message,
    ).toMatch(/not a border post/);
    call(e, 'posts.delete', { id: don.id, reason: 'Giải thể' });
    expect(e.db.prepare('SELECT deleted FROM posts WHERE id = ?').get(don.id)).toEqual({ deleted: 1 });
    expect(ours(call(e, 'posts.list', {})).map((p) => [p.id, p.parentId])).toEqual([[to.id, null]]);
  });
});

describe('posts: gaps', () => {
  it('warn of a missing last-shift log, a level-3 commune with no checkpoint, and an unguarded border segment', () => {
    const e = make();
    call(e, 'risk.set', { codes: ['99902'], level: 3, reason: 'Ổ dịch' });
    call(e, 'risk.set', { codes: ['99904'], level: 2, reason: 'Ca lẻ' });
    const kinds = (): string[][] =>
      call(e, 'posts.gaps', { within: '999' }).map((g) => [g.kind, g.postId ?? g.communeCode ?? g.segment ?? '']);
    expect(kinds()).toEqual([['commune-uncovered', '99902']]);

    // A post set up yesterday: at 15:30 its shift 1 (06–14) is due and has no log.
    clock = Date.parse('2021-08-31T03:00:00Z');
    const post = call(e, 'posts.save', { kind: 'checkpoint', name: 'Chốt Phú Thạnh', ...pointOf(e, '99902') });
    const don = call(e, 'posts.save', {
      kind: 'border_post',
      name: 'Đồn 1',
      ...pointOf(e, '99905'),
      status: 'suspended',
      borderSegment: 'Mốc 770–772',
      markers: 'mốc 770, mốc 771, mốc 772',
      neighbourCountry: 'Campuchia',
    });
    call(e, 'posts.logShift', { postId: post.id, date: '2021-08-31', shift: 1 });
    clock = Date.parse('2021-09-01T08:30:00Z');
    const gaps = call(e, 'posts.gaps', { within: '999' });
    expect(gaps.map((g) => [g.kind, g.postId ?? g.communeCode ?? g.segment])).toEqual([
      ['missing-log', post.id],
      ['segment-uncovered', 'Mốc 770–772'],
    ]);
    expect(gaps[0]!.shift).toMatchObject({ date: '2021-09-01', no: 1 });
    const missing = (id: string): boolean | undefined =>
      call(e, 'posts.list', {}).find((p) => p.id === id)?.lastDueShift.missing;
    // The list and the card say the same as the warnings.
    expect(missing(post.id)).toBe(true);
    expect(gaps[0]!.message.en).toBe('Chốt Phú Thạnh: no log for shift 1 (2021-09-01 06:00–14:00)');

    call(e, 'posts.logShift', { postId: post.id, date: '2021-09-01', shift: 1, figures: { peopleChecked: 1 } });
    expect(missing(post.id)).toBe(false);
    call(e, 'posts.save', { ...don, status: 'active', statusSince: '2021-09-01' });
    // Reactivated today, the border post is not blamed for this morning's shift: no warnings left.
    expect(kinds()).toEqual([]);

    // Settings drive the rules: lower the risk threshold, and cấp 2 communes count too.
    call(e, 'posts.setRules', { gapMinRiskLevel: 2 });
    expect(kinds()).toEqual([['commune-uncovered', '99904']]);
  });
});

const GOOD_CSV = [
  'name,kind,lat,lon,status,police,military,health,volunteer,shifts_per_day,first_shift_start,border_segment,markers,neighbour_country,parent',
  'Đồn Biên phòng Tập Huấn,đồn biên phòng,LAT3,LON3,hoạt động,0,2,1,0,3,06:00,Mốc 770–775,"mốc 770, mốc 771",Campuchia,',
  'Tổ 1,tổ/chốt,LAT3,LON3,active,1,1,1,0,4,00:00,Mốc 770–775,mốc 770,Campuchia,Đồn Biên phòng Tập Huấn',
  '"Chốt cầu ""Hòa Lạc""",checkpoint,LAT1,LON1,,2,2,1,4,,,,,,',
].join('\n');

function csvFor(e: Engine, template: string): string {
  const p1 = pointOf(e, '99901');
  const p3 = pointOf(e, '99903');
  return template
    .replaceAll('LAT1', String(p1.lat))
    .replaceAll('LON1', String(p1.lon))
    .replaceAll('LAT3', String(p3.lat))
    .replaceAll('LON3', String(p3.lon));
}

describe('posts: CSV import and export', () => {
  it('previews per row and imports in one transaction; the commune comes from the point', () => {
    const e = make();
    const text = csvFor(e, GOOD_CSV);
    const before = state(e);
    const preview = call(e, 'posts.importPreview', { fileName: 'chot.csv', text });
    expect(preview.errorCount).toBe(0);
    expect(preview.rows.map((r) => [r.row, r.action, r.name, r.communeCode])).toEqual([
      [2, 'create', 'Đồn Biên phòng Tập Huấn', '99903'],
      [3, 'create', 'Tổ 1', '99903'],
      [4, 'create', 'Chốt cầu "Hòa Lạc"', '99901'],
    ]);
    expect(state(e)).toBe(before);
    expect(call(e, 'posts.import', { fileName: 'chot.csv', text })).toEqual({
      fileName: 'chot.csv',
      created: 3,
      updated: 0,
    });
    const posts = call(e, 'posts.list', {});
    const don = posts.find((p) => p.kind === 'border_post')!;
    const to = posts.find((p) => p.kind === 'control_point')!;
    expect(to.parentId).toBe(don.id);
    expect(to.pattern).toEqual({ shiftsPerDay: 4, firstStart: '00:00' });
    expect(don.markers).toBe('mốc 770, mốc 771');
    // The same file again updates nothing and duplicates nothing (matched by kind and name).
    expect(call(e, 'posts.import', { fileName: 'chot.csv', text })).toMatchObject({ created: 0, updated: 0 });
    expect(ours(call(e, 'posts.list', {}))).toHaveLength(3);
  });

  it('reports every bad row with its row number and column, and writes nothing', () => {
    const e = make();
    const bad = csvFor(
      e,
      [
        'name,kind,lat,lon,commune_code,status,police,shifts_per_day,first_shift_start,opened_on,parent',
        'Chốt tốt,checkpoint,LAT1,LON1,,,1,3,06:00,01/09/2021,',
        ',chốt,LAT1,LON1,,,,,,,',
        'Chốt 3,trạm,LAT1,abc,,,,,,,',
        'Chốt 4,checkpoint,LAT1,LON1,99999,nghỉ,-2,5,25:00,31/02/2021,Đồn không có',
      ].join('\n'),
    );
    const preview = call(e, 'posts.importPreview', { fileName: 'hong.csv', text: bad });
    expect(preview.errorCount).toBe(3);
    const cols = (row: number): string[] => preview.rows.find((r) => r.row === row)!.errors.map((x) => x.column);
    expect(preview.rows.find((r) => r.row === 2)!.action).toBe('create');
    expect(cols(3)).toEqual(['name']);
    expect(cols(4)).toEqual(['kind', 'lon']);
    expect(cols(5)).toEqual([
      'commune_code',
      'status',
      'opened_on',
      'police',
      'shifts_per_day',
      'first_shift_start',
      'parent',
    ]);
    const before = state(e);
    const err = errorOf(() => call(e, 'posts.import', { fileName: 'hong.csv', text: bad }));
    expect(err.code).toBe('bad-file');
    expect(err.message).toMatch(/3 rows with errors, nothing written/);
    // One language per text now (was "dòng/row 3, cột/column name: thiếu tên / name missing").
    expect(err.details).toContain('hong.csv dòng 3, cột name: thiếu tên');
    expect(err.detailsText?.map((d) => d.en)).toContain('hong.csv row 3, column name: name missing');
    expect(err.details!.some((d) => d.startsWith('hong.csv dòng 5, cột commune_code:'))).toBe(true);
    expect(state(e)).toBe(before);
    expect(count(e, 'posts')).toBe(1);

    // Missing or unknown columns refuse the file as a whole.
    expect(
      errorOf(() => call(e, 'posts.importPreview', { fileName: 'x.csv', text: 'name,kind\nA,chốt' })).message,
    ).toMatch(/missing columns lat, lon/);
    expect(
      errorOf(() =>
        call(e, 'posts.importPreview', { fileName: 'x.csv', text: 'name,kind,lat,lon,comune\nA,chốt,1,1,2' }),
      ).message,
    ).toMatch(/unknown columns comune/);
  });

  it('exports posts as CSV that imports back unchanged, and as GeoJSON points', () => {
    const e = make();
    call(e, 'posts.import', { fileName: 'chot.csv', text: csvFor(e, GOOD_CSV) });
    const csv = call(e, 'posts.export', { format: 'csv' });
    expect(csv.text.startsWith('\uFEFFid,name,kind,lat,lon,commune_code')).toBe(true);
    const other = freshEngine({ seedTraining: true, now: () => clock }).engine;
    open.push(other);
    expect(call(other, 'posts.import', { fileName: csv.fileName, text: csv.text })).toMatchObject({ created: 3 });
    const strip = (en: Engine) =>
      call(en, 'posts.list', {}).map(({ currentShift: _c, lastDueShift: _l, today: _t, ...p }) => p);
    expect(strip(other)).toEqual(strip(e));

    const geo = JSON.parse(call(e, 'posts.export', { format: 'geojson', within: '999' }).text) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.filter((f) => f.properties['id'] !== TRAINING_POST_ID)).toHaveLength(3);
    const don = geo.features.find((f) => f.properties['kind'] === 'border_post')!;
    expect(don.geometry.type).toBe('Point');
    expect(don.geometry.coordinates).toEqual([pointOf(e, '99903').lon, pointOf(e, '99903').lat]);
    expect(don.properties).toMatchObject({ commune_code: '99903', markers: 'mốc 770, mốc 771', staff_military: 2 });
  });

  it('exports the logs of a date range as CSV, incidents included', () => {
    const e = make();
    const p = call(e, 'posts.save', { kind: 'checkpoint', name: '=Chốt A', ...pointOf(e, '99901') });
    call(e, 'posts.logShift', {
      postId: p.id,
      date: '2021-08-31',
      shift: 3,
      figures: { peopleChecked: 7 },
      incidents: [
        { type: 'illegal_entry', at: '2021-09-01T01:15:00+07:00', place: 'mốc 770', people: 3, handling: 'quarantine' },
      ],
    });
    call(e, 'posts.logShift', { postId: p.id, date: '2021-09-01', shift: 1, figures: { peopleChecked: 9 } });
    const out = call(e, 'posts.exportLogs', { from: '2021-08-31', to: '2021-08-31' });
    const lines = out.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    // Written by shared/csv.ts (papaparse): the guarded cell needs no quotes (was `"'=Chốt A"`).
    expect(lines[1]).toContain(`,'=Chốt A,`);
    expect(lines[1]).toContain('01:15 Chặn nhập cảnh trái phép (mốc 770): 3 người, Bàn giao cách ly');
    expect(errorOf(() => call(e, 'posts.exportLogs', { from: '2021-09-02', to: '2021-09-01' })).code).toBe(
      'bad-request',
    );
  });
});

describe('migration 30', () => {
  it('adds the posts tables to a version-20 database and keeps its data', () => {
    const file = path.join(tempDir(), 'v20.sqlite');
    const db20 = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 20) });
    db20.prepare("INSERT INTO units (code, level, name) VALUES ('95', 'province', 'Tỉnh Bạc Liêu')").run();
    db20
      .prepare(
        "INSERT INTO assessments (id, batch_id, unit_code, level, effective_from, reason, set_by, created_at) VALUES ('a', 'b', '95', 2, 'x', 'r', 's', 'c')",
      )
      .run();
    db20.close();
    const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version <= 30) });
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    const tables = (
      db.prepare("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'post%'").all() as {
        name: string;
        strict: number;
      }[]
    ).sort((a, b) => a.name.localeCompare(b.name));
    expect(tables).toEqual([
      { name: 'post_incidents', strict: 1 },
      { name: 'post_logs', strict: 1 },
      { name: 'posts', strict: 1 },
    ]);
    expect(db.prepare('SELECT name FROM units').all()).toEqual([{ name: 'Tỉnh Bạc Liêu' }]);
    expect(db.prepare('SELECT count(*) AS n FROM assessments').get()).toEqual({ n: 1 });
    // The checks hold: a bad kind is refused by the table itself.
    expect(() =>
      db
        .prepare(
          "INSERT INTO posts (id, kind, name, lon, lat, status, created_at) VALUES ('p', 'tower', 'x', 1, 1, 'active', 'c')",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
    new Database(file).close();
  });
});
