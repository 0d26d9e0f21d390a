import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** What the map area says when it has nothing to show yet: no boundaries at all, none here, loading. */
export function MapMessages(props: {
  readonly noMappedDistrict: boolean;
  readonly districtHasNoMap: boolean;
  /** The district has no communes or hamlets at all (an island district from the GSO district list). */
  readonly districtEmpty: boolean;
  readonly loading: boolean;
  readonly onImport: () => void;
  /** Opens the district's own panel (its level, posts, leaders), absent when no district is shown. */
  readonly onOpenDistrict: (() => void) | undefined;
}): React.JSX.Element {
  const t = useStrings(strings);
  // Without a map the district's own panel (its level, posts, leaders) has no other way in.
  const openDistrict = props.onOpenDistrict && (
    <Button size="xs" variant="default" onClick={props.onOpenDistrict} data-testid="district-open">
      {t('districtOpen')}
    </Button>
  );
  return (
    <>
      {props.noMappedDistrict && (
        <Paper className="saban-map-overlay saban-empty" shadow="md" p="lg" withBorder data-testid="empty-no-geometry">
          <Stack gap="xs">
            <Title order={4}>{t('noDistrictGeometry')}</Title>
            <Text size="sm">{t('noDistrictGeometryHelp')}</Text>
            <Group>
              <Button onClick={props.onImport}>{t('importData')}</Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {props.districtEmpty && (
        <Paper className="saban-map-overlay saban-empty" shadow="md" p="md" withBorder data-testid="district-empty">
          <Stack gap="xs">
            <Text size="sm">{t('districtEmpty')}</Text>
            <Group gap="xs">
              <Button size="xs" onClick={props.onImport}>
                {t('importData')}
              </Button>
              {openDistrict}
            </Group>
          </Stack>
        </Paper>
      )}
      {props.districtHasNoMap && !props.noMappedDistrict && !props.districtEmpty && (
        <Paper className="saban-map-overlay saban-empty" shadow="md" p="md" withBorder data-testid="empty-district">
          <Stack gap="xs">
            <Text size="sm">{t('districtNoGeometry')}</Text>
            {openDistrict && <Group gap="xs">{openDistrict}</Group>}
          </Stack>
        </Paper>
      )}
      {props.loading && (
        <div className="saban-map-overlay saban-map-loading">
          <Loader size="sm" />
        </div>
      )}
    </>
  );
}
