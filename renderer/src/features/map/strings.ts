/** Strings of the map and its drawing tool. */
import { defineStrings } from '../../i18n/define';

/** Vietnamese first; the English table must have the same keys (checked when compiling). */
export const strings = defineStrings(
  {
    mapLabel: 'Bản đồ',
    drawingHelp:
      'Nhấp để đặt các đỉnh của ấp. Nhấp đúp hoặc Enter để kết thúc, Esc để hủy. Chỉ một điểm rồi Enter: ấp dạng điểm.',
    drawingPoints: '{n} điểm',
    drawFinish: 'Xong',
    drawTooFew: 'Cần 1 điểm (ấp dạng điểm) hoặc ít nhất 3 điểm (vùng).',
    drawingPointsOne: '{n} điểm',
  },
  {
    mapLabel: 'Map',
    drawingHelp:
      'Click to place the hamlet’s vertices. Double-click or Enter finishes, Esc cancels. One point then Enter: a point hamlet.',
    drawingPoints: '{n} points',
    drawFinish: 'Finish',
    drawTooFew: 'Place 1 point (a point hamlet) or at least 3 points (an area).',
    drawingPointsOne: '{n} point',
  },
);
