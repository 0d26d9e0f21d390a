/**
 * Export of a district's daily figures over chosen days: XLSX (typed cells: codes as text, counts
 * as numbers, the day a date) or CSV (imports back unchanged), through the shared ExportMenu.
 */
import { Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { addDays, vnToday } from '../../../../shared/time';
import { invoke } from '../../api';
import { DayField } from '../../ui/DateFields';
import { ExportMenu } from '../../ui/ExportMenu';
import { useFiguresText } from './strings';

/** The export row of the import / export tab: from, to, and the two formats. */
export function FiguresExport(props: { readonly district: string }): React.JSX.Element {
  const t = useFiguresText();
  const today = vnToday();
  const [from, setFrom] = useState<string | null>(() => addDays(today, -6));
  const [to, setTo] = useState<string | null>(today);
  return (
    <Stack gap={4} mb="md" data-testid="figures-export-section">
      <Text fw={600} size="sm">
        {t('exportTitle')}
      </Text>
      <Group align="flex-end">
        <DayField
          label={t('exportFrom')}
          value={from}
          onChange={setFrom}
          maxDay={to ?? today}
          required
          data-testid="figures-export-from"
        />
        <DayField
          label={t('exportTo')}
          value={to}
          onChange={setTo}
          minDay={from ?? undefined}
          maxDay={today}
          required
        />
        <ExportMenu
          label={t('exportLabel')}
          disabled={!from || !to || from > to}
          onExport={(format) =>
            invoke('figures.exportCsv', { within: props.district, from: from ?? '', to: to ?? '', format })
          }
          testId="figures-export"
        />
      </Group>
    </Stack>
  );
}
