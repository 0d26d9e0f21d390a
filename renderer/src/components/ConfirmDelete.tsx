import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n';

/**
 * Asks before deleting: says what goes, requires a reason (it is kept in the history), and only
 * closes once the deletion succeeded, so a refused deletion leaves the reason typed.
 */
export function ConfirmDelete(props: {
  readonly title: string;
  /** What will be deleted, in a sentence. */
  readonly message: string;
  readonly onConfirm: (reason: string) => Promise<void>;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const ok = reason.trim().length > 0;
  const submit = (): void => {
    if (!ok || busy) return;
    setBusy(true);
    props
      .onConfirm(reason.trim())
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <Modal opened onClose={props.onCancel} title={props.title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm" data-testid="confirm-delete">
          <Text size="sm" data-testid="confirm-delete-message">
            {props.message}
          </Text>
          <Textarea
            label={t('deleteReason')}
            description={t('deleteReasonHint')}
            required
            autosize
            minRows={2}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="confirm-delete-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onCancel} data-testid="confirm-delete-cancel">
              {t('cancel')}
            </Button>
            <Button type="submit" color="red" disabled={!ok} loading={busy} data-testid="confirm-delete-submit">
              {t('delete')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
