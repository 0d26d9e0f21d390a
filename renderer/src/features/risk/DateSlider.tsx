import { Button, Group, Paper, Slider, Text } from '@mantine/core';
import { useStrings } from '../../i18n/define';
import { formatDay } from './risk-map';
import { strings } from './strings';

export interface DateSliderProps {
  readonly days: readonly string[];
  readonly today: string;
  readonly viewDay: string | null;
  readonly onChange: (day: string | null) => void;
}

/** The map's date: any past day (as it stood at the end of that day), now, or a scheduled day. */
export function DateSlider(props: DateSliderProps): React.JSX.Element {
  const t = useStrings(strings);
  const { days, today, viewDay, onChange } = props;
  const todayIndex = Math.max(0, days.indexOf(today));
  const index = viewDay === null ? todayIndex : Math.max(0, days.indexOf(viewDay));
  const past = viewDay !== null && viewDay < today;
  const future = viewDay !== null && viewDay > today;
  return (
    <Paper
      className={`saban-map-overlay saban-date-slider${past ? ' is-past' : ''}`}
      shadow="md"
      p={6}
      withBorder
      data-testid="date-slider"
    >
      <Group gap="sm" wrap="nowrap">
        <Text
          size="xs"
          fw={600}
          w={170}
          data-testid="date-indicator"
          c={past ? 'orange.9' : future ? 'violet.8' : undefined}
        >
          {past
            ? t('viewingPast', { date: formatDay(viewDay) })
            : future
              ? t('viewingFuture', { date: formatDay(viewDay) })
              : formatDay(today)}
        </Text>
        <Slider
          style={{ flex: 1 }}
          min={0}
          max={Math.max(1, days.length - 1)}
          step={1}
          value={index}
          onChange={(i) => {
            const d = days[i];
            onChange(!d || d === today ? null : d);
          }}
          label={(i) => formatDay(days[i] ?? today)}
          marks={[{ value: todayIndex }]}
          thumbProps={{ 'aria-label': t('sliderLabel'), 'data-testid': 'date-slider-thumb' } as object}
        />
        {viewDay !== null && (
          <Button size="compact-xs" onClick={() => onChange(null)} data-testid="date-now">
            {t('backToNow')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
