/**
 * The day at a province office: one read-only row per district (its communes summed, as
 * `figures.day` answers for a province) and the province's total, under the entry grid's own
 * columns. Districts enter their communes; the province reads the sums here, or picks a district
 * in the header chooser to see its communes.
 */
import 'react-data-grid/lib/styles.css';
import { Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { DataGrid, type ColumnOrColumnGroup } from 'react-data-grid';
import type { DayRow } from '../../../../shared/contract-figures';
import { FIGURE_FIELDS, type FigureField, type PreviousIn } from '../../../../shared/figures';
import { useI18n } from '../../i18n';
import { figureColumns, type FigureRow } from './fields';
import { rowsFromSaved } from './grid-model';
import { useFiguresText } from './strings';

/** True when a day's rows are a province's districts (the entry grid then has no communes to show). */
export function isProvinceDay(day: { readonly code: string; readonly rows: readonly DayRow[] }): boolean {
  return day.rows.length > 0 && day.rows.every((r) => r.unitLevel === 'district' && r.parentCode === day.code);
}

/** The same columns as the entry grid, none of them editable, the first naming districts. */
function readOnly(columns: readonly ColumnOrColumnGroup<FigureRow>[], first: string): ColumnOrColumnGroup<FigureRow>[] {
  return columns.map((c, i) =>
    'children' in c
      ? { ...c, children: readOnly(c.children, first) }
      : { ...c, editable: false, ...(i === 0 && c.key === 'name' ? { name: first } : {}) },
  );
}

/** The province's day: districts summed, then the total. */
export function ProvinceDay(props: {
  readonly day: { readonly rows: readonly DayRow[]; readonly totals: DayRow };
}): React.JSX.Element {
  const { lang } = useI18n();
  const t = useFiguresText();
  const columns = useMemo(() => readOnly(figureColumns(lang, t), t('colDistrict')), [lang, t]);
  const { rows, totals } = props.day;
  const gridRows = useMemo(
    (): FigureRow[] =>
      rowsFromSaved<FigureField, PreviousIn>(FIGURE_FIELDS, [
        ...rows.map((r) => ({ code: r.unitCode, name: r.unitName, values: r.values })),
        { code: totals.unitCode, name: t('provinceTotal'), values: totals.values },
      ]),
    [rows, totals, t],
  );
  return (
    <Stack gap="xs" data-testid="figures-province">
      <Text size="sm" c="dimmed">
        {t('provinceHelp')}
      </Text>
      <DataGrid
        aria-label={t('provinceLabel')}
        data-testid="figures-province-grid"
        className="rdg-light figures-grid"
        columns={columns}
        rows={gridRows}
        rowKeyGetter={(r) => r.code}
        rowHeight={30}
        headerRowHeight={30}
        style={{ blockSize: 'auto', maxBlockSize: 'calc(100vh - 260px)' }}
      />
    </Stack>
  );
}
