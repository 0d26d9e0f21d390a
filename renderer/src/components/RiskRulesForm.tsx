import { Button, Checkbox, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RiskRules } from '../../../shared/risk';
import { invoke } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { useNotify } from './Notifications';

type ShareKey =
  'districtRedIfRedShare' | 'districtRedIfOrangeShare' | 'districtOrangeIfOrangeShare' | 'districtOrangeIfYellowShare';

const SHARES: readonly (readonly [ShareKey, MessageKey])[] = [
  ['districtRedIfRedShare', 'ruleRedIfRed'],
  ['districtRedIfOrangeShare', 'ruleRedIfOrange'],
  ['districtOrangeIfOrangeShare', 'ruleOrangeIfOrange'],
  ['districtOrangeIfYellowShare', 'ruleOrangeIfYellow'],
];

/** The risk thresholds (Decision 4800 bands, vaccination, capacity lock, 2686 roll-up shares). */
export function RiskRulesForm(): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const [rules, setRules] = useState<RiskRules | null>(null);

  useEffect(() => {
    let stale = false;
    invoke('risk.rules', {})
      .then((r) => {
        if (!stale) setRules(r);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [notify]);

  if (!rules) return <Text size="sm">{t('loading')}</Text>;
  const num = (v: string | number, fallback: number): number =>
    v === '' || !Number.isFinite(Number(v)) ? fallback : Number(v);
  const setBand = (i: 0 | 1 | 2, v: string | number): void => {
    const bands: [number, number, number] = [...rules.caseBands];
    bands[i] = num(v, bands[i]);
    setRules({ ...rules, caseBands: bands });
  };

  const save = async (): Promise<void> => {
    try {
      setRules(await invoke('risk.setRules', rules));
      notify.success(t('saved'), t('rulesTitle'));
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
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
