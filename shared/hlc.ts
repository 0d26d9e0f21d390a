/**
 * Hybrid logical clock (Kulkarni et al.), as used by local-first sync engines.
 *
 * A timestamp is `<wall ms, ISO 8601>-<counter, 4 hex>-<node id, 16 hex>`. Its string form sorts
 * in causal order, so the change log can be ordered by plain string comparison.
 */

/** Mutable state of a clock: the highest wall time and counter issued or seen. */
export interface HlcState {
  millis: number;
  counter: number;
  readonly node: string;
}

/** A parsed timestamp. */
export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

/** How far a remote clock may run ahead of ours before we refuse its timestamps. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;
const MAX_COUNTER = 0xffff;

/** Error raised when a clock cannot advance (drift, counter overflow, malformed timestamp). */
export class HlcError extends Error {
  constructor(
    readonly reason: 'drift' | 'overflow' | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'HlcError';
  }
}

/** Formats a timestamp so that string order equals causal order. */
export function formatHlc(t: Hlc): string {
  return `${new Date(t.millis).toISOString()}-${t.counter.toString(16).padStart(4, '0')}-${t.node}`;
}

/** Parses the string form back; throws HlcError('malformed') on anything else. */
export function parseHlc(text: string): Hlc {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/.exec(text);
  if (!m) throw new HlcError('malformed', `Malformed HLC timestamp: ${text}`);
  const millis = Date.parse(m[1]!);
  if (Number.isNaN(millis)) throw new HlcError('malformed', `Malformed HLC timestamp: ${text}`);
  return { millis, counter: parseInt(m[2]!, 16), node: m[3]! };
}

/**
 * Issues the next local timestamp. Wall time never goes backwards: when the physical clock is
 * behind the last issued time, the counter carries the ordering instead.
 */
export function tick(state: HlcState, now: number): string {
  if (now > state.millis) {
    state.millis = now;
    state.counter = 0;
  } else {
    if (state.counter >= MAX_COUNTER) {
      throw new HlcError('overflow', 'HLC counter overflow');
    }
    state.counter += 1;
  }
  return formatHlc(state);
}

/**
 * Merges a remote timestamp into our clock (on receiving changes), so that anything we issue
 * afterwards sorts after it. Refuses a remote clock too far in the future.
 */
export function receive(state: HlcState, remote: Hlc, now: number): void {
  if (remote.millis - now > MAX_DRIFT_MS) {
    throw new HlcError('drift', `Remote clock ${new Date(remote.millis).toISOString()} is too far ahead`);
  }
  const wall = Math.max(state.millis, remote.millis, now);
  let counter: number;
  if (wall === state.millis && wall === remote.millis) counter = Math.max(state.counter, remote.counter) + 1;
  else if (wall === state.millis) counter = state.counter + 1;
  else if (wall === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) throw new HlcError('overflow', 'HLC counter overflow');
  state.millis = wall;
  state.counter = counter;
}
