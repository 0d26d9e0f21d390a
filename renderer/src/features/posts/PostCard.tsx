import { Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import {
  FIGURE_KEYS,
  FIGURE_LABELS,
  FORCE_LABELS,
  FORCES,
  HANDLING_LABELS,
  INCIDENT_TYPE_LABELS,
  POST_STATUS_LABELS,
} from '../../../../shared/posts';
import { formatDate, formatDateTime, formatDayMonth } from '../../../../shared/time';
import { useNotify } from '../../ui/Notifications';
import { useApiMutation } from '../../data/query';
import { useMay } from '../auth/me';
import { barHeights, vnTime } from './posts-layer';
import { KindBadges, Shell, usePostDetail, type PostDetail } from './PostParts';
import { postsStore } from './posts-view';
import { usePostsText } from './strings';
import './posts.css';

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
  const summary = props.days.map((d) => `${formatDayMonth(d.date)}: ${d.peopleChecked}`).join(', ');
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
              {formatDayMonth(d.date)}
            </text>
          </g>
        );
      })}
      <line x1={0} x2={W} y1={top + barArea + 0.5} y2={top + barArea + 0.5} stroke="#ced4da" />
    </svg>
  );
}

/** A post's card: facts, staffing, the shift, today's figures, the last 7 days and incidents. */
export function PostCard(props: { readonly id: string }): React.JSX.Element {
  const { pt, label, lang } = usePostsText();
  const notify = useNotify();
  const detail = usePostDetail(props.id);
  const deleter = useApiMutation('posts.delete', {
    onSuccess: (_out, input) => {
      notify.success(pt('deleted', { name: detail?.post.name ?? input.id }));
      postsStore.close();
    },
    onError: (err) => notify.error(err),
  });
  const mayPosts = useMay('posts');
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
  const remove = (): void => deleter.mutate({ id: post.id, reason });
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
            {post.statusSince ? ` ${pt('since', { date: formatDate(post.statusSince) })}` : ''}
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
              {pt('lastDue', { no: post.lastDueShift.no, date: formatDate(post.lastDueShift.date) })} —{' '}
              {pt('notLogged')}
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
                  · {formatDateTime(i.at)}
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

        {mayPosts && (
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
        )}
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
            <Button
              color="red"
              disabled={!reason.trim()}
              loading={deleter.isPending}
              onClick={remove}
              data-testid="post-delete-confirm"
            >
              {pt('delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Shell>
  );
}
