/**
 * Province 95, its district 958 and the given communes (`Xã <code>`), created through the write
 * path: the small unit tree the sync fuzz suites and the sync bench share, without ../shared/data.
 */
import type { CallContext } from '../../electron/engine/context';
import type { Engine } from '../../electron/engine/engine';

/** Creates the units in one write-path transaction under `action`. */
export function seedBacLieuUnits(engine: Engine, communes: readonly string[], ctx: CallContext, action: string): void {
  engine.write(ctx, { action }, (tx) => {
    tx.put('unit', {
      code: '95',
      level: 'province',
      parent_code: null,
      name: 'Tỉnh Bạc Liêu',
      type: 'Tỉnh',
      deleted: 0,
    });
    tx.put('unit', {
      code: '958',
      level: 'district',
      parent_code: '95',
      name: 'Huyện Vĩnh Lợi',
      type: 'Huyện',
      deleted: 0,
    });
    for (const c of communes) {
      tx.put('unit', { code: c, level: 'commune', parent_code: '958', name: `Xã ${c}`, type: 'Xã', deleted: 0 });
    }
  });
}
