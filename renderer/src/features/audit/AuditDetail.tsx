import { Paper, Table, Text } from '@mantine/core';
import type { AuditEntry } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { actionLabel, useI18n } from '../../i18n';
import { diffRows } from './audit-diff';
import { strings } from './strings';

/** An entry's before and after side by side, changed fields highlighted. */
export function AuditDetail({ entry }: { readonly entry: AuditEntry }): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const rows = diffRows(entry.before, entry.after);
  return (
    <Paper withBorder p="sm" data-testid="audit-detail">
      <Text fw={600} size="sm" mb="xs">
        {t('detailTitle', {
          action: actionLabel(lang, entry.action),
          record: `${entry.entity} ${entry.entityId}`,
          time: formatDateTime(entry.at),
        })}
      </Text>
      {entry.reason && (
        <Text size="sm" mb="xs">
          {t('reason')}: {entry.reason}
        </Text>
      )}
      <Table withTableBorder withColumnBorders fz="sm" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">{t('field')}</Table.Th>
            <Table.Th>{t('before')}</Table.Th>
            <Table.Th>{t('after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={r.key}
              data-testid={`audit-field-${r.key}`}
              data-changed={r.changed ? 'true' : 'false'}
              bg={r.changed ? 'var(--mantine-color-yellow-light)' : undefined}
            >
              <Table.Td fw={r.changed ? 700 : 400}>{r.key}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{r.before}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{r.after}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
