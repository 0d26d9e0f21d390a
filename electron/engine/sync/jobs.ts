/** Long sync work (export, import, push) as background jobs the doors poll with `sync.job`. */
import crypto from 'node:crypto';
import type { SyncJob } from '../../../shared/contract-sync';
import { EngineError, type LocalText, msg, toErrorResult } from '../../../shared/result';

interface JobState {
  job: SyncJob;
  finishedAt: number | null;
}

/** Finished jobs are kept this long for the doors to read, then forgotten. */
const KEEP_MS = 10 * 60 * 1000;

/** A job's handle for its work: progress and the status line in both languages. */
export interface JobHandle {
  readonly job: SyncJob;
  note(text: LocalText): void;
}

/** The jobs of one engine. */
export class Jobs {
  private readonly jobs = new Map<string, JobState>();

  constructor(private readonly now: () => number) {}

  /** Starts `work` on the next turn (so the caller gets the id first) and returns the job's id. */
  start(kind: SyncJob['kind'], work: (handle: JobHandle) => Promise<void>): { jobId: string } {
    const now = this.now;
    for (const [id, s] of this.jobs) if (s.finishedAt !== null && now() - s.finishedAt > KEEP_MS) this.jobs.delete(id);
    const id = crypto.randomUUID();
    const job: SyncJob = {
      id,
      kind,
      state: 'running',
      done: 0,
      total: 0,
      note: '',
      noteText: { vi: '', en: '' },
      export: null,
      import: null,
      push: null,
      error: null,
    };
    const state: JobState = { job, finishedAt: null };
    this.jobs.set(id, state);
    const handle: JobHandle = {
      job,
      note: (text) => {
        job.note = text.vi;
        job.noteText = text;
      },
    };
    setImmediate(() => {
      work(handle).then(
        () => {
          job.state = 'done';
          state.finishedAt = now();
        },
        (err: unknown) => {
          const r = toErrorResult(err);
          job.state = 'failed';
          job.error = { code: r.error.code, message: r.error.message, text: r.error.text };
          state.finishedAt = now();
        },
      );
    });
    return { jobId: id };
  }

  /** A copy of a job's state, or not-found. */
  get(jobId: string): SyncJob {
    const s = this.jobs.get(jobId);
    if (!s) throw new EngineError('not-found', msg('Không có tác vụ {id}', 'No job {id}', { id: jobId }));
    return { ...s.job };
  }
}
