import { Alert, Button, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { HeldReplacement, ImportReport } from '../../../../shared/contract';
import type { GeometryProblem } from '../../../../shared/geo';
import type { ApiFailure } from '../../api';
import { useStrings } from '../../i18n/define';
import { errorTitle, formatNumber, useI18n } from '../../i18n';
import { strings } from './strings';

/** What an import ended with. */
export type Outcome =
  { readonly ok: true; readonly report: ImportReport } | { readonly ok: false; readonly failure: ApiFailure };

/** Problems the engine repairs when asked (`repair: true`); the structural ones it cannot. */
const REPAIRABLE: readonly GeometryProblem[] = [
  'self-intersection',
  'hole-outside-shell',
  'nested-holes',
  'nested-shells',
  'disconnected-interior',
  'duplicate-rings',
  'invalid-topology',
];

/** Whether a report skipped features that `repair: true` could import. */
export function hasRepairable(report: ImportReport): boolean {
  return REPAIRABLE.some((p) => (report.skippedBy[p] ?? 0) > 0);
}

const REASON_KEYS = {
  'name-differs': 'reasonNameDiffers',
  'outside-parent': 'reasonOutsideParent',
  'far-from-old': 'reasonFarFromOld',
} as const;

export interface OutcomeViewProps {
  readonly outcome: Outcome;
  /** Imports the same boundary file again with `force: true` (absent for unit lists). */
  readonly onForce?: () => void;
  /** Imports the same boundary file again with `repair: true` (absent once repair was asked). */
  readonly onRepair?: () => void;
}

/** The engine's answer: counts, held units with "replace anyway", the first problems. */
export function OutcomeView(props: OutcomeViewProps): React.JSX.Element {
  const { lang } = useI18n();
  const t = useStrings(strings);
  const { outcome } = props;
  if (!outcome.ok) {
    const f = outcome.failure;
    return (
      <Alert
        color={f.code === 'internal' ? 'red' : 'yellow'}
        title={errorTitle(lang, f.code)}
        data-testid="import-error"
      >
        <Text size="sm">{f.text[lang]}</Text>
        <Text size="sm" fw={600} mt="xs">
          {t('reportNothingChanged')}
        </Text>
        {f.detailsText.length > 0 && (
          <ul className="saban-problems">
            {f.detailsText.slice(0, 20).map((d, i) => (
              <li key={i}>{d[lang]}</li>
            ))}
          </ul>
        )}
        {f.ref && (
          <Text size="xs" mt="xs" data-testid="import-error-ref">
            {f.ref}
          </Text>
        )}
      </Alert>
    );
  }
  const r = outcome.report;
  const n = (x: number): string => formatNumber(lang, x);
  const skippedBy = Object.entries(r.skippedBy);
  const held = r.held ?? [];
  // Held units are listed in their own table; their problem lines would only repeat it.
  const heldLines = new Set(held.map((h) => `${r.fileName} ${h.text.vi}`));
  const problems = r.problemsText.filter((p) => !heldLines.has(p.vi));
  return (
    <Stack gap="xs">
      {held.length > 0 && <HeldUnits held={held} fileName={r.fileName} onForce={props.onForce} />}
      {props.onRepair && hasRepairable(r) && (
        <Alert color="orange" p="xs" data-testid="import-repair">
          <Text size="sm">{t('repairHelp')}</Text>
          <Button
            size="xs"
            mt={6}
            variant="light"
            color="orange"
            onClick={props.onRepair}
            data-testid="import-repair-run"
          >
            {t('repairRun')}
          </Button>
        </Alert>
      )}
      <Alert
        color={r.skipped > 0 ? 'yellow' : 'teal'}
        title={t('importDone', { file: r.fileName })}
        data-testid="import-report"
      >
        <Table withRowBorders={false} verticalSpacing={2} fz="sm" className="saban-report-table">
          <Table.Tbody>
            <Table.Tr>
              <Table.Td>{t('reportCreated')}</Table.Td>
              <Table.Td data-testid="report-created">{n(r.created)}</Table.Td>
              <Table.Td>{t('reportUpdated')}</Table.Td>
              <Table.Td data-testid="report-updated">{n(r.updated)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('reportUnchanged')}</Table.Td>
              <Table.Td>{n(r.unchanged)}</Table.Td>
              <Table.Td>{t('reportSkipped')}</Table.Td>
              <Table.Td data-testid="report-skipped">{n(r.skipped)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {(r.repaired ?? 0) > 0 && (
          <Text size="sm" mt="xs" data-testid="report-repaired">
            {t('reportRepaired', { n: n(r.repaired ?? 0) })}
          </Text>
        )}
        {skippedBy.length > 0 && (
          <>
            <Text size="sm" fw={600} mt="xs">
              {t('reportSkippedBy')}
            </Text>
            <ul className="saban-problems">
              {skippedBy.map(([why, count]) => (
                <li key={why}>
                  <code>{why}</code>: {n(count)}
                </li>
              ))}
            </ul>
          </>
        )}
        {problems.length > 0 && (
          <>
            <Text size="sm" fw={600} mt="xs">
              {t('reportProblems')}
            </Text>
            <ul className="saban-problems">
              {problems.slice(0, 20).map((p, i) => (
                <li key={i}>{p[lang]}</li>
              ))}
            </ul>
          </>
        )}
      </Alert>
    </Stack>
  );
}

interface HeldUnitsProps {
  readonly held: readonly HeldReplacement[];
  readonly fileName: string;
  readonly onForce: (() => void) | undefined;
}

/** Units whose boundary the file would have replaced, and the way to replace them anyway. */
function HeldUnits(props: HeldUnitsProps): React.JSX.Element {
  const { lang, t: common } = useI18n();
  const t = useStrings(strings);
  const [confirming, setConfirming] = useState(false);
  const count = formatNumber(lang, props.held.length);
  return (
    <Alert color="orange" title={t('heldTitle', { n: count })} p="xs" data-testid="import-held">
      <Text size="xs" mb={4}>
        {t('heldHelp')}
      </Text>
      <ScrollArea.Autosize mah={150} type="auto">
        <Table fz="xs" verticalSpacing={2} horizontalSpacing={6} striped stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('heldCode')}</Table.Th>
              <Table.Th>{t('heldName')}</Table.Th>
              <Table.Th>{t('heldNameInFile')}</Table.Th>
              <Table.Th>{t('heldReason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.held.map((h) => (
              <Table.Tr key={`${h.code}-${h.feature}`} data-testid="import-held-row" title={h.text[lang]}>
                <Table.Td>{h.code}</Table.Td>
                <Table.Td>{h.name}</Table.Td>
                <Table.Td>{h.nameInFile ?? '—'}</Table.Td>
                <Table.Td>{h.reasons.map((why) => t(REASON_KEYS[why])).join('; ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {props.onForce &&
        (confirming ? (
          <Stack gap={6} mt="xs" data-testid="import-force-confirm">
            <Text size="sm" fw={600}>
              {t('heldConfirm', { n: count, file: props.fileName })}
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                {common('cancel')}
              </Button>
              <Button size="xs" color="orange" onClick={props.onForce} data-testid="import-force-run">
                {t('heldConfirmRun', { n: count })}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group mt="xs">
            <Button
              size="xs"
              color="orange"
              variant="light"
              onClick={() => setConfirming(true)}
              data-testid="import-force"
            >
              {t('heldReplace')}
            </Button>
          </Group>
        ))}
    </Alert>
  );
}
