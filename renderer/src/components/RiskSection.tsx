import { Badge, Button, Group, NumberInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../../shared/contract';
import { RISK_LEVELS, type RiskLevel } from '../../../shared/risk';
import type { UnitLevel } from '../../../shared/units';
import { invoke } from '../api';
import { useI18n } from '../i18n';
import { LEGEND_ORDER, asRiskLevel, formatVnTime, riskName, vnDay } from '../risk-map';
import { useNotify } from './Notifications';

type RiskUnit = Output<'risk.unit'>;

function LevelBadge(props: { readonly level: RiskLevel; readonly testId?: string }): React.JSX.Element {
  const { lang } = useI18n();
  const dark = props.level === 4 || props.level === 1 || props.level === 3;
  return (
    <Badge
      size="md"
      radius="sm"
      tt="none"
      styles={{
        root: { background: RISK_LEVELS[props.level].colour, color: dark ? '#fff' : '#212121', height: 'auto' },
        label: { whiteSpace: 'normal', paddingBlock: 2 },
      }}
      data-testid={props.testId}
      data-level={props.level}
    >
      {riskName(lang, props.level)}
    </Badge>
  );
}

export interface RiskSectionProps {
  readonly code: string;
  readonly unitLevel: UnitLevel;
  /** Bumped after every level change: the section reloads. */
  readonly version: number;
  readonly onSetLevel: () => void;
}

/**
 * The unit's risk level: current level and since when, scheduled changes, the history (undone
 * entries struck through), the weekly figures with the suggestion, and for a district its own level
 * beside the Decision 2686 roll-up of its communes.
 */
export function RiskSection(props: RiskSectionProps): React.JSX.Element | null {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const { code, version } = props;
  const [data, setData] = useState<RiskUnit | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let stale = false;
    invoke('risk.unit', { code })
      .then((d) => {
        if (!stale) setData(d);
      })
      .catch((err: unknown) => {
        if (!stale) notify.error(err);
      });
    return () => {
      stale = true;
    };
  }, [code, version, reload, notify]);

  if (props.unitLevel === 'province') return null;
  if (!data || data.code !== code) return null;
  const current = asRiskLevel(data.current?.level ?? 0);
  const scheduled = data.history.filter((h) => h.scheduled && !h.undone);

  return (
    <Stack gap="xs" data-testid="risk-section" className="saban-risk-section">
      <Title order={5} mt="xs">
        {t('riskSection')}
      </Title>
      <Group gap="sm" justify="space-between">
        <LevelBadge level={current} testId="risk-current" />
        <Button size="compact-sm" onClick={props.onSetLevel} data-testid="risk-set-level">
          {t('setLevel')}
        </Button>
      </Group>
      {data.current && (
        <Text size="xs" c="dimmed" data-testid="risk-since">
          {t('riskSince', { at: formatVnTime(data.current.effectiveFrom), by: data.current.setBy })}
        </Text>
      )}

      {data.rollup && (
        <div className="saban-rollup" data-testid="risk-rollup">
          <Text size="sm" fw={600}>
            {t('rollupTitle')}
          </Text>
          <Group gap="xs" mt={4}>
            <Text size="xs">{t('rollupOwn')}:</Text>
            <LevelBadge level={current} />
            <Text size="xs">{t('rollupSuggested')}:</Text>
            <LevelBadge level={asRiskLevel(data.rollup.level)} testId="risk-rollup-level" />
          </Group>
          <Text size="xs" mt={4}>
            {data.rollup.step[lang]}
          </Text>
          <Group gap={6} mt={4}>
            {LEGEND_ORDER.map((l) => (
              <Group key={l} gap={3} wrap="nowrap">
                <span className="saban-swatch saban-swatch-sm" style={{ background: RISK_LEVELS[l].colour }} />
                <Text size="xs" data-testid={`rollup-count-${l}`}>
                  {data.rollup?.counts[String(l)] ?? 0}
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

      {props.unitLevel !== 'district' && (
        <Figures
          code={code}
          data={data}
          onSaved={() => {
            setReload((r) => r + 1);
            notify.success(t('figuresSaved'));
          }}
        />
      )}

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
                {t('reasonLabel')}: {h.reason}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </Stack>
  );
}

type Capacity = 'yes' | 'no' | 'unknown';

function Figures(props: {
  readonly code: string;
  readonly data: RiskUnit;
  readonly onSaved: () => void;
}): React.JSX.Element {
  const { t, lang } = useI18n();
  const notify = useNotify();
  const f = props.data.figures;
  const [asOf, setAsOf] = useState(() => f?.asOf ?? vnDay(Date.now()));
  const [population, setPopulation] = useState<string | number>(f?.population ?? '');
  const [cases, setCases] = useState<string | number>(f?.newCases7d ?? '');
  const [vaccine, setVaccine] = useState<string | number>(f?.vaccinePct ?? '');
  const [capacity, setCapacity] = useState<Capacity>(
    f?.capacityOk === true ? 'yes' : f?.capacityOk === false ? 'no' : 'unknown',
  );
  const s = props.data.suggestion;

  const save = async (): Promise<void> => {
    const n = (v: string | number): number | null => (v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
    try {
      await invoke('risk.setFigures', {
        code: props.code,
        asOf,
        population: n(population) === null ? null : Math.round(n(population)!),
        newCases7d: Math.max(0, Math.round(n(cases) ?? 0)),
        vaccinePct: n(vaccine),
        capacityOk: capacity === 'unknown' ? null : capacity === 'yes',
      });
      props.onSaved();
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <div className="saban-figures" data-testid="risk-figures">
      <Text size="sm" fw={600}>
        {t('figuresTitle')}
      </Text>
      {!f && (
        <Text size="xs" c="dimmed">
          {t('figuresNone')}
        </Text>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap={6} mt={4}>
          <Group grow gap="xs">
            <TextInput
              size="xs"
              type="date"
              label={t('figuresAsOf')}
              value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)}
              data-testid="figures-asof"
            />
            <NumberInput
              size="xs"
              label={t('population')}
              value={population}
              onChange={setPopulation}
              min={1}
              allowDecimal={false}
              thousandSeparator={lang === 'vi' ? '.' : ','}
              decimalSeparator={lang === 'vi' ? ',' : '.'}
              data-testid="figures-population"
            />
          </Group>
          <Group grow gap="xs">
            <NumberInput
              size="xs"
              label={t('newCases7d')}
              value={cases}
              onChange={setCases}
              min={0}
              allowDecimal={false}
              data-testid="figures-cases"
            />
            <NumberInput
              size="xs"
              label={t('vaccinePct')}
              value={vaccine}
              onChange={setVaccine}
              min={0}
              max={100}
              decimalScale={1}
              data-testid="figures-vaccine"
            />
          </Group>
          <div>
            <Text size="xs" fw={500}>
              {t('capacity')}
            </Text>
            <SegmentedControl
              size="xs"
              value={capacity}
              onChange={setCapacity}
              data={[
                { value: 'yes', label: t('capacityYes') },
                { value: 'no', label: t('capacityNo') },
                { value: 'unknown', label: t('capacityUnknown') },
              ]}
              data-testid="figures-capacity"
            />
          </div>
          <Group justify="flex-end">
            <Button size="compact-sm" variant="light" type="submit" data-testid="figures-save">
              {t('saveFigures')}
            </Button>
          </Group>
        </Stack>
      </form>
      <div className="saban-suggestion" data-testid="risk-suggestion">
        {s ? (
          <>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {t('suggestion')}:
              </Text>
              <LevelBadge level={asRiskLevel(s.level)} testId="risk-suggestion-level" />
            </Group>
            <ul className="saban-steps">
              {s.steps.map((step) => (
                <li key={step.vi}>
                  <Text size="xs">{step[lang]}</Text>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Text size="xs" c="dimmed">
            {t('noSuggestion', { why: props.data.suggestionMissing?.[lang] ?? '' })}
          </Text>
        )}
      </div>
    </div>
  );
}
