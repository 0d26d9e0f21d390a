import type { ImportReport } from '../../shared/contract';
import { EngineError } from '../../shared/result';
import type { PutOutcome } from './write';

const MAX_PROBLEMS = 200;

/** Collects what an import did and what it skipped, by reason. */
export class ReportBuilder {
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  readonly skippedBy: Record<string, number> = {};
  readonly problems: string[] = [];

  constructor(readonly fileName: string) {}

  count(outcome: PutOutcome): void {
    this[outcome] += 1;
  }

  skip(reason: string, problem: string): void {
    this.skipped += 1;
    this.skippedBy[reason] = (this.skippedBy[reason] ?? 0) + 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  build(extra: Pick<ImportReport, 'fields' | 'level'> = {}): ImportReport {
    return {
      fileName: this.fileName,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      skippedBy: this.skippedBy,
      problems: this.problems,
      ...extra,
    };
  }

  /**
   * Refuses the whole import when nothing in the file was usable: the transaction rolls back and
   * the database stays as it was.
   */
  failIfNothingUsable(what: string): void {
    if (this.created + this.updated + this.unchanged === 0) {
      throw new EngineError(
        'bad-file',
        `${this.fileName}: không có ${what} nào hợp lệ; không thay đổi gì / no valid ${what}; nothing was changed`,
        this.problems,
      );
    }
  }
}
