import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Output, UnitSummary } from '../../../../shared/contract';
import type { UnitLevel } from '../../../../shared/units';
import { useApiQuery } from '../../data/query';
import { useReportErrors } from '../../data/report';
import { useStrings } from '../../i18n/define';
import { actionLabel, formatNumber, formatTime, useI18n, type MessageKey } from '../../i18n';
import { CommuneTrends } from '../figures/CommuneTrends';
import { RiskSection } from '../risk/RiskSection';
import { strings } from './strings';
import { DeleteHamletModal, EditUnitModal } from './UnitEditModals';
import { useMay } from '../auth/me';

/** What units.get returns. */
export type UnitDetail = Output<'units.get'>;

/** The name of each unit level, from the strings every feature shares. */
export const LEVEL_KEYS: Readonly<Record<UnitLevel, MessageKey>> = {
  province: 'levelProvince',
  district: 'levelDistrict',
  commune: 'levelCommune',
  hamlet: 'levelHamlet',
};

export interface DetailPanelProps {
  /** The unit shown. */
  readonly code: string;
  readonly onClose: () => void;
  /** After the hamlet shown was deleted: select its commune. */
  readonly onDeleted: (code: string, parentCode: string | null) => void;
  readonly onAddHamlet: (commune: UnitSummary) => void;
  readonly onDrawHamlet: (commune: UnitSummary) => void;
  readonly drawing: boolean;
  /** Risk section: the day the map shows, and the set-level dialog's opener. */
  readonly risk?: { readonly viewDay: string | null; readonly onSetLevel: () => void };
}

/** The selected unit: facts, parent chain, history, and the edits its level allows. */
export function DetailPanel(props: DetailPanelProps): React.JSX.Element {
  const { t: common, lang } = useI18n();
  const t = useStrings(strings);
  const mayWrite = useMay('write');
  const query = useApiQuery('units.get', { code: props.code });
  // A hamlet just deleted is re-read once before the panel moves to its commune: not an error to show.
  useReportErrors(query.error?.code === 'not-found' ? null : query.error);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // Until the panel's own unit arrives it shows a loader, never the previous unit.
  const detail = query.data?.unit.code === props.code ? query.data : null;

  if (!detail) {
    return (
      <Stack p="md" data-testid="detail-panel" align="center">
        {query.isLoading ? <Loader size="sm" /> : null}
      </Stack>
    );
  }
  const { unit, ancestors, childCount, history } = detail;
  const num = (n: number | null): string => (n === null ? common('unknown') : formatNumber(lang, n));

  return (
    <Stack p="md" gap="sm" data-testid="detail-panel" className="saban-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {common(LEVEL_KEYS[unit.level]) === unit.type
              ? unit.type
              : `${common(LEVEL_KEYS[unit.level])} · ${unit.type}`}
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
        <dt>{common('code')}</dt>
        <dd data-testid="detail-code">{unit.code}</dd>
        <dt>{common('type')}</dt>
        <dd>{unit.type}</dd>
        <dt>{common('population')}</dt>
        <dd>{num(unit.population)}</dd>
        <dt>{common('households')}</dt>
        <dd>{num(unit.households)}</dd>
        <dt>{t('childCount')}</dt>
        <dd data-testid="detail-child-count">{formatNumber(lang, childCount)}</dd>
      </dl>

      {!unit.hasGeometry && (
        <Alert color="gray" variant="light" p="xs" data-testid="detail-no-geometry">
          <Text size="sm">{t('noGeometry')}</Text>
        </Alert>
      )}

      {mayWrite && (
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setEditing(true)} data-testid="detail-edit">
            {common('edit')}
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
      )}

      {props.risk && (
        <RiskSection
          code={unit.code}
          unitLevel={unit.level}
          viewDay={props.risk.viewDay}
          onSetLevel={props.risk.onSetLevel}
        />
      )}

      {unit.level === 'commune' && <CommuneTrends code={unit.code} />}

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
                {h.reason ? `${common('reasonLabel')}: ${h.reason}` : t('noReason')}
              </Text>
            </li>
          ))}
        </ol>
      )}

      {editing && <EditUnitModal unit={unit} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
      {deleting && (
        <DeleteHamletModal
          unit={unit}
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
