import {
  Alert,
  Button,
  Code,
  Divider,
  Group,
  Modal,
  NumberInput,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { BackupInfo, BackupSettings } from '../../../../shared/contract-backup';
import { formatDateTime } from '../../../../shared/time';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useI18n } from '../../i18n';
import { useStrings } from '../../i18n/define';
import { useNotify } from '../../ui/Notifications';
import { RestoreDialog } from './RestoreDialog';
import { useBackupWords } from './use-backup-words';
import { strings } from './strings';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The backup dialog (header menu → Sao lưu…): the status with any failure shown first and in
 * red, "back up now", the list of backups with a restore for each, and the settings.
 */
export function BackupDialog(props: { readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const words = useBackupWords();
  const status = useApiQuery('backup.status', {});
  const list = useApiQuery('backup.list', {});
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const create = useApiMutation('backup.create', {
    onSuccess: (b) => notify.success(t('created', { file: b.fileName })),
    onError: (err) => notify.error(err),
  });
  const backups = list.data ?? [];
  const s = status.data;
  const last = s?.lastSuccess ? (backups.find((b) => b.file === s.lastSuccess?.file) ?? null) : null;

  return (
    <Modal opened onClose={props.onClose} title={t('title')} size="62rem">
      <Stack gap="sm" data-testid="backup-dialog">
        {s?.lastFailure && (
          <Alert color="red" variant="filled" title={t('failedTitle')} data-testid="backup-failure">
            {t('failedText', {
              reason: words.reason(s.lastFailure.reason),
              at: formatDateTime(s.lastFailure.at),
              error: s.lastFailure.text[lang],
            })}
          </Alert>
        )}
        {status.isError && <Alert color="red">{status.error.text[lang]}</Alert>}
        <Group align="flex-start" justify="space-between" wrap="nowrap">
          <Stack gap={4} data-testid="backup-status">
            <Text fw={600}>{t('last')}</Text>
            {s?.lastSuccess ? (
              <>
                <Text data-testid="backup-last">
                  {t('lastLine', {
                    at: formatDateTime(s.lastSuccess.at),
                    reason: words.reason(s.lastSuccess.reason),
                    size: last ? words.size(last.bytes) : '—',
                  })}
                </Text>
                <Text size="sm" c="teal.8">
                  ✓ {t('integrity')}
                </Text>
              </>
            ) : (
              <Text c="dimmed">{t('lastNone')}</Text>
            )}
            {s && (
              <Text size="sm" data-testid="backup-next">
                {t('next')}: <b>{formatDateTime(s.nextDailyAt)}</b>
              </Text>
            )}
            {s && (
              <Text size="xs" c="dimmed">
                {t('nextHint')}
              </Text>
            )}
          </Stack>
          <Button
            onClick={() => create.mutate({})}
            loading={create.isPending}
            data-testid="backup-create"
            style={{ flexShrink: 0 }}
          >
            {create.isPending ? t('creating') : t('createNow')}
          </Button>
        </Group>

        <Divider />
        <Title order={5}>{t('listTitle')}</Title>
        {list.isSuccess && backups.length === 0 ? (
          <Text c="dimmed" data-testid="backup-empty">
            {t('listEmpty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah="32vh">
            <Table striped highlightOnHover stickyHeader data-testid="backup-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('colAt')}</Table.Th>
                  <Table.Th>{t('colReason')}</Table.Th>
                  <Table.Th ta="right">{t('colSize')}</Table.Th>
                  <Table.Th>{t('colContent')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {backups.map((b) => (
                  <Table.Tr key={b.file} data-testid="backup-row" data-file={b.fileName}>
                    <Table.Td>{formatDateTime(b.at)}</Table.Td>
                    <Table.Td>{words.reason(b.reason)}</Table.Td>
                    <Table.Td ta="right">{words.size(b.bytes)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t('content', {
                          units: b.counts['units'] ?? 0,
                          posts: b.counts['posts'] ?? 0,
                          people: b.counts['people'] ?? 0,
                        })}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Button size="xs" variant="default" onClick={() => setRestoring(b)} data-testid="backup-restore">
                        {t('restore')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}

        <Divider />
        {s && <BackupSettingsForm key={JSON.stringify(s.settings)} settings={s.settings} />}
        {s && (
          <Text size="xs" c="dimmed">
            {t('folder')}: <Code>{s.dir}</Code>
          </Text>
        )}
      </Stack>
      {restoring && (
        <RestoreDialog
          backup={restoring}
          onClose={() => setRestoring(null)}
          onRestored={() => {
            setRestoring(null);
            props.onClose();
          }}
        />
      )}
    </Modal>
  );
}

/** Daily time and how many copies are kept. */
function BackupSettingsForm(props: { readonly settings: BackupSettings }): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const [dailyAt, setDailyAt] = useState(props.settings.dailyAt);
  const [keepDaily, setKeepDaily] = useState<number | string>(props.settings.keepDaily);
  const [keepOther, setKeepOther] = useState<number | string>(props.settings.keepOther);
  const save = useApiMutation('backup.setSettings', {
    onSuccess: () => notify.success(t('saved')),
    onError: (err) => notify.error(err),
  });
  const timeOk = TIME.test(dailyAt);
  const whole = (v: number | string): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  const valid = timeOk && whole(keepDaily) !== null && whole(keepOther) !== null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        save.mutate({ dailyAt, keepDaily: whole(keepDaily)!, keepOther: whole(keepOther)! });
      }}
    >
      <Group align="flex-end" gap="sm" data-testid="backup-settings">
        <TextInput
          label={t('dailyAt')}
          value={dailyAt}
          onChange={(e) => setDailyAt(e.currentTarget.value)}
          error={timeOk ? undefined : t('dailyAtBad')}
          w={220}
          data-testid="backup-daily-at"
        />
        <NumberInput
          label={t('keepDaily')}
          value={keepDaily}
          onChange={setKeepDaily}
          min={1}
          max={3650}
          allowDecimal={false}
          w={200}
          data-testid="backup-keep-daily"
        />
        <NumberInput
          label={t('keepOther')}
          value={keepOther}
          onChange={setKeepOther}
          min={1}
          max={1000}
          allowDecimal={false}
          w={220}
          data-testid="backup-keep-other"
        />
        <Button type="submit" variant="default" disabled={!valid} loading={save.isPending} data-testid="backup-save">
          {t('save')}
        </Button>
      </Group>
    </form>
  );
}
