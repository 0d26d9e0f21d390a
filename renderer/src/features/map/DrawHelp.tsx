import { Badge, Button, Group, Paper, Text } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { useI18n } from '../../i18n';
import { strings as unitStrings } from '../units/strings';
import { strings } from './strings';

/** The drawing tool's help, vertex count and Finish/Cancel buttons, over the map while drawing. */
export function DrawHelp(props: {
  readonly communeName: string;
  readonly points: number;
  readonly onFinish: () => void;
  readonly onCancel: () => void;
}): React.JSX.Element {
  const { t: common } = useI18n();
  const t = useStrings(strings);
  const u = useStrings(unitStrings);
  const n = props.points;
  return (
    <Paper className="saban-map-overlay saban-draw-help" shadow="md" p="sm" withBorder data-testid="draw-help">
      <Text size="sm" fw={600}>
        {u('drawHamlet')} — {props.communeName}
      </Text>
      <Text size="xs" c="dimmed">
        {t('drawingHelp')}
      </Text>
      <Group gap="xs" mt="xs">
        <Badge variant="light" data-testid="draw-count">
          {t(n === 1 ? 'drawingPointsOne' : 'drawingPoints', { n })}
        </Badge>
        <Button size="compact-sm" onClick={props.onFinish} data-testid="draw-finish">
          {t('drawFinish')}
        </Button>
        <Button size="compact-sm" variant="default" onClick={props.onCancel} data-testid="draw-cancel">
          {common('cancel')}
        </Button>
      </Group>
    </Paper>
  );
}
