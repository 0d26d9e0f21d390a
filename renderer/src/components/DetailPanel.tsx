import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Output, UnitSummary } from '../../../shared/contract';
import type { UnitLevel } from '../../../shared/units';
import { invoke } from '../api';
import { actionLabel, formatNumber, formatTime, useI18n, type MessageKey } from '../i18n';
import { useNotify } from './Notifications';
import { RiskSection } from './RiskSection';

/** What units.get returns. */
export type UnitDetail = Output<'units.get'>;

const LEVEL_KEYS: Readonly<Record<UnitLevel, MessageKey>> = {
  province: 'levelProvince',
  district: 'levelDistrict',
  commune: 'levelCommune',
  hamlet: 'levelHamlet',
};

export interface DetailPanelProps {
  readonly detail: UnitDetail | null;
  readonly loading: boolean;
  readonly busy: (on: boolean) => void;
  readonly onClose: () => void;
  /** After an edit: reload lists and the panel. */
  readonly onChanged: (unit: UnitSummary) => void;
  readonly onDeleted: (code: string, parentCode: string | null) => void;
  readonly onAddHamlet: (commune: UnitSummary) => void;
  readonly onDrawHamlet: (commune: UnitSummary) => void;
  readonly drawing: boolean;
  /** Risk section: reloads when `version` changes; `onSetLevel` opens the set-level dialog. */
  readonly risk?: { readonly version: number; readonly onSetLevel: () => void };
}

/** The selected unit: facts, parent chain, history, and the edits its level allows. */
export function DetailPanel(props: DetailPanelProps): React.JSX.Element {
  const { t, lang } = useI18n();
  const { detail } = props;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (!detail) {
    return (
      <Stack p="md" data-testid="detail-panel" align="center">
        {props.loading ? <Loader size="sm" /> : null}
      </Stack>
    );
  }
  const { unit, ancestors, childCount, history } = detail;
  const num = (n: number | null): string => (n === null ? t('unknown') : formatNumber(lang, n));

  return (
    <Stack p="md" gap="sm" data-testid="detail-panel" className="saban-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(LEVEL_KEYS[unit.level]) === unit.type ? unit.type : `${t(LEVEL_KEYS[unit.level])} · ${unit.type}`}
          </Text>
          <Title order={3} data-testid="detail-name" className="saban-detail-name">
            {unit.name}
          </Title>
        </div>
        <Button variant="subtle" size="compact-sm" onClick={props.onClose} aria-label={t('closePanel')}>
          ✕
        </Button>
      </Group>

      {ancestors.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="detail-parents">
          {ancestors.map((a) => a.name).join(' › ')}
        </Text>
      )}

      <dl className="saban-facts">
        <dt>{t('code')}</dt>
        <dd data-testid="detail-code">{unit.code}</dd>
        <dt>{t('type')}</dt>
        <dd>{unit.type}</dd>
        <dt>{t('population')}</dt>
        <dd>{num(unit.population)}</dd>
        <dt>{t('households')}</dt>
        <dd>{num(unit.households)}</dd>
        <dt>{t('childCount')}</dt>
        <dd data-testid="detail-child-count">{formatNumber(lang, childCount)}</dd>
      </dl>

      {!unit.hasGeometry && (
        <Alert color="gray" variant="light" p="xs" data-testid="detail-no-geometry">
          <Text size="sm">{t('noGeometry')}</Text>
        </Alert>
      )}

      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => setEditing(true)} data-testid="detail-edit">
          {t('edit')}
        </Button>
        {unit.level === 'commune' && (
          <>
            <Button size="xs" variant="light" onClick={() => props.onAddHamlet(unit)} data-testid="detail-add-hamlet">
              {t('addHamlet')}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="orange"
              onClick={() => props.onDrawHamlet(unit)}
              disabled={props.drawing}
              data-testid="detail-draw-hamlet"
            >
              {t('drawHamlet')}
            </Button>
          </>
        )}
        {unit.level === 'hamlet' && (
          <Button size="xs" variant="light" color="red" onClick={() => setDeleting(true)} data-testid="detail-delete">
            {t('deleteHamlet')}
          </Button>
        )}
      </Group>

      {props.risk && (
        <RiskSection
          code={unit.code}
          unitLevel={unit.level}
          version={props.risk.version}
          onSetLevel={props.risk.onSetLevel}
        />
      )}

      <Title order={5} mt="sm">
        {t('history')}
      </Title>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('historyEmpty')}
        </Text>
      ) : (
        <ol className="saban-history" data-testid="detail-history">
          {history.map((h) => (
            <li key={h.id} data-testid="history-entry">
              <Text size="sm" fw={600}>
                {actionLabel(lang, h.action)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('historyBy', { actor: h.actor, at: formatTime(lang, h.at) })}
              </Text>
              <Text size="xs" className="saban-history-reason">
                {h.reason ? `${t('reasonLabel')}: ${h.reason}` : t('noReason')}
              </Text>
            </li>
          ))}
        </ol>
      )}

      {editing && (
        <EditUnitModal
          unit={unit}
          busy={props.busy}
          onClose={() => setEditing(false)}
          onSaved={(u) => {
            setEditing(false);
            props.onChanged(u);
          }}
        />
      )}
      {deleting && (
        <DeleteHamletModal
          unit={unit}
          busy={props.busy}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            props.onDeleted(unit.code, unit.parentCode);
          }}
        />
      )}
    </Stack>
  );
}

