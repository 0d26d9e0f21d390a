import type { coreApi } from '../../../shared/contract';
import type { EngineContext, HandlersOf } from '../context';
import { appSettings, writeSetting } from './settings';

/** The settings methods of the contract. */
export type SettingsApi = Pick<typeof coreApi, 'settings.get' | 'settings.set'>;

/** Reads and writes the operator settings. */
export function settingsHandlers(engine: EngineContext): HandlersOf<SettingsApi> {
  return {
    'settings.get': () => appSettings(engine.db),
    'settings.set': (input, ctx) => {
      engine.write(ctx, { action: 'settings.set' }, (tx) => {
        for (const [key, value] of Object.entries(input)) {
          if (value !== undefined) writeSetting(tx, key, value);
        }
      });
      return appSettings(engine.db);
    },
  };
}
