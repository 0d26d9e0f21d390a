/** The parts the post card, editor and log form share: the panel's frame, badges, the detail read. */
import { Badge, CloseButton, Group, Paper } from '@mantine/core';
import { useEffect } from 'react';
import type { Output } from '../../../../shared/contract';
import { POST_KIND_LABELS, POST_STATUS_LABELS, type PostKind, type PostStatus } from '../../../../shared/posts';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { KIND_COLOURS } from './posts-layer';
import { postsStore } from './posts-view';
import { usePostsText } from './strings';

/** What posts.get returns: a post with its last 7 days, recent logs and control points. */
export type PostDetail = Output<'posts.get'>;

/**
 * A post's detail through the query cache: any posts write (a log, an edit, an import) makes it
 * stale and the open card refetches. A post that cannot be read (deleted elsewhere) closes the panel.
 */
export function usePostDetail(id: string): PostDetail | null {
  const query = useApiQuery('posts.get', { id });
  useErrorNotice(query.error);
  const failed = query.error !== null;
  useEffect(() => {
    if (failed) postsStore.close();
  }, [failed]);
  const detail = query.data;
  return detail && detail.post.id === id ? detail : null;
}

/** The panel's frame: a title, a close button and the content. */
export function Shell(props: {
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

/** The kind and status of a post as two badges. */
export function KindBadges(props: { readonly kind: PostKind; readonly status: PostStatus }): React.JSX.Element {
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

/** A typed count: a whole number, never negative. */
export const intOrZero = (v: number | string): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0;
