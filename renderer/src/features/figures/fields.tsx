/**
 * The grid's columns: the commune, then every field of shared/figures.ts under a short
 * Vietnamese header grouped by topic (F0, tests, each quarantine type, vaccine, outcomes), the
 * full label in the header's tooltip.
 */
import { Tooltip } from '@mantine/core';
import type { ColumnOrColumnGroup, RenderEditCellProps, RenderHeaderCellProps } from 'react-data-grid';
import {
  CELL_PROBLEMS,
  cellProblemText,
  FIGURE_FIELDS,
  FIGURE_LABELS,
  parseCount,
  validateFigures,
  type CellProblemCode,
  type FigureField,
  type PreviousIn,
} from '../../../../shared/figures';
import type { Lang } from '../../i18n';
import { rowProblems, type GridRow, type GridRules } from './grid-model';
import type { FiguresKey } from './strings';

/** A row of the entry grid. */
export type FigureRow = GridRow<FigureField, PreviousIn>;

/** The engine's own rules (shared/figures.ts), as the grid applies them cell by cell. */
export const FIGURE_RULES: GridRules<FigureField, PreviousIn> = {
  read: parseCount,
  checkRow: (values, row) => validateFigures(values, row.extra ?? null).map((p) => ({ field: p.field, code: p.code })),
};

/** The reason of a problem code in `lang`. */
export function problemText(code: string, lang: Lang): string {
  return (CELL_PROBLEMS as readonly string[]).includes(code) ? cellProblemText(code as CellProblemCode)[lang] : code;
}

/** The fields under each header group, with each field's short header key. */
const GROUPS: readonly { group: FiguresKey | null; fields: readonly [FigureField, FiguresKey][] }[] = [
  {
    group: 'groupF0',
    fields: [
      ['f0Community', 'shortF0Community'],
      ['f0Quarantine', 'shortF0Quarantine'],
    ],
  },
  { group: null, fields: [['f1Traced', 'shortF1']] },
  {
    group: 'groupTests',
    fields: [
      ['samples', 'shortSamples'],
      ['positives', 'shortPositives'],
    ],
  },
  {
    group: 'groupFacility',
    fields: [
      ['qFacilityIn', 'shortIn'],
      ['qFacilityNew', 'shortNew'],
      ['qFacilityReleased', 'shortReleased'],
    ],
  },
  {
    group: 'groupHealth',
    fields: [
      ['qHealthIn', 'shortIn'],
      ['qHealthNew', 'shortNew'],
      ['qHealthReleased', 'shortReleased'],
    ],
  },
  {
    group: 'groupHome',
    fields: [
      ['qHomeIn', 'shortIn'],
      ['qHomeNew', 'shortNew'],
      ['qHomeReleased', 'shortReleased'],
    ],
  },
  {
    group: 'groupVaccine',
    fields: [
      ['dose1', 'shortDose1'],
      ['dose2', 'shortDose2'],
      ['doseBooster', 'shortBooster'],
    ],
  },
  {
    group: 'groupOutcome',
    fields: [
      ['deaths', 'shortDeaths'],
      ['recoveries', 'shortRecoveries'],
    ],
  },
];

// Every field appears once, in the contract's order (a field added there and not here fails this).
const ORDERED = GROUPS.flatMap((g) => g.fields.map(([f]) => f));
if (ORDERED.join() !== FIGURE_FIELDS.join()) throw new Error('figures grid columns out of step with FIGURE_FIELDS');

/** The short header of each field (for the clipboard's header line). */
export function shortHeaders(t: (key: FiguresKey) => string): string[] {
  return GROUPS.flatMap((g) => g.fields.map(([, k]) => (g.group ? `${t(g.group)} ${t(k)}` : t(k))));
}

function selectAll(input: HTMLInputElement | null): void {
  input?.focus();
  input?.select();
}

/** The cell editor: a plain input, its text selected so typing replaces it. */
function CountEditor(props: RenderEditCellProps<FigureRow>): React.JSX.Element {
  const field = props.column.key as FigureField;
  return (
    <input
      className="rdg-text-editor figures-editor"
      ref={selectAll}
      inputMode="numeric"
      value={props.row.text[field]}
      onChange={(e) => props.onRowChange({ ...props.row, text: { ...props.row.text, [field]: e.target.value } })}
      onBlur={() => props.onClose(true, false)}
    />
  );
}

/** The grid's columns in `lang` (memoise: a new array re-lays out the whole grid). */
export function figureColumns(lang: Lang, t: (key: FiguresKey) => string): readonly ColumnOrColumnGroup<FigureRow>[] {
  const header =
    (full: string) =>
    (p: RenderHeaderCellProps<FigureRow>): React.JSX.Element => (
      <Tooltip label={full} withinPortal openDelay={300}>
        <span className="figures-head">{p.column.name}</span>
      </Tooltip>
    );
  const column = (field: FigureField, key: FiguresKey): ColumnOrColumnGroup<FigureRow> => ({
    key: field,
    name: t(key),
    width: field.startsWith('f0') ? 92 : 74,
    minWidth: 56,
    renderHeaderCell: header(FIGURE_LABELS[field][lang]),
    renderCell: ({ row }) => {
      const problem = rowProblems(row, FIGURE_FIELDS, FIGURE_RULES).find((p) => p.field === field);
      return (
        <span title={problem ? problemText(problem.code, lang) : undefined} data-field={field}>
          {row.text[field]}
        </span>
      );
    },
    cellClass: (row) => {
      if (rowProblems(row, FIGURE_FIELDS, FIGURE_RULES).some((p) => p.field === field))
        return 'figures-cell figures-bad';
      const read = parseCount(row.text[field]);
      return read !== row.saved[field] ? 'figures-cell figures-dirty' : 'figures-cell';
    },
    renderEditCell: CountEditor,
  });
  return [
    {
      key: 'name',
      name: t('colCommune'),
      frozen: true,
      width: 168,
      renderCell: ({ row }) => <span title={row.code}>{row.name}</span>,
      cellClass: 'figures-name',
    },
    ...GROUPS.map((g) =>
      g.group
        ? { name: t(g.group), headerCellClass: 'figures-group', children: g.fields.map(([f, k]) => column(f, k)) }
        : column(g.fields[0]![0], g.fields[0]![1]),
    ),
  ];
}
