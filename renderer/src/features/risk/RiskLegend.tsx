import { ActionIcon, Group, Paper, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useStoredFlag } from '../../ui/stored-flag';
import { LEGEND_ORDER, formatDay, riskName } from './risk-map';
import { strings } from './strings';
import type { ChangedUnit, DistrictRollup } from './use-risk';

export interface RiskLegendProps {
  readonly counts: Readonly<Record<RiskLevel, number>>;
  /** The district's name with its own level and 2686 roll-up on the day shown (null: whole country or not loaded). */
  readonly district: { readonly name: string; readonly rollup: DistrictRollup } | null;
  readonly onOpenDistrict: () => void;
  readonly showChanged: boolean;
  readonly onShowChanged: (on: boolean) => void;
  readonly changed: readonly ChangedUnit[];
  readonly unitName: (code: string) => string;
  readonly onPick: (code: string) => void;
}

/** The legend with counts per level, the district's level, and the "changed since yesterday" list. */
export function RiskLegend(props: RiskLegendProps): React.JSX.Element {
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  // Folded, the legend is one line of swatches and counts: the map behind it stays visible.
  const [folded, setFolded] = useStoredFlag('saban.legendFolded', false);
  return (
    <Paper
      className={`saban-map-overlay saban-legend${folded ? ' is-folded' : ''}`}
      shadow="md"
      p="xs"
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
          aria-label={folded ? common('expand') : common('collapse')}
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
  const { lang } = useI18n();
  const t = useStrings(strings);
  const n = props.changed.length;
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
          <Text size="xs" data-testid="district-level-own" data-level={props.district.rollup.own}>
            {t('rollupOwn')}: {riskName(lang, props.district.rollup.own)}
          </Text>
          <Text size="xs" c="dimmed" data-testid="district-level-rollup" data-level={props.district.rollup.level}>
            {t('rollupSuggested')}: {riskName(lang, props.district.rollup.level)}
          </Text>
          {props.district.rollup.day && (
            <Text size="xs" c="orange.9" data-testid="district-level-day">
              {t('rollupAsOf', { date: formatDay(props.district.rollup.day) })}
            </Text>
          )}
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
          {n === 0 ? (
            <Text size="xs" c="dimmed">
              {t('changedNone')}
            </Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                {n === 1 ? t('changedCountOne', { n }) : t('changedCount', { n })}
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
      <Text size="xs" c="dimmed" mt={6} maw={220}>
        {t('keyboardHint')}
      </Text>
    </>
  );
}
