import {
  Alert,
  Badge,
  Button,
  Code,
  Divider,
  FileButton,
  Group,
  Modal,
  Progress,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { SYNC_JOB_DONE_EFFECTS, type SyncJob } from '../../../../shared/contract-sync';
import { ApiFailure, invoke } from '../../api';
import { useApiQuery, useCall, useInvalidate } from '../../data/query';
import { readImportFile } from '../../data/read-file';
import { useErrorNotice } from '../../data/use-error-notice';
import { useSyncText } from './strings';
import { useNotify } from '../../ui/Notifications';
import { SyncConflicts } from './SyncConflicts';
import { SetOfficeForm } from '../auth/SetOfficeForm';
import { worded } from './worded';
import { base64ToBytes } from '../../ui/download';

export interface SyncModalProps {
  readonly onClose: () => void;
  /** Called after an import changed data, so the map reloads. */
  readonly onImported: () => void;
}

function download(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Polls a sync job until it ends; `onUpdate` sees every state (for the progress bar). */
async function follow(jobId: string, onUpdate: (j: SyncJob) => void): Promise<SyncJob> {
  for (;;) {
    const j = await invoke('sync.job', { jobId });
    onUpdate(j);
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Sync with the province: this office's key fingerprint, bundles out (export with progress,
 * download, send over HTTP) and in (import with the result), acknowledgements, and for the
 * province a table of every district: last bundle, age, gaps and refusals.
 */
export function SyncModal(props: SyncModalProps): React.JSX.Element {
  const { t, lang } = useSyncText();
  const notify = useNotify();
  const call = useCall();
  const invalidate = useInvalidate();
  const { onImported } = props;
  const statusQuery = useApiQuery('sync.status', {});
  useErrorNotice(statusQuery.error);
  const status = statusQuery.data ?? null;
  const [job, setJob] = useState<SyncJob | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmKey, setConfirmKey] = useState<{ file: File; fingerprint: string } | null>(null);
  const [url, setUrl] = useState('');
  const [tab, setTab] = useState<string | null>('main');

  const running = job?.state === 'running';
  const id = status?.identity;

  /**
   * Starts a job and follows it. Starting one makes the sync reads stale; a finished import can
   * have changed any table, so it invalidates everything when it ends (the job ran after its
   * start call returned, so the start's own invalidation came too early).
   */
  const runJob = async (
    start: () => Promise<{ jobId: string }>,
    whenDone: 'sync' | 'all' = 'sync',
  ): Promise<SyncJob | null> => {
    setResult(null);
    try {
      const { jobId } = await start();
      const done = await follow(jobId, setJob);
      await invalidate(whenDone === 'all' ? SYNC_JOB_DONE_EFFECTS : ['sync.*']);
      return done;
    } catch (err) {
      notify.error(err);
      return null;
    }
  };

  const exportBundle = async (full: boolean): Promise<void> => {
    const j = await runJob(() => call('sync.exportStart', { full }));
    if (!j) return;
    if (j.state === 'failed') setResult({ ok: false, text: worded(j.error, 'text', lang, j.error?.message ?? '') });
    else if (j.export) {
      setResult({ ok: true, text: worded(j.export, 'text', lang, j.export.message) });
      if (j.export.seq !== null) {
        const b = await invoke('sync.readBundle', { seq: j.export.seq });
        download(b.fileName, base64ToBytes(b.dataBase64), 'application/octet-stream');
      }
    }
  };

  const importFile = async (file: File | null, acceptKey?: string): Promise<void> => {
    if (!file) return;
    setConfirmKey(null);
    const dataBase64 = await fileToBase64(file);
    const j = await runJob(
      () => call('sync.importStart', { fileName: file.name, dataBase64, ...(acceptKey ? { acceptKey } : {}) }),
      'all',
    );
    if (!j) return;
    if (j.state === 'failed') {
      const msg = j.error?.message ?? '';
      const fp = /([0-9A-F]{4}(?: [0-9A-F]{4}){7})/.exec(msg)?.[1];
      if (/chưa đăng ký khóa/.test(msg) && fp) setConfirmKey({ file, fingerprint: fp });
      setResult({ ok: false, text: worded(j.error, 'text', lang, msg) });
      return;
    }
    setResult({ ok: j.import?.status !== 'held', text: worded(j.import, 'text', lang, j.import?.message ?? '') });
    if (j.import?.status === 'applied') onImported();
  };

  const push = async (): Promise<void> => {
    const j = await runJob(() => call('sync.pushStart', { url: url.trim() }));
    if (!j) return;
    setResult(
      j.state === 'done'
        ? { ok: true, text: worded(j, 'noteText', lang, j.note) }
        : { ok: false, text: worded(j.error, 'text', lang, j.error?.message ?? '') },
    );
  };

  const exportKey = async (): Promise<void> => {
    try {
      const k = await invoke('sync.keyFile', {});
      download(k.fileName, k.text, 'application/json');
    } catch (err) {
      notify.error(err);
    }
  };

  const readText = async (file: File | null, fn: (name: string, text: string) => Promise<string>): Promise<void> => {
    if (!file) return;
    try {
      setResult({ ok: true, text: await fn(file.name, await readImportFile(file)) });
    } catch (err) {
      setResult({ ok: false, text: err instanceof ApiFailure ? err.text[lang] : String(err) });
    }
  };

  const acks = async (): Promise<void> => {
    try {
      const list = await call('sync.ack', {});
      for (const a of list) download(a.fileName, a.text, 'application/json');
      setResult({ ok: true, text: t('syncAcksWritten', { n: list.length }) });
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t('syncTitle')} size="xl" data-testid="sync-modal">
      {!status ? (
        <Text size="sm">{t('loading')}</Text>
      ) : !id?.role ? (
        <>
          <Alert color="yellow" data-testid="sync-no-office">
            {t('syncNoOffice')}
          </Alert>
          <SetOfficeForm />
        </>
      ) : (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="main" data-testid="sync-tab-main">
              {t('syncTabMain')}
            </Tabs.Tab>
            <Tabs.Tab value="conflicts" data-testid="sync-tab-conflicts">
              {t('syncTabConflicts')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="conflicts">
            <SyncConflicts />
          </Tabs.Panel>
          <Tabs.Panel value="main">
            <Stack gap="md">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={2}>
                  <Text size="sm" fw={600} data-testid="sync-office">
                    {id.role === 'district' ? t('syncDistrict') : t('syncProvince')} {id.office}
                    {id.officeName ? ` — ${id.officeName}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('syncFingerprint')}
                  </Text>
                  <Code data-testid="sync-fingerprint">{id.fingerprintDisplay}</Code>
                </Stack>
                <Button variant="default" onClick={() => void exportKey()} data-testid="sync-export-key">
                  {t('syncExportKey')}
                </Button>
              </Group>

              {job && (running || job.total > 0) && (
                <Stack gap={4} data-testid="sync-progress">
                  <Text size="xs">{worded(job, 'noteText', lang, job.note) || t('working')}</Text>
                  <Progress value={job.total ? (100 * job.done) / job.total : 100} animated={running} />
                </Stack>
              )}
              {result && (
                <Alert color={result.ok ? 'green' : 'red'} data-testid="sync-result">
                  {result.text}
                </Alert>
              )}
              {confirmKey && (
                <Alert color="orange" data-testid="sync-confirm-key">
                  <Stack gap="xs">
                    <Text size="sm">{t('syncConfirmKey', { fp: confirmKey.fingerprint })}</Text>
                    <Group>
                      <Button
                        color="orange"
                        onClick={() => void importFile(confirmKey.file, confirmKey.fingerprint)}
                        data-testid="sync-confirm-key-yes"
                      >
                        {t('syncConfirmKeyYes')}
                      </Button>
                      <Button variant="default" onClick={() => setConfirmKey(null)}>
                        {t('cancel')}
                      </Button>
                    </Group>
                  </Stack>
                </Alert>
              )}

              <Group>
                {id.role === 'district' && (
                  <>
                    <Button onClick={() => void exportBundle(false)} disabled={running} data-testid="sync-export">
                      {t('syncExport')}
                    </Button>
                    <Button variant="default" onClick={() => void exportBundle(true)} disabled={running}>
                      {t('syncExportFull')}
                    </Button>
                  </>
                )}
                {id.role === 'province' && (
                  <>
                    <Button
                      variant="default"
                      onClick={() => void exportBundle(false)}
                      disabled={running}
                      data-testid="sync-export"
                    >
                      {t('syncExportSettings')}
                    </Button>
                    <Button variant="default" onClick={() => void acks()} data-testid="sync-acks">
                      {t('syncWriteAcks')}
                    </Button>
                  </>
                )}
                <FileButton onChange={(f) => void importFile(f)} accept=".sabanbundle">
                  {(p) => (
                    <Button {...p} variant="default" disabled={running} data-testid="sync-import">
                      {t('syncImport')}
                    </Button>
                  )}
                </FileButton>
                <FileButton
                  onChange={(f) =>
                    void readText(
                      f,
                      async (fileName, text) => (await call('sync.trust', { fileName, text })).fingerprintDisplay,
                    )
                  }
                  accept=".sabankey,.json"
                >
                  {(p) => (
                    <Button {...p} variant="default" data-testid="sync-trust">
                      {t('syncTrustKey')}
                    </Button>
                  )}
                </FileButton>
                {id.role === 'district' && (
                  <FileButton
                    onChange={(f) =>
                      void readText(f, async (fileName, text) => {
                        const r = await call('sync.importAck', { fileName, text });
                        return worded(r, 'text', lang, r.message);
                      })
                    }
                    accept=".sabanack,.json"
                  >
                    {(p) => (
                      <Button {...p} variant="default" data-testid="sync-import-ack">
                        {t('syncImportAck')}
                      </Button>
                    )}
                  </FileButton>
                )}
              </Group>

              {id.role === 'district' && (
                <>
                  <Group align="flex-end">
                    <TextInput
                      label={t('syncProvinceUrl')}
                      placeholder="http://tinh.example:8080"
                      value={url}
                      onChange={(e) => setUrl(e.currentTarget.value)}
                      w={360}
                      data-testid="sync-url"
                    />
                    <Button
                      onClick={() => void push()}
                      disabled={running || !/^https?:\/\//.test(url.trim())}
                      data-testid="sync-push"
                    >
                      {t('syncPush')}
                    </Button>
                  </Group>
                  <Text size="sm" data-testid="sync-district-summary">
                    {t('syncDistrictSummary', {
                      sent: status.sent.length,
                      acked: status.ackedSeq,
                      pending: status.pending,
                    })}
                    {status.provinceMissing.length > 0 &&
                      ` ${t('syncProvinceMissing', { list: status.provinceMissing.join(', ') })}`}
                  </Text>
                </>
              )}

              {id.role === 'province' && (
                <>
                  <Divider label={t('syncDistricts', { hours: status.staleHours })} />
                  {status.districts.length === 0 ? (
                    <Text size="sm">{t('syncNoDistricts')}</Text>
                  ) : (
                    <Table striped data-testid="sync-districts">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('district')}</Table.Th>
                          <Table.Th>{t('syncLastBundle')}</Table.Th>
                          <Table.Th>{t('syncAge')}</Table.Th>
                          <Table.Th>{t('syncGaps')}</Table.Th>
                          <Table.Th>{t('syncRefusals')}</Table.Th>
                          <Table.Th>{t('syncTabConflicts')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {status.districts.map((d) => (
                          <Table.Tr key={d.office} data-testid={`sync-district-${d.office}`}>
                            <Table.Td>
                              {d.office} {d.name ?? ''}
                              {!d.fingerprintDisplay && (
                                <Badge ml="xs" color="gray" variant="light">
                                  {t('syncNoKey')}
                                </Badge>
                              )}
                            </Table.Td>
                            <Table.Td>{d.lastSeq === null ? '—' : `#${d.lastSeq}`}</Table.Td>
                            <Table.Td>
                              {d.ageHours === null ? t('syncNever') : t('syncHours', { h: d.ageHours })}
                              {d.stale && (
                                <Badge ml="xs" color="orange" variant="light" data-testid={`sync-stale-${d.office}`}>
                                  {t('syncStale')}
                                </Badge>
                              )}
                            </Table.Td>
                            <Table.Td>
                              {d.missing.length > 0 ? (
                                <Text size="sm" c="red">
                                  {t('syncMissing', { list: d.missing.join(', ') })}
                                </Text>
                              ) : (
                                '—'
                              )}
                            </Table.Td>
                            <Table.Td title={worded(d, 'lastRefusalText', lang, d.lastRefusal ?? '')}>
                              {d.refusals || '—'}
                            </Table.Td>
                            <Table.Td>{d.conflicts || '—'}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </>
              )}
            </Stack>
          </Tabs.Panel>
        </Tabs>
      )}
    </Modal>
  );
}
