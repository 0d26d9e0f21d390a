/** Strings of the app frame: header, menus, first-run dialog, empty-map messages. */
import { defineStrings } from '../../i18n/define';

/** Vietnamese first; the English table must have the same keys (checked when compiling). */
export const strings = defineStrings(
  {
    appName: 'Sa Bàn',
    appTagline: 'Bản đồ tình hình phòng chống dịch',
    districtPlaceholder: 'Chọn huyện / thị xã / thành phố',
    districtNone: 'Không tìm thấy huyện',
    noGeometrySuffix: '(chưa có ranh giới)',
    menu: 'Menu',
    importData: 'Nhập dữ liệu…',
    settings: 'Cài đặt…',
    syncMenu: 'Đồng bộ với tỉnh…',
    switchLanguage: 'English',
    menuPeople: 'Cán bộ và tổ COVID…',
    menuAudit: 'Nhật ký thay đổi…',
    trainingTitle: 'Đây là dữ liệu tập huấn giả định',
    trainingBody:
      'Cơ sở dữ liệu chỉ có “Huyện Tập Huấn” hư cấu để luyện tập. Hãy nhập danh mục đơn vị hành chính (CSV của Tổng cục Thống kê) và ranh giới (GeoJSON) của địa phương bạn để làm việc với dữ liệu thật.',
    trainingImport: 'Nhập dữ liệu thật…',
    trainingLater: 'Để sau',
    nationalOption: 'Toàn quốc (mọi xã có ranh giới)',
    noDistrictGeometry: 'Chưa có huyện nào có ranh giới xã.',
    noDistrictGeometryHelp:
      'Hãy nhập tệp ranh giới xã (GeoJSON) từ menu “Nhập dữ liệu…” để xem bản đồ. Danh sách đơn vị vẫn dùng được.',
    districtNoGeometry: 'Các xã của huyện này chưa có ranh giới trên bản đồ.',
    districtEmpty: 'Huyện này chưa có xã/ranh giới — hãy nhập danh mục xã hoặc ranh giới (Menu → Nhập dữ liệu).',
    districtOpen: 'Thông tin huyện',
    warningsToday: 'Cảnh báo bên dưới là của hôm nay, không phải ngày {date} đang xem.',
  },
  {
    appName: 'Sa Bàn',
    appTagline: 'Epidemic situation map',
    districtPlaceholder: 'Choose a district',
    districtNone: 'No district found',
    noGeometrySuffix: '(no boundaries yet)',
    menu: 'Menu',
    importData: 'Import data…',
    settings: 'Settings…',
    syncMenu: 'Sync with the province…',
    switchLanguage: 'Tiếng Việt',
    menuPeople: 'Leaders and teams…',
    menuAudit: 'Change log…',
    trainingTitle: 'This is fictional training data',
    trainingBody:
      'The database holds only the made-up “Huyện Tập Huấn” for practice. Import your area’s list of administrative units (GSO CSV) and boundaries (GeoJSON) to work with real data.',
    trainingImport: 'Import real data…',
    trainingLater: 'Later',
    nationalOption: 'Whole country (every mapped commune)',
    noDistrictGeometry: 'No district has commune boundaries yet.',
    noDistrictGeometryHelp:
      'Import a commune boundary file (GeoJSON) from “Import data…” in the menu to see the map. The unit list works meanwhile.',
    districtNoGeometry: 'The communes of this district have no boundaries on the map yet.',
    districtEmpty:
      'This district has no communes or boundaries yet — import its communes or boundaries (Menu → Import).',
    districtOpen: 'District details',
    warningsToday: 'The warnings below are today’s, not those of {date} shown on the map.',
  },
);
