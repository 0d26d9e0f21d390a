import { Button, Code, Divider, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Settings } from '../../../../shared/contract';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { useMay } from '../auth/me';
import { ReportHoursForm } from '../report/ReportHoursForm';
import { RiskRulesForm } from '../risk/RiskRulesForm';
import { strings } from './strings';

/** True for an http(s) tile template with the three placeholders Leaflet fills in. */
export function isTileUrl(url: string): boolean {
  return tileUrlProblem(url) === null;
}

/**
 * Why `url` cannot be a basemap: `http` for plain http (the page's security policy only loads
 * https images, so such tiles would silently stay blank), `format` for anything else wrong.
 */
export function tileUrlProblem(url: string): 'http' | 'format' | null {
  if (/^http:\/\//i.test(url)) return 'http';
  return /^https:\/\/\S+$/i.test(url) && ['{z}', '{x}', '{y}'].every((p) => url.includes(p)) ? null : 'format';
}

export interface SettingsModalProps {
  readonly settings: Settings;
  readonly onClose: () => void;
  readonly onSaved: (s: Settings) => void;
}

/** Operator name and the optional basemap (none by default: the app works offline). */
export function SettingsModal(props: SettingsModalProps): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const [operatorName, setOperatorName] = useState(props.settings.operatorName);
  const [basemapUrl, setBasemapUrl] = useState(props.settings.basemapUrl ?? '');
  const urlProblem = basemapUrl.trim() === '' ? null : tileUrlProblem(basemapUrl.trim());
  const urlBad = urlProblem !== null;
  // Without an office (no key yet) the section is left out: not an error to show.
  const identity = useApiQuery('sync.identity', {}).data ?? null;
  const mutation = useApiMutation('settings.set', {
    onSuccess: (s) => {
      notify.success(common('saved'));
      props.onSaved(s);
    },
    onError: (err) => notify.error(err),
  });

  const save = (): void => {
    if (urlBad || mutation.isPending) return;
    mutation.mutate({ operatorName: operatorName.trim(), basemapUrl: basemapUrl.trim() || null });
  };

  return (
    <Modal opened onClose={props.onClose} title={t('settingsTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        data-testid="settings-form"
      >
        <Stack gap="sm">
          <TextInput
            label={t('operatorName')}
            description={t('operatorNameHelp')}
            value={operatorName}
            onChange={(e) => setOperatorName(e.currentTarget.value)}
            maxLength={200}
            data-testid="settings-operator"
            data-autofocus
          />
          <TextInput
            label={t('basemapUrl')}
            description={t('basemapUrlHelp')}
            value={basemapUrl}
            onChange={(e) => setBasemapUrl(e.currentTarget.value)}
            error={urlProblem === 'http' ? t('basemapUrlHttp') : urlProblem ? t('basemapUrlInvalid') : undefined}
            placeholder="https://tile.example.org/{z}/{x}/{y}.png"
            maxLength={500}
            data-testid="settings-basemap"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" data-testid="settings-save">
              {common('save')}
            </Button>
          </Group>
        </Stack>
      </form>
      {identity && (
        <>
          <Divider my="md" />
          <Stack gap={4} data-testid="settings-identity">
            <Text size="sm" fw={500}>
              {t('settingsSyncKey')}
            </Text>
            <Text size="xs" c="dimmed">
              {identity.office
                ? `${identity.role === 'province' ? common('syncProvince') : common('syncDistrict')} ${identity.office}${identity.officeName ? ` — ${identity.officeName}` : ''}`
                : t('settingsNoOffice')}
            </Text>
            <Text size="xs">{common('syncFingerprint')}</Text>
            <Code data-testid="settings-fingerprint">{identity.fingerprintDisplay}</Code>
          </Stack>
        </>
      )}
      <Divider my="md" />
      <RiskRulesForm />
      <ReportHoursSection />
    </Modal>
  );
}

/** The reporting hours with their divider, both left out for non-administrators. */
function ReportHoursSection(): React.JSX.Element | null {
  const admin = useMay('admin');
  if (!admin) return null;
  return (
    <>
      <Divider my="md" />
      <ReportHoursForm />
    </>
  );
}
