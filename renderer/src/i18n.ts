/**
 * The language context and the strings every part of the app shares (close, cancel, save, unit
 * levels…), Vietnamese first, plus the strings of features that have not moved to their own
 * `features/<feature>/strings.ts` yet. A feature's own strings live in its folder
 * ({@link import('./i18n/define').defineStrings}); error titles come from shared/messages.ts.
 */
import { createContext, useContext } from 'react';
import { ERROR_TITLES, type Lang } from '../../shared/messages';
import type { ErrorCode } from '../../shared/result';
import { formatDateTime } from '../../shared/time';

export type { Lang };

const vi = {
  district: 'Huyện',
  // Sync
  syncDistrict: 'Huyện',
  syncProvince: 'Tỉnh',
  syncFingerprint: 'Dấu vân tay khóa (đọc cho bên kia qua điện thoại để xác nhận)',
  searchNothing: 'Không có kết quả cho “{query}”.',
  expand: 'Mở rộng',
  collapse: 'Thu gọn',
  loading: 'Đang tải…',
  working: 'Đang xử lý, vui lòng chờ…',
  close: 'Đóng',
  cancel: 'Hủy',
  save: 'Lưu',
  // Detail panel
  code: 'Mã',
  type: 'Loại',
  population: 'Dân số',
  households: 'Số hộ',
  unknown: 'chưa có',
  reasonLabel: 'Lý do',
  edit: 'Sửa',
  name: 'Tên',
  reasonRequired: 'Cần ghi lý do',
  reasonPlaceholder: 'Ví dụ: theo quyết định số …',
  deleteTitle: 'Xóa {name}?',
  deleteWarning: 'Ấp sẽ bị xóa khỏi bản đồ và danh sách. Thao tác được ghi vào lịch sử.',
  saved: 'Đã lưu',
  deleted: 'Đã xóa {name}',
  levelProvince: 'Tỉnh',
  levelDistrict: 'Huyện',
  levelCommune: 'Xã',
  levelHamlet: 'Ấp',
  // Import
  chooseFile: 'Chọn tệp…',
  fileReadError: 'Không đọc được tệp {file}',
  optional: '(không bắt buộc)',
  actionHamletCreate: 'Thêm ấp',
  actionUnitUpdate: 'Sửa thông tin',
  actionUnitGeometry: 'Đổi ranh giới',
  actionHamletDelete: 'Xóa ấp',
  actionImportUnits: 'Nhập danh mục',
  actionImportBoundaries: 'Nhập ranh giới',
  actionTrainingSeed: 'Tạo dữ liệu tập huấn',
  // Risk levels
  actionRiskSet: 'Đặt cấp độ dịch',
  actionRiskUndo: 'Hoàn tác cấp độ',
  actionRiskFigures: 'Cập nhật số liệu tuần',
  actionRiskRules: 'Đổi ngưỡng cấp độ',
  // Leaders and teams
  delete: 'Xóa',
  actionPersonCreate: 'Thêm cán bộ',
  actionPersonUpdate: 'Sửa thông tin cán bộ',
  actionPersonDelete: 'Xóa cán bộ',
  actionAssignmentCreate: 'Phân công phụ trách',
  actionAssignmentEnd: 'Kết thúc phân công',
  actionAssignmentDelete: 'Xóa phân công',
  actionSteeringCreate: 'Lập tổ chỉ đạo',
  actionSteeringUpdate: 'Sửa tổ chỉ đạo',
  actionSteeringDelete: 'Xóa tổ chỉ đạo',
  actionCommunityCreate: 'Lập tổ COVID cộng đồng',
  actionCommunityUpdate: 'Sửa tổ COVID cộng đồng',
  actionCommunityDelete: 'Xóa tổ COVID cộng đồng',
  actionCoverageRules: 'Đổi quy tắc cảnh báo phụ trách',
  actionImportPeople: 'Nhập danh sách cán bộ',
  actionImportAssignments: 'Nhập danh sách phân công',
  actionImportTeams: 'Nhập danh sách tổ COVID',
  actionPostCreate: 'Thêm chốt',
  actionPostUpdate: 'Sửa chốt',
  actionPostDelete: 'Xóa chốt',
  actionReportCreate: 'Lập báo cáo ngày',
  actionReportUpdate: 'Sửa báo cáo ngày',
  actionReportApprove: 'Duyệt báo cáo ngày',
  actionReportSend: 'Gửi báo cáo ngày',
  actionFiguresSave: 'Nhập số liệu hằng ngày',
  actionFiguresImport: 'Nhập số liệu hằng ngày từ tệp',
  actionPostImport: 'Nhập danh sách chốt',
  actionPostLog: 'Ghi sổ ca trực',
  actionPostsRules: 'Đổi quy tắc cảnh báo chốt',
  actionClusterCreate: 'Thêm ổ dịch',
  actionClusterUpdate: 'Sửa ổ dịch',
  actionClusterReopen: 'Mở lại ổ dịch',
  actionClusterCases: 'Ghi ca bệnh của ổ dịch',
  actionClusterClose: 'Kết thúc ổ dịch',
  actionClusterDelete: 'Xóa ổ dịch',
  actionClusterRestore: 'Khôi phục ổ dịch',
  actionClustersRules: 'Đổi quy tắc kết thúc ổ dịch',
  actionLockdownCreate: 'Phong tỏa',
  actionLockdownUpdate: 'Sửa phong tỏa',
  actionLockdownExtend: 'Gia hạn phong tỏa',
  actionLockdownShorten: 'Rút ngắn phong tỏa',
  actionLockdownEnd: 'Gỡ phong tỏa',
  actionLockdownDelete: 'Xóa phong tỏa',
  actionLockdownRestore: 'Khôi phục phong tỏa',
  actionSettingsSet: 'Đổi cài đặt',
  actionSyncStaleHours: 'Đổi ngưỡng báo chậm đồng bộ',
  actionSyncImport: 'Nhận từ gói đồng bộ',
  actionAccountCreate: 'Tạo tài khoản',
  actionAccountUpdate: 'Sửa tài khoản',
  actionAccountPassword: 'Đổi mật khẩu',
  actionAccountReset: 'Đặt lại mật khẩu',
  actionAccountDisable: 'Vô hiệu hoá tài khoản',
  actionBackupRestore: 'Khôi phục từ bản sao lưu',
  actionAccountEnable: 'Kích hoạt lại tài khoản',
  actionAuthSettings: 'Cài đặt đăng nhập',
  actionSetupRun: 'Thiết lập lần đầu',
} as const;

