/**
 * Interface strings, Vietnamese first. Every visible string goes through {@link translate} so the
 * English switch covers the whole UI; error titles come from shared/messages.ts.
 */
import { createContext, useContext } from 'react';
import { ERROR_TITLES, type Lang } from '../../shared/messages';
import type { ErrorCode } from '../../shared/result';

export type { Lang };

const vi = {
  appName: 'Sa Bàn',
  appTagline: 'Bản đồ tình hình phòng chống dịch',
  district: 'Huyện',
  districtPlaceholder: 'Chọn huyện / thị xã / thành phố',
  districtNone: 'Không tìm thấy huyện',
  noGeometrySuffix: '(chưa có ranh giới)',
  menu: 'Menu',
  importData: 'Nhập dữ liệu…',
  settings: 'Cài đặt…',
  language: 'Ngôn ngữ',
  switchLanguage: 'English',
  searchPlaceholder: 'Tìm xã, ấp… (phím /)',
  searchLabel: 'Tìm đơn vị',
  treeTitle: 'Đơn vị hành chính',
  treeEmpty: 'Huyện này chưa có xã nào.',
  searchNothing: 'Không có kết quả cho “{query}”.',
  otherDistricts: 'Ở huyện khác',
  expand: 'Mở rộng',
  collapse: 'Thu gọn',
  hamletsCount: '{n} ấp',
  loading: 'Đang tải…',
  working: 'Đang xử lý, vui lòng chờ…',
  close: 'Đóng',
  cancel: 'Hủy',
  save: 'Lưu',
  confirm: 'Xác nhận',
  // Detail panel
  detailTitle: 'Thông tin đơn vị',
  code: 'Mã',
  type: 'Loại',
  level: 'Cấp',
  parents: 'Trực thuộc',
  population: 'Dân số',
  households: 'Số hộ',
  childCount: 'Số đơn vị trực thuộc',
  unknown: 'chưa có',
  noGeometry: 'Đơn vị này chưa có ranh giới trên bản đồ.',
  history: 'Lịch sử thay đổi',
  historyEmpty: 'Chưa có thay đổi nào.',
  historyBy: '{actor} · {at}',
  reasonLabel: 'Lý do',
  noReason: '(không ghi lý do)',
  edit: 'Sửa',
  editTitle: 'Sửa thông tin {name}',
  name: 'Tên',
  reasonRequired: 'Cần ghi lý do',
  reasonPlaceholder: 'Ví dụ: theo quyết định số …',
  addHamlet: 'Thêm ấp',
  drawHamlet: 'Vẽ ấp trên bản đồ',
  deleteHamlet: 'Xóa ấp',
  deleteTitle: 'Xóa {name}?',
  deleteWarning: 'Ấp sẽ bị xóa khỏi bản đồ và danh sách. Thao tác được ghi vào lịch sử.',
  createHamletTitle: 'Thêm ấp vào {name}',
  hamletName: 'Tên ấp / khu phố',
  hamletType: 'Loại',
  withDrawnShape: 'Kèm hình vẽ: {kind}',
  shapePoint: 'một điểm',
  shapePolygon: 'vùng {n} đỉnh',
  saved: 'Đã lưu',
  created: 'Đã thêm {name}',
  deleted: 'Đã xóa {name}',
  closePanel: 'Đóng bảng thông tin',
  levelProvince: 'Tỉnh',
  levelDistrict: 'Huyện',
  levelCommune: 'Xã',
  levelHamlet: 'Ấp',
  // Drawing
  drawingHelp:
    'Nhấp để đặt các đỉnh của ấp. Nhấp đúp hoặc Enter để kết thúc, Esc để hủy. Chỉ một điểm rồi Enter: ấp dạng điểm.',
  drawingPoints: '{n} điểm',
  drawFinish: 'Xong',
  drawTooFew: 'Cần 1 điểm (ấp dạng điểm) hoặc ít nhất 3 điểm (vùng).',
  // Map
  mapLabel: 'Bản đồ',
  noDistrictGeometry: 'Chưa có huyện nào có ranh giới xã.',
  noDistrictGeometryHelp:
    'Hãy nhập tệp ranh giới xã (GeoJSON) từ menu “Nhập dữ liệu…” để xem bản đồ. Danh sách đơn vị vẫn dùng được.',
  districtNoGeometry: 'Các xã của huyện này chưa có ranh giới trên bản đồ.',
  // Settings
  settingsTitle: 'Cài đặt',
  operatorName: 'Tên người thao tác',
  operatorNameHelp: 'Ghi vào lịch sử mỗi thay đổi bạn thực hiện.',
  basemapUrl: 'Địa chỉ bản đồ nền (tùy chọn)',
  basemapUrlHelp: 'Mẫu https://…/{z}/{x}/{y}.png. Để trống để làm việc ngoại tuyến, không có bản đồ nền.',
  basemapUrlInvalid: 'Địa chỉ phải bắt đầu bằng http(s):// và có {z}, {x}, {y}',
  // Training / import
  trainingTitle: 'Đây là dữ liệu tập huấn giả định',
  trainingBody:
    'Cơ sở dữ liệu chỉ có “Huyện Tập Huấn” hư cấu để luyện tập. Hãy nhập danh mục đơn vị hành chính (CSV của Tổng cục Thống kê) và ranh giới (GeoJSON) của địa phương bạn để làm việc với dữ liệu thật.',
  trainingImport: 'Nhập dữ liệu thật…',
  trainingLater: 'Để sau',
  importTitle: 'Nhập dữ liệu',
  importUnitsTitle: 'Danh mục đơn vị hành chính (CSV của TCTK)',
  importUnitsHelp: 'Các cột: province_code, province_name, …, commune_code, commune_name, commune_type.',
  importBoundariesTitle: 'Ranh giới (GeoJSON)',
  importBoundariesHelp: 'Mỗi đối tượng một đơn vị, có thuộc tính mã và tên.',
  importLevel: 'Cấp của ranh giới',
  importLevelAuto: 'Tự nhận biết',
  chooseFile: 'Chọn tệp…',
  importRun: 'Nhập',
  importing: 'Đang nhập {file}…',
  importDone: 'Đã nhập {file}',
  reportCreated: 'Tạo mới',
  reportUpdated: 'Cập nhật',
  reportUnchanged: 'Không đổi',
  reportSkipped: 'Bỏ qua',
  reportSkippedBy: 'Bỏ qua theo lý do',
  reportProblems: 'Các vấn đề đầu tiên',
  reportNothingChanged: 'Không có gì được thay đổi.',
  fileReadError: 'Không đọc được tệp {file}',
  errorDetails: 'Chi tiết',
  optional: '(không bắt buộc)',
  actionHamletCreate: 'Thêm ấp',
  actionUnitUpdate: 'Sửa thông tin',
  actionUnitGeometry: 'Đổi ranh giới',
  actionHamletDelete: 'Xóa ấp',
  actionImportUnits: 'Nhập danh mục',
  actionImportBoundaries: 'Nhập ranh giới',
  actionTrainingSeed: 'Tạo dữ liệu tập huấn',
} as const;

