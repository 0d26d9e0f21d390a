import type { ImportReport } from '../../../shared/contract';
import { EngineError, type LocalText, msg } from '../../../shared/result';
import type { PutOutcome } from '../write';

const MAX_PROBLEMS = 200;

/** Collects what an import did and what it skipped, by reason. */
export class ReportBuilder {
  created = 0;
  updated = 0;
  unchanged = 0;
  skipped = 0;
  readonly skippedBy: Record<string, number> = {};
  readonly problems: LocalText[] = [];

  constructor(readonly fileName: string) {}

  count(outcome: PutOutcome): void {
    this[outcome] += 1;
  }

  skip(reason: string, problem: LocalText): void {
    this.skipped += 1;
    this.skippedBy[reason] = (this.skippedBy[reason] ?? 0) + 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  /** A problem worth telling that did not stop the item (e.g. a repaired geometry). */
  note(problem: LocalText): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }

  build(extra: Pick<ImportReport, 'fields' | 'level' | 'held' | 'repaired' | 'list'> = {}): ImportReport {
    return {
      fileName: this.fileName,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      skipped: this.skipped,
      skippedBy: this.skippedBy,
      problems: this.problems.map((p) => p.vi),
      problemsText: this.problems,
      ...extra,
    };
  }

  /**
   * Refuses the whole import when nothing in the file was usable: the transaction rolls back and
   * the database stays as it was.
   */
  failIfNothingUsable(what: LocalText): void {
    if (this.created + this.updated + this.unchanged === 0) {
      throw new EngineError(
        'bad-file',
        msg(
          '{fileName}: không có {vi} nào hợp lệ; không thay đổi gì',
          '{fileName}: no valid {en}; nothing was changed',
          {
            fileName: this.fileName,
            vi: what.vi,
            en: what.en,
          },
        ),
        this.problems,
      );
    }
  }
}
