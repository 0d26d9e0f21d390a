import { Alert, Button, Group, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BackupInfo, BackupPreview } from '../../../../shared/contract-backup';
import { formatDateTime } from '../../../../shared/time';
import { ApiFailure, invoke } from '../../api';
import { useApiMutation } from '../../data/query';
import { useI18n } from '../../i18n';
import { useStrings } from '../../i18n/define';
import { useNotify } from '../../ui/Notifications';
import { strings } from './strings';
import { useBackupWords } from './use-backup-words';

/**
 * Restore of one backup: the engine checks the whole file first (a damaged or truncated copy is
 * refused here, with the engine's reason, and nothing changes), the preview compares its counts
 * with now, and the operator types the confirmation word. Every view refreshes afterwards (the
 * restore's effects are everything).
 */
export function RestoreDialog(props: {
  readonly backup: BackupInfo;
  readonly onClose: () => void;
  readonly onRestored: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const words = useBackupWords();
  const [typed, setTyped] = useState('');
  // Read afresh each time, never from a cache: the file may have changed since.
  const [preview, setPreview] = useState<{ data?: BackupPreview; error?: ApiFailure }>({});
  const fileName = props.backup.fileName;
  useEffect(() => {
    let live = true;
    invoke('backup.preview', { file: fileName })
      .then((data) => live && setPreview({ data }))
      .catch((err: unknown) => {
        if (live) setPreview({ error: err instanceof ApiFailure ? err : new ApiFailure('internal', String(err)) });
      });
    return () => {
      live = false;
    };
  }, [fileName]);
  const restore = useApiMutation('backup.restore', {
    onSuccess: (r) => {
      notify.success(t('restored', { at: formatDateTime(r.restored.at), file: r.before.fileName }));
      props.onRestored();
    },
    onError: (err) => notify.error(err),
  });
  const word = t('confirmWord');
  const confirmed = typed.trim().toLocaleUpperCase(lang === 'vi' ? 'vi' : 'en') === word;
  const p = preview.data;
  const tables = p ? [...new Set([...Object.keys(p.counts), ...Object.keys(p.current)])] : [];

  return (
    <Modal opened onClose={props.onClose} title={t('restoreTitle')} size="lg">
      <Stack gap="sm" data-testid="restore-dialog">
        {!preview.data && !preview.error && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text>{t('checking')}</Text>
          </Group>
        )}
        {preview.error && (
          <Alert color="red" variant="light" title={t('refused')} data-testid="restore-refused">
            {preview.error.text[lang]}
            {preview.error.detailsText.map((d, i) => (
              <Text key={i} size="sm">
                {d[lang]}
              </Text>
            ))}
          </Alert>
        )}
        {p && (
          <>
            <Text data-testid="restore-when">
              {t('previewWhen', { at: formatDateTime(p.at), reason: words.reason(p.reason) })}
            </Text>
            <Table withTableBorder striped verticalSpacing={3} fz="sm" data-testid="restore-counts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('table')}</Table.Th>
                  <Table.Th ta="right">{t('inCopy')}</Table.Th>
                  <Table.Th ta="right">{t('now')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tables.map((name) => {
                  const copy = p.counts[name] ?? 0;
                  const now = p.current[name] ?? 0;
                  return (
                    <Table.Tr key={name} data-testid={`restore-count-${name}`}>
                      <Table.Td>{words.table(name)}</Table.Td>
                      <Table.Td ta="right">{copy}</Table.Td>
                      <Table.Td ta="right" fw={copy === now ? undefined : 700}>
                        {now}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Alert color="orange" variant="light">
              {t('explain')}
            </Alert>
            <TextInput
              label={t('typeToConfirm', { word })}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && confirmed && !restore.isPending)
                  restore.mutate({ file: props.backup.fileName });
              }}
              data-autofocus
              data-testid="restore-confirm"
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button
            color="red"
            disabled={!p || !confirmed}
            loading={restore.isPending}
            onClick={() => p && restore.mutate({ file: props.backup.fileName })}
            data-testid="restore-do"
          >
            {t('doRestore')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