/** A string key. */
export type MessageKey = keyof typeof vi;

const en: Readonly<Record<MessageKey, string>> = {
  appName: 'Sa Bàn',
  appTagline: 'Epidemic situation map',
  district: 'District',
  districtPlaceholder: 'Choose a district',
  districtNone: 'No district found',
  noGeometrySuffix: '(no boundaries yet)',
  menu: 'Menu',
  importData: 'Import data…',
  settings: 'Settings…',
  language: 'Language',
  switchLanguage: 'Tiếng Việt',
  searchPlaceholder: 'Find a commune, hamlet… (/ key)',
  searchLabel: 'Find a unit',
  treeTitle: 'Administrative units',
  treeEmpty: 'This district has no communes yet.',
  searchNothing: 'Nothing matches “{query}”.',
  otherDistricts: 'In other districts',
  expand: 'Expand',
  collapse: 'Collapse',
  hamletsCount: '{n} hamlets',
  loading: 'Loading…',
  working: 'Working, please wait…',
  close: 'Close',
  cancel: 'Cancel',
  save: 'Save',
  confirm: 'Confirm',
  detailTitle: 'Unit details',
  code: 'Code',
  type: 'Type',
  level: 'Level',
  parents: 'Part of',
  population: 'Population',
  households: 'Households',
  childCount: 'Units below',
  unknown: 'not set',
  noGeometry: 'This unit has no boundary on the map yet.',
  history: 'Change history',
  historyEmpty: 'No changes yet.',
  historyBy: '{actor} · {at}',
  reasonLabel: 'Reason',
  noReason: '(no reason given)',
  edit: 'Edit',
  editTitle: 'Edit {name}',
  name: 'Name',
  reasonRequired: 'A reason is required',
  reasonPlaceholder: 'E.g. per decision no. …',
  addHamlet: 'Add hamlet',
  drawHamlet: 'Draw hamlet on the map',
  deleteHamlet: 'Delete hamlet',
  deleteTitle: 'Delete {name}?',
  deleteWarning: 'The hamlet will be removed from the map and the list. The change is recorded in the history.',
  createHamletTitle: 'Add a hamlet to {name}',
  hamletName: 'Hamlet name',
  hamletType: 'Type',
  withDrawnShape: 'With drawn shape: {kind}',
  shapePoint: 'a point',
  shapePolygon: 'an area of {n} vertices',
  saved: 'Saved',
  created: 'Added {name}',
  deleted: 'Deleted {name}',
  closePanel: 'Close details',
  levelProvince: 'Province',
  levelDistrict: 'District',
  levelCommune: 'Commune',
  levelHamlet: 'Hamlet',
  drawingHelp:
    'Click to place the hamlet’s vertices. Double-click or Enter finishes, Esc cancels. One point then Enter: a point hamlet.',
  drawingPoints: '{n} points',
  drawFinish: 'Finish',
  drawTooFew: 'Place 1 point (a point hamlet) or at least 3 points (an area).',
  mapLabel: 'Map',
  noDistrictGeometry: 'No district has commune boundaries yet.',
  noDistrictGeometryHelp:
    'Import a commune boundary file (GeoJSON) from “Import data…” in the menu to see the map. The unit list works meanwhile.',
  districtNoGeometry: 'The communes of this district have no boundaries on the map yet.',
  settingsTitle: 'Settings',
  operatorName: 'Operator name',
  operatorNameHelp: 'Written into the history of every change you make.',
  basemapUrl: 'Basemap tile URL (optional)',
  basemapUrlHelp: 'Template https://…/{z}/{x}/{y}.png. Leave empty to work offline, without a basemap.',
  basemapUrlInvalid: 'The URL must start with http(s):// and contain {z}, {x}, {y}',
  trainingTitle: 'This is fictional training data',
  trainingBody:
    'The database holds only the made-up “Huyện Tập Huấn” for practice. Import your area’s list of administrative units (GSO CSV) and boundaries (GeoJSON) to work with real data.',
  trainingImport: 'Import real data…',
  trainingLater: 'Later',
  importTitle: 'Import data',
  importUnitsTitle: 'Administrative units list (GSO CSV)',
  importUnitsHelp: 'Columns: province_code, province_name, …, commune_code, commune_name, commune_type.',
  importBoundariesTitle: 'Boundaries (GeoJSON)',
  importBoundariesHelp: 'One feature per unit, with code and name properties.',
  importLevel: 'Level of the boundaries',
  importLevelAuto: 'Detect',
  chooseFile: 'Choose file…',
  importRun: 'Import',
  importing: 'Importing {file}…',
  importDone: 'Imported {file}',
  reportCreated: 'Created',
  reportUpdated: 'Updated',
  reportUnchanged: 'Unchanged',
  reportSkipped: 'Skipped',
  reportSkippedBy: 'Skipped by reason',
  reportProblems: 'First problems',
  reportNothingChanged: 'Nothing was changed.',
  fileReadError: 'Could not read the file {file}',
  errorDetails: 'Details',
  optional: '(optional)',
  actionHamletCreate: 'Hamlet added',
  actionUnitUpdate: 'Details edited',
  actionUnitGeometry: 'Boundary changed',
  actionHamletDelete: 'Hamlet deleted',
  actionImportUnits: 'Units list imported',
  actionImportBoundaries: 'Boundaries imported',
  actionTrainingSeed: 'Training data created',
};

