/**
 * Deleting a cluster or lockdown entered by mistake: the button in its dialog, the confirmation
 * (`ConfirmDelete`, with the required reason), and afterwards a bar offering the undo, which restores
 * it through the same write path (a cluster with the lockdowns its removal unlinked).
 */
import { Button, CloseButton, Group, Paper, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useCall } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { useNotify } from '../../ui/Notifications';
import { clustersStore, type Removed, useClustersState } from './clusters-view';
import { strings } from './strings';

/** How long the undo stays offered. */
const UNDO_MS = 30_000;

/** "Xóa…" and its confirmation, for the cluster or lockdown `id`. */
export function RemoveButton(props: {
  readonly kind: Removed['kind'];
  readonly id: string;
  readonly name: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { t: common } = useI18n();
  const callApi = useCall();
  const [asking, setAsking] = useState(false);
  const done = useRef<Removed | null>(null);
  const { kind, id, name } = props;
  const confirm = async (reason: string): Promise<void> => {
    if (kind === 'cluster') {
      const r = await callApi('clusters.remove', { id, reason });
      done.current = { kind, id, name: r.name, relink: r.unlinkedLockdownIds };
    } else {
      const r = await callApi('lockdowns.remove', { id, reason });
      done.current = { kind, id, name: r.name, relink: [] };
    }
  };
  return (
    <>
      <Button size="xs" variant="subtle" color="red" onClick={() => setAsking(true)} data-testid={`${kind}-remove`}>
        {t('remove')}
      </Button>
      {asking && (
        <ConfirmDelete
          title={common('deleteTitle', { name })}
          message={t(kind === 'cluster' ? 'removeClusterMsg' : 'removeLockdownMsg', { name })}
          deletedName={name}
          onConfirm={confirm}
          onDeleted={() => {
            setAsking(false);
            clustersStore.setRemoved(done.current);
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}

/** "Đã xóa … · Hoàn tác" for a while after a deletion. */
export function UndoRemoveBar(): React.JSX.Element | null {
  const t = useStrings(strings);
  const notify = useNotify();
  const callApi = useCall();
  const removed = useClustersState((s) => s.removed);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!removed) return undefined;
    const timer = setTimeout(() => clustersStore.setRemoved(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [removed]);
  if (!removed) return null;
  const undo = (): void => {
    setBusy(true);
    const reason = t('undoReason');
    const restore =
      removed.kind === 'cluster'
        ? callApi('clusters.restore', { id: removed.id, reason, relinkLockdownIds: [...removed.relink] })
        : callApi('lockdowns.restore', { id: removed.id, reason });
    restore
      .then(
        () => {
          notify.success(t('restored', { name: removed.name }));
          clustersStore.setRemoved(null);
        },
        (err: unknown) => notify.error(err),
      )
      .finally(() => setBusy(false));
  };
  return (
    <Paper className="saban-clusters-undo" shadow="md" p="xs" withBorder data-testid="clusters-undo-bar">
      <Group gap="sm" wrap="nowrap">
        <Text size="sm">{t('removedBar', { name: removed.name })}</Text>
        <Button size="xs" variant="light" onClick={undo} loading={busy} data-testid="clusters-undo">
          {t('undo')}
        </Button>
        <CloseButton size="sm" aria-label={t('dismiss')} onClick={() => clustersStore.setRemoved(null)} />
      </Group>
    </Paper>
  );
}
