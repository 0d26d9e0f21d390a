import { Button, Group, MultiSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import type { ClusterPlace } from '../../../../shared/contract-clusters';
import { matchesQuery } from '../../../../shared/text';
import { useApiQuery } from '../../data/query';
import { useStrings } from '../../i18n/define';
import { clustersStore, useClustersState } from './clusters-view';
import { strings } from './strings';

/** The area being edited: whole units, a drawn polygon, a point; null until chosen. */
export type AreaValue = ClusterPlace | null;
type Mode = ClusterPlace['kind'];

/**
 * Picks where a cluster or lockdown is: hamlets and communes from the district's list (searched
 * without diacritics), an area drawn on the map, or (clusters) a point placed on the map.
 */
export function AreaPicker(props: {
  readonly within: string | null;
  readonly value: AreaValue;
  readonly onChange: (v: AreaValue) => void;
  readonly modes: readonly Mode[];
  readonly mode: Mode;
  readonly onMode: (m: Mode) => void;
}): React.JSX.Element {
  const t = useStrings(strings);
  const { onChange, mode } = props;
  const unitsQuery = useApiQuery('units.list', props.within ? { within: props.within } : {}, {
    enabled: props.within !== null,
  });
  const options = useMemo(() => {
    const units = unitsQuery.data ?? [];
    const names = new Map(units.map((u) => [u.code, u.name]));
    return units
      .filter((u) => u.level === 'commune' || u.level === 'hamlet')
      .map((u) => ({
        value: u.code,
        label: u.level === 'hamlet' ? `${u.name} — ${names.get(u.parentCode ?? '') ?? ''}` : u.name,
      }));
  }, [unitsQuery.data]);

  // A shape drawn on the map comes back through the store.
  const drawn = useClustersState((s) => s.drawn);
  const seen = useRef(drawn?.seq ?? 0);
  useEffect(() => {
    if (!drawn || drawn.seq === seen.current) return;
    seen.current = drawn.seq;
    if (drawn.shape.type === 'Polygon') onChange({ kind: 'polygon', geometry: drawn.shape });
    else onChange({ kind: 'point', point: drawn.shape.coordinates });
  }, [drawn, onChange]);

  const value = props.value;
  const labels: Record<Mode, string> = { units: t('placeUnits'), polygon: t('placeDraw'), point: t('placePoint') };
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t('place')}
      </Text>
      <SegmentedControl
        size="xs"
        data={props.modes.map((m) => ({ value: m, label: labels[m] }))}
        value={mode}
        onChange={(m) => props.onMode(m)}
        data-testid="area-mode"
      />
      {mode === 'units' && (
        <MultiSelect
          label={t('unitsPick')}
          description={t('unitsPickHint')}
          data={options}
          value={value?.kind === 'units' ? value.codes : []}
          onChange={(codes) => onChange(codes.length > 0 ? { kind: 'units', codes } : null)}
          searchable
          filter={({ options: opts, search }) => opts.filter((o) => 'label' in o && matchesQuery(o.label, search))}
          maxDropdownHeight={240}
          comboboxProps={{ withinPortal: true }}
          data-testid="area-units"
        />
      )}
      {mode !== 'units' && (
        <Group gap="sm">
          <Button
            size="xs"
            variant="light"
            onClick={() => clustersStore.startDrawing(mode === 'point' ? 'Point' : 'Polygon')}
            data-testid="area-draw"
          >
            {mode === 'point' ? t('pointButton') : value?.kind === 'polygon' ? t('redrawButton') : t('drawButton')}
          </Button>
          <Text size="sm" c={value?.kind === mode ? undefined : 'dimmed'} data-testid="area-drawn">
            {value?.kind === 'polygon' && mode === 'polygon'
              ? t('drawnArea', { n: (value.geometry.coordinates[0]?.length ?? 1) - 1 })
              : value?.kind === 'point' && mode === 'point'
                ? t('drawnPoint', { lat: value.point[1].toFixed(5), lon: value.point[0].toFixed(5) })
                : t('notDrawn')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
