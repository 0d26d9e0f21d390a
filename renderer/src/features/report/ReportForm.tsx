import {
  Accordion,
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { DailyReport, FieldVisit, ReportInput } from '../../../../shared/contract-report';
import {
  DEFAULT_REPORT_DEADLINES,
  REPORT_FIGURE_GROUPS,
  REPORT_FIGURE_LABELS,
  REPORT_TEAM_FIELDS,
  REPORT_TEAM_LABELS,
  type ReportFigure,
  type ReportTeamField,
} from '../../../../shared/report';
import { formatDate, formatDateTime, vnToday } from '../../../../shared/time';
import { useApiQuery, useCall } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { DayField } from '../../ui/DateFields';
import { useNotify } from '../../ui/Notifications';
import { printToPdf } from '../../print/print-action';
import { strings } from './strings';

type Counts<K extends string> = Record<K, number | null>;

/** The form's values: the editable part of a report. */
interface Draft {
  figures: Counts<ReportFigure>;
  teams: Counts<ReportTeamField>;
  fieldWork: FieldVisit[];
  difficulties: string;
  proposals: string;
  preparedBy: string;
  approvedBy: string;
  docNumber: string;
  docSymbol: string;
  issuer: string;
  place: string;
  recipients: string;
}

function draftOf(r: DailyReport): Draft {
  return {
    figures: { ...r.figures },
    teams: { ...r.teams },
    fieldWork: r.fieldWork.map((f) => ({ ...f })),
    difficulties: r.difficulties,
    proposals: r.proposals,
    preparedBy: r.preparedBy,
    approvedBy: r.approvedBy,
    docNumber: r.docNumber,
    docSymbol: r.docSymbol,
    issuer: r.issuer,
    place: r.place,
    recipients: r.recipients.join('\n'),
  };
}

function inputOf(district: string, day: string, d: Draft): ReportInput {
  return {
    district,
    day,
    figures: d.figures,
    teams: d.teams,
    fieldWork: d.fieldWork.filter((f) => f.person.trim() !== ''),
    difficulties: d.difficulties,
    proposals: d.proposals,
    preparedBy: d.preparedBy,
    docNumber: d.docNumber,
    docSymbol: d.docSymbol,
    issuer: d.issuer,
    place: d.place,
    recipients: d.recipients.split('\n').map((l) => l.trim()),
  };
}

const numberValue = (v: string | number): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.trunc(v)) : null;

/** The office's report deadline (`HH:MM`; 14:00 until the setting is read). */
export function useReportDeadline(): string {
  return useApiQuery('report.settings', {}).data?.deadline ?? DEFAULT_REPORT_DEADLINES.deadline;
}

/** The status of a report in words, with its colour. */
export function useReportStatus(): (r: Pick<DailyReport, 'status' | 'saved' | 'sentAt' | 'late'>) => {
  label: string;
  color: string;
} {
  const t = useStrings(strings);
  const deadline = useReportDeadline();
  return (r) => {
    if (r.status === 'sent') {
      const at = formatDateTime(r.sentAt ?? '');
      return r.late
        ? { label: t('statusLate', { at, deadline }), color: 'red' }
        : { label: t('statusSent', { at }), color: 'green' };
    }
    return r.saved ? { label: t('statusDraft'), color: 'blue' } : { label: t('statusNew'), color: 'gray' };
  };
}

/**
 * The 14:00 daily report of a district: a form per day (figures prefilled from the daily figures,
 * the teams' work, field work, difficulties and proposals), Save draft, Approve, Send, Print.
 */
