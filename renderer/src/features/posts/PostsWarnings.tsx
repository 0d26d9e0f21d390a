import { Badge, Group, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output, UnitSummary } from '../../../../shared/contract';
import type { PostSummary } from '../../../../shared/contract-posts';
import type { GapKind } from '../../../../shared/posts';
import { invoke } from '../../api';
import { usePostsText, type PostsMessageKey } from './strings';
import { postsStore } from './posts-view';
import { useNotify } from '../../components/Notifications';
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
  readonly gaps: PostGaps;
  readonly onClose: () => void;
}

/**
 * The warnings list: posts with no log for their last shift, high-level communes with no active
 * checkpoint, border segments with no active post. Each item opens what fixes it: the post's card,
 * a new checkpoint placed in the commune, or a post of the segment.
 */
export function PostsWarnings(props: PostsWarningsProps): React.JSX.Element {
  const { pt, lang } = usePostsText();
  const notify = useNotify();
  const [posts, setPosts] = useState<readonly PostSummary[]>([]);
  const [communes, setCommunes] = useState<readonly UnitSummary[]>([]);
  const { within } = props;

  useEffect(() => {
    const scope = within ? { within } : {};
    Promise.all([invoke('posts.list', scope), invoke('units.list', { ...scope, level: 'commune' })])
      .then(([p, c]) => {
        setPosts(p);
        setCommunes(c);
      })
      .catch((err: unknown) => notify.error(err));
  }, [within, notify]);

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
      {props.gaps.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="posts-warnings-empty">
          {pt('warningsEmpty')}
        </Text>
      ) : (
        <Stack gap={2}>
          {props.gaps.map((g) => (
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
