import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { UnitSummary } from '../../../../shared/contract';
import type { DirectoryEntry } from '../../../../shared/contract-people';
import { ASSIGNMENT_ROLES, ROLE_LABELS, TEAM_ROLES, formatPhone, vnToday } from '../../../../shared/people';
import { invoke } from '../../api';
import { usePeopleText } from './strings';
import { formatDate } from '../../../../shared/time';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { ExportMenu } from '../../ui/ExportMenu';
import { unitOptions, viFilter } from './unit-options';
import './people.css';

/** The area filter's value for "every area". */
const ALL = '*';

/**
 * The contact directory: everyone in the register with their areas and roles, searchable by
 * name, phone, area and role; printable on A4 (a print-only copy of the list, see people.css) and
 * exportable to CSV (UTF-8 with BOM, for Excel).
 */
export function DirectoryView(props: {
  readonly district: string | null;
  readonly districtName: string;
  readonly units: readonly UnitSummary[];
}): React.JSX.Element {
  const { t, lang } = usePeopleText();
  const [query, setQuery] = useState('');
  const [area, setArea] = useState<string | null>(props.district);
  const [role, setRole] = useState<string | null>(null);
  const [today] = useState(() => vnToday(Date.now()));
  const areaOptions = useMemo(
    () => [
      { value: ALL, label: t('dirAllAreas') },
      ...(props.district ? [{ value: props.district, label: props.districtName }] : []),
      ...unitOptions(props.units, ['commune', 'hamlet']),
    ],
    [props.district, props.districtName, props.units, t],
  );
  const roleOptions = useMemo(
    () => [...ASSIGNMENT_ROLES, ...TEAM_ROLES].map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })),
    [lang],
  );
  const filter = useMemo(
    () => ({
      ...(area && area !== ALL ? { within: area } : {}),
      ...(query.trim() ? { query } : {}),
      ...(role ? { role } : {}),
    }),
    [area, query, role],
  );

  const directory = useApiQuery('people.directory', filter, { keepPrevious: true });
  useErrorNotice(directory.error);
  const entries = directory.data ?? null;

  const roleText = (e: DirectoryEntry): string => (lang === 'vi' ? e.roleVi : e.roleEn);
  const areaName = areaOptions.find((o) => o.value === area)?.label ?? t('dirAllAreas');
  const rows = entries ?? [];

  return (
    <Stack gap="sm" data-testid="directory">
      <Group gap="xs" align="flex-end">
        <TextInput
          flex={1}
          label={t('dirSearch')}
          placeholder={t('dirSearchHint')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="directory-search"
        />
        <Select
          w={240}
          label={t('pplArea')}
          placeholder={t('dirAllAreas')}
          data={areaOptions}
          value={area}
          onChange={setArea}
          searchable
          allowDeselect={false}
          filter={viFilter}
          data-testid="directory-area"
        />
        <Select
          w={200}
          label={t('pplRole')}
          placeholder={t('dirAllRoles')}
          data={roleOptions}
          value={role}
          onChange={setRole}
          clearable
          data-testid="directory-role"
        />
        <Button
          variant="default"
          onClick={() => window.print()}
          disabled={rows.length === 0}
          data-testid="directory-print"
        >
          {t('dirPrint')}
        </Button>
        <ExportMenu
          label={t('dirExport')}
          disabled={rows.length === 0}
          onExport={(format) => invoke('people.exportCsv', { ...filter, format })}
          testId="directory-export"
        />
      </Group>
      {entries !== null && rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="directory-empty">
          {query || role ? t('pplNone') : t('dirEmpty')}
        </Text>
      ) : (
        <Table striped withTableBorder stickyHeader data-testid="directory-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('pplFullName')}</Table.Th>
              <Table.Th>{t('pplPosition')}</Table.Th>
              <Table.Th>{t('pplPhones')}</Table.Th>
              <Table.Th>{t('pplArea')}</Table.Th>
              <Table.Th>{t('pplRole')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e, i) => (
              <Table.Tr key={`${e.personId}-${e.unitCode ?? ''}-${e.role ?? ''}-${i}`} data-testid="directory-row">
                <Table.Td>{e.fullName}</Table.Td>
                <Table.Td>{e.position}</Table.Td>
                <Table.Td>
                  {e.phones.map((p) => (
                    <div key={p}>
                      <a href={`tel:${p}`}>{formatPhone(p)}</a>
                    </div>
                  ))}
                </Table.Td>
                <Table.Td>{e.unitName ?? '—'}</Table.Td>
                <Table.Td>{roleText(e)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {createPortal(
        <div className="saban-print-root" data-testid="directory-print-view">
          <h1>{t('dirPrintTitle', { area: areaName })}</h1>
          <p>{t('dirPrintedOn', { date: formatDate(today), n: rows.length })}</p>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t('pplFullName')}</th>
                <th>{t('pplPosition')}</th>
                <th>{t('pplPhones')}</th>
                <th>{t('pplArea')}</th>
                <th>{t('pplRole')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={`${e.personId}-${e.unitCode ?? ''}-${e.role ?? ''}-${i}`}>
                  <td>{i + 1}</td>
                  <td>{e.fullName}</td>
                  <td>{e.position}</td>
                  <td>{e.phones.map(formatPhone).join(', ')}</td>
                  <td>{e.unitName ?? ''}</td>
                  <td>{roleText(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
        document.body,
      )}
    </Stack>
  );
}
