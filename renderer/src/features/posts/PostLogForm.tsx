import {
  ActionIcon,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useMemo, useState } from 'react';
import {
  FIGURE_KEYS,
  FIGURE_LABELS,
  type FigureKey,
  HANDLING_LABELS,
  HANDLINGS,
  type Handling,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  type IncidentType,
  previousShift,
  shiftWindow,
  VN_UTC_OFFSET_MINUTES,
} from '../../../../shared/posts';
import { formatDate, formatTime } from '../../../../shared/time';
import { useNotify } from '../../components/Notifications';
import { useApiMutation } from '../../data/query';
import { intOrZero, Shell, usePostDetail } from './PostParts';
import { postsStore } from './posts-view';
import { usePostsText } from './strings';

interface IncidentDraft {
  readonly key: number;
  type: IncidentType;
  time: string;
  place: string;
  people: number;
  handling: Handling;
}

/** The shift-log form: a shift of the post, its figures and incidents, and a note. */
export function PostLogForm(props: { readonly id: string }): React.JSX.Element {
  const { pt, label } = usePostsText();
  const notify = useNotify();
  const detail = usePostDetail(props.id);
  const [shiftValue, setShiftValue] = useState<string | null>(null);
  const [figures, setFigures] = useState<Record<FigureKey, number>>({
    peopleChecked: 0,
    vehiclesChecked: 0,
    turnedBack: 0,
    healthDeclarations: 0,
    tempAlerts: 0,
    testAlerts: 0,
  });
  const [note, setNote] = useState('');
  const [incidents, setIncidents] = useState<IncidentDraft[]>([]);
  const saver = useApiMutation('posts.logShift', {
    onSuccess: (log) => {
      notify.success(pt('loggedOk', { no: log.shift.no, date: formatDate(log.shift.date) }));
      postsStore.openCard(log.postId);
    },
    onError: (err) => notify.error(err),
  });

  // The current shift and the few before it, newest first.
  const shifts = useMemo(() => {
    if (!detail) return [];
    const pattern = detail.post.pattern;
    const out = [shiftWindow(pattern, detail.post.currentShift.date, detail.post.currentShift.no)];
    for (let i = 0; i < pattern.shiftsPerDay * 2; i++) out.push(previousShift(pattern, out[out.length - 1]!));
    return out;
  }, [detail]);
  const chosen = shifts.find((s) => `${s.date}#${s.no}` === shiftValue) ?? shifts[0];

  if (!detail || !chosen) {
    return (
      <Shell
        title={<Loader size="sm" />}
        testId="post-log-form"
        onClose={() => postsStore.close()}
        closeLabel={pt('cancel')}
      >
        {null}
      </Shell>
    );
  }
  const { post } = detail;

  /** HH:MM (Vietnam time) within the chosen shift → ISO; a night shift's small hours are the next day. */
  const atOf = (time: string): string | undefined => {
    const m = /^(\d{2}):(\d{2})$/.exec(time);
    if (!m) return undefined;
    const [y, mo, d] = chosen.date.split('-').map(Number);
    let ms = Date.UTC(y!, mo! - 1, d, Number(m[1]), Number(m[2])) - VN_UTC_OFFSET_MINUTES * 60_000;
    if (ms < chosen.startMs) ms += 86_400_000;
    return new Date(ms).toISOString();
  };

  const save = (): void => {
    saver.mutate({
      postId: post.id,
      date: chosen.date,
      shift: chosen.no,
      figures,
      note,
      incidents: incidents.map((i) => {
        const at = atOf(i.time);
        return { type: i.type, ...(at ? { at } : {}), place: i.place, people: i.people, handling: i.handling };
      }),
    });
  };

  const update = (key: number, patch: Partial<IncidentDraft>): void =>
    setIncidents((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  return (
    <Shell
      title={<Title order={4}>{pt('logTitle', { name: post.name })}</Title>}
      testId="post-log-form"
      onClose={() => postsStore.openCard(post.id)}
      closeLabel={pt('cancel')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack gap="xs">
          <Select
            label={pt('shift')}
            data={shifts.map((s) => ({
              value: `${s.date}#${s.no}`,
              label: pt('shiftOption', {
                no: s.no,
                date: formatDate(s.date),
                from: formatTime(s.startMs),
                to: formatTime(s.endMs),
              }),
            }))}
            value={`${chosen.date}#${chosen.no}`}
            onChange={setShiftValue}
            allowDeselect={false}
            data-testid="log-shift-select"
          />
          <Text size="sm" fw={600}>
            {pt('figures')}
          </Text>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
            {FIGURE_KEYS.map((k) => (
              <NumberInput
                key={k}
                size="xs"
                label={label(FIGURE_LABELS[k])}
                value={figures[k]}
                min={0}
                allowDecimal={false}
                onChange={(v) => setFigures((f) => ({ ...f, [k]: intOrZero(v) }))}
                data-testid={`log-${k}`}
              />
            ))}
          </SimpleGrid>
          <Group justify="space-between" mt={4}>
            <Text size="sm" fw={600}>
              {pt('incidents')}
            </Text>
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              onClick={() =>
                setIncidents((list) => [
                  ...list,
                  {
                    key: (list[list.length - 1]?.key ?? 0) + 1,
                    type: 'illegal_entry',
                    time: '',
                    place: '',
                    people: 1,
                    handling: 'quarantine',
                  },
                ])
              }
              data-testid="log-add-incident"
            >
              + {pt('addIncident')}
            </Button>
          </Group>
          {incidents.map((i, n) => (
            <Paper key={i.key} withBorder p="xs" data-testid={`log-incident-${n}`}>
              <Group justify="space-between" mb={4}>
                <Text size="xs" c="dimmed">
                  #{n + 1}
                </Text>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label={pt('removeIncident')}
                  onClick={() => setIncidents((list) => list.filter((x) => x.key !== i.key))}
                >
                  ×
                </ActionIcon>
              </Group>
              <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
                <Select
                  size="xs"
                  label={pt('incidentType')}
                  data={INCIDENT_TYPES.map((t) => ({ value: t, label: label(INCIDENT_TYPE_LABELS[t]) }))}
                  value={i.type}
                  onChange={(v) => v && update(i.key, { type: v })}
                  allowDeselect={false}
                  data-testid="incident-type"
                />
                <TimePicker
                  size="xs"
                  format="24h"
                  label={pt('incidentTime')}
                  value={i.time}
                  onChange={(v) => update(i.key, { time: v.slice(0, 5) })}
                  data-testid="incident-time"
                />
                <TextInput
                  size="xs"
                  label={pt('incidentPlace')}
                  placeholder="mốc 770"
                  value={i.place}
                  onChange={(e) => update(i.key, { place: e.currentTarget.value })}
                  data-testid="incident-place"
                />
                <NumberInput
                  size="xs"
                  label={pt('incidentPeople')}
                  value={i.people}
                  min={0}
                  allowDecimal={false}
                  onChange={(v) => update(i.key, { people: intOrZero(v) })}
                  data-testid="incident-people"
                />
                <Select
                  size="xs"
                  label={pt('incidentHandling')}
                  data={HANDLINGS.map((h) => ({ value: h, label: label(HANDLING_LABELS[h]) }))}
                  value={i.handling}
                  onChange={(v) => v && update(i.key, { handling: v })}
                  allowDeselect={false}
                  data-testid="incident-handling"
                />
              </SimpleGrid>
            </Paper>
          ))}
          <Textarea
            label={pt('note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => postsStore.openCard(post.id)}>
              {pt('cancel')}
            </Button>
            <Button type="submit" loading={saver.isPending} data-testid="log-save">
              {pt('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Shell>
  );
}