export function ReportForm(props: { readonly district: string; readonly onClose: () => void }): React.JSX.Element {
  const t = useStrings(strings);
  const { lang } = useI18n();
  const notify = useNotify();
  const call = useCall();
  const statusOf = useReportStatus();
  const deadline = useReportDeadline();
  const [day, setDay] = useState(() => vnToday());
  const report = useApiQuery('report.get', { district: props.district, day });
  const people = useApiQuery('people.list', {});
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmSend, setConfirmSend] = useState(false);
  const r = report.data;

  // A new day (or a report changed by a save) starts the form from what the engine holds
  // (state adjusted while rendering, as React recommends over an effect).
  const key = r ? `${r.id}|${r.updatedAt ?? ''}|${r.status}` : '';
  const [loadedKey, setLoadedKey] = useState('');
  if (r && key !== loadedKey) {
    setLoadedKey(key);
    setDraft(draftOf(r));
  }

  const names = useMemo(() => [...new Set((people.data ?? []).map((p) => p.fullName))], [people.data]);
  const sent = r?.status === 'sent';
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => (d ? { ...d, [k]: v } : d));

  async function run(action: 'save' | 'approve' | 'send' | 'print'): Promise<void> {
    if (!draft || !r) return;
    setBusy(true);
    try {
      if (!sent) await call('report.save', inputOf(props.district, day, draft));
      if (action === 'save') notify.success(t('saved'));
      if (action === 'approve') {
        await call('report.approve', { district: props.district, day, approvedBy: draft.approvedBy });
        notify.success(t('approvedDone'));
      }
      if (action === 'send') {
        setConfirmSend(false);
        const out = await call('report.send', { district: props.district, day });
        notify.success(out.late ? t('sentLateDone', { deadline }) : t('sentDone'));
      }
      if (action === 'print') {
        const how = await printToPdf(
          { page: 'report', params: { district: props.district, day }, lang },
          `bao-cao-${props.district}-${day}.pdf`,
        );
        if (how === 'dialog') notify.warn(t('printDialog'));
      }
    } catch (err) {
      notify.error(err);
    } finally {
      setBusy(false);
    }
  }

  const status = r ? statusOf(r) : null;
  const countInput = (label: string, value: number | null, onChange: (v: number | null) => void, testId: string) => (
    <NumberInput
      key={testId}
      label={label}
      value={value ?? ''}
      onChange={(v) => onChange(numberValue(v))}
      min={0}
      allowDecimal={false}
      allowNegative={false}
      thousandSeparator="."
      decimalSeparator=","
      hideControls
      readOnly={sent}
      data-testid={testId}
    />
  );

  return (
    <Modal
      opened
      onClose={props.onClose}
      size="min(1200px, 96vw)"
      title={<Title order={4}>{t('title', { deadline })}</Title>}
    >
      <Stack gap="sm" data-testid="report-form">
        <Group align="flex-end" gap="md">
          <DayField
            label={t('day')}
            value={day}
            onChange={(d) => d && setDay(d)}
            maxDay={vnToday()}
            required
            data-testid="report-day"
          />
          <Text fw={600}>{r?.districtName}</Text>
          {status && (
            <Badge color={status.color} size="lg" variant="light" data-testid="report-status">
              {status.label}
            </Badge>
          )}
        </Group>
        {sent && <Alert color="gray">{t('readOnlySent')}</Alert>}
        {draft && r && (
          <>
            <Group justify="space-between">
              <Title order={5}>{t('figures')}</Title>
              {r.fromFigures ? (
                <Group gap="xs">
                  <Badge variant="light" data-testid="report-from-figures">
                    {t('fromFigures')}
                  </Badge>
                  {!sent && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => set('figures', { ...draft.figures, ...r.fromFigures })}
                    >
                      {t('useFigures')}
                    </Button>
                  )}
                </Group>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('noFigures')}
                </Text>
              )}
            </Group>
            <SimpleGrid cols={{ base: 2, md: 3 }} spacing="xs">
              {REPORT_FIGURE_GROUPS.map((g) => (
                <Stack key={g.label.vi} gap={4} className="report-group">
                  <Text size="sm" fw={600}>
                    {g.label[lang]}
                  </Text>
                  <SimpleGrid cols={2} spacing={6} verticalSpacing={4}>
                    {g.keys.map((k) =>
                      countInput(
                        REPORT_FIGURE_LABELS[k][lang],
                        draft.figures[k],
                        (v) => set('figures', { ...draft.figures, [k]: v }),
                        `report-figure-${k}`,
                      ),
                    )}
                  </SimpleGrid>
                </Stack>
              ))}
            </SimpleGrid>

            <Title order={5}>{t('teams')}</Title>
            <SimpleGrid cols={4} spacing="xs">
              {REPORT_TEAM_FIELDS.map((k) =>
                countInput(
                  REPORT_TEAM_LABELS[k][lang],
                  draft.teams[k],
                  (v) => set('teams', { ...draft.teams, [k]: v }),
                  `report-team-${k}`,
                ),
              )}
            </SimpleGrid>

            <Title order={5}>{t('fieldWork')}</Title>
            {draft.fieldWork.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('fieldWorkEmpty')}
              </Text>
            )}
            {draft.fieldWork.map((f, i) => {
              const put = (patch: Partial<FieldVisit>) =>
                set(
                  'fieldWork',
                  draft.fieldWork.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                  <Autocomplete
                    label={t('person')}
                    data={names}
                    value={f.person}
                    onChange={(v) =>
                      put({ person: v, personId: people.data?.find((p) => p.fullName === v)?.id ?? null })
                    }
                    readOnly={sent}
                    w={240}
                    data-testid={`report-field-person-${i}`}
                  />
                  <TextInput
                    label={t('place')}
                    value={f.place}
                    onChange={(e) => put({ place: e.currentTarget.value })}
                    readOnly={sent}
                    w={240}
                  />
                  <TextInput
                    label={t('note')}
                    value={f.note}
                    onChange={(e) => put({ note: e.currentTarget.value })}
                    readOnly={sent}
                    style={{ flex: 1 }}
                  />
                  {!sent && (
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        set(
                          'fieldWork',
                          draft.fieldWork.filter((_, j) => j !== i),
                        )
                      }
                    >
                      {t('removeRow')}
                    </Button>
                  )}
                </Group>
              );
            })}
            {!sent && (
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  onClick={() =>
                    set('fieldWork', [
                      ...draft.fieldWork,
                      { person: '', personId: null, place: '', unitCode: null, note: '' },
                    ])
                  }
                  data-testid="report-field-add"
                >
                  {t('addRow')}
                </Button>
              </Group>
            )}

            <SimpleGrid cols={2} spacing="sm">
              <Textarea
                label={t('difficulties')}
                autosize
                minRows={3}
                value={draft.difficulties}
                onChange={(e) => set('difficulties', e.currentTarget.value)}
                readOnly={sent}
                data-testid="report-difficulties"
              />
              <Textarea
                label={t('proposals')}
                autosize
                minRows={3}
                value={draft.proposals}
                onChange={(e) => set('proposals', e.currentTarget.value)}
                readOnly={sent}
                data-testid="report-proposals"
              />
            </SimpleGrid>

            <Accordion variant="contained">
              <Accordion.Item value="doc">
                <Accordion.Control>{t('document')}</Accordion.Control>
                <Accordion.Panel>
                  <SimpleGrid cols={3} spacing="xs">
                    <TextInput
                      label={t('docNumber')}
                      value={draft.docNumber}
                      onChange={(e) => set('docNumber', e.currentTarget.value)}
                      readOnly={sent}
                      data-testid="report-number"
                    />
                    <TextInput
                      label={t('docSymbol')}
                      value={draft.docSymbol}
                      onChange={(e) => set('docSymbol', e.currentTarget.value)}
                      readOnly={sent}
                    />
                    <TextInput
                      label={t('placeName')}
                      value={draft.place}
                      onChange={(e) => set('place', e.currentTarget.value)}
                      readOnly={sent}
                    />
                    <Textarea
                      label={t('issuer')}
                      autosize
                      minRows={2}
                      value={draft.issuer}
                      onChange={(e) => set('issuer', e.currentTarget.value)}
                      readOnly={sent}
                    />
                    <Textarea
                      label={t('recipients')}
                      autosize
                      minRows={2}
                      value={draft.recipients}
                      onChange={(e) => set('recipients', e.currentTarget.value)}
                      readOnly={sent}
                      style={{ gridColumn: 'span 2' }}
                    />
                  </SimpleGrid>
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>

            <Group align="flex-end" justify="space-between">
              <Group align="flex-end" gap="xs">
                <TextInput
                  label={t('preparedBy')}
                  value={draft.preparedBy}
                  onChange={(e) => set('preparedBy', e.currentTarget.value)}
                  readOnly={sent}
                  w={220}
                  data-testid="report-prepared-by"
                />
                <TextInput
                  label={t('approvedBy')}
                  value={draft.approvedBy}
                  onChange={(e) => set('approvedBy', e.currentTarget.value)}
                  readOnly={sent}
                  w={220}
                  data-testid="report-approved-by"
                />
                {!sent && (
                  <Button
                    variant="default"
                    onClick={() => void run('approve')}
                    disabled={busy || !draft.approvedBy.trim()}
                    data-testid="report-approve"
                  >
                    {t('approve')}
                  </Button>
                )}
                {r.approvedAt && (
                  <Text size="sm" c="dimmed">
                    {t('approvedAt', { name: r.approvedBy, at: formatDateTime(r.approvedAt) })}
                  </Text>
                )}
              </Group>
              <Group gap="xs">
                <Button variant="default" onClick={() => void run('print')} disabled={busy} data-testid="report-print">
                  {t('printPdf')}
                </Button>
                {!sent && (
                  <>
                    <Button variant="light" onClick={() => void run('save')} loading={busy} data-testid="report-save">
                      {t('saveDraft')}
                    </Button>
                    <Button color="red" onClick={() => setConfirmSend(true)} disabled={busy} data-testid="report-send">
                      {t('send')}
                    </Button>
                  </>
                )}
              </Group>
            </Group>
          </>
        )}
      </Stack>
      <Modal opened={confirmSend} onClose={() => setConfirmSend(false)} title={t('send')} centered size="sm">
        <Text mb="md">{t('sendConfirm', { day: formatDate(day) })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmSend(false)}>
            {t('cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => void run('send')}
            loading={busy}
            data-testid="report-send-confirm"
            data-autofocus
          >
            {t('send')}
          </Button>
        </Group>
      </Modal>
    </Modal>
  );
}
