import { Button, Paper, Text } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { ClusterForm } from './ClusterForm';
import { ClustersList } from './ClustersList';
import { clustersStore, useClustersState } from './clusters-view';
import { LockdownDetail } from './LockdownDetail';
import { LockdownForm } from './LockdownForm';
import { ReminderBanner } from './ReminderBanner';
import { UndoRemoveBar } from './RemoveAction';
import { strings } from './strings';
import './clusters.css';

/**
 * Everything of the clusters feature outside the map: the reminder banner, the open dialog, and
 * the hint shown while an area is drawn (the dialog hides meanwhile and keeps its fields).
 */
export function ClustersDialogs(props: { readonly within: string | null }): React.JSX.Element {
  const t = useStrings(strings);
  const dialog = useClustersState((s) => s.dialog);
  const drawing = useClustersState((s) => s.drawing);
  const { within } = props;
  return (
    <>
      <ReminderBanner within={within} />
      {dialog.kind === 'list' && <ClustersList within={within} tab={dialog.tab} />}
      {dialog.kind === 'cluster' && (
        <ClusterForm key={dialog.id ?? 'new'} id={dialog.id} within={within} hidden={drawing !== null} />
      )}
      {dialog.kind === 'lockdown' && (
        <LockdownForm key={dialog.id ?? 'new'} id={dialog.id} within={within} hidden={drawing !== null} />
      )}
      {dialog.kind === 'lockdownDetail' && <LockdownDetail key={dialog.id} id={dialog.id} />}
      <UndoRemoveBar />
      {drawing && (
        <Paper className="saban-clusters-drawhelp" shadow="md" p="sm" withBorder data-testid="clusters-draw-help">
          <Text size="sm" mb={6}>
            {drawing === 'Point' ? t('drawHelpPoint') : t('drawHelpPolygon')}
          </Text>
          <Button size="xs" variant="default" onClick={() => clustersStore.cancelDrawing()}>
            {t('drawCancel')}
          </Button>
        </Paper>
      )}
    </>
  );
}
