/** The daily-figures methods (shared/contract-figures.ts): thin, each delegating to its module. */
import type { figuresApi } from '../../../shared/contract-figures';
import type { EngineContext, HandlersOf } from '../context';
import { checkDay, figuresDay, saveDay } from './day';
import { figuresHistory } from './history';
import { exportFigures } from './export';
import { importFigures, importPreview } from './import';
import { figuresIncidence, figuresSeries } from './series';

/** The figures group of the contract. */
export function figuresHandlers(engine: EngineContext): HandlersOf<typeof figuresApi> {
  return {
    'figures.day': (input) => figuresDay(engine, input),
    'figures.saveDay': (input, ctx) => saveDay(engine, ctx, input),
    'figures.checkDay': (input) => checkDay(engine, input),
    'figures.history': (input) => figuresHistory(engine, input),
    'figures.series': (input) => figuresSeries(engine, input),
    'figures.incidence': (input) => figuresIncidence(engine, input),
    'figures.importPreview': (input) => importPreview(engine, input),
    'figures.import': (input, ctx) => importFigures(engine, ctx, input),
    'figures.exportCsv': (input) => exportFigures(engine, input),
  };
}
