import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { RISK_LEVELS, type RiskLevel } from '../../../../shared/risk';
import type { UnitLevel } from '../../../../shared/units';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { LevelBadge } from './LevelBadge';
import { RiskFigures } from './RiskFigures';
import { LEGEND_ORDER, asRiskLevel, formatDay, formatVnTime, riskName } from './risk-map';
import { strings } from './strings';
import { useDistrictRollup } from './use-risk';
import { useMay } from '../auth/me';

type RollupView = NonNullable<ReturnType<typeof useDistrictRollup>>;

const countsOf = (counts: Readonly<Record<string, number>>): Record<RiskLevel, number> => ({
  0: counts['0'] ?? 0,
  1: counts['1'] ?? 0,
  2: counts['2'] ?? 0,
  3: counts['3'] ?? 0,
  4: counts['4'] ?? 0,
});

export interface RiskSectionProps {
  readonly code: string;
  readonly unitLevel: UnitLevel;
  /** The day the map shows (null = now): a district's roll-up is that day's, and levels are set for now only. */
  readonly viewDay: string | null;
  readonly onSetLevel: () => void;
}

/**
 * The unit's risk level: current level and since when, scheduled changes, the history (undone
 * entries struck through), the weekly figures with the suggestion, and for a district its own level
 * beside the Decision 2686 roll-up of its communes on the day the map shows.
 */
export function RiskSection(props: RiskSectionProps): React.JSX.Element | null {
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  const mayWrite = useMay('write');
  const { code, viewDay } = props;
  const query = useApiQuery('risk.unit', { code }, { enabled: props.unitLevel !== 'province' });
  useReportErrors(query.error);
  const pastRollup = useDistrictRollup(props.unitLevel === 'district' && viewDay ? code : null, viewDay);
  const data = query.data;

  if (props.unitLevel === 'province') return null;
  if (!data || data.code !== code) return null;
  const current = asRiskLevel(data.current?.level ?? 0);
  // Now: the engine's roll-up. Another day: the same rule over that day's levels.
  const rollup: RollupView | null =
    viewDay !== null
      ? pastRollup
      : data.rollup
        ? {
            own: current,
            level: asRiskLevel(data.rollup.level),
            counts: countsOf(data.rollup.counts),
            step: data.rollup.step,
            day: null,
          }
        : null;
  const scheduled = data.history.filter((h) => h.scheduled && !h.undone);

  return (
    <Stack gap="xs" data-testid="risk-section" className="saban-risk-section">
      <Title order={5} mt="xs">
        {t('riskSection')}
      </Title>
      <Group gap="sm" justify="space-between">
        <LevelBadge level={current} testId="risk-current" />
        {mayWrite && (
          <Button
            size="compact-sm"
            onClick={props.onSetLevel}
            disabled={viewDay !== null}
            title={viewDay !== null ? t('pastNoEdit') : undefined}
            data-testid="risk-set-level"
          >
            {t('setLevel')}
          </Button>
        )}
      </Group>
      {viewDay !== null && (
        <Text size="xs" c="orange.9" data-testid="risk-set-level-why">
          {t('pastNoEdit')}
        </Text>
      )}
      {data.current && (
        <Text size="xs" c="dimmed" data-testid="risk-since">
          {t('riskSince', { at: formatVnTime(data.current.effectiveFrom), by: data.current.setBy })}
        </Text>
      )}

      {rollup && (
        <div className="saban-rollup" data-testid="risk-rollup">
          <Text size="sm" fw={600}>
            {t('rollupTitle')}
          </Text>
          {rollup.day && (
            <Text size="xs" c="orange.9" data-testid="risk-rollup-day">
              {t('rollupAsOf', { date: formatDay(rollup.day) })}
            </Text>
          )}
          <Group gap="xs" mt={4}>
            <Text size="xs">{t('rollupOwn')}:</Text>
            <LevelBadge level={rollup.own} testId="risk-rollup-own" />
            <Text size="xs">{t('rollupSuggested')}:</Text>
            <LevelBadge level={rollup.level} testId="risk-rollup-level" />
          </Group>
          <Text size="xs" mt={4}>
            {rollup.step[lang]}
          </Text>
          <Group gap={6} mt={4}>
            {LEGEND_ORDER.map((l) => (
              <Group key={l} gap={3} wrap="nowrap">
                <span className="saban-swatch saban-swatch-sm" style={{ background: RISK_LEVELS[l].colour }} />
                <Text size="xs" data-testid={`rollup-count-${l}`}>
                  {rollup.counts[l]}
                </Text>
              </Group>
            ))}
          </Group>
        </div>
      )}

      {scheduled.length > 0 && (
        <div data-testid="risk-scheduled">
          <Text size="sm" fw={600}>
            {t('riskScheduledList')}
          </Text>
          {scheduled.map((h) => (
            <Group key={h.assessmentId} gap="xs">
              <Badge color="violet" variant="light" size="sm">
                {t('scheduled')}
              </Badge>
              <Text size="xs">
                {riskName(lang, asRiskLevel(h.level))} · {formatVnTime(h.effectiveFrom)}
              </Text>
            </Group>
          ))}
        </div>
      )}

      {props.unitLevel !== 'district' && <RiskFigures key={data.figures?.asOf ?? 'none'} code={code} data={data} />}

      <Text size="sm" fw={600}>
        {t('riskHistory')}
      </Text>
      {data.history.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('riskHistoryEmpty')}
        </Text>
      ) : (
        <ol className="saban-history saban-risk-history" data-testid="risk-history">
          {data.history.map((h) => (
            <li
              key={h.assessmentId}
              className={h.undone ? 'is-undone' : undefined}
              data-testid="risk-history-entry"
              data-undone={h.undone ? 'true' : undefined}
            >
              <Group gap={6} wrap="nowrap">
                <span
                  className="saban-swatch saban-swatch-sm"
                  style={{ background: RISK_LEVELS[asRiskLevel(h.level)].colour }}
                />
                <Text size="sm" fw={600} className="saban-risk-history-level">
                  {riskName(lang, asRiskLevel(h.level))}
                </Text>
                {h.scheduled && !h.undone && (
                  <Badge color="violet" variant="light" size="xs">
                    {t('scheduled')}
                  </Badge>
                )}
                {h.undone && (
                  <Badge color="gray" variant="light" size="xs">
                    {t('undoneTag')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('riskSince', { at: formatVnTime(h.effectiveFrom), by: h.setBy })}
              </Text>
              <Text size="xs" className="saban-history-reason">
                {common('reasonLabel')}: {h.reason}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </Stack>
  );
}
