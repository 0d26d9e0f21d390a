/**
 * A day to brief on the training district (24/11/2021): levels set the day before and changed
 * that day, an overseer with a phone on the red commune, a checkpoint with the day's log and an
 * incident. Written through the contract, as an operator would.
 */
import { call } from '../../electron/engine/dispatch';
import type { Engine } from '../../electron/engine/engine';

export const BRIEFING_DAY = '2021-11-24';
export const OVERSEER = 'Nguyễn Thị Hồng Nhung';
export const OVERSEER_PHONE = '0912345678';
export const CHECKPOINT = 'Chốt Cầu Kênh Xáng';
export const INCIDENT_PLACE = 'bến đò ấp Mỹ Điền';

/** Levels on the day: 1 red, 1 orange, 1 yellow, 2 green, 1 not assessed (6 communes). */
export const EXPECTED_COUNTS = { 4: 1, 3: 1, 2: 1, 1: 2, 0: 1 } as const;

export function seedBriefingDay(engine: Engine): void {
  const before = '2021-11-23T09:00:00+07:00';
  const during = '2021-11-24T10:15:00+07:00';
  const set = (codes: string[], level: number, effectiveFrom: string, reason: string): void => {
    call(engine, 'risk.set', { codes, level, effectiveFrom, reason });
  };
  set(['99901', '99902', '99903', '99904', '99905'], 1, before, 'Đánh giá tuần 47');
  set(['99901'], 4, during, 'Ổ dịch mới tại chợ An Bình, 23 ca cộng đồng');
  set(['99902'], 3, during, 'Ca lây nhiễm từ xã An Bình');
  set(['99903'], 2, during, 'Tỷ lệ tiêm chủng dưới 70%');
  const person = call(engine, 'people.save', {
    fullName: OVERSEER,
    position: 'Phó Chủ tịch UBND huyện',
    committeeLevel: 'district',
    phones: OVERSEER_PHONE,
  }).person;
  call(engine, 'people.assign', { personId: person.id, unitCode: '99901', role: 'phu-trach', from: '2021-11-01' });
  const unit = call(engine, 'units.get', { code: '99902' }).unit;
  // Beside the commune's name on the map, not under it.
  const [lon, lat] = [unit.labelPoint![0] + 0.012, unit.labelPoint![1] - 0.012];
  const post = call(engine, 'posts.save', {
    kind: 'checkpoint',
    name: CHECKPOINT,
    lon,
    lat,
    openedOn: '2021-11-01',
    commander: 'Trần Văn Bình',
    phone: '0987654321',
  });
  call(engine, 'posts.logShift', {
    postId: post.id,
    date: BRIEFING_DAY,
    shift: 1,
    figures: { peopleChecked: 412, vehiclesChecked: 230, turnedBack: 7, healthDeclarations: 400 },
    incidents: [
      {
        type: 'illegal_entry',
        at: '2021-11-24T07:30:00+07:00',
        place: INCIDENT_PLACE,
        people: 2,
        handling: 'quarantine',
        lon: lon + 0.01,
        lat: lat + 0.005,
      },
    ],
  });
}
