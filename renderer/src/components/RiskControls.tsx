import { ActionIcon, Badge, Button, Group, Paper, Slider, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { UnitSummary } from '../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../shared/risk';
import { invoke } from '../api';
import { useI18n } from '../i18n';
import { LEGEND_ORDER, formatDay, riskName } from '../risk-map';
import { useStoredFlag } from '../stored-flag';
import type { ChangedUnit } from '../use-risk';
import { useNotify } from './Notifications';
import { SetLevelModal } from './SetLevelModal';

/** True when a key event is meant for a text field or a dialog, not the map's shortcuts. */
function keyIsForSomethingElse(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
    // The slider thumb and the tree are not text fields; real inputs keep their keys.
    return true;
  }
  return !!target.closest('[role="dialog"], [role="menu"], [role="listbox"]');
}

export interface RiskLegendProps {
  readonly counts: Readonly<Record<RiskLevel, number>>;
  /** The district's own level and its 2686 roll-up (null: whole country or not loaded). */
  readonly district: { readonly name: string; readonly own: RiskLevel; readonly rollup: RiskLevel } | null;
  readonly onOpenDistrict: () => void;
  readonly showChanged: boolean;
  readonly onShowChanged: (on: boolean) => void;
  readonly changed: readonly ChangedUnit[];
  readonly unitName: (code: string) => string;
  readonly onPick: (code: string) => void;
}

/** The legend with counts per level, the district's level, and the "changed since yesterday" list. */
export function RiskLegend(props: RiskLegendProps): React.JSX.Element {
  const { t, lang } = useI18n();
  // Folded, the legend is one line of swatches and counts: the map behind it stays visible.
  const [folded, setFolded] = useStoredFlag('saban.legendFolded', false);
  return (
    <Paper
      className={`saban-map-overlay saban-legend${folded ? ' is-folded' : ''}`}
      shadow="md"
      p="sm"
      withBorder
      data-testid="legend"
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
        <Text size="sm" fw={700}>
          {t('legendTitle')}
        </Text>
        <ActionIcon
          variant="subtle"
          size="sm"
          onClick={() => setFolded(!folded)}
          aria-label={folded ? t('expand') : t('collapse')}
          aria-expanded={!folded}
          data-testid="legend-collapse"
        >
          {folded ? '▴' : '▾'}
        </ActionIcon>
      </Group>
      {folded ? (
        <Group gap={10} wrap="nowrap">
          {LEGEND_ORDER.map((l) => (
            <Group
              key={l}
              gap={4}
              wrap="nowrap"
              title={riskName(lang, l)}
              aria-label={`${riskName(lang, l)}: ${props.counts[l]}`}
              data-testid={`legend-row-${l}`}
            >
              <span className="saban-swatch saban-swatch-sm" style={{ background: RISK_LEVELS[l].colour }} />
              <Text size="xs" fw={700} data-testid={`legend-count-${l}`}>
                {props.counts[l]}
              </Text>
            </Group>
          ))}
        </Group>
      ) : (
        <LegendBody {...props} />
      )}
    </Paper>
  );
}

/** The unfolded legend: named levels with counts, the district's level, changes since yesterday. */
function LegendBody(props: RiskLegendProps): React.JSX.Element {
  const { t, lang } = useI18n();
  return (
    <>
      <Stack gap={2}>
        {LEGEND_ORDER.map((l) => (
          <Group key={l} gap={8} wrap="nowrap" data-testid={`legend-row-${l}`}>
            <span className="saban-swatch" style={{ background: RISK_LEVELS[l].colour }} />
            <Text size="xs" style={{ flex: 1 }}>
              {riskName(lang, l)}
            </Text>
            <Text size="xs" fw={700} data-testid={`legend-count-${l}`}>
              {props.counts[l]}
            </Text>
          </Group>
        ))}
      </Stack>
      {props.district && (
        <UnstyledButton className="saban-district-chip" onClick={props.onOpenDistrict} data-testid="district-level">
          <Text size="xs" fw={600}>
            {props.district.name}
          </Text>
          <Text size="xs">
            {t('rollupOwn')}: {riskName(lang, props.district.own)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('rollupSuggested')}: {riskName(lang, props.district.rollup)}
          </Text>
        </UnstyledButton>
      )}
      <Switch
        mt="xs"
        size="xs"
        label={t('changedToggle')}
        checked={props.showChanged}
        onChange={(e) => props.onShowChanged(e.currentTarget.checked)}
        data-testid="changed-toggle"
      />
      {props.showChanged && (
        <div className="saban-changed-list" data-testid="changed-list">
          {props.changed.length === 0 ? (
            <Text size="xs" c="dimmed">
              {t('changedNone')}
            </Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                {t('changedCount', { n: props.changed.length })}
              </Text>
              {props.changed.map((c) => (
                <UnstyledButton
                  key={c.code}
                  className="saban-changed-row"
                  onClick={() => props.onPick(c.code)}
                  data-testid={`changed-${c.code}`}
                >
                  <Text size="xs" span>
                    {props.unitName(c.code)}:{' '}
                  </Text>
                  <span className="saban-swatch saban-swatch-sm" style={{ background: RISK_LEVELS[c.from].colour }} />
                  <Text size="xs" span>
                    {' → '}
                  </Text>
                  <span className="saban-swatch saban-swatch-sm" style={{ background: RISK_LEVELS[c.to].colour }} />
                </UnstyledButton>
              ))}
            </>
          )}
        </div>
      )}
      <Text size="xs" c="dimmed" mt={6} maw={230}>
        {t('keyboardHint')}
      </Text>
    </>
  );
}

