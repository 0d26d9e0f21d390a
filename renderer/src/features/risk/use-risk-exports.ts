/**
 * The level exports of the menu: GeoJSON, XLSX and CSV from the engine, and a PNG of the map view named
 * with the Vietnam date of the day it shows.
 */
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import { fileDate, formatTime } from '../../../../shared/time';
import { invoke } from '../../api';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import type { TableFormat } from '../../../../shared/contract-text';
import { downloadBlob, downloadExport } from '../../ui/download';
import type { MapControl } from '../map/MapView';
import { CHANGED_OUTLINE, LEGEND_ORDER, endOfVnDay, formatDay, riskName } from './risk-map';
import { strings } from './strings';

/** What the exports need to know about the view. */
export interface ExportView {
  /** The district shown (null: the whole country, which only the PNG exports). */
  readonly district: string | null;
  /** The title of the PNG (the district's or the country's name). */
  readonly title: string;
  /** A short name for files ("toan-quoc" or the district code). */
  readonly fileKey: string;
  readonly viewDay: string | null;
  readonly counts: Readonly<Record<RiskLevel, number>>;
  /** Units outlined as changed since yesterday (null: the outline is not shown). */
  readonly changed: number | null;
  readonly mapControl: React.RefObject<MapControl | null>;
}

/** The PNG's file name: `saban-ban-do-<what>-<Vietnam date>.png`. */
export function pngFileName(fileKey: string, day: string): string {
  return `saban-ban-do-${fileKey}-${day}.png`;
}

/** The three export actions. */
export function useRiskExports(view: ExportView): {
  exportLevels: (format: 'geojson' | TableFormat) => void;
  exportPng: () => void;
} {
  const { lang } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();

  const exportLevels = (format: 'geojson' | TableFormat): void => {
    if (!view.district) {
      notify.warn(t('exportNeedsDistrict'));
      return;
    }
    invoke('risk.export', {
      within: view.district,
      format,
      ...(view.viewDay ? { at: endOfVnDay(view.viewDay) } : {}),
    })
      .then((r) => {
        downloadExport(r);
        notify.success(t('exported', { file: r.fileName }));
      })
      .catch((err: unknown) => notify.error(err));
  };

  const exportPng = (): void => {
    const control = view.mapControl.current;
    if (!control) return;
    const day = view.viewDay ?? fileDate();
    // A past day shows the levels at its end; today, the levels now.
    const time = view.viewDay ? '23:59' : formatTime(Date.now());
    control
      .exportPng({
        title: view.title,
        subtitle: t('pngSubtitle', { date: formatDay(day), time }),
        legendTitle: t('legendTitle'),
        legend: LEGEND_ORDER.map((l) => ({
          colour: RISK_LEVELS[l].colour,
          label: riskName(lang, l),
          count: view.counts[l],
        })),
        ...(view.changed !== null && view.changed > 0
          ? { changed: { colour: CHANGED_OUTLINE, label: t('pngChanged'), count: view.changed } }
          : {}),
      })
      .then((blob) => {
        const fileName = pngFileName(view.fileKey, day);
        downloadBlob(blob, fileName);
        notify.success(t('exported', { file: fileName }));
      })
      .catch((err: unknown) => notify.error(err));
  };

  return { exportLevels, exportPng };
}
