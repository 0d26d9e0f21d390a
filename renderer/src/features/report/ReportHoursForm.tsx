import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { minutesOf, type ReportDeadlines } from '../../../../shared/report';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { useMay } from '../auth/me';
import { strings } from './strings';

const FIELDS = [
  ['deadline', 'hoursDeadline'],
  ['reminder', 'hoursReminder'],
  ['provinceDeadline', 'hoursProvince'],
] as const;

/**
 * "Giờ báo cáo" (24-hour HH:MM in plain fields: a browser's time field follows its own locale
 * and may show AM/PM): the office's reporting hours (the district's deadline, the reminder, the
 * province's deadline), set by administrators only; the engine refuses an order that makes no sense.
 */
export function ReportHoursForm(): React.JSX.Element | null {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const admin = useMay('admin');
  const query = useApiQuery('report.settings', {});
  const [draft, setDraft] = useState<ReportDeadlines | null>(null);
  const mutation = useApiMutation('report.setSettings', {
    onSuccess: () => {
      setDraft(null);
      notify.success(common('saved'), t('hoursTitle'));
    },
    onError: (err) => notify.error(err),
  });
  const hours = draft ?? query.data ?? null;
  if (!admin || !hours) return null;
  const bad = FIELDS.some(([k]) => minutesOf(hours[k]) === null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!bad && !mutation.isPending) mutation.mutate(hours);
      }}
      data-testid="report-hours-form"
    >
      <Stack gap="xs">
        <Title order={5}>{t('hoursTitle')}</Title>
        <Text size="xs" c="dimmed">
          {t('hoursHelp')}
        </Text>
        <Group grow gap="xs" align="flex-start">
          {FIELDS.map(([k, label]) => (
            <TextInput
              key={k}
              size="xs"
              placeholder="HH:MM"
              maxLength={5}
              label={t(label)}
              value={hours[k]}
              onChange={(e) => setDraft({ ...hours, [k]: e.currentTarget.value })}
              error={minutesOf(hours[k]) === null ? 'HH:MM' : undefined}
              data-testid={`report-hours-${k}`}
            />
          ))}
        </Group>
        <Group justify="flex-end">
          <Button type="submit" size="xs" disabled={bad} data-testid="report-hours-save">
            {t('hoursSave')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
