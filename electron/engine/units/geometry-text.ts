/** Geometry problems in words, in both languages. */
import type { GeometryProblem } from '../../../shared/geo';
import { type LocalText, msg } from '../../../shared/result';

const PROBLEMS: Readonly<Record<GeometryProblem, LocalText>> = {
  missing: msg('không có hình học', 'no geometry'),
  'unsupported-type': msg('kiểu hình học không dùng được', 'unsupported geometry type'),
  'bad-coordinates': msg('tọa độ sai dạng', 'malformed coordinates'),
  'out-of-range': msg('tọa độ không phải kinh độ/vĩ độ', 'coordinates are not longitude/latitude'),
  'ring-too-short': msg('vòng ranh giới quá ít điểm', 'boundary ring has too few points'),
  'ring-not-closed': msg('vòng ranh giới không khép kín', 'boundary ring is not closed'),
  empty: msg('hình học rỗng', 'empty geometry'),
};

/** "`label`: problem (detail)" in both languages; the detail names positions and stays as it is. */
export function geometryProblemText(label: string | LocalText, problem: GeometryProblem, detail: string): LocalText {
  const p = PROBLEMS[problem];
  const l = typeof label === 'string' ? { vi: label, en: label } : label;
  return { vi: `${l.vi}: hình học lỗi, ${p.vi} (${detail})`, en: `${l.en}: bad geometry, ${p.en} (${detail})` };
}
