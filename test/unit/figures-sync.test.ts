/** Daily figures in sync bundles: they travel, a district cannot send another's, the province sums them. */
import path from 'node:path';
import { osCaller } from '../../electron/engine/auth/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { sharedDataAvailable } from '../helpers/shared-data';
import { communesOf, craftBundle, exportNext, importInto, setUpOffices } from '../helpers/sync';

const available = sharedDataAvailable();
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe.skipIf(!available)('figures in sync bundles', () => {
  it('travel to the province, which sums every district; another district’s figures are not sent nor taken', async () => {
    const o = setUpOffices();
    cleanup = o.close;
    const [vinhLoi, dongHai] = o.districts as [(typeof o.districts)[0], (typeof o.districts)[0]];
    const [a, b] = communesOf(vinhLoi) as [string, string];
    const foreign = communesOf(dongHai)[0]!;
    const day = '2021-11-20';
    call(vinhLoi.engine, 'figures.saveDay', {
      day,
      rows: [
        { unitCode: a, values: { f0Community: 3, samples: 40, positives: 3 } },
        { unitCode: b, values: { f0Community: 2 } },
      ],
    });
    // Vĩnh Lợi's database also holds Đông Hải's communes: a mistaken entry would never travel, so it is refused.
    const mistaken = { day, rows: [{ unitCode: foreign, values: { f0Community: 50 } }] };
    expect(() => call(vinhLoi.engine, 'figures.saveDay', mistaken)).toThrow(`thuộc huyện ${dongHai.code}`);
    call(dongHai.engine, 'figures.saveDay', { day, rows: [{ unitCode: foreign, values: { f0Community: 7 } }] });
    for (const d of [vinhLoi, dongHai]) {
      const r = importInto(o.province, await exportNext(d, path.join(o.dir, 'out')));
      expect(r.applied[0]!.refused).toBe(0);
    }
    const p = o.province.engine;
    expect(call(p, 'figures.day', { code: vinhLoi.code, day }).totals.values.f0Community).toBe(5);
    expect(call(p, 'figures.day', { code: dongHai.code, day }).totals.values.f0Community).toBe(7);
    const prov = call(p, 'figures.day', { code: '95', day });
    expect(prov.rows.find((r) => r.unitCode === vinhLoi.code)!.values.f0Community).toBe(5);
    expect(prov.totals.values.f0Community).toBe(12);
    expect(call(p, 'figures.series', { code: '95', from: day, to: day }).days[0]!.f0Community).toBe(12);
    // Who entered it travels with the row.
    expect(call(p, 'figures.day', { code: vinhLoi.code, day }).rows.find((r) => r.unitCode === a)!.enteredBy).toBe(
      osCaller().displayName,
    );

    // A crafted bundle carrying figures of Đông Hải, signed by a third district, is refused for that record.
    const third = o.districts[2]!;
    const hlc = `2021-11-24T05:00:00.000Z-0000-${third.engine.nodeId}`;
    const row = {
      id: `${foreign}|2021-11-21`,
      unit_code: foreign,
      commune_code: foreign,
      district_code: dongHai.code,
      day: '2021-11-21',
      f0_community: 99,
      deleted: 0,
    };
    const file = path.join(o.dir, 'crafted.sabanbundle');
    craftBundle(third, file, [JSON.stringify([hlc, 'dailyFigure', row.id, row])], { counts: { dailyFigure: 1 } });
    const r = importInto(o.province, file);
    expect(r.applied[0]).toMatchObject({ changes: 1, refused: 1 });
    expect(call(p, 'figures.day', { code: dongHai.code, day: '2021-11-21' }).totals.values.f0Community).toBeNull();
  });
});
