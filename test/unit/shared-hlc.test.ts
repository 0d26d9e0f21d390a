import { describe, expect, it } from 'vitest';
import { formatHlc, type HlcState, HlcError, MAX_DRIFT_MS, parseHlc, receive, tick } from '../../shared/hlc';

const NODE = '0123456789abcdef';

describe('hybrid logical clock', () => {
  it('issues strictly increasing timestamps even when the wall clock stands still or goes back', () => {
    const s: HlcState = { millis: 0, counter: 0, node: NODE };
    const a = tick(s, 1000);
    const b = tick(s, 1000);
    const c = tick(s, 500); // clock went backwards
    const d = tick(s, 2000);
    expect([a, b, c, d]).toEqual([...[a, b, c, d]].sort());
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(parseHlc(c)).toEqual({ millis: 1000, counter: 2, node: NODE });
    expect(parseHlc(d).counter).toBe(0);
  });

  it('round-trips through its string form', () => {
    const t = { millis: Date.UTC(2021, 10, 24, 5), counter: 0x2a, node: NODE };
    expect(parseHlc(formatHlc(t))).toEqual(t);
    expect(() => parseHlc('2021-11-24-nope')).toThrow(HlcError);
  });

  it('orders after a received remote timestamp', () => {
    const s: HlcState = { millis: 1000, counter: 3, node: NODE };
    const remote = { millis: 5000, counter: 7, node: 'ffffffffffffffff' };
    receive(s, remote, 2000);
    const next = tick(s, 2000);
    expect(next > formatHlc(remote)).toBe(true);
  });

  it('refuses a remote clock too far in the future', () => {
    const s: HlcState = { millis: 0, counter: 0, node: NODE };
    expect(() => receive(s, { millis: 10 + MAX_DRIFT_MS + 1, counter: 0, node: NODE }, 10)).toThrow(/too far ahead/);
  });

  it('refuses to overflow the counter', () => {
    const s: HlcState = { millis: 1000, counter: 0xffff, node: NODE };
    expect(() => tick(s, 1000)).toThrow(/overflow/);
  });
});
