import { apiError, msg, type ApiError, type Result } from '../../shared/result';
import { isHostMessage, type HostMessage, type HostRequest } from './engine-protocol';

/**
 * The slice of Electron's `UtilityProcess` the client uses; an interface so the request/response
 * bookkeeping is testable in plain Node with a fake.
 */
export interface EnginePort {
  postMessage(message: HostRequest): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** How the engine host ended its start-up. */
export type StartOutcome =
  Readonly<{ ok: true; dbPath: string; created: boolean }> | Readonly<{ ok: false; error: ApiError }>;

/**
 * Main's side of the engine utility process: correlates each call with its reply by id, and
 * answers every pending call with an error if the process dies, so no renderer promise hangs.
 */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private exited: number | null = null;
  private readonly exitWaiters: Array<() => void> = [];
  /** Resolves with the outcome of start-up (ready, fatal, or an early exit). */
  readonly started: Promise<StartOutcome>;
  /** Called once if the process exits while it was expected to be running. */
  onUnexpectedExit: ((code: number) => void) | null = null;
  private closing = false;

  constructor(private readonly port: EnginePort) {
    let settle: (o: StartOutcome) => void = () => undefined;
    this.started = new Promise<StartOutcome>((resolve) => {
      settle = resolve;
    });
    port.on('message', (raw: unknown) => {
      if (!isHostMessage(raw)) return;
      this.onMessage(raw, settle);
    });
    port.on('exit', (code: number) => {
      this.exited = code;
      settle({
        ok: false,
        error: apiError(
          'internal',
          msg('Tiến trình dữ liệu đã dừng (mã {code})', 'The engine process exited (code {code})', { code }),
        ),
      });
      const error: ApiError = apiError(
        'internal',
        msg('Tiến trình dữ liệu đã dừng (mã {code})', 'The engine process stopped (code {code})', { code }),
      );
      for (const resolve of this.pending.values()) resolve({ ok: false, error });
      this.pending.clear();
      for (const w of this.exitWaiters.splice(0)) w();
      if (!this.closing) this.onUnexpectedExit?.(code);
    });
  }

  private onMessage(m: HostMessage, settle: (o: StartOutcome) => void): void {
    switch (m.type) {
      case 'ready':
        settle({ ok: true, dbPath: m.dbPath, created: m.created });
        return;
      case 'fatal':
        settle({ ok: false, error: m.error });
        return;
      case 'result': {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m.result);
        return;
      }
    }
  }

  /** Forwards one API call with the window's session; resolves with the engine's envelope, never rejects. */
  call(method: unknown, input: unknown, session: string | null = null): Promise<Result<unknown>> {
    if (this.exited !== null || this.closing) {
      return Promise.resolve({
        ok: false,
        error: apiError('internal', msg('Tiến trình dữ liệu không chạy', 'engine process not running')),
      });
    }
    const id = this.nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.port.postMessage({ type: 'call', id, method, input, session });
      } catch {
        // Input that cannot be structured-cloned (the preload passes whatever the page gave it).
        this.pending.delete(id);
        resolve({
          ok: false,
          error: apiError(
            'bad-request',
            msg(
              'Không gửi được yêu cầu: dữ liệu vào không sao chép được',
              'Cannot send the request: its input cannot be copied',
            ),
          ),
        });
      }
    });
  }

  /**
   * Asks the host to close the database (checkpointing the WAL) and exit; kills it if it has not
   * exited when `timeoutMs` passes, so quitting the app can never hang on the engine.
   */
  async close(timeoutMs = 5000): Promise<void> {
    if (this.exited !== null) return;
    this.closing = true;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    try {
      this.port.postMessage({ type: 'close' });
    } catch {
      this.port.kill();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const winner = await Promise.race([exited.then(() => 'exited' as const), timeout]);
    clearTimeout(timer);
    // Not awaiting the exit after a kill: a process that ignores close must not hang the quit.
    if (winner === 'timeout') this.port.kill();
  }
}
