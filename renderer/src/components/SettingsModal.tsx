import { Button, Code, Divider, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/contract';
import type { SyncIdentity } from '../../../shared/contract-sync';
import { invoke } from '../api';
import { useI18n } from '../i18n';
import { useNotify } from './Notifications';
import { RiskRulesForm } from './RiskRulesForm';

/** True for an http(s) tile template with the three placeholders Leaflet fills in. */
export function isTileUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url) && ['{z}', '{x}', '{y}'].every((p) => url.includes(p));
}

export interface SettingsModalProps {
  readonly settings: Settings;
  readonly onClose: () => void;
  readonly onSaved: (s: Settings) => void;
}

/** Operator name and the optional basemap (none by default: the app works offline). */
export function SettingsModal(props: SettingsModalProps): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const [operatorName, setOperatorName] = useState(props.settings.operatorName);
  const [basemapUrl, setBasemapUrl] = useState(props.settings.basemapUrl ?? '');
  const urlBad = basemapUrl.trim() !== '' && !isTileUrl(basemapUrl.trim());
  const [identity, setIdentity] = useState<SyncIdentity | null>(null);
  useEffect(() => {
    invoke('sync.identity', {}).then(setIdentity, () => setIdentity(null));
  }, []);

  const save = async (): Promise<void> => {
    if (urlBad) return;
    try {
      const s = await invoke('settings.set', {
        operatorName: operatorName.trim(),
        basemapUrl: basemapUrl.trim() || null,
      });
      notify.success(t('saved'));
      props.onSaved(s);
    } catch (err) {
      notify.error(err);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t('settingsTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
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
            error={urlBad ? t('basemapUrlInvalid') : undefined}
            placeholder="https://tile.example.org/{z}/{x}/{y}.png"
            maxLength={500}
            data-testid="settings-basemap"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" data-testid="settings-save">
              {t('save')}
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
                ? `${identity.role === 'province' ? t('syncProvince') : t('syncDistrict')} ${identity.office}${identity.officeName ? ` — ${identity.officeName}` : ''}`
                : t('settingsNoOffice')}
            </Text>
            <Text size="xs">{t('syncFingerprint')}</Text>
            <Code data-testid="settings-fingerprint">{identity.fingerprintDisplay}</Code>
          </Stack>
        </>
      )}
      <Divider my="md" />
      <RiskRulesForm />
    </Modal>
  );
}
