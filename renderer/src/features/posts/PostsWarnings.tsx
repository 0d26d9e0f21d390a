import { Badge, Group, Loader, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Output } from '../../../../shared/contract';
import type { GapKind } from '../../../../shared/posts';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePostsText, type PostsMessageKey } from './strings';
import { postsStore } from './posts-view';
import './posts.css';

/** What posts.gaps returns. */
export type PostGaps = Output<'posts.gaps'>;

const GAP_LABELS: Readonly<Record<GapKind, { key: PostsMessageKey; colour: string }>> = {
  'missing-log': { key: 'gapMissingLog', colour: 'orange' },
  'commune-uncovered': { key: 'gapCommune', colour: 'red' },
  'segment-uncovered': { key: 'gapSegment', colour: 'grape' },
};

export interface PostsWarningsProps {
  readonly within: string | null;
  readonly onClose: () => void;
}

/**
 * The warnings list: posts with no log for their last shift, high-level communes with no active
 * checkpoint, border segments with no active post. Each item opens what fixes it: the post's card,
 * a new checkpoint placed in the commune, or a post of the segment.
 */
export function PostsWarnings(props: PostsWarningsProps): React.JSX.Element {
  const { pt, lang } = usePostsText();
  const scope = props.within ? { within: props.within } : {};
  // The same cached read as the menu's badge: a level change elsewhere invalidates it, so the
  // list is current when it opens, with no reload.
  const gapsQuery = useApiQuery('posts.gaps', scope);
  const postsQuery = useApiQuery('posts.list', scope);
  const communesQuery = useApiQuery('units.list', { ...scope, level: 'commune' });
  useErrorNotice(gapsQuery.error);
  useErrorNotice(postsQuery.error);
  useErrorNotice(communesQuery.error);
  const gaps = gapsQuery.data;
  const posts = postsQuery.data ?? [];
  const communes = communesQuery.data ?? [];

  const open = (g: PostGaps[number]): void => {
    if (g.kind === 'commune-uncovered' && g.communeCode) {
      const c = communes.find((x) => x.code === g.communeCode);
      const point = c?.labelPoint ? { lon: c.labelPoint[0], lat: c.labelPoint[1] } : undefined;
      postsStore.newPost({ communeCode: g.communeCode, postKind: 'checkpoint' }, point);
    } else {
      const post =
        g.kind === 'missing-log'
          ? posts.find((p) => p.id === g.postId)
          : posts.find((p) => p.borderSegment.trim() === g.segment);
      if (!post) return;
      postsStore.openCard(post.id, { lon: post.lon, lat: post.lat });
    }
    props.onClose();
  };

  return (
    <Modal opened onClose={props.onClose} title={pt('warningsTitle')} size="lg" data-testid="posts-warnings">
      {!gaps ? (
        <Loader size="sm" />
      ) : gaps.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="posts-warnings-empty">
          {pt('warningsEmpty')}
        </Text>
      ) : (
        <Stack gap={2}>
          {gaps.map((g) => (
            <UnstyledButton
              key={`${g.kind}|${g.postId ?? g.communeCode ?? g.segment ?? ''}`}
              className="saban-posts-gap"
              onClick={() => open(g)}
              data-testid="posts-warning"
              data-kind={g.kind}
            >
              <Group gap="sm" wrap="nowrap">
                <Badge color={GAP_LABELS[g.kind].colour} variant="light" miw={150}>
                  {pt(GAP_LABELS[g.kind].key)}
                </Badge>
                <Text size="sm">{lang === 'vi' ? g.message.vi : g.message.en}</Text>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
