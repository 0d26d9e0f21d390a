/**
 * Import of daily figures from a CSV or a workbook: the engine recognises the usual column names
 * (and remembers a mapping per sheet layout); the operator maps the rest here; every row is
 * previewed with its errors (row, column, value); nothing is written while any error remains.
 */
import { Alert, Badge, Button, Group, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { IMPORT_TARGETS, type ImportPreview, type ImportTarget } from '../../../../shared/contract-figures';
import { FIGURE_LABELS } from '../../../../shared/figures';
import { formatDate } from '../../../../shared/time';
import { invoke } from '../../api';
import { useApiMutation } from '../../data/query';
import { isWorkbook, readImportBase64, readImportFile } from '../../data/read-file';
import { useI18n } from '../../i18n';
import { DayField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { useFiguresText, type FiguresKey } from './strings';

/** The file as sent to the engine: its decoded text (CSV) or its bytes (workbooks). */
type Source = { readonly fileName: string } & ({ readonly text: string } | { readonly base64: string });

/** What the operator chose beside the file. */
interface Choices {
  readonly mapping: Readonly<Record<string, ImportTarget>>;
  readonly sheet: string | null;
  readonly day: string | null;
}

const SHOWN_ROWS = 300;
const STATUS_COLOR = { new: 'teal', changed: 'blue', unchanged: 'gray', error: 'red' } as const;
const STATUS_KEY: Record<keyof typeof STATUS_COLOR, FiguresKey> = {
  new: 'statusNew',
  changed: 'statusChanged',
  unchanged: 'statusUnchanged',
  error: 'statusError',
};
const HOW_KEY: Record<ImportPreview['columns'][number]['how'], FiguresKey> = {
  recognised: 'howRecognised',
  remembered: 'howRemembered',
  given: 'howGiven',
  unmapped: 'howUnmapped',
};

/** The import tab of the figures window. */
export function FiguresImport(): React.JSX.Element {
  const t = useFiguresText();
  const { lang } = useI18n();
  const notify = useNotify();
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [choices, setChoices] = useState<Choices>({ mapping: {}, sheet: null, day: null });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const request = (src: Source, c: Choices) => ({
    ...src,
    ...(Object.keys(c.mapping).length > 0 ? { mapping: c.mapping } : {}),
    ...(c.sheet ? { sheet: c.sheet } : {}),
    ...(c.day ? { day: c.day } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  });

  const runPreview = (src: Source, c: Choices): void => {
    setBusy(true);
    invoke('figures.importPreview', request(src, c))
      .then(setPreview)
      .catch((err: unknown) => notify.error(err))
      .finally(() => setBusy(false));
  };

  const choose = (f: File | undefined): void => {
    if (!f) return;
    setPreview(null);
    const read: Promise<Source> = isWorkbook(f.name)
      ? readImportBase64(f).then((base64) => ({ fileName: f.name, base64 }))
      : readImportFile(f).then((text) => ({ fileName: f.name, text }));
    const fresh: Choices = { mapping: {}, sheet: null, day: null };
    read
      .then((src) => {
        setSource(src);
        setChoices(fresh);
        runPreview(src, fresh);
      })
      .catch((err: unknown) => {
        setSource(null);
        notify.error(err);
      })
      .finally(() => {
        if (fileRef.current) fileRef.current.value = '';
      });
  };

  const change = (next: Partial<Choices>): void => {
    const c = { ...choices, ...next };
    setChoices(c);
    if (source) runPreview(source, c);
  };

  const importer = useApiMutation('figures.import', {
    onSuccess: (r) => {
      notify.success(t('imported', { file: source?.fileName ?? '', c: r.created, u: r.updated, s: r.unchanged }));
      setSource(null);
      setPreview(null);
      setReason('');
    },
    onError: (err) => notify.error(err),
  });

  const targetLabel = (target: ImportTarget): string => {
    switch (target) {
      case 'unitCode':
        return t('targetUnitCode');
      case 'unitName':
        return t('targetUnitName');
      case 'day':
        return t('targetDay');
      case 'ignore':
        return t('targetIgnore');
      default:
        return FIGURE_LABELS[target][lang];
    }
  };
  const targetOptions = IMPORT_TARGETS.map((v) => ({ value: v, label: targetLabel(v) }));
  const hasDayColumn = preview?.columns.some((c) => c.target === 'day') ?? true;
  const blocked = !preview || preview.problems.length > 0 || preview.counts.errors > 0 || preview.counts.rows === 0;
  const needReason = !!preview?.corrects && reason.trim() === '';

  return (
    <Stack gap="sm" data-testid="figures-import">
      <Text size="sm" c="dimmed">
        {t('importHelp')}
      </Text>
      <Group>
        <Button variant="default" onClick={() => fileRef.current?.click()} loading={busy}>
          {t('chooseFile')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          accept=".csv,.xlsx,.xlsm,.xls,text/csv"
          hidden
          onChange={(e) => choose(e.currentTarget.files?.[0])}
          data-testid="figures-import-file"
        />
        {source && <Text size="sm">{source.fileName}</Text>}
        {preview && preview.sheets.length > 1 && (
          <Select
            size="xs"
            label={t('sheet')}
            data={preview.sheets}
            value={preview.sheet}
            onChange={(v) => v && change({ sheet: v })}
            allowDeselect={false}
          />
        )}
        {preview && !hasDayColumn && (
          <DayField label={t('fileDay')} value={choices.day} onChange={(d) => change({ day: d })} required />
        )}
      </Group>

      {preview && (
        <>
          <Text fw={600} size="sm">
            {t('mappingTitle')}
          </Text>
          <ScrollArea.Autosize mah="28vh">
            <Table striped withTableBorder data-testid="figures-import-mapping">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('mappingHeader')}</Table.Th>
                  <Table.Th>{t('mappingTarget')}</Table.Th>
                  <Table.Th>{t('mappingHow')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.columns.map((c) => (
                  <Table.Tr key={c.index} data-testid="figures-import-column" data-header={c.header}>
                    <Table.Td>{c.header}</Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={c.header}
                        data={targetOptions}
                        value={c.target}
                        searchable
                        allowDeselect={false}
                        onChange={(v) => {
                          const target = IMPORT_TARGETS.find((x) => x === v);
                          if (target) change({ mapping: { ...choices.mapping, [c.header]: target } });
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={c.how === 'unmapped' ? 'orange' : 'gray'}>
                        {t(HOW_KEY[c.how])}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>

          <Text size="sm" data-testid="figures-import-summary">
            {t('previewSummary', {
              rows: preview.counts.rows,
              new: preview.counts.new,
              changed: preview.counts.changed,
              unchanged: preview.counts.unchanged,
              errors: preview.counts.errors,
            })}
          </Text>
          {preview.problems.length > 0 && (
            <Alert color="red" variant="light" title={t('previewErrors')} data-testid="figures-import-problems">
              <ScrollArea.Autosize mah="16vh">
                <ul className="figures-problems">
                  {preview.problems.slice(0, 200).map((p, i) => (
                    <li key={i}>
                      {t('problemItem', { row: p.row, column: p.column, value: p.value, text: p.text[lang] })}
                    </li>
                  ))}
                </ul>
              </ScrollArea.Autosize>
            </Alert>
          )}
          <ScrollArea.Autosize mah="32vh">
            <Table striped data-testid="figures-import-preview">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('colRow')}</Table.Th>
                  <Table.Th>{t('colCode')}</Table.Th>
                  <Table.Th>{t('colCommune')}</Table.Th>
                  <Table.Th>{t('colDay')}</Table.Th>
                  <Table.Th>{t('colStatus')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.slice(0, SHOWN_ROWS).map((r) => (
                  <Table.Tr key={r.row} data-testid="figures-import-row" data-row={r.row}>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{r.unitCode}</Table.Td>
                    <Table.Td>{r.unitName ?? ''}</Table.Td>
                    <Table.Td>{r.day ? formatDate(r.day) : ''}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={STATUS_COLOR[r.status]}>
                        {t(STATUS_KEY[r.status])}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {preview.rows.length > SHOWN_ROWS && (
              <Text size="xs" c="dimmed">
                {t('moreRows', { n: preview.rows.length - SHOWN_ROWS })}
              </Text>
            )}
          </ScrollArea.Autosize>
          {preview.corrects && (
            <TextInput
              label={t('importReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              data-testid="figures-import-reason"
            />
          )}
          <Group justify="flex-end">
            <Button
              disabled={blocked || needReason}
              loading={importer.isPending}
              onClick={() => source && importer.mutate(request(source, choices))}
              data-testid="figures-import-commit"
            >
              {t('doImport', { n: preview.counts.rows })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