/** A string key. */
export type MessageKey = keyof typeof vi;

const en: Readonly<Record<MessageKey, string>> = {
  district: 'District',
  // Sync
  syncDistrict: 'District',
  syncProvince: 'Province',
  syncFingerprint: 'Key fingerprint (read it to the other office by phone to confirm)',
  searchNothing: 'Nothing matches “{query}”.',
  expand: 'Expand',
  collapse: 'Collapse',
  loading: 'Loading…',
  working: 'Working, please wait…',
  close: 'Close',
  cancel: 'Cancel',
  save: 'Save',
  code: 'Code',
  type: 'Type',
  population: 'Population',
  households: 'Households',
  unknown: 'not set',
  reasonLabel: 'Reason',
  edit: 'Edit',
  name: 'Name',
  reasonRequired: 'A reason is required',
  reasonPlaceholder: 'E.g. per decision no. …',
  deleteTitle: 'Delete {name}?',
  deleteWarning: 'The hamlet will be removed from the map and the list. The change is recorded in the history.',
  saved: 'Saved',
  deleted: 'Deleted {name}',
  levelProvince: 'Province',
  levelDistrict: 'District',
  levelCommune: 'Commune',
  levelHamlet: 'Hamlet',
  chooseFile: 'Choose file…',
  fileReadError: 'Could not read the file {file}',
  optional: '(optional)',
  actionHamletCreate: 'Hamlet added',
  actionUnitUpdate: 'Details edited',
  actionUnitGeometry: 'Boundary changed',
  actionHamletDelete: 'Hamlet deleted',
  actionImportUnits: 'Units list imported',
  actionImportBoundaries: 'Boundaries imported',
  actionTrainingSeed: 'Training data created',
  actionRiskSet: 'Risk level set',
  actionRiskUndo: 'Risk level undone',
  actionRiskFigures: 'Weekly figures updated',
  actionRiskRules: 'Thresholds changed',
  // Leaders and teams
  delete: 'Delete',
  actionPersonCreate: 'Person added',
  actionPersonUpdate: 'Person edited',
  actionPersonDelete: 'Person deleted',
  actionAssignmentCreate: 'Assignment made',
  actionAssignmentEnd: 'Assignment ended',
  actionAssignmentDelete: 'Assignment deleted',
  actionSteeringCreate: 'Steering team created',
  actionSteeringUpdate: 'Steering team edited',
  actionSteeringDelete: 'Steering team deleted',
  actionCommunityCreate: 'Community team created',
  actionCommunityUpdate: 'Community team edited',
  actionCommunityDelete: 'Community team deleted',
  actionCoverageRules: 'Coverage rules changed',
  actionImportPeople: 'People imported',
  actionImportAssignments: 'Assignments imported',
  actionImportTeams: 'Teams imported',
  actionPostCreate: 'Post added',
  actionPostUpdate: 'Post edited',
  actionPostDelete: 'Post deleted',
  actionReportCreate: 'Daily report drafted',
  actionReportUpdate: 'Daily report edited',
  actionReportApprove: 'Daily report approved',
  actionReportSend: 'Daily report sent',
  actionFiguresSave: 'Daily figures entered',
  actionFiguresImport: 'Daily figures imported from a file',
  actionPostImport: 'Posts imported',
  actionPostLog: 'Shift logged',
  actionPostsRules: 'Post warning rules changed',
  actionClusterCreate: 'Cluster added',
  actionClusterUpdate: 'Cluster edited',
  actionClusterReopen: 'Cluster reopened',
  actionClusterCases: 'Cluster cases entered',
  actionClusterClose: 'Cluster closed',
  actionClusterDelete: 'Cluster deleted',
  actionClusterRestore: 'Cluster restored',
  actionClustersRules: 'Cluster closing rule changed',
  actionLockdownCreate: 'Lockdown imposed',
  actionLockdownUpdate: 'Lockdown edited',
  actionLockdownExtend: 'Lockdown extended',
  actionLockdownShorten: 'Lockdown shortened',
  actionLockdownEnd: 'Lockdown ended',
  actionLockdownDelete: 'Lockdown deleted',
  actionLockdownRestore: 'Lockdown restored',
  actionSettingsSet: 'Settings changed',
  actionSyncStaleHours: 'Sync lateness threshold changed',
  actionSyncImport: 'Received in a sync bundle',
  actionAccountCreate: 'Account created',
  actionAccountUpdate: 'Account edited',
  actionAccountPassword: 'Password changed',
  actionAccountReset: 'Password reset',
  actionAccountDisable: 'Account disabled',
  actionBackupRestore: 'Restored from a backup',
  actionAccountEnable: 'Account enabled again',
  actionAuthSettings: 'Sign-in settings',
  actionSetupRun: 'First-run setup',
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

/** An instant as the operator reads it: dd/mm/yyyy HH:mm, 24 h, Vietnam time, whatever the language. */
export function formatTime(_lang: Lang, iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatDateTime(iso);
}

const ACTION_KEYS: Readonly<Record<string, MessageKey>> = {
  'hamlet.create': 'actionHamletCreate',
  'unit.update': 'actionUnitUpdate',
  'unit.geometry': 'actionUnitGeometry',
  'hamlet.delete': 'actionHamletDelete',
  'import.units': 'actionImportUnits',
  'import.boundaries': 'actionImportBoundaries',
  'training.seed': 'actionTrainingSeed',
  'risk.set': 'actionRiskSet',
  'risk.undo': 'actionRiskUndo',
  'risk.figures': 'actionRiskFigures',
  'risk.rules': 'actionRiskRules',
  'person.create': 'actionPersonCreate',
  'person.update': 'actionPersonUpdate',
  'person.delete': 'actionPersonDelete',
  'assignment.create': 'actionAssignmentCreate',
  'assignment.end': 'actionAssignmentEnd',
  'assignment.delete': 'actionAssignmentDelete',
  'steering.create': 'actionSteeringCreate',
  'steering.update': 'actionSteeringUpdate',
  'steering.delete': 'actionSteeringDelete',
  'community.create': 'actionCommunityCreate',
  'community.update': 'actionCommunityUpdate',
  'community.delete': 'actionCommunityDelete',
  'coverage.rules': 'actionCoverageRules',
  'import.people': 'actionImportPeople',
  'import.assignments': 'actionImportAssignments',
  'import.teams': 'actionImportTeams',
  'post.create': 'actionPostCreate',
  'post.update': 'actionPostUpdate',
  'post.delete': 'actionPostDelete',
  'figures.save': 'actionFiguresSave',
  'figures.import': 'actionFiguresImport',
  'report.create': 'actionReportCreate',
  'report.update': 'actionReportUpdate',
  'report.approve': 'actionReportApprove',
  'report.send': 'actionReportSend',
  'post.import': 'actionPostImport',
  'post.log': 'actionPostLog',
  'posts.rules': 'actionPostsRules',
  'cluster.create': 'actionClusterCreate',
  'cluster.update': 'actionClusterUpdate',
  'cluster.reopen': 'actionClusterReopen',
  'cluster.cases': 'actionClusterCases',
  'cluster.close': 'actionClusterClose',
  'cluster.delete': 'actionClusterDelete',
  'cluster.restore': 'actionClusterRestore',
  'clusters.rules': 'actionClustersRules',
  'lockdown.create': 'actionLockdownCreate',
  'lockdown.update': 'actionLockdownUpdate',
  'lockdown.extend': 'actionLockdownExtend',
  'lockdown.shorten': 'actionLockdownShorten',
  'lockdown.end': 'actionLockdownEnd',
  'lockdown.delete': 'actionLockdownDelete',
  'lockdown.restore': 'actionLockdownRestore',
  'settings.set': 'actionSettingsSet',
  'sync.staleHours': 'actionSyncStaleHours',
  'sync.import': 'actionSyncImport',
  'account.create': 'actionAccountCreate',
  'account.update': 'actionAccountUpdate',
  'account.password': 'actionAccountPassword',
  'account.reset': 'actionAccountReset',
  'account.disable': 'actionAccountDisable',
  'backup.restore': 'actionBackupRestore',
  'account.enable': 'actionAccountEnable',
  'auth.settings': 'actionAuthSettings',
  'setup.run': 'actionSetupRun',
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
