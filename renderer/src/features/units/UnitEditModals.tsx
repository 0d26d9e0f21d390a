import { Button, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import { useApiMutation } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { useNotify } from '../../ui/Notifications';
import { strings } from './strings';

const toCount = (v: string | number): number | null => {
  const n = typeof v === 'number' ? v : Number(v);
  return v === '' || !Number.isFinite(n) ? null : Math.max(0, Math.round(n));
};

/** Edits a unit's name, type and counts, with the reason kept in the history. */
export function EditUnitModal(props: {
  readonly unit: UnitSummary;
  readonly onClose: () => void;
  readonly onSaved: (u: UnitSummary) => void;
}): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const { unit } = props;
  const mutation = useApiMutation('units.update', {
    onSuccess: (saved) => {
      notify.success(common('saved'), saved.name);
      props.onSaved(saved);
    },
    onError: (err) => notify.error(err),
  });
  const [name, setName] = useState(unit.name);
  const [type, setType] = useState(unit.type);
  const [population, setPopulation] = useState<string | number>(unit.population ?? '');
  const [households, setHouseholds] = useState<string | number>(unit.households ?? '');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonMissing = reason.trim() === '';

  const save = (): void => {
    setTried(true);
    if (reasonMissing || !name.trim() || mutation.isPending) return;
    mutation.mutate({
      code: unit.code,
      name: name.trim(),
      type: type.trim() || unit.type,
      population: toCount(population),
      households: toCount(households),
      reason: reason.trim(),
    });
  };

  return (
    <Modal opened onClose={props.onClose} title={t('editTitle', { name: unit.name })} data-testid="edit-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={common('name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-testid="edit-name"
            data-autofocus
          />
          <TextInput label={common('type')} value={type} onChange={(e) => setType(e.currentTarget.value)} />
          <Group grow>
            <NumberInput
              label={common('population')}
              value={population}
              onChange={setPopulation}
              min={0}
              allowDecimal={false}
            />
            <NumberInput
              label={common('households')}
              value={households}
              onChange={setHouseholds}
              min={0}
              allowDecimal={false}
            />
          </Group>
          <Textarea
            label={common('reasonLabel')}
            placeholder={common('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            error={tried && reasonMissing ? common('reasonRequired') : undefined}
            data-testid="edit-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="edit-save">
              {common('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Deletes a hamlet, with the reason kept in the history. */
export function DeleteHamletModal(props: {
  readonly unit: UnitSummary;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const notify = useNotify();
  const mutation = useApiMutation('units.deleteHamlet', {
    onSuccess: () => {
      notify.success(common('deleted', { name: props.unit.name }));
      props.onDeleted();
    },
    onError: (err) => notify.error(err),
  });
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonMissing = reason.trim() === '';

  const remove = (): void => {
    setTried(true);
    if (reasonMissing || mutation.isPending) return;
    mutation.mutate({ code: props.unit.code, reason: reason.trim() });
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={common('deleteTitle', { name: props.unit.name })}
      data-testid="delete-modal"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          remove();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{common('deleteWarning')}</Text>
          <Textarea
            label={common('reasonLabel')}
            placeholder={common('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            error={tried && reasonMissing ? common('reasonRequired') : undefined}
            data-testid="delete-reason"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color="red" loading={mutation.isPending} data-testid="delete-confirm">
              {t('deleteHamlet')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
