import { Code, Paper, Table, Text } from '@mantine/core';
import type { AuditEntry } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/time';
import { useStrings } from '../../i18n/define';
import { actionLabel, useI18n } from '../../i18n';
import { strings } from './strings';

type Fields = Record<string, unknown>;

const asFields = (value: unknown): Fields | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : null;

const show = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** The fields of an entry's before and after, each once, and whether the value changed. */
export function diffRows(
  before: unknown,
  after: unknown,
): { key: string; before: string; after: string; changed: boolean }[] {
  const b = asFields(before) ?? (before === null ? {} : { '': before });
  const a = asFields(after) ?? (after === null ? {} : { '': after });
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const bv = show(b[key]);
    const av = show(a[key]);
    return { key, before: bv, after: av, changed: bv !== av };
  });
}

/** A short name of the record an entry is about: the unit it names, else its id. */
export function recordLabel(entry: AuditEntry): string {
  const data = asFields(entry.after) ?? asFields(entry.before) ?? {};
  const unit = ['unit_code', 'commune_code', 'hamlet_code'].map((k) => data[k]).find((v) => typeof v === 'string');
  return typeof unit === 'string' && unit !== entry.entityId
    ? `${entry.entity} · ${unit}`
    : `${entry.entity} · ${entry.entityId}`;
}

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
              <Table.Td style={{ wordBreak: 'break-word' }}>
                <Code bg="transparent">{r.before}</Code>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                <Code bg="transparent">{r.after}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