const toCount = (v: string | number): number | null => {
  const n = typeof v === 'number' ? v : Number(v);
  return v === '' || !Number.isFinite(n) ? null : Math.max(0, Math.round(n));
};

function EditUnitModal(props: {
  readonly unit: UnitSummary;
  readonly busy: (on: boolean) => void;
  readonly onClose: () => void;
  readonly onSaved: (u: UnitSummary) => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const { unit } = props;
  const [name, setName] = useState(unit.name);
  const [type, setType] = useState(unit.type);
  const [population, setPopulation] = useState<string | number>(unit.population ?? '');
  const [households, setHouseholds] = useState<string | number>(unit.households ?? '');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonMissing = reason.trim() === '';

  const save = async (): Promise<void> => {
    setTried(true);
    if (reasonMissing || !name.trim()) return;
    props.busy(true);
    try {
      const saved = await invoke('units.update', {
        code: unit.code,
        name: name.trim(),
        type: type.trim() || unit.type,
        population: toCount(population),
        households: toCount(households),
        reason: reason.trim(),
      });
      notify.success(t('saved'), saved.name);
      props.onSaved(saved);
    } catch (err) {
      notify.error(err);
    } finally {
      props.busy(false);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={t('editTitle', { name: unit.name })} data-testid="edit-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            data-testid="edit-name"
            data-autofocus
          />
          <TextInput label={t('type')} value={type} onChange={(e) => setType(e.currentTarget.value)} />
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
            label={t('reasonLabel')}
            placeholder={t('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            error={tried && reasonMissing ? t('reasonRequired') : undefined}
            data-testid="edit-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" data-testid="edit-save">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteHamletModal(props: {
  readonly unit: UnitSummary;
  readonly busy: (on: boolean) => void;
  readonly onClose: () => void;
  readonly onDeleted: () => void;
}): React.JSX.Element {
  const { t } = useI18n();
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const reasonMissing = reason.trim() === '';

  const remove = async (): Promise<void> => {
    setTried(true);
    if (reasonMissing) return;
    props.busy(true);
    try {
      await invoke('units.deleteHamlet', { code: props.unit.code, reason: reason.trim() });
      notify.success(t('deleted', { name: props.unit.name }));
      props.onDeleted();
    } catch (err) {
      notify.error(err);
    } finally {
      props.busy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('deleteTitle', { name: props.unit.name })}
      data-testid="delete-modal"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void remove();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{t('deleteWarning')}</Text>
          <Textarea
            label={t('reasonLabel')}
            placeholder={t('reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            error={tried && reasonMissing ? t('reasonRequired') : undefined}
            data-testid="delete-reason"
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" color="red" data-testid="delete-confirm">
              {t('deleteHamlet')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
