import { Button, Group, Modal, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { AuditEntry, AuditFilterInput } from '../../../../shared/contract';
import { formatDateTime } from '../../../../shared/time';
import { invoke } from '../../api';
import { useApiQuery, useInvalidate } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { actionLabel, useI18n } from '../../i18n';
import { DayField } from '../../ui/DateFields';
import { ExportMenu } from '../../ui/ExportMenu';
import { AuditDetail } from './AuditDetail';
import { recordLabel } from './audit-diff';
import { strings } from './strings';
import { UnitFilterField, unitFilterCode } from './UnitFilterField';

/** Entries read per "More". */
const PAGE = 50;
/** The most the list shows (the engine's limit); the CSV has everything. */
const MAX_SHOWN = 1000;

/** The change log: who changed what, when and why, filtered, with before/after and a CSV. */
export function AuditViewer(props: { readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const invalidate = useInvalidate();
  const [actorText, setActorText] = useState('');
  const [unitText, setUnitText] = useState('');
  const [action, setAction] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  // "More" counts pages for one filter; a new filter starts again at one page.
  const [paging, setPaging] = useState({ key: '', pages: 1 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [actor] = useDebouncedValue(actorText.trim(), 250);
  const [unit] = useDebouncedValue(unitFilterCode(unitText), 250);

  // New kinds of change may have been recorded since the list was last read.
  useEffect(() => void invalidate(['audit.actions']), [invalidate]);
  const actions = useApiQuery('audit.actions', {}).data;
  const actionOptions = useMemo(
    () =>
      (actions ?? [])
        .map((a) => ({ value: a, label: actionLabel(lang, a) }))
        .sort((x, y) => x.label.localeCompare(y.label, lang)),
    [actions, lang],
  );

  const filter: AuditFilterInput = useMemo(
    () => ({
      ...(actor ? { actor } : {}),
      ...(unit ? { unit } : {}),
      ...(action ? { action } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }),
    [actor, unit, action, from, to],
  );
  const filterKey = JSON.stringify(filter);
  const pages = paging.key === filterKey ? paging.pages : 1;
  const limit = Math.min(pages * PAGE, MAX_SHOWN);
  // One more than shown tells whether "More" has anything to show.
  const query = useApiQuery('audit.list', { ...filter, limit: Math.min(limit + 1, MAX_SHOWN) }, { keepPrevious: true });
  const all = query.data ?? [];
  const entries = all.slice(0, limit);
  const hasMore = all.length > limit && limit < MAX_SHOWN;
  const opened = entries.find((e) => e.id === openId) ?? null;

  return (
    <Modal opened onClose={props.onClose} title={t('title')} size="80rem">
      <Stack gap="sm" data-testid="audit-viewer">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={t('actor')}
            placeholder={t('actorPlaceholder')}
            value={actorText}
            onChange={(e) => setActorText(e.currentTarget.value)}
            data-testid="audit-actor"
          />
          <Select
            label={t('action')}
            placeholder={t('anyAction')}
            data={actionOptions}
            value={action}
            onChange={setAction}
            clearable
            searchable
            w={240}
            data-testid="audit-action"
          />
          <UnitFilterField value={unitText} onChange={setUnitText} />
          <DayField label={t('from')} value={from} onChange={setFrom} data-testid="audit-from" />
          <DayField
            label={t('to')}
            value={to}
            onChange={setTo}
            {...(from ? { minDay: from } : {})}
            data-testid="audit-to"
          />
          <ExportMenu
            label={t('download')}
            onExport={(format) => invoke('audit.exportCsv', { ...filter, format })}
            testId="audit-export"
          />
        </Group>
        {query.isError && <Text c="red">{query.error.message}</Text>}
        {query.isSuccess && entries.length === 0 ? (
          <Text c="dimmed" data-testid="audit-empty">
            {t('empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah="45vh">
            <AuditTable entries={entries} openId={openId} onOpen={(id) => setOpenId(id === openId ? null : id)} />
          </ScrollArea.Autosize>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed" data-testid="audit-count">
            {t('shown', { count: entries.length })}
          </Text>
          {hasMore && (
            <Button
              variant="light"
              onClick={() => setPaging({ key: filterKey, pages: pages + 1 })}
              data-testid="audit-more"
            >
              {t('more')}
            </Button>
          )}
        </Group>
        {opened && <AuditDetail entry={opened} />}
      </Stack>
    </Modal>
  );
}

function AuditTable(props: {
  readonly entries: readonly AuditEntry[];
  readonly openId: number | null;
  readonly onOpen: (id: number) => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  return (
    <Table highlightOnHover stickyHeader fz="sm" data-testid="audit-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('time')}</Table.Th>
          <Table.Th>{t('actor')}</Table.Th>
          <Table.Th>{t('action')}</Table.Th>
          <Table.Th>{t('record')}</Table.Th>
          <Table.Th>{t('reason')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.entries.map((e) => (
          <Table.Tr
            key={e.id}
            onClick={() => props.onOpen(e.id)}
            onKeyDown={(ev) => {
              if (ev.key === 'Enter' || ev.key === ' ') {
                ev.preventDefault();
                props.onOpen(e.id);
              }
            }}
            tabIndex={0}
            aria-selected={e.id === props.openId}
            bg={e.id === props.openId ? 'var(--mantine-color-blue-light)' : undefined}
            style={{ cursor: 'pointer' }}
            data-testid="audit-row"
          >
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
            <Table.Td>{e.actor}</Table.Td>
            <Table.Td>{actionLabel(lang, e.action)}</Table.Td>
            <Table.Td>{recordLabel(e)}</Table.Td>
            <Table.Td>{e.reason ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
