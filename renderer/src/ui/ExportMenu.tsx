import { Button } from '@mantine/core';
import { useState } from 'react';
import type { ExportedFile, TableFormat } from '../../../shared/contract-text';
import { defineStrings, useStrings } from '../i18n/define';
import { downloadExport } from './download';
import { useNotify } from './Notifications';

const strings = defineStrings(
  {
    xlsx: 'Excel (.xlsx)',
    xlsxHint: 'Mở đúng trong Excel và LibreOffice: giữ số 0 đầu của mã và số điện thoại',
    csv: 'CSV (dấu phẩy)',
    csvHint: 'Cho phần mềm khác và để nhập lại',
    exported: 'Đã xuất {file}',
  },
  {
    xlsx: 'Excel (.xlsx)',
    xlsxHint: 'Opens right in Excel and LibreOffice: keeps leading zeros of codes and phone numbers',
    csv: 'CSV (comma-separated)',
    csvHint: 'For other software and to import again',
    exported: 'Exported {file}',
  },
);

/**
 * A table export's buttons: XLSX first (what a person opens; the hint says why) and CSV (for
 * tools); runs the export, saves the file, and says so (or shows the error). Two plain buttons
 * rather than a menu, so they work the same by keyboard inside a dialog.
 */
export function ExportMenu(props: {
  readonly label: string;
  readonly onExport: (format: TableFormat) => Promise<ExportedFile>;
  readonly disabled?: boolean;
  /** `data-testid` of the button; the items get `-xlsx` and `-csv` added. */
  readonly testId: string;
}): React.JSX.Element {
  const t = useStrings(strings);
  const notify = useNotify();
  const [busy, setBusy] = useState<TableFormat | null>(null);
  const run = (format: TableFormat): void => {
    setBusy(format);
    props
      .onExport(format)
      .then((f) => {
        downloadExport(f);
        notify.success(t('exported', { file: f.fileName }));
      })
      .catch((err: unknown) => notify.error(err))
      .finally(() => setBusy(null));
  };
  return (
    <Button.Group data-testid={props.testId}>
      <Button
        variant="default"
        loading={busy === 'xlsx'}
        disabled={props.disabled ?? false}
        title={t('xlsxHint')}
        onClick={() => run('xlsx')}
        data-testid={`${props.testId}-xlsx`}
      >
        {props.label}: {t('xlsx')}
      </Button>
      <Button
        variant="default"
        loading={busy === 'csv'}
        disabled={props.disabled ?? false}
        title={t('csvHint')}
        onClick={() => run('csv')}
        data-testid={`${props.testId}-csv`}
      >
        CSV
      </Button>
    </Button.Group>
  );
}
