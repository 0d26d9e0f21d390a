import { Alert, Badge, Button, Group, List, Modal, ScrollArea, Stack, Table, Tabs, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { addDays, vnToday } from '../../../../shared/time';
import { invoke } from '../../api';
import { useApiMutation } from '../../data/query';
import { readImportFile } from '../../data/read-file';
import { DayField } from '../../ui/DateFields';
import { downloadExport } from '../../ui/download';
import { ExportMenu } from '../../ui/ExportMenu';
import { usePostsText } from './strings';
import { useNotify } from '../../ui/Notifications';

type Preview = Output<'posts.importPreview'>;

export interface PostsImportProps {
  readonly within: string | null;
  readonly busy: (on: boolean) => void;
  readonly onClose: () => void;
}

/** CSV import of posts (a preview of every row first, nothing written until confirmed) and exports. */
export function PostsImport(props: PostsImportProps): React.JSX.Element {
  const { pt } = usePostsText();
  const notify = useNotify();
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [from, setFrom] = useState<string | null>(() => addDays(vnToday(), -6));
  const [to, setTo] = useState<string | null>(() => vnToday());
  const scope = props.within ? { within: props.within } : {};

  const choose = (f: File | undefined): void => {
    if (!f) return;
    setPreview(null);
    readImportFile(f)
      .then((text) => {
        setFile({ name: f.name, text });
        return invoke('posts.importPreview', { fileName: f.name, text });
      })
      .then(setPreview)
      .catch((err: unknown) => {
        setFile(null);
        notify.error(err);
      })
      .finally(() => {
        if (fileRef.current) fileRef.current.value = '';
      });
  };

  // The import invalidates every posts read (map, list, warnings, an open card) when it succeeds.
  const importer = useApiMutation('posts.import', {
    onSuccess: (r) => {
      notify.success(pt('imported', { file: r.fileName, c: r.created, u: r.updated }));
      props.onClose();
    },
    onError: (err) => notify.error(err),
  });
  const commit = (): void => {
    if (!file) return;
    props.busy(true);
    importer.mutate({ fileName: file.name, text: file.text }, { onSettled: () => props.busy(false) });
  };

  const exportGeojson = (): void => {
    invoke('posts.export', { ...scope, format: 'geojson' })
      .then(downloadExport)
      .catch((err: unknown) => notify.error(err));
  };

  const actionLabel = (a: 'create' | 'update' | 'error'): string =>
    a === 'create' ? pt('actionCreate') : a === 'update' ? pt('actionUpdate') : pt('actionError');

  return (
    <Modal opened onClose={props.onClose} title={pt('ioTitle')} size="xl" data-testid="posts-io">
      <Tabs defaultValue="import">
        <Tabs.List>
          <Tabs.Tab value="import">{pt('importTab')}</Tabs.Tab>
          <Tabs.Tab value="export" data-testid="posts-export-tab">
            {pt('exportTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="import" pt="sm">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {pt('importHelp')}
            </Text>
            <List size="xs" spacing={2} data-testid="posts-import-columns">
              <List.Item>{pt('importColumns')}</List.Item>
              <List.Item>{pt('importOptional')}</List.Item>
              <List.Item>{pt('importRules')}</List.Item>
            </List>
            <Group>
              <Button variant="default" onClick={() => fileRef.current?.click()}>
                {pt('chooseFile')}
              </Button>
              <input
                ref={fileRef}
                type="file"
                accept=".csv,text/csv"
                hidden
                onChange={(e) => choose(e.currentTarget.files?.[0])}
                data-testid="posts-import-file"
              />
              {file && <Text size="sm">{file.name}</Text>}
            </Group>
            {preview && (
              <>
                <Text size="sm" data-testid="posts-import-summary">
                  {pt('previewRows', { n: preview.rows.length, e: preview.errorCount })}
                </Text>
                {preview.errorCount > 0 && (
                  <Alert color="red" variant="light" data-testid="posts-import-errors">
                    {pt('previewErrors')}
                  </Alert>
                )}
                <ScrollArea.Autosize mah="45vh">
                  <Table striped data-testid="posts-import-preview">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{pt('colRow')}</Table.Th>
                        <Table.Th>{pt('colName')}</Table.Th>
                        <Table.Th>{pt('colAction')}</Table.Th>
                        <Table.Th>{pt('colCommune')}</Table.Th>
                        <Table.Th>{pt('colErrors')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {preview.rows.map((r) => (
                        <Table.Tr key={r.row} data-testid="posts-import-row" data-row={r.row}>
                          <Table.Td>{r.row}</Table.Td>
                          <Table.Td>{r.name}</Table.Td>
                          <Table.Td>
                            <Badge
                              size="sm"
                              variant="light"
                              color={r.action === 'error' ? 'red' : r.action === 'update' ? 'blue' : 'teal'}
                            >
                              {actionLabel(r.action)}
                            </Badge>
                          </Table.Td>
                          <Table.Td>{r.communeCode ?? '—'}</Table.Td>
                          <Table.Td>
                            {r.errors.map((e, i) => (
                              <Text key={i} size="xs" c="red.8">
                                {e.column ? `${e.column}: ` : ''}
                                {e.message}
                              </Text>
                            ))}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
                <Group justify="flex-end">
                  <Button variant="default" onClick={props.onClose}>
                    {pt('cancel')}
                  </Button>
                  <Button
                    onClick={commit}
                    disabled={preview.errorCount > 0 || preview.rows.length === 0}
                    data-testid="posts-import-commit"
                  >
                    {pt('doImport', { n: preview.rows.length })}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="export" pt="sm">
          <Stack gap="sm">
            <Group>
              <ExportMenu
                label={pt('exportPostsTable')}
                onExport={(format) => invoke('posts.export', { ...scope, format })}
                testId="posts-export-table"
              />
              <Button variant="default" onClick={exportGeojson} data-testid="posts-export-geojson">
                {pt('exportPostsGeojson')}
              </Button>
            </Group>
            <Group align="flex-end">
              <DayField label={pt('from')} value={from} onChange={setFrom} maxDay={to ?? undefined} required />
              <DayField label={pt('to')} value={to} onChange={setTo} minDay={from ?? undefined} required />
              <ExportMenu
                label={pt('exportLogs')}
                disabled={!from || !to || from > to}
                onExport={(format) => invoke('posts.exportLogs', { ...scope, from: from ?? '', to: to ?? '', format })}
                testId="posts-export-logs"
              />
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}