const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { vi, en };

/** Values substituted for `{name}` placeholders. */
export type MessageVars = Readonly<Record<string, string | number>>;

/** The string for `key` in `lang`, with `{name}` placeholders filled in. */
export function translate(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const text = DICTIONARIES[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** The title shown for an error code. */
export function errorTitle(lang: Lang, code: ErrorCode): string {
  return ERROR_TITLES[code][lang];
}

/** Formats a number the local way (1.234 in Vietnamese, 1,234 in English). */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
}

/** Formats an ISO timestamp as local date and time. */
export function formatTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(
    d,
  );
}

const ACTION_KEYS: Readonly<Record<string, MessageKey>> = {
  'hamlet.create': 'actionHamletCreate',
  'unit.update': 'actionUnitUpdate',
  'unit.geometry': 'actionUnitGeometry',
  'hamlet.delete': 'actionHamletDelete',
  'import.units': 'actionImportUnits',
  'import.boundaries': 'actionImportBoundaries',
  'training.seed': 'actionTrainingSeed',
};

/** A readable name for an audit action; unknown actions show as recorded. */
export function actionLabel(lang: Lang, action: string): string {
  const key = ACTION_KEYS[action];
  return key ? translate(lang, key) : action;
}

/** What components read from the language context. */
export interface I18n {
  readonly lang: Lang;
  readonly t: (key: MessageKey, vars?: MessageVars) => string;
}

/** The current language; App provides it. */
export const I18nContext = createContext<I18n>({ lang: 'vi', t: (key, vars) => translate('vi', key, vars) });

/** The current language and its `t`. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
