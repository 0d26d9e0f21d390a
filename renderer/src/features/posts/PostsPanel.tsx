import {
  ActionIcon,
  Badge,
  Button,
  CloseButton,
  Divider,
  Group,
  Loader,
  Modal,
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
import { useEffect, useMemo, useState } from 'react';
import type { UnitSummary } from '../../../../shared/contract';
import type { Output } from '../../../../shared/contract';
import type { PostSummary } from '../../../../shared/contract-posts';
import {
  FIGURE_KEYS,
  FIGURE_LABELS,
  type FigureKey,
  FORCE_LABELS,
  FORCES,
  type Force,
  HANDLING_LABELS,
  HANDLINGS,
  type Handling,
  INCIDENT_TYPE_LABELS,
  INCIDENT_TYPES,
  type IncidentType,
  localDate,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUS_LABELS,
  POST_STATUSES,
  type PostKind,
  type PostStatus,
  previousShift,
  SHIFT_COUNTS,
  shiftWindow,
  VN_UTC_OFFSET_MINUTES,
} from '../../../../shared/posts';
import { invoke } from '../../api';
import { barHeights, KIND_COLOURS, vnTime } from './posts-layer';
import { usePostsText } from './strings';
import { postsStore, usePostsState, type DraftPoint } from './posts-view';
import { useNotify } from '../../components/Notifications';
import './posts.css';

type PostDetail = Output<'posts.get'>;

export interface PostsPanelProps {
  /** The district shown (null: all). */
  readonly within: string | null;
}

/** The floating posts panel: a post's card, its editor, or its shift-log form. */
export function PostsPanel(props: PostsPanelProps): React.JSX.Element | null {
  const view = usePostsState((s) => s.view);
  switch (view.kind) {
    case 'none':
      return null;
    case 'card':
      return <PostCard key={view.id} id={view.id} />;
    case 'edit':
      return (
        <PostEditor
          key={view.id ?? 'new'}
          id={view.id}
          point={view.point}
          within={props.within}
          presetCommune={view.preset?.communeCode ?? null}
          presetKind={view.preset?.postKind ?? null}
        />
      );
    case 'log':
      return <PostLogForm key={view.id} id={view.id} />;
  }
}

function usePostDetail(id: string): PostDetail | null {
  const notify = useNotify();
  const version = usePostsState((s) => s.version);
  const [detail, setDetail] = useState<PostDetail | null>(null);
  useEffect(() => {
    let stale = false;
    invoke('posts.get', { id })
      .then((d) => {
        if (!stale) setDetail(d);
      })
      .catch((err: unknown) => {
        if (stale) return;
        notify.error(err);
        postsStore.close();
      });
    return () => {
      stale = true;
    };
  }, [id, version, notify]);
  return detail && detail.post.id === id ? detail : null;
}

function Shell(props: {
  readonly title: React.ReactNode;
  readonly testId: string;
  readonly onClose: () => void;
  readonly closeLabel: string;
  readonly children: React.ReactNode;
}): React.JSX.Element {
  return (
    <Paper
      className="saban-map-overlay saban-posts-panel"
      shadow="md"
      p="md"
      withBorder
      data-testid={props.testId}
      role="region"
      aria-label={typeof props.title === 'string' ? props.title : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        {props.title}
        <CloseButton onClick={props.onClose} aria-label={props.closeLabel} data-testid="posts-panel-close" />
      </Group>
      {props.children}
    </Paper>
  );
}

function KindBadges(props: { readonly kind: PostKind; readonly status: PostStatus }): React.JSX.Element {
  const { label } = usePostsText();
  const colour = props.status === 'active' ? 'teal' : props.status === 'suspended' ? 'yellow' : 'gray';
  return (
    <Group gap={6}>
      <Badge variant="light" style={{ color: KIND_COLOURS[props.kind] }} data-testid="post-kind">
        {label(POST_KIND_LABELS[props.kind])}
      </Badge>
      <Badge variant="light" color={colour} data-testid="post-status">
        {label(POST_STATUS_LABELS[props.status])}
      </Badge>
    </Group>
  );
}

/** Seven small bars of people checked, with the day under each and incidents marked in red. */
function WeekChart(props: { readonly days: PostDetail['last7'] }): React.JSX.Element {
  const { pt } = usePostsText();
  const W = 340;
  const H = 96;
  const top = 14;
  const barArea = H - top - 16;
  const heights = barHeights(
    props.days.map((d) => d.peopleChecked),
    barArea,
  );
  const slot = W / props.days.length;
  const summary = props.days.map((d) => `${d.date.slice(8)}/${d.date.slice(5, 7)}: ${d.peopleChecked}`).join(', ');
  return (
    <svg
      className="saban-posts-chart"
      width="100%"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${pt('last7')}: ${summary}`}
      data-testid="post-chart"
    >
      {props.days.map((d, i) => {
        const h = heights[i] ?? 0;
        const x = i * slot + slot * 0.2;
        const w = slot * 0.6;
        const y = top + barArea - h;
        return (
          <g key={d.date} data-testid={`post-chart-day-${d.date}`} data-value={d.peopleChecked}>
            <rect x={x} y={y} width={w} height={h} rx={2} fill={i === props.days.length - 1 ? '#1864ab' : '#74c0fc'} />
            <text x={x + w / 2} y={y - 3} textAnchor="middle">
              {d.logs > 0 ? d.peopleChecked : ''}
            </text>
            {d.incidents > 0 && <circle cx={x + w - 2} cy={y + 4} r={4} fill="#e03131" />}
            <text x={x + w / 2} y={H - 3} textAnchor="middle">
              {`${d.date.slice(8)}/${d.date.slice(5, 7)}`}
            </text>
          </g>
        );
      })}
      <line x1={0} x2={W} y1={top + barArea + 0.5} y2={top + barArea + 0.5} stroke="#ced4da" />
    </svg>
  );
}

function PostCard(props: { readonly id: string }): React.JSX.Element {
  const { pt, label, lang } = usePostsText();
  const notify = useNotify();
  const detail = usePostDetail(props.id);
  const [deleting, setDeleting] = useState(false);
  const [reason, setReason] = useState('');
  const close = (): void => postsStore.close();
  if (!detail) {
    return (
      <Shell title={<Loader size="sm" />} testId="post-card" onClose={close} closeLabel={pt('cardClose')}>
        {null}
      </Shell>
    );
  }
  const { post, last7, logs, controlPoints } = detail;
  const staffTotal = FORCES.reduce((a, f) => a + post.staff[f], 0);
  const incidents = logs.flatMap((l) => l.incidents).sort((a, b) => (a.at < b.at ? 1 : -1));
  const border = post.kind === 'border_post' || post.kind === 'control_point';
  const num = (n: number): string => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
  const remove = (): void => {
    invoke('posts.delete', { id: post.id, reason })
      .then(() => {
        notify.success(pt('deleted', { name: post.name }));
        postsStore.close();
        postsStore.changed();
      })
      .catch((err: unknown) => notify.error(err));
  };
  return (
    <Shell
      title={
        <Stack gap={4}>
          <Title order={4} data-testid="post-card-name">
            {post.name}
          </Title>
          <KindBadges kind={post.kind} status={post.status} />
        </Stack>
      }
      testId="post-card"
      onClose={close}
      closeLabel={pt('cardClose')}
    >
      <Stack gap="sm">
        <dl className="saban-posts-facts">
          <dt>{pt('commune')}</dt>
          <dd data-testid="post-card-commune">{post.communeName ?? pt('noCommune')}</dd>
          <dt>{pt('status')}</dt>
          <dd>
            {label(POST_STATUS_LABELS[post.status])}
            {post.statusSince ? ` ${pt('since', { date: post.statusSince })}` : ''}
          </dd>
          {post.commander && (
            <>
              <dt>{pt('commander')}</dt>
              <dd>{post.commander}</dd>
            </>
          )}
          {post.phone && (
            <>
              <dt>{pt('phone')}</dt>
              <dd>
                <a href={`tel:${post.phone.replace(/[^\d+]/g, '')}`}>{post.phone}</a>
              </dd>
            </>
          )}
          {border && post.borderSegment && (
            <>
              <dt>{pt('segment')}</dt>
              <dd>{post.borderSegment}</dd>
            </>
          )}
          {border && post.markers && (
            <>
              <dt>{pt('markers')}</dt>
              <dd>{post.markers}</dd>
            </>
          )}
          {border && post.neighbourCountry && (
            <>
              <dt>{pt('neighbour')}</dt>
              <dd>{post.neighbourCountry}</dd>
            </>
          )}
        </dl>

        <div>
          <Text size="sm" fw={600}>
            {pt('staffing')} · {pt('staffTotal', { n: staffTotal })}
          </Text>
          <Group gap={6} mt={4} data-testid="post-card-staff">
            {FORCES.filter((f) => post.staff[f] > 0).map((f) => (
              <Badge key={f} variant="outline" color="gray">
                {label(FORCE_LABELS[f])}: {post.staff[f]}
              </Badge>
            ))}
          </Group>
        </div>

        <div data-testid="post-card-shift">
          <Text size="sm" fw={600}>
            {pt('shifts')} · {pt('shiftPattern', { n: post.pattern.shiftsPerDay, start: post.pattern.firstStart })}
          </Text>
          <Text size="sm">
            {pt('currentShift', {
              no: post.currentShift.no,
              from: vnTime(post.currentShift.start),
              to: vnTime(post.currentShift.end),
            })}{' '}
            <Badge size="sm" variant="light" color={post.currentShift.logged ? 'teal' : 'orange'}>
              {post.currentShift.logged ? pt('logged') : pt('notLogged')}
            </Badge>
          </Text>
          {post.lastDueShift.missing && (
            <Text size="xs" c="orange.8">
              {pt('lastDue', { no: post.lastDueShift.no, date: post.lastDueShift.date })} — {pt('notLogged')}
            </Text>
          )}
        </div>

        <div data-testid="post-card-today">
          <Text size="sm" fw={600}>
            {pt('today')}
          </Text>
          <SimpleGrid cols={3} spacing={4} verticalSpacing={2}>
            {FIGURE_KEYS.map((k) => (
              <div key={k}>
                <Text size="lg" fw={700} lh={1.1} data-testid={`post-today-${k}`}>
                  {num(post.today[k])}
                </Text>
                <Text size="xs" c="dimmed" lh={1.1}>
                  {label(FIGURE_LABELS[k])}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        </div>

        <div>
          <Text size="sm" fw={600}>
            {pt('last7')}
          </Text>
          {last7.every((d) => d.logs === 0) ? (
            <Text size="xs" c="dimmed">
              {pt('last7Empty')}
            </Text>
          ) : (
            <WeekChart days={last7} />
          )}
        </div>

        <div>
          <Text size="sm" fw={600}>
            {pt('recentIncidents')}
          </Text>
          {incidents.length === 0 ? (
            <Text size="xs" c="dimmed">
              {pt('noIncidents')}
            </Text>
          ) : (
            <Stack gap={4} mt={4} data-testid="post-card-incidents">
              {incidents.slice(0, 5).map((i) => (
                <Text key={i.id} size="sm" data-testid="post-card-incident">
                  <Text span c="red.8" fw={600}>
                    {label(INCIDENT_TYPE_LABELS[i.type])}
                  </Text>{' '}
                  · {localDate(Date.parse(i.at)).slice(5)} {vnTime(i.at)}
                  {i.place ? ` · ${i.place}` : ''} · {i.people} · {label(HANDLING_LABELS[i.handling])}
                </Text>
              ))}
            </Stack>
          )}
        </div>

        {controlPoints.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              {pt('controlPoints')}
            </Text>
            <Group gap={6}>
              {controlPoints.map((c) => (
                <Button key={c.id} size="compact-xs" variant="subtle" onClick={() => postsStore.openCard(c.id)}>
                  {c.name}
                </Button>
              ))}
            </Group>
          </div>
        )}

        <Group gap="xs">
          <Button size="compact-sm" onClick={() => postsStore.logShift(post.id)} data-testid="post-log-shift">
            {pt('logShift')}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => postsStore.editPost(post.id, { lon: post.lon, lat: post.lat })}
            data-testid="post-edit"
          >
            {pt('edit')}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            onClick={() => setDeleting(true)}
            data-testid="post-delete"
          >
            {pt('delete')}
          </Button>
        </Group>
      </Stack>
      <Modal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={pt('deleteTitle', { name: post.name })}
        centered
      >
        <Stack gap="sm">
          <Text size="sm">{pt('deleteWarning')}</Text>
          <Textarea
            label={pt('reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reason.trim() ? undefined : pt('reasonRequired')}
            data-autofocus
            data-testid="post-delete-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {pt('cancel')}
            </Button>
            <Button color="red" disabled={!reason.trim()} onClick={remove} data-testid="post-delete-confirm">
              {pt('delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Shell>
  );
}

const intOrZero = (v: number | string): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;

function PostEditor(props: {
  readonly id: string | null;
  readonly point: DraftPoint | null;
  readonly within: string | null;
  readonly presetCommune: string | null;
  readonly presetKind: PostKind | null;
}): React.JSX.Element {
  const { pt, label } = usePostsText();
  const notify = useNotify();
  const picking = usePostsState((s) => s.picking);
  const [loaded, setLoaded] = useState<PostSummary | null>(null);
  const [communes, setCommunes] = useState<readonly UnitSummary[]>([]);
  const [borderPosts, setBorderPosts] = useState<readonly PostSummary[]>([]);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PostKind>(props.presetKind ?? 'checkpoint');
  const [status, setStatus] = useState<PostStatus>('active');
  const [statusSince, setStatusSince] = useState('');
  const [commune, setCommune] = useState<string | null>(props.presetCommune);
  const [communeManual, setCommuneManual] = useState(props.presetCommune !== null);
  const [commander, setCommander] = useState('');
  const [phone, setPhone] = useState('');
  const [staff, setStaff] = useState<Record<Force, number>>({
    police: 0,
    military: 0,
    border_guard: 0,
    health: 0,
    volunteer: 0,
  });
  const [shiftsPerDay, setShiftsPerDay] = useState('3');
  const [firstStart, setFirstStart] = useState('06:00');
  const [segment, setSegment] = useState('');
  const [markers, setMarkers] = useState('');
  const [neighbour, setNeighbour] = useState('');
  const [parentId, setParentId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Typed coordinates: kept as text while typing, pushed to the draft point once both parse.
  const [latTyped, setLatText] = useState('');
  const [lonTyped, setLonText] = useState('');

  useEffect(() => {
    const scope = props.within ? { within: props.within } : {};
    Promise.all([
      invoke('units.list', { ...scope, level: 'commune' }),
      invoke('posts.list', { ...scope, kind: 'border_post' }),
      props.id ? invoke('posts.get', { id: props.id }) : Promise.resolve(null),
    ])
      .then(([cs, bps, d]) => {
        setCommunes(cs);
        setBorderPosts(bps);
        if (d) {
          const p = d.post;
          setLoaded(p);
          setName(p.name);
          setKind(p.kind);
          setStatus(p.status);
          setStatusSince(p.statusSince ?? '');
          setCommune(p.communeCode);
          setCommuneManual(true);
          setCommander(p.commander);
          setPhone(p.phone);
          setStaff({ ...p.staff });
          setShiftsPerDay(String(p.pattern.shiftsPerDay));
          setFirstStart(p.pattern.firstStart);
          setSegment(p.borderSegment);
          setMarkers(p.markers);
          setNeighbour(p.neighbourCountry);
          setParentId(p.parentId);
        }
      })
      .catch((err: unknown) => notify.error(err));
  }, [props.id, props.within, notify]);

  const [located, setLocated] = useState<string | null>(null);
  const communeManualRef = useManualRef(communeManual);
  // The point moved (map click, drag): show it in the fields and find its commune.
  const { point } = props;
  // What the coordinate fields show: the operator's own text while it still means the point (so
  // "10." can be typed on), else the point itself (after a click or a drag on the map).
  const coordText = (typed: string, value: number | undefined): string =>
    value === undefined ? typed : parseCoord(typed) === value ? typed : String(value);
  const latText = coordText(latTyped, point?.lat);
  const lonText = coordText(lonTyped, point?.lon);
  useEffect(() => {
    if (!point) return undefined;
    let stale = false;
    invoke('posts.locate', { lon: point.lon, lat: point.lat })
      .then((r) => {
        if (stale) return;
        setLocated(r.communeCode);
        if (!communeManualRef.current) setCommune(r.communeCode);
      })
      .catch((err: unknown) => notify.error(err));
    return () => {
      stale = true;
    };
  }, [point, notify, communeManualRef]);
  const typed = (latS: string, lonS: string): void => {
    const lat = parseCoord(latS);
    const lon = parseCoord(lonS);
    if (
      latS.trim() &&
      lonS.trim() &&
      Number.isFinite(lat) &&
      Number.isFinite(lon) &&
      Math.abs(lat) <= 90 &&
      Math.abs(lon) <= 180
    ) {
      // A typed point re-finds the commune unless the operator chose one.
      postsStore.setPoint({ lon, lat });
    }
  };

  const communeOptions = useMemo(
    () => communes.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })),
    [communes],
  );
  const border = kind === 'border_post' || kind === 'control_point';
  const canSave = !!name.trim() && !!point && !saving;

  const save = (): void => {
    if (!point) return;
    setSaving(true);
    invoke('posts.save', {
      ...(props.id ? { id: props.id } : {}),
      kind,
      name: name.trim(),
      lon: point.lon,
      lat: point.lat,
      communeCode: commune,
      status,
      ...(statusSince ? { statusSince } : {}),
      commander,
      phone,
      staff,
      pattern: { shiftsPerDay: Number(shiftsPerDay), firstStart },
      borderSegment: border ? segment : '',
      markers: border ? markers : '',
      neighbourCountry: border ? neighbour : '',
      parentId: kind === 'control_point' ? parentId : null,
    })
      .then((p) => {
        notify.success(pt('saved', { name: p.name }));
        postsStore.changed();
        postsStore.openCard(p.id);
      })
      .catch((err: unknown) => notify.error(err))
      .finally(() => setSaving(false));
  };

  const title = props.id ? pt('editPostTitle', { name: loaded?.name ?? '…' }) : pt('newPostTitle');
  return (
    <Shell
      title={<Title order={4}>{title}</Title>}
      testId="post-editor"
      onClose={() => (props.id ? postsStore.openCard(props.id) : postsStore.close())}
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
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            maxLength={200}
            data-testid="post-name"
            data-autofocus
          />
          <Group grow>
            <Select
              label={pt('kind')}
              data={POST_KINDS.map((k) => ({ value: k, label: label(POST_KIND_LABELS[k]) }))}
              value={kind}
              onChange={(v) => v && setKind(v)}
              allowDeselect={false}
              data-testid="post-kind-select"
            />
            <Select
              label={pt('status')}
              data={POST_STATUSES.map((s) => ({ value: s, label: label(POST_STATUS_LABELS[s]) }))}
              value={status}
              onChange={(v) => v && setStatus(v)}
              allowDeselect={false}
              data-testid="post-status-select"
            />
          </Group>
          <TextInput
            type="date"
            label={pt('statusSince')}
            value={statusSince}
            onChange={(e) => setStatusSince(e.currentTarget.value)}
            data-testid="post-status-since"
          />
          <Group grow align="flex-end">
            <TextInput
              label={pt('lat')}
              value={latText}
              onChange={(e) => {
                setLatText(e.currentTarget.value);
                typed(e.currentTarget.value, lonText);
              }}
              inputMode="decimal"
              data-testid="post-lat"
            />
            <TextInput
              label={pt('lon')}
              value={lonText}
              onChange={(e) => {
                setLonText(e.currentTarget.value);
                typed(latText, e.currentTarget.value);
              }}
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
            description={!communeManual && point ? pt('communeAuto') : undefined}
            data={communeOptions}
            value={commune}
            onChange={(v) => {
              setCommune(v);
              setCommuneManual(true);
            }}
            searchable
            clearable
            nothingFoundMessage="—"
            error={point && !commune && located === null ? pt('communeNone') : undefined}
            data-testid="post-commune"
          />
          <Group grow>
            <TextInput
              label={pt('commander')}
              value={commander}
              onChange={(e) => setCommander(e.currentTarget.value)}
            />
            <TextInput label={pt('phone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
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
                value={staff[f]}
                min={0}
                allowDecimal={false}
                onChange={(v) => setStaff((s) => ({ ...s, [f]: intOrZero(v) }))}
                data-testid={`post-staff-${f}`}
              />
            ))}
          </SimpleGrid>
          <Group grow>
            <Select
              label={pt('shiftsPerDay')}
              data={SHIFT_COUNTS.map((n) => String(n))}
              value={shiftsPerDay}
              onChange={(v) => v && setShiftsPerDay(v)}
              allowDeselect={false}
              data-testid="post-shifts"
            />
            <TextInput
              type="time"
              label={pt('firstStart')}
              value={firstStart}
              onChange={(e) => setFirstStart(e.currentTarget.value || '06:00')}
              data-testid="post-first-start"
            />
          </Group>
          {border && (
            <>
              <Divider label={pt('border')} labelPosition="left" />
              {kind === 'control_point' && (
                <Select
                  label={pt('parentPost')}
                  data={borderPosts.filter((b) => b.id !== props.id).map((b) => ({ value: b.id, label: b.name }))}
                  value={parentId}
                  onChange={setParentId}
                  clearable
                />
              )}
              <TextInput label={pt('segment')} value={segment} onChange={(e) => setSegment(e.currentTarget.value)} />
              <TextInput
                label={pt('markers')}
                placeholder="mốc 770, mốc 771"
                value={markers}
                onChange={(e) => setMarkers(e.currentTarget.value)}
              />
              <TextInput
                label={pt('neighbour')}
                value={neighbour}
                onChange={(e) => setNeighbour(e.currentTarget.value)}
              />
            </>
          )}
          <Group justify="flex-end" mt="xs">
            <Button
              variant="default"
              onClick={() => (props.id ? postsStore.openCard(props.id) : postsStore.close())}
              data-testid="post-cancel"
            >
              {pt('cancel')}
            </Button>
            <Button type="submit" disabled={!canSave} loading={saving} data-testid="post-save">
              {pt('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Shell>
  );
}

/** A typed coordinate (a decimal comma allowed), or NaN. */
function parseCoord(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.'));
}

/** A ref that always holds the latest value (read inside effects without re-running them). */
function useManualRef<T>(value: T): { readonly current: T } {
  const [ref] = useState(() => ({ current: value }));
  useEffect(() => {
    ref.current = value;
  }, [ref, value]);
  return ref;
}

interface IncidentDraft {
  readonly key: number;
  type: IncidentType;
  time: string;
  place: string;
  people: number;
  handling: Handling;
}

function PostLogForm(props: { readonly id: string }): React.JSX.Element {
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
  const [saving, setSaving] = useState(false);

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
    setSaving(true);
    invoke('posts.logShift', {
      postId: post.id,
      date: chosen.date,
      shift: chosen.no,
      figures,
      note,
      incidents: incidents.map((i) => {
        const at = atOf(i.time);
        return {
          type: i.type,
          ...(at ? { at } : {}),
          place: i.place,
          people: i.people,
          handling: i.handling,
        };
      }),
    })
      .then((log) => {
        notify.success(pt('loggedOk', { no: log.shift.no, date: log.shift.date }));
        postsStore.changed();
        postsStore.openCard(post.id);
      })
      .catch((err: unknown) => notify.error(err))
      .finally(() => setSaving(false));
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
                date: s.date,
                from: vnTime(new Date(s.startMs).toISOString()),
                to: vnTime(new Date(s.endMs).toISOString()),
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
                <TextInput
                  size="xs"
                  type="time"
                  label={pt('incidentTime')}
                  value={i.time}
                  onChange={(e) => update(i.key, { time: e.currentTarget.value })}
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
            <Button type="submit" loading={saving} data-testid="log-save">
              {pt('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Shell>
  );
}
