/**
 * Messages between the main process and the engine utility process. Both sides check shapes on
 * receipt: the messages are plain structured-clone data, never trusted blindly.
 */
import type { ApiError, Result } from '../../shared/result';

/** Main → engine host. */
export type HostRequest =
  | Readonly<{ type: 'call'; id: number; method: unknown; input: unknown; session: string | null }>
  | Readonly<{ type: 'close' }>;

/** Engine host → main. */
export type HostMessage =
  | Readonly<{ type: 'ready'; dbPath: string; created: boolean }>
  | Readonly<{ type: 'fatal'; error: ApiError }>
  | Readonly<{ type: 'result'; id: number; result: Result<unknown> }>;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Checks a message the engine host received. */
export function isHostRequest(x: unknown): x is HostRequest {
  if (!isRecord(x)) return false;
  if (x['type'] === 'close') return true;
  const session = x['session'];
  return x['type'] === 'call' && Number.isSafeInteger(x['id']) && (session === null || typeof session === 'string');
}

function isApiError(x: unknown): x is ApiError {
  return isRecord(x) && typeof x['code'] === 'string' && typeof x['message'] === 'string';
}

/** Checks a message main received from the engine host. */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRecord(x)) return false;
  switch (x['type']) {
    case 'ready':
      return typeof x['dbPath'] === 'string' && typeof x['created'] === 'boolean';
    case 'fatal':
      return isApiError(x['error']);
    case 'result': {
      const r = x['result'];
      return (
        Number.isSafeInteger(x['id']) &&
        isRecord(r) &&
        (r['ok'] === true || (r['ok'] === false && isApiError(r['error'])))
      );
    }
    default:
      return false;
  }
}
