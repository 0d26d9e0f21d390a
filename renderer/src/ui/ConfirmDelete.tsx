import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { defineStrings, useStrings } from '../i18n/define';
import { useNotify } from './Notifications';

const strings = defineStrings(
  { deleteReason: 'Lý do xóa', deleteReasonHint: 'Bắt buộc; được ghi vào lịch sử.' },
  { deleteReason: 'Reason for deleting', deleteReasonHint: 'Required; kept in the history.' },
);

/**
 * Asks before deleting: says what goes, requires a reason (it is kept in the history), runs the
 * deletion, and tells the operator how it went. It only closes (`onDeleted`) once the deletion
 * succeeded, so a refused deletion shows its error and leaves the reason typed.
 */
export function ConfirmDelete(props: {
  readonly title: string;
  /** What will be deleted, in a sentence. */
  readonly message: string;
  /** The name the success notice gives ("Đã xóa …"). */
  readonly deletedName: string;
  /** The deletion itself (an engine call with the reason). */
  readonly onConfirm: (reason: string) => Promise<unknown>;
  /** After a successful deletion: close and refresh. */
  readonly onDeleted: () => void;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const s = useStrings(strings);
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const ok = reason.trim().length > 0;
  const submit = (): void => {
    if (!ok || busy) return;
    setBusy(true);
    props
      .onConfirm(reason.trim())
      .then(
        () => {
          notify.success(t('deleted', { name: props.deletedName }));
          props.onDeleted();
        },
        (err: unknown) => notify.error(err),
      )
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
            label={s('deleteReason')}
            description={s('deleteReasonHint')}
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
