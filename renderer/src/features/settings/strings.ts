/** Strings of the settings dialog. */
import { defineStrings } from '../../i18n/define';

/** Vietnamese first; the English table must have the same keys (checked when compiling). */
export const strings = defineStrings(
  {
    settingsTitle: 'Cài đặt',
    settingsSyncKey: 'Khóa đồng bộ của đơn vị này',
    settingsNoOffice: 'Chưa gắn với huyện hoặc tỉnh nào (chọn trong Đồng bộ).',
    operatorName: 'Tên người thao tác',
    operatorNameHelp: 'Chỉ để tham khảo: nhật ký thay đổi ghi tên tài khoản đã đăng nhập.',
    basemapUrl: 'Địa chỉ bản đồ nền (tùy chọn)',
    basemapUrlHelp: 'Mẫu https://…/{z}/{x}/{y}.png. Để trống để làm việc ngoại tuyến, không có bản đồ nền.',
    basemapUrlInvalid: 'Địa chỉ phải bắt đầu bằng https:// và có {z}, {x}, {y}',
    basemapUrlHttp:
      'Phải dùng https://: ảnh bản đồ qua http thường bị chặn vì lý do an toàn (có thể bị sửa trên đường truyền).',
  },
  {
    settingsTitle: 'Settings',
    settingsSyncKey: "This office's sync key",
    settingsNoOffice: 'Not yet set to a district or province (choose it in Sync).',
    operatorName: 'Operator name',
    operatorNameHelp: 'For reference only: the change log names the signed-in account.',
    basemapUrl: 'Basemap tile URL (optional)',
    basemapUrlHelp: 'Template https://…/{z}/{x}/{y}.png. Leave empty to work offline, without a basemap.',
    basemapUrlInvalid: 'The URL must start with https:// and contain {z}, {x}, {y}',
    basemapUrlHttp: 'Use https://: plain http tiles are blocked for security (they could be altered on the way).',
  },
);
