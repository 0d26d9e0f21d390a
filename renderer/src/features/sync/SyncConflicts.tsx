import { Badge, Code, ScrollArea, Table, Text } from '@mantine/core';
import { formatDateTime } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useSyncText, type SyncTextKey } from './strings';

/** Names of the synced entities (electron/engine/entities.ts); others show as recorded. */
const ENTITY_KEYS: Readonly<Record<string, SyncTextKey>> = {
  unit: 'entityUnit',
  setting: 'entitySetting',
  assessment: 'entityAssessment',
  riskFigures: 'entityRiskFigures',
  person: 'entityPerson',
  assignment: 'entityAssignment',
  steeringTeam: 'entitySteeringTeam',
  communityTeam: 'entityCommunityTeam',
  post: 'entityPost',
  postLog: 'entityPostLog',
  postIncident: 'entityPostIncident',
};

/** A stored field value, shortened for the table (geometry can be megabytes); null as a dash. */
function shortValue(v: string | null): string {
  if (v === null) return '—';
  return v.length > 80 ? `${v.slice(0, 80)}…` : v;
}

/**
 * The fields both offices changed, newest first: which record and field, both values with their
 * clocks, and which one was kept (the later clock wins; the other stays here for a person to check).
 */
export function SyncConflicts(): React.JSX.Element {
  const { t } = useSyncText();
  // Every finished sync job invalidates `sync.*`, so the list follows imports.
  const query = useApiQuery('sync.conflicts', { limit: 500 });
  useErrorNotice(query.error);
  const list = query.data ?? null;

  if (!list) return <Text size="sm">{t('loading')}</Text>;
  if (list.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="sync-conflicts-empty">
        {t('syncConflictsEmpty')}
      </Text>
    );
  }
  const entity = (e: string): string => {
    const key = ENTITY_KEYS[e];
    return key ? t(key) : e;
  };
  const value = (v: string | null, hlc: string, kept: boolean): React.JSX.Element => (
    <Table.Td title={v ?? ''} style={{ wordBreak: 'break-all' }}>
      <Text size="xs" fw={kept ? 700 : 400}>
        {shortValue(v)}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {hlc}
      </Text>
    </Table.Td>
  );
  return (
    <ScrollArea.Autosize mah="60vh">
      <Table striped withTableBorder fz="xs" layout="fixed" data-testid="sync-conflicts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>
              {t('syncConflictAt')} · {t('syncConflictBundle')}
            </Table.Th>
            <Table.Th w={150}>
              {t('syncConflictRecord')} · {t('syncConflictField')}
            </Table.Th>
            <Table.Th>{t('syncConflictLocal')}</Table.Th>
            <Table.Th>{t('syncConflictRemote')}</Table.Th>
            <Table.Th w={90}>{t('syncConflictWinner')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((c) => (
            <Table.Tr key={c.id} data-testid="sync-conflict-row" data-id={c.id}>
              <Table.Td>
                <div>{formatDateTime(c.at)}</div>
                <Text size="xs" c="dimmed">
                  {c.office}-{c.seq}
                </Text>
              </Table.Td>
              <Table.Td>
                <div>
                  {entity(c.entity)} {c.entityId}
                </div>
                <Code>{c.column}</Code>
              </Table.Td>
              {value(c.localValue, c.localHlc, c.winner === 'local')}
              {value(c.remoteValue, c.remoteHlc, c.winner === 'remote')}
              <Table.Td>
                <Badge size="sm" tt="none" variant="light" color={c.winner === 'local' ? 'blue' : 'teal'}>
                  {c.winner === 'local' ? t('syncWinnerLocal') : t('syncWinnerRemote')}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