export interface RiskToolbarProps {
  /** Every selected unit that can carry a level (communes, hamlets, a district). */
  readonly selected: readonly UnitSummary[];
  /** Viewing a day other than now: editing is refused with a warning. */
  readonly viewingOtherDay: boolean;
  readonly unitName: (code: string) => string;
  readonly onClear: () => void;
  /** After a set or an undo: reload levels. */
  readonly onChanged: () => void;
  /** Filled with the dialog opener, for the detail panel's "Set level…" button. */
  readonly openRef?: React.RefObject<((level: RiskLevel | null) => void) | null>;
}

/**
 * "N selected · Set level… · Undo", the set-level dialog, and their keys: 0–4 open the dialog
 * preset to that level for the selection, Ctrl+Z undoes the last level change.
 */
export function RiskToolbar(props: RiskToolbarProps): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const [dialog, setDialog] = useState<{ level: RiskLevel | null } | null>(null);
  const { selected, viewingOtherDay, onChanged, unitName, openRef } = props;

  const open = (level: RiskLevel | null): void => {
    if (selected.length === 0) return;
    if (viewingOtherDay) {
      notify.error(new Error(t('pastNoEdit')));
      return;
    }
    setDialog({ level });
  };

  const undo = async (): Promise<void> => {
    try {
      const r = await invoke('risk.undo', {});
      const names = r.codes.slice(0, 5).map(unitName).join(', ') + (r.codes.length > 5 ? ', …' : '');
      notify.success(t('undoneNote'), t('undoWhat', { level: riskName(lang, r.level as RiskLevel), names }));
      onChanged();
    } catch (err) {
      notify.error(err);
    }
  };

  // Latest values for the key listener, registered once.
  const keys = { open, undo, dialogOpen: dialog !== null };
  const keysRef = useLatest(keys);
  useEffect(() => {
    if (!openRef) return undefined;
    openRef.current = (level) => keysRef.current.open(level);
    return () => {
      openRef.current = null;
    };
  }, [openRef, keysRef]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const k = keysRef.current;
      if (k.dialogOpen || keyIsForSomethingElse(e)) return;
      if (e.key.toLowerCase() === 'z' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        void k.undo();
      } else if (/^[0-4]$/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        k.open(Number(e.key) as RiskLevel);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keysRef]);

  return (
    <>
      <Paper className="saban-map-overlay saban-risk-toolbar" shadow="md" p={6} withBorder data-testid="risk-toolbar">
        <Group gap="xs" wrap="nowrap">
          {selected.length > 0 && (
            <>
              <Badge variant="light" data-testid="selected-count">
                {t('selectedCount', { n: selected.length })}
              </Badge>
              <Button size="compact-sm" onClick={() => open(null)} data-testid="set-level-open">
                {t('setLevel')}
              </Button>
              <Button size="compact-sm" variant="subtle" onClick={props.onClear} data-testid="selection-clear">
                {t('clearSelection')}
              </Button>
            </>
          )}
          <Button size="compact-sm" variant="default" onClick={() => void undo()} data-testid="risk-undo">
            ↶ {t('undoLevel')}
          </Button>
        </Group>
      </Paper>
      {dialog && (
        <SetLevelModal
          units={selected}
          initialLevel={dialog.level}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

/** A ref that always holds the latest value (for listeners registered once). */
function useLatest<T>(value: T): React.RefObject<T> {
  const [ref] = useState(() => ({ current: value }));
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

export interface DateSliderProps {
  readonly days: readonly string[];
  readonly today: string;
  readonly viewDay: string | null;
  readonly onChange: (day: string | null) => void;
}

/** The map's date: any past day (as it stood at the end of that day), now, or a scheduled day. */
export function DateSlider(props: DateSliderProps): React.JSX.Element {
  const { t } = useI18n();
  const { days, today, viewDay, onChange } = props;
  const todayIndex = Math.max(0, days.indexOf(today));
  const index = viewDay === null ? todayIndex : Math.max(0, days.indexOf(viewDay));
  const past = viewDay !== null && viewDay < today;
  const future = viewDay !== null && viewDay > today;
  return (
    <Paper
      className={`saban-map-overlay saban-date-slider${past ? ' is-past' : ''}`}
      shadow="md"
      p="xs"
      withBorder
      data-testid="date-slider"
    >
      <Group gap="sm" wrap="nowrap">
        <Text
          size="xs"
          fw={600}
          w={170}
          data-testid="date-indicator"
          c={past ? 'orange.9' : future ? 'violet.8' : undefined}
        >
          {past
            ? t('viewingPast', { date: formatDay(viewDay) })
            : future
              ? t('viewingFuture', { date: formatDay(viewDay) })
              : `${formatDay(today)}`}
        </Text>
        <Slider
          style={{ flex: 1 }}
          min={0}
          max={Math.max(1, days.length - 1)}
          step={1}
          value={index}
          onChange={(i) => {
            const d = days[i];
            onChange(!d || d === today ? null : d);
          }}
          label={(i) => formatDay(days[i] ?? today)}
          marks={[{ value: todayIndex }]}
          thumbProps={{ 'aria-label': t('sliderLabel'), 'data-testid': 'date-slider-thumb' } as object}
        />
        {viewDay !== null && (
          <Button size="compact-xs" onClick={() => onChange(null)} data-testid="date-now">
            {t('backToNow')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
