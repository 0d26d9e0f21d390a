import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { strings } from './strings';

/** What the map area says when it has nothing to show yet: no boundaries at all, none here, loading. */
export function MapMessages(props: {
  readonly noMappedDistrict: boolean;
  readonly districtHasNoMap: boolean;
  readonly loading: boolean;
  readonly onImport: () => void;
}): React.JSX.Element {
  const t = useStrings(strings);
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
      {props.districtHasNoMap && !props.noMappedDistrict && (
        <Paper className="saban-map-overlay saban-empty" shadow="md" p="md" withBorder data-testid="empty-district">
          <Text size="sm">{t('districtNoGeometry')}</Text>
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
