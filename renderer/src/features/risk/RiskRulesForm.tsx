import { Button, Checkbox, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { RiskRules } from '../../../../shared/risk';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { strings } from './strings';

type ShareKey =
  'districtRedIfRedShare' | 'districtRedIfOrangeShare' | 'districtOrangeIfOrangeShare' | 'districtOrangeIfYellowShare';

const SHARES: readonly (readonly [ShareKey, keyof typeof strings.vi])[] = [
  ['districtRedIfRedShare', 'ruleRedIfRed'],
  ['districtRedIfOrangeShare', 'ruleRedIfOrange'],
  ['districtOrangeIfOrangeShare', 'ruleOrangeIfOrange'],
  ['districtOrangeIfYellowShare', 'ruleOrangeIfYellow'],
];

/** The risk thresholds (Decision 4800 bands, vaccination, capacity lock, 2686 roll-up shares). */
export function RiskRulesForm(): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const query = useApiQuery('risk.rules', {});
  useReportErrors(query.error);
  // The operator's edits; until the first one the form shows the stored rules.
  const [draft, setDraft] = useState<RiskRules | null>(null);
  const rules = draft ?? query.data ?? null;
  const setRules = (next: RiskRules): void => setDraft(next);
  const mutation = useApiMutation('risk.setRules', {
    onSuccess: () => {
      setDraft(null);
      notify.success(common('saved'), t('rulesTitle'));
    },
    onError: (err) => notify.error(err),
  });

  if (!rules) return <Text size="sm">{common('loading')}</Text>;
  const num = (v: string | number, fallback: number): number =>
    v === '' || !Number.isFinite(Number(v)) ? fallback : Number(v);
  const setBand = (i: 0 | 1 | 2, v: string | number): void => {
    const bands: [number, number, number] = [...rules.caseBands];
    bands[i] = num(v, bands[i]);
    setRules({ ...rules, caseBands: bands });
  };

  const save = (): void => {
    if (!mutation.isPending) mutation.mutate(rules);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      data-testid="rules-form"
    >
      <Stack gap="xs">
        <Title order={5}>{t('rulesTitle')}</Title>
        <Text size="xs" c="dimmed">
          {t('rulesHelp')}
        </Text>
        <Group grow gap="xs">
          {([0, 1, 2] as const).map((i) => (
            <NumberInput
              key={i}
              size="xs"
              label={t('ruleBand', { level: i + 2 })}
              value={rules.caseBands[i]}
              onChange={(v) => setBand(i, v)}
              min={0}
              data-testid={`rules-band-${i}`}
            />
          ))}
        </Group>
        <NumberInput
          size="xs"
          label={t('ruleVaccine')}
          value={rules.vaccineThresholdPct}
          onChange={(v) => setRules({ ...rules, vaccineThresholdPct: num(v, rules.vaccineThresholdPct) })}
          min={0}
          max={100}
          data-testid="rules-vaccine"
        />
        <Checkbox
          size="xs"
          label={t('ruleCapacityLock')}
          checked={rules.capacityLock}
          onChange={(e) => setRules({ ...rules, capacityLock: e.currentTarget.checked })}
        />
        {SHARES.map(([key, label]) => (
          <NumberInput
            key={key}
            size="xs"
            label={t(label)}
            value={Math.round(rules[key] * 1000) / 10}
            onChange={(v) => setRules({ ...rules, [key]: num(v, rules[key] * 100) / 100 })}
            min={0}
            max={100}
            data-testid={`rules-${key}`}
          />
        ))}
        <Checkbox
          size="xs"
          label={t('ruleOrangeIfAnyRed')}
          checked={rules.districtOrangeIfAnyRed}
          onChange={(e) => setRules({ ...rules, districtOrangeIfAnyRed: e.currentTarget.checked })}
        />
        <Group justify="flex-end">
          <Button size="xs" variant="light" type="submit" data-testid="rules-save">
            {t('saveRules')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
