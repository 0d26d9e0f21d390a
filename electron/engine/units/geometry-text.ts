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
  'self-intersection': msg('ranh giới tự cắt nhau', 'the boundary crosses itself'),
  'hole-outside-shell': msg('lỗ nằm ngoài vòng ngoài', 'a hole lies outside its shell'),
  'nested-holes': msg('lỗ nằm trong lỗ khác', 'a hole lies inside another hole'),
  'nested-shells': msg('các phần chồng lên nhau', 'parts lie inside one another'),
  'disconnected-interior': msg('lỗ chia cắt vùng', 'holes split the area apart'),
  'duplicate-rings': msg('vòng ranh giới lặp lại', 'a boundary ring is repeated'),
  'invalid-topology': msg('hình học không hợp lệ', 'invalid geometry'),
};

/**
 * "`label`: problem (detail)[; hint]" in both languages; the detail names positions and stays as
 * it is.
 */
export function geometryProblemText(
  label: string | LocalText,
  problem: GeometryProblem,
  detail: string,
  hint?: LocalText,
): LocalText {
  const p = PROBLEMS[problem];
  const l = typeof label === 'string' ? { vi: label, en: label } : label;
  return {
    vi: `${l.vi}: hình học lỗi, ${p.vi} (${detail})${hint ? `; ${hint.vi}` : ''}`,
    en: `${l.en}: bad geometry, ${p.en} (${detail})${hint ? `; ${hint.en}` : ''}`,
  };
}
