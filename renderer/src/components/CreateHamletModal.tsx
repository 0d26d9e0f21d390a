import { Autocomplete, Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { UnitSummary } from '../../../shared/contract';
import { UNIT_TYPES } from '../../../shared/units';
import { useCall } from '../data/query';
import type { DrawnGeometry } from '../draw-geometry';
import { useI18n } from '../i18n';
import { useNotify } from './Notifications';

/** Urban communes (phường, thị trấn) have khu phố / khóm rather than ấp. */
function defaultHamletType(commune: UnitSummary): string {
  return commune.type === 'Xã' ? 'Ấp' : 'Khu phố';
}

export interface CreateHamletModalProps {
  readonly commune: UnitSummary;
  readonly geometry: DrawnGeometry | null;
  readonly busy: (on: boolean) => void;
  readonly onClose: () => void;
  readonly onCreated: (unit: UnitSummary) => void;
}

/** Name and type form for a new hamlet, with the drawn shape if there is one. */
export function CreateHamletModal(props: CreateHamletModalProps): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  // Through the query layer, so what the write makes stale (warnings, coverage) refreshes.
  const call = useCall();
  const { commune, geometry } = props;
  const [name, setName] = useState('');
  const [type, setType] = useState(defaultHamletType(commune));
  const [population, setPopulation] = useState<string | number>('');
  const [households, setHouseholds] = useState<string | number>('');
  const [reason, setReason] = useState('');

  const count = (v: string | number): number | null => (v === '' ? null : Math.max(0, Math.round(Number(v))));

  const create = async (): Promise<void> => {
    if (!name.trim()) return;
    props.busy(true);
    try {
      const unit = await call('units.createHamlet', {
        communeCode: commune.code,
        name: name.trim(),
        type: type.trim() || defaultHamletType(commune),
        geometry: geometry ? { ...geometry } : null,
        population: count(population),
        households: count(households),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      notify.success(t('created', { name: unit.name }));
      props.onCreated(unit);
    } catch (err) {
      notify.error(err);
    } finally {
      props.busy(false);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t('createHamletTitle', { name: commune.name })}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
        data-testid="create-hamlet-form"
      >
        <Stack gap="sm">
          {geometry && (
            <Text size="sm" c="dimmed" data-testid="create-hamlet-shape">
              {t('withDrawnShape', {
                kind:
                  geometry.type === 'Point'
                    ? t('shapePoint')
                    : t('shapePolygon', { n: (geometry.coordinates[0]?.length ?? 1) - 1 }),
              })}
            </Text>
          )}
          <TextInput
            label={t('hamletName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            data-testid="create-hamlet-name"
            data-autofocus
          />
          <Autocomplete
            label={t('hamletType')}
            value={type}
            onChange={setType}
            data={[...UNIT_TYPES.hamlet]}
            data-testid="create-hamlet-type"
          />
          <Group grow>
            <NumberInput
              label={t('population')}
              value={population}
              onChange={setPopulation}
              min={0}
              allowDecimal={false}
            />
            <NumberInput
              label={t('households')}
              value={households}
              onChange={setHouseholds}
              min={0}
              allowDecimal={false}
            />
          </Group>
          <Textarea
            label={`${t('reasonLabel')} ${t('optional')}`}
            placeholder={t('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="create-hamlet-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" disabled={!name.trim()} data-testid="create-hamlet-submit">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
