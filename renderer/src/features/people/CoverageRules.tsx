import { Button, Fieldset, Group, MultiSelect, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { ROLE_LABELS, TEAM_ROLES, type CoverageRules as Rules, type TeamRole } from '../../../../shared/people';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePeopleText } from './strings';
import { useNotify } from '../../ui/Notifications';
import { useMay } from '../auth/me';

/** The coverage warnings' settings (which levels need an overseer, team rules, ended window). */
export function CoverageRules(props: { readonly onChanged?: () => void }): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const notify = useNotify();
  const mayWrite = useMay('write');
  const stored = useApiQuery('coverage.rules', {});
  useErrorNotice(stored.error);
  // The operator's edits over the stored rules (null: none yet).
  const [edited, setRules] = useState<Rules | null>(null);
  const saver = useApiMutation('coverage.setRules', {
    onSuccess: () => {
      setRules(null);
      notify.success(t('saved'));
      props.onChanged?.();
    },
    onError: (err) => notify.error(err),
  });
  const rules = edited ?? stored.data;
  if (!rules) return <Text size="sm">{t('loading')}</Text>;
  const save = (): void => saver.mutate(rules);
  const num = (v: number | string, min: number): number => (typeof v === 'number' && v >= min ? Math.floor(v) : min);
  return (
    // A role that only reads sees the rules, disabled, without a save button.
    <Fieldset disabled={!mayWrite} variant="unstyled">
      <Stack gap="sm" maw={560} data-testid="coverage-rules">
        <MultiSelect
          label={t('rulesLevels')}
          description={t('rulesLevelsHelp')}
          data={['1', '2', '3', '4'].map((l) => ({ value: l, label: t('rulesLevel', { n: l }) }))}
          value={rules.overseerLevels.map(String)}
          onChange={(v) => setRules({ ...rules, overseerLevels: v.map(Number).sort() })}
        />
        <Switch
          label={t('rulesHamletTeam')}
          checked={rules.hamletNeedsTeam}
          onChange={(e) => setRules({ ...rules, hamletNeedsTeam: e.currentTarget.checked })}
        />
        <MultiSelect
          label={t('rulesRoles')}
          data={TEAM_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] }))}
          value={[...rules.requiredTeamRoles]}
          onChange={(v) =>
            setRules({ ...rules, requiredTeamRoles: v.filter((r): r is TeamRole => TEAM_ROLES.some((x) => x === r)) })
          }
        />
        <Group grow>
          <NumberInput
            label={t('rulesMinMembers')}
            description={t('rulesZeroOff')}
            min={0}
            max={50}
            value={rules.minTeamMembers}
            onChange={(v) => setRules({ ...rules, minTeamMembers: num(v, 0) })}
          />
          <NumberInput
            label={t('rulesEndedDays')}
            description={t('rulesZeroOff')}
            min={0}
            max={3650}
            value={rules.endedWithinDays}
            onChange={(v) => setRules({ ...rules, endedWithinDays: num(v, 0) })}
          />
        </Group>
        {mayWrite && (
          <Group justify="flex-end">
            <Button onClick={save} data-testid="coverage-rules-save">
              {t('save')}
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}
