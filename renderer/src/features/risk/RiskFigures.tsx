import { Button, Fieldset, Group, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { useApiMutation } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { DayField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { LevelBadge } from './LevelBadge';
import { asRiskLevel, vnDay } from './risk-map';
import { strings } from './strings';
import { useMay } from '../auth/me';

type RiskUnit = Output<'risk.unit'>;

type Capacity = 'yes' | 'no' | 'unknown';

/** The weekly figures form and the Decision 4800 suggestion they give. */
export function RiskFigures(props: { readonly code: string; readonly data: RiskUnit }): React.JSX.Element {
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const mayWrite = useMay('write');
  const f = props.data.figures;
  const [today] = useState(() => vnDay(Date.now()));
  const [asOf, setAsOf] = useState<string | null>(f?.asOf ?? today);
  const [population, setPopulation] = useState<string | number>(f?.population ?? '');
  const [cases, setCases] = useState<string | number>(f?.newCases7d ?? '');
  const [vaccine, setVaccine] = useState<string | number>(f?.vaccinePct ?? '');
  const [capacity, setCapacity] = useState<Capacity>(
    f?.capacityOk === true ? 'yes' : f?.capacityOk === false ? 'no' : 'unknown',
  );
  const s = props.data.suggestion;

  const mutation = useApiMutation('risk.setFigures', {
    onSuccess: () => notify.success(t('figuresSaved')),
    onError: (err) => notify.error(err),
  });

  const save = (): void => {
    const n = (v: string | number): number | null => (v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
    if (!asOf || mutation.isPending) return;
    const people = n(population);
    mutation.mutate({
      code: props.code,
      asOf,
      population: people === null ? null : Math.round(people),
      newCases7d: Math.max(0, Math.round(n(cases) ?? 0)),
      vaccinePct: n(vaccine),
      capacityOk: capacity === 'unknown' ? null : capacity === 'yes',
    });
  };

  return (
    <div className="saban-figures" data-testid="risk-figures">
      <Text size="sm" fw={600}>
        {t('figuresTitle')}
      </Text>
      {(f?.source === 'daily' || f?.source === 'override') && (
        <Text size="xs" c={f.source === 'override' ? 'orange.8' : 'dimmed'} data-testid="figures-source">
          {t(f.source === 'daily' ? 'figuresFromDaily' : 'figuresOverride')}
        </Text>
      )}
      {!f && (
        <Text size="xs" c="dimmed">
          {t('figuresNone')}
        </Text>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {/* A role that only reads sees the figures, disabled, without a save button. */}
        <Fieldset disabled={!mayWrite} variant="unstyled">
          <Stack gap={6} mt={4}>
            <Group grow gap="xs">
              <DayField
                label={t('figuresAsOf')}
                value={asOf}
                onChange={setAsOf}
                required
                maxDay={today}
                data-testid="figures-asof"
              />
              <NumberInput
                size="xs"
                label={common('population')}
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
            {mayWrite && (
              <Group justify="flex-end">
                <Button
                  size="compact-sm"
                  variant="light"
                  type="submit"
                  loading={mutation.isPending}
                  data-testid="figures-save"
                >
                  {t('saveFigures')}
                </Button>
              </Group>
            )}
          </Stack>
        </Fieldset>
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
