/** The daily-figures methods (shared/contract-figures.ts). */
import type { figuresApi } from '../../../shared/contract-figures';
import { EngineError, msg } from '../../../shared/result';
import type { EngineContext, HandlersOf } from '../context';

function notYet(method: string): never {
  throw new EngineError(
    'internal',
    msg('{method}: chưa làm xong (đang phát triển)', '{method}: not implemented yet (in progress)', { method }),
  );
}

/** The figures group of the contract. */
export function figuresHandlers(engine: EngineContext): HandlersOf<typeof figuresApi> {
  void engine;
  return {
    'figures.day': () => notYet('figures.day'),
    'figures.saveDay': () => notYet('figures.saveDay'),
    'figures.history': () => notYet('figures.history'),
    'figures.series': () => notYet('figures.series'),
    'figures.incidence': () => notYet('figures.incidence'),
    'figures.importPreview': () => notYet('figures.importPreview'),
    'figures.import': () => notYet('figures.import'),
    'figures.exportCsv': () => notYet('figures.exportCsv'),
  };
}
