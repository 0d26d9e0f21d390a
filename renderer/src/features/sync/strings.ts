/**
 * Strings of the sync dialog and its conflicts list.
 * Vietnamese first, checked at compile time (both languages, same keys); English plurals use
 * `{n|one|other}` (i18n/plural.ts). Words the whole app shares (Lưu, Hủy, Xóa…) stay in i18n.ts:
 * the feature's `t` falls back to them.
 */
import { useCallback } from 'react';
import { fill, type MessageParams } from '../../../../shared/result';
import { translate, useI18n, type Lang, type MessageKey } from '../../i18n';
import { defineStrings } from '../../i18n/define';
import { pluralize } from '../../i18n/plural';

/** The sync strings. */
export const syncStrings = defineStrings(
  {
    syncTitle: 'Đồng bộ dữ liệu',
    syncNoOffice:
      'Cơ sở dữ liệu này chưa gắn với huyện hoặc tỉnh nào. Quản trị viên chọn đơn vị dưới đây (hoặc saban init --district MÃ).',
    syncExportKey: 'Xuất khóa công khai',
    syncExport: 'Xuất gói gửi tỉnh',
    syncExportFull: 'Xuất gói đầy đủ',
    syncExportSettings: 'Xuất gói cài đặt cho huyện',
    syncWriteAcks: 'Tạo xác nhận cho các huyện',
    syncAcksWritten: 'Đã tạo {n} tệp xác nhận.',
    syncImport: 'Nhập gói…',
    syncTrustKey: 'Đăng ký khóa…',
    syncImportAck: 'Nhập xác nhận của tỉnh…',
    syncConfirmKey:
      'Khóa của đơn vị gửi chưa được đăng ký. Dấu vân tay: {fp}. Chỉ xác nhận sau khi đã gọi điện kiểm tra dấu vân tay này với đơn vị gửi.',
    syncConfirmKeyYes: 'Tôi đã kiểm tra, tin cậy khóa này',
    syncProvinceUrl: 'Địa chỉ máy chủ tỉnh',
    syncPush: 'Gửi lên tỉnh',
    syncDistrictSummary: 'Đã gửi {sent} gói, tỉnh xác nhận đến gói {acked}, {pending} thay đổi chưa gửi.',
    syncProvinceMissing: 'Tỉnh báo thiếu gói: {list}.',
    syncDistricts: 'Các huyện (cảnh báo khi quá {hours} giờ không nhận)',
    syncNoDistricts: 'Chưa có huyện nào. Nhập danh mục đơn vị hoặc đăng ký khóa của huyện.',
    syncLastBundle: 'Gói gần nhất',
    syncAge: 'Đã qua',
    syncGaps: 'Thiếu gói',
    syncRefusals: 'Từ chối',
    syncNoKey: 'chưa có khóa',
    syncNever: 'chưa nhận',
    syncHours: '{h} giờ',
    syncStale: 'quá hạn',
    syncMissing: 'thiếu gói số {list}',
    provinceOption: 'Toàn {kind} {name}',
    syncTabMain: 'Gửi và nhận',
    syncTabConflicts: 'Xung đột',
    syncConflictsEmpty:
      'Chưa có xung đột nào. Khi hai nơi cùng sửa một trường, bản sửa sau (theo đồng hồ đồng bộ) được giữ và ghi lại ở đây.',
    syncConflictAt: 'Lúc',
    syncConflictBundle: 'Gói',
    syncConflictRecord: 'Bản ghi',
    syncConflictField: 'Trường',
    syncConflictLocal: 'Giá trị ở đây',
    syncConflictRemote: 'Giá trị gửi đến',
    syncConflictWinner: 'Giữ',
    syncWinnerLocal: 'Ở đây',
    syncWinnerRemote: 'Gửi đến',
    entityUnit: 'Đơn vị',
    entitySetting: 'Cài đặt',
    entityAssessment: 'Cấp độ dịch',
    entityRiskFigures: 'Số liệu tuần',
    entityPerson: 'Cán bộ',
    entityAssignment: 'Phân công',
    entitySteeringTeam: 'Tổ chỉ đạo',
    entityCommunityTeam: 'Tổ COVID cộng đồng',
    entityPost: 'Chốt',
    entityPostLog: 'Sổ ca trực',
    entityPostIncident: 'Vụ việc tại chốt',
  },
  {
    syncTitle: 'Data sync',
    syncNoOffice:
      'This database serves no district or province yet. An administrator chooses it below (or saban init --district CODE).',
    syncExportKey: 'Export public key',
    syncExport: 'Export bundle for the province',
    syncExportFull: 'Export full bundle',
    syncExportSettings: 'Export settings bundle for districts',
    syncWriteAcks: 'Write acknowledgements',
    syncAcksWritten: '{n|acknowledgement file|acknowledgement files} written.',
    syncImport: 'Import bundle…',
    syncTrustKey: 'Register a key…',
    syncImportAck: 'Import the province’s acknowledgement…',
    syncConfirmKey:
      'The sender’s key is not registered. Fingerprint: {fp}. Confirm only after checking this fingerprint with the sender by phone.',
    syncConfirmKeyYes: 'I checked it — trust this key',
    syncProvinceUrl: 'Province server address',
    syncPush: 'Send to province',
    syncDistrictSummary:
      '{sent|bundle|bundles} sent, acknowledged up to bundle {acked}, {pending|change|changes} not yet sent.',
    syncProvinceMissing: 'The province reports missing bundles: {list}.',
    syncDistricts: 'Districts (warning after {hours} h without a bundle)',
    syncNoDistricts: 'No district yet. Import the unit list or register a district key.',
    syncLastBundle: 'Last bundle',
    syncAge: 'Age',
    syncGaps: 'Missing',
    syncRefusals: 'Refused',
    syncNoKey: 'no key',
    syncNever: 'never',
    syncHours: '{h} h',
    syncStale: 'overdue',
    syncMissing: 'missing bundle {list}',
    provinceOption: 'All of {full}',
    syncTabMain: 'Send and receive',
    syncTabConflicts: 'Conflicts',
    syncConflictsEmpty:
      'No conflicts yet. When both offices change the same field, the later change (by sync clock) is kept and listed here.',
    syncConflictAt: 'When',
    syncConflictBundle: 'Bundle',
    syncConflictRecord: 'Record',
    syncConflictField: 'Field',
    syncConflictLocal: 'Value here',
    syncConflictRemote: 'Value received',
    syncConflictWinner: 'Kept',
    syncWinnerLocal: 'Here',
    syncWinnerRemote: 'Received',
    entityUnit: 'Unit',
    entitySetting: 'Setting',
    entityAssessment: 'Risk level',
    entityRiskFigures: 'Weekly figures',
    entityPerson: 'Person',
    entityAssignment: 'Assignment',
    entitySteeringTeam: 'Steering team',
    entityCommunityTeam: 'Community team',
    entityPost: 'Post',
    entityPostLog: 'Shift log',
    entityPostIncident: 'Post incident',
  },
);

/** A key of the sync strings. */
export type SyncKey = keyof typeof syncStrings.vi;

/** A key of the sync strings or of the app's shared words. */
export type SyncTextKey = SyncKey | MessageKey;

function isOwn(key: string): key is SyncKey {
  return Object.hasOwn(syncStrings.vi, key);
}

/** The string for `key` in `lang`, placeholders and plurals filled. */
export function syncText(lang: Lang, key: SyncTextKey, vars?: MessageParams): string {
  if (!isOwn(key)) return translate(lang, key, vars);
  return fill(pluralize(syncStrings[lang][key], vars), vars);
}

/** `t` over the sync strings (and the shared words) in the current language, with `lang`. */
export function useSyncText(): {
  readonly lang: Lang;
  readonly t: (key: SyncTextKey, vars?: MessageParams) => string;
} {
  const { lang } = useI18n();
  const t = useCallback((key: SyncTextKey, vars?: MessageParams) => syncText(lang, key, vars), [lang]);
  return { lang, t };
}
