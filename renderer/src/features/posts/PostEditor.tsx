import {
  Button,
  Divider,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useMemo, useState } from 'react';
import type { PostSummary } from '../../../../shared/contract-posts';
import {
  FORCE_LABELS,
  FORCES,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUS_LABELS,
  POST_STATUSES,
  SHIFT_COUNTS,
  type PostKind,
} from '../../../../shared/posts';
import { useNotify } from '../../components/Notifications';
import { useApiMutation, useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { DayField } from '../../ui/DateFields';
import { initialForm, isBorderKind, parseCoord, saveInput, typedPoint, type PostForm } from './post-form';
import { intOrZero, Shell } from './PostParts';
import { postsStore, usePostsState, type DraftPoint } from './posts-view';
import { usePostsText } from './strings';

export interface PostEditorProps {
  /** null: a new post. */
  readonly id: string | null;
  readonly point: DraftPoint | null;
  readonly within: string | null;
  readonly presetCommune: string | null;
  readonly presetKind: PostKind | null;
}

/** The post editor: waits for the stored post (when editing), then edits a copy of it. */
export function PostEditor(props: PostEditorProps): React.JSX.Element {
  const { pt } = usePostsText();
  const stored = useApiQuery('posts.get', { id: props.id ?? '' }, { enabled: props.id !== null });
  useErrorNotice(stored.error);
  const close = (): void => (props.id ? postsStore.openCard(props.id) : postsStore.close());
  if (props.id && !stored.data) {
    return (
      <Shell title={<Loader size="sm" />} testId="post-editor" onClose={close} closeLabel={pt('cancel')}>
        {null}
      </Shell>
    );
  }
  const post = props.id && stored.data ? stored.data.post : null;
  return <PostEditorForm {...props} post={post} onClose={close} />;
}

function PostEditorForm(
  props: PostEditorProps & { readonly post: PostSummary | null; readonly onClose: () => void },
): React.JSX.Element {
  const { pt, label } = usePostsText();
  const notify = useNotify();
  const picking = usePostsState((s) => s.picking);
  const [form, setForm] = useState<PostForm>(() =>
    initialForm(props.post, { commune: props.presetCommune, kind: props.presetKind }),
  );
  const set = (patch: Partial<PostForm>): void => setForm((f) => ({ ...f, ...patch }));
  // Typed coordinates: kept as text while typing, pushed to the draft point once both parse.
  const [typed, setTyped] = useState({ lat: '', lon: '' });

  const scope = props.within ? { within: props.within } : {};
  const communesQuery = useApiQuery('units.list', { ...scope, level: 'commune' });
  const borderQuery = useApiQuery('posts.list', { ...scope, kind: 'border_post' });
  const { point } = props;
  // The commune under the point; used unless the operator chose one by hand.
  const locateQuery = useApiQuery('posts.locate', { lon: point?.lon ?? 0, lat: point?.lat ?? 0 }, { enabled: !!point });
  useErrorNotice(communesQuery.error);
  useErrorNotice(borderQuery.error);
  useErrorNotice(locateQuery.error);
  const located = point ? (locateQuery.data?.communeCode ?? null) : null;
  const commune = form.communeManual || !point ? form.commune : located;

  const saver = useApiMutation('posts.save', {
    onSuccess: (p) => {
      notify.success(pt('saved', { name: p.name }));
      postsStore.openCard(p.id);
    },
    onError: (err) => notify.error(err),
  });

  // What the coordinate fields show: the operator's own text while it still means the point (so
  // "10." can be typed on), else the point itself (after a click or a drag on the map).
  const coordText = (text: string, value: number | undefined): string =>
    value === undefined ? text : parseCoord(text) === value ? text : String(value);
  const latText = coordText(typed.lat, point?.lat);
  const lonText = coordText(typed.lon, point?.lon);
  const onTyped = (next: { lat: string; lon: string }): void => {
    setTyped(next);
    const p = typedPoint(next.lat, next.lon);
    if (p) postsStore.setPoint(p);
  };

  const communeOptions = useMemo(
    () => (communesQuery.data ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
    [communesQuery.data],
  );
  const border = isBorderKind(form.kind);
  const canSave = !!form.name.trim() && !!point && !saver.isPending;
  const save = (): void => {
    if (point) saver.mutate(saveInput(props.id, form, point, commune));
  };

  const title = props.id ? pt('editPostTitle', { name: props.post?.name ?? '…' }) : pt('newPostTitle');
  return (
    <Shell
      title={<Title order={4}>{title}</Title>}
      testId="post-editor"
      onClose={props.onClose}
      closeLabel={pt('cancel')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack gap="xs">
          <TextInput
            label={pt('name')}
            placeholder={pt('namePlaceholder')}
            value={form.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            required
            maxLength={200}
            data-testid="post-name"
            data-autofocus
          />
          <Group grow>
            <Select
              label={pt('kind')}
              data={POST_KINDS.map((k) => ({ value: k, label: label(POST_KIND_LABELS[k]) }))}
              value={form.kind}
              onChange={(v) => v && set({ kind: v })}
              allowDeselect={false}
              data-testid="post-kind-select"
            />
            <Select
              label={pt('status')}
              data={POST_STATUSES.map((s) => ({ value: s, label: label(POST_STATUS_LABELS[s]) }))}
              value={form.status}
              onChange={(v) => v && set({ status: v })}
              allowDeselect={false}
              data-testid="post-status-select"
            />
          </Group>
          <DayField
            label={pt('statusSince')}
            value={form.statusSince}
            onChange={(day) => set({ statusSince: day })}
            data-testid="post-status-since"
          />
          <Group grow align="flex-end">
            <TextInput
              label={pt('lat')}
              value={latText}
              onChange={(e) => onTyped({ lat: e.currentTarget.value, lon: lonText })}
              inputMode="decimal"
              data-testid="post-lat"
            />
            <TextInput
              label={pt('lon')}
              value={lonText}
              onChange={(e) => onTyped({ lat: latText, lon: e.currentTarget.value })}
              inputMode="decimal"
              data-testid="post-lon"
            />
          </Group>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant={picking ? 'filled' : 'light'}
              onClick={() => postsStore.setPicking(!picking)}
              data-testid="post-pick"
              aria-pressed={picking}
            >
              {pt('pickOnMap')}
            </Button>
            <Text size="xs" c={picking ? 'blue.8' : 'dimmed'} data-testid="post-pick-hint">
              {picking ? pt('picking') : point ? pt('dragHint') : pt('needPoint')}
            </Text>
          </Group>
          <Select
            label={pt('commune')}
            description={!form.communeManual && point ? pt('communeAuto') : undefined}
            data={communeOptions}
            value={commune}
            onChange={(v) => set({ commune: v, communeManual: true })}
            searchable
            clearable
            nothingFoundMessage="—"
            error={point && !commune && locateQuery.isSuccess && located === null ? pt('communeNone') : undefined}
            data-testid="post-commune"
          />
          <Group grow>
            <TextInput
              label={pt('commander')}
              value={form.commander}
              onChange={(e) => set({ commander: e.currentTarget.value })}
            />
            <TextInput label={pt('phone')} value={form.phone} onChange={(e) => set({ phone: e.currentTarget.value })} />
          </Group>
          <Text size="sm" fw={600} mt={4}>
            {pt('staffing')}
          </Text>
          <SimpleGrid cols={3} spacing="xs" verticalSpacing={4}>
            {FORCES.map((f) => (
              <NumberInput
                key={f}
                size="xs"
                label={label(FORCE_LABELS[f])}
                value={form.staff[f]}
                min={0}
                allowDecimal={false}
                onChange={(v) => setForm((s) => ({ ...s, staff: { ...s.staff, [f]: intOrZero(v) } }))}
                data-testid={`post-staff-${f}`}
              />
            ))}
          </SimpleGrid>
          <Group grow>
            <Select
              label={pt('shiftsPerDay')}
              data={SHIFT_COUNTS.map((n) => String(n))}
              value={form.shiftsPerDay}
              onChange={(v) => v && set({ shiftsPerDay: v })}
              allowDeselect={false}
              data-testid="post-shifts"
            />
            <TimePicker
              label={pt('firstStart')}
              format="24h"
              value={form.firstStart}
              onChange={(v) => set({ firstStart: v ? v.slice(0, 5) : '06:00' })}
              data-testid="post-first-start"
            />
          </Group>
          {border && <BorderFields form={form} set={set} postId={props.id} borderPosts={borderQuery.data ?? []} />}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={props.onClose} data-testid="post-cancel">
              {pt('cancel')}
            </Button>
            <Button type="submit" disabled={!canSave} loading={saver.isPending} data-testid="post-save">
              {pt('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Shell>
  );
}

function BorderFields(props: {
  readonly form: PostForm;
  readonly set: (patch: Partial<PostForm>) => void;
  readonly postId: string | null;
  readonly borderPosts: readonly PostSummary[];
}): React.JSX.Element {
  const { pt } = usePostsText();
  const { form, set } = props;
  return (
    <>
      <Divider label={pt('border')} labelPosition="left" />
      {form.kind === 'control_point' && (
        <Select
          label={pt('parentPost')}
          data={props.borderPosts.filter((b) => b.id !== props.postId).map((b) => ({ value: b.id, label: b.name }))}
          value={form.parentId}
          onChange={(v) => set({ parentId: v })}
          clearable
        />
      )}
      <TextInput label={pt('segment')} value={form.segment} onChange={(e) => set({ segment: e.currentTarget.value })} />
      <TextInput
        label={pt('markers')}
        placeholder="mốc 770, mốc 771"
        value={form.markers}
        onChange={(e) => set({ markers: e.currentTarget.value })}
      />
      <TextInput
        label={pt('neighbour')}
        value={form.neighbour}
        onChange={(e) => set({ neighbour: e.currentTarget.value })}
      />
    </>
  );
}
