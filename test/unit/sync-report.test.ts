/**
 * The 14:00 report travels in the sync bundle: a report a district saves and sends shows at the
 * province (draft, then sent and late) once the province has imported the district's bundles.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../electron/engine/dispatch';
import { sharedDataAvailable } from '../helpers/shared-data';
import { clockedOffices, exportNext, importInto } from '../helpers/sync';

const available = sharedDataAvailable();
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe.skipIf(!available)('the daily report in sync', () => {
  it('a report sent by a district shows as received at the province after its bundle', async () => {
    const o = clockedOffices((c) => cleanups.push(c));
    const day = '2021-11-24';
    const standing = () => call(o.province.engine, 'report.province', { day }).districts.find((d) => d.code === '958')!;

    expect(standing()).toMatchObject({ standing: 'missing', sentAt: null });
    const view = call(o.province.engine, 'report.province', { day });
    expect(view.provinceName).toBe('Tỉnh Bạc Liêu');
    expect(view.districts.length).toBe(7);

    call(o.district.engine, 'report.save', {
      day,
      figures: { samplesTaken: 300, samplesPositive: 4, newF0Community: 3 },
      teams: { householdsVisited: 520 },
      difficulties: 'Thiếu nhân lực trực chốt',
      preparedBy: 'Trần Thị Bình',
    });
    importInto(o.province, await exportNext(o.district, path.join(o.dir, 'b1')));
    // A draft travels too, and is not yet counted as sent.
    expect(standing()).toMatchObject({ standing: 'draft', sentAt: null });
    expect(call(o.province.engine, 'report.consolidated', { day }).reports).toEqual([]);

    o.setDistrict('2021-11-24T07:20:00Z'); // 14:20 in Vietnam
    call(o.district.engine, 'report.send', { day });
    // Before the bundle the province still sees the draft.
    expect(standing().standing).toBe('draft');
    const r = importInto(o.province, await exportNext(o.district, path.join(o.dir, 'b2')));
    expect(r.applied[0]!.refused).toBe(0);
    expect(standing()).toMatchObject({
      standing: 'late',
      sentAt: '2021-11-24T14:20:00+07:00',
      preparedBy: 'Trần Thị Bình',
    });

    const c = call(o.province.engine, 'report.consolidated', { day });
    expect(c.reports).toHaveLength(1);
    expect(c.reports[0]).toMatchObject({
      district: '958',
      districtName: 'Huyện Vĩnh Lợi',
      difficulties: 'Thiếu nhân lực trực chốt',
    });
    expect(c.figures).toMatchObject({ samplesTaken: 300, samplesPositive: 4, newF0Community: 3 });
    expect(c.missing.map((m) => m.code)).not.toContain('958');
    expect(c.missing).toHaveLength(6);
  });
});
