import { describe, expect, it } from 'vitest';
import { ApiFailure, failureOf } from '../../renderer/src/api';
import { overlayPadding } from '../../renderer/src/features/map/overlay-padding';
import { pngFileName } from '../../renderer/src/features/risk/use-risk-exports';
import { noteOf } from '../../renderer/src/ui/Notifications';
import { msg } from '../../shared/result';
import { fileDate } from '../../shared/time';

describe('ApiFailure from an error envelope', () => {
  it('keeps the text in both languages, the details and the reference', () => {
    const f = failureOf({
      code: 'internal',
      message: 'Lỗi nội bộ',
      text: { vi: 'Lỗi nội bộ (mã ab12)', en: 'Internal error (id ab12)' },
      detailsText: [{ vi: 'dòng 3', en: 'line 3' }],
      ref: 'ab12',
    });
    expect(f.code).toBe('internal');
    expect(f.text.en).toBe('Internal error (id ab12)');
    expect(f.message).toBe('Lỗi nội bộ (mã ab12)');
    expect(f.detailsText).toEqual([{ vi: 'dòng 3', en: 'line 3' }]);
    expect(f.details).toEqual(['dòng 3']);
    expect(f.ref).toBe('ab12');
  });

  it('reads an old envelope (message only) and an unknown code as internal', () => {
    const f = failureOf({ code: 'nope', message: 'x' });
    expect(f.code).toBe('internal');
    expect(f.text).toEqual({ vi: 'x', en: 'x' });
  });
});

describe('notifications show one language', () => {
  it("shows a user's mistake as a warning in the chosen language, without a reference", () => {
    const err = new ApiFailure('bad-request', msg('Hãy về hiện tại', 'Return to now'), { ref: 'zz' });
    const en = noteOf(err, 'en');
    expect(en).toMatchObject({ kind: 'warning', title: 'Invalid request', message: 'Return to now' });
    expect(en.ref).toBeUndefined();
    expect(noteOf(err, 'vi')).toMatchObject({
      kind: 'warning',
      title: 'Yêu cầu không hợp lệ',
      message: 'Hãy về hiện tại',
    });
  });

  it('shows an internal error with its short reference, never both languages at once', () => {
    const err = new ApiFailure('internal', msg('Lỗi nội bộ (mã q1)', 'Internal error (id q1)'), { ref: 'q1' });
    const note = noteOf(err, 'en');
    expect(note).toMatchObject({
      kind: 'error',
      title: 'Internal error',
      message: 'Internal error (id q1)',
      ref: 'q1',
    });
    expect(note.message).not.toContain('Lỗi');
  });

  it('never shows the raw text of a bug in the interface', () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const note = noteOf(new TypeError("Cannot read properties of undefined (reading 'x')"), 'vi');
      expect(note.kind).toBe('error');
      expect(note.message).not.toContain('undefined');
    } finally {
      console.error = original;
    }
  });
});

describe('overlay padding', () => {
  const map = { left: 236, top: 56, right: 1066, bottom: 768 };

  it('pads each edge by how far the overlays docked to it reach in', () => {
    const toolbar = { left: 900, top: 68, right: 1056, bottom: 100 };
    const legend = { left: 836, top: 480, right: 1056, bottom: 706 };
    const slider = { left: 346, top: 716, right: 1056, bottom: 758 };
    const p = overlayPadding(map, [toolbar, legend, slider], 10);
    expect(p.right).toBe(1066 - 836 + 10);
    expect(p.bottom).toBe(768 - 716 + 10);
    expect(p.top).toBe(10);
    expect(p.left).toBe(10);
  });

  it('ignores overlays outside the map and caps an axis so the unit keeps room', () => {
    const outside = { left: 0, top: 0, right: 200, bottom: 50 };
    const wideLeft = { left: 236, top: 300, right: 800, bottom: 320 };
    const wideRight = { left: 700, top: 400, right: 1066, bottom: 420 };
    const p = overlayPadding(map, [outside, wideLeft, wideRight], 0);
    expect(p.left + p.right).toBeLessThanOrEqual(Math.round((1066 - 236) * 0.6) + 1);
    expect(p.top).toBe(0);
  });
});

describe('export file names', () => {
  it('name the PNG with the Vietnam date', () => {
    // 18:30 UTC on 24/11 is already 25/11 in Vietnam.
    const day = fileDate(Date.parse('2021-11-24T18:30:00Z'));
    expect(day).toBe('2021-11-25');
    expect(pngFileName('958', day)).toBe('saban-ban-do-958-2021-11-25.png');
  });
});
