import { Badge, Button, Menu } from '@mantine/core';
import { useMay } from '../auth/me';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePostsText } from './strings';
import { postsStore, usePostsState } from './posts-view';
import { PostsImport } from './PostsImport';
import { PostsList } from './PostsList';
import { PostsWarnings } from './PostsWarnings';

/** Gaps depend on the clock (a shift ends, its log falls due): re-checked this often. */
const GAPS_REFRESH_MS = 5 * 60_000;

export interface PostsMenuProps {
  /** The district shown (null: all posts). */
  readonly within: string | null;
  readonly busy: (on: boolean) => void;
}

/** The header's posts menu: add a post, the list, the warnings (with their count), import/export, layers. */
export function PostsMenu(props: PostsMenuProps): React.JSX.Element {
  const { pt } = usePostsText();
  const showPosts = usePostsState((s) => s.showPosts);
  const showIncidents = usePostsState((s) => s.showIncidents);
  const [open, setOpen] = useState<'list' | 'warnings' | 'io' | null>(null);
  // Leaders and viewers read; border staff add posts in their own communes (the engine checks).
  const mayPosts = useMay('posts');
  const { within } = props;

  // A new district closes whatever post was open.
  useEffect(() => {
    postsStore.reset();
  }, [within]);

  // Gaps depend on levels (risk.set makes them stale) and on the clock (a shift ends, its log
  // falls due), hence the polling too.
  const gapsQuery = useApiQuery('posts.gaps', within ? { within } : {}, { refetchInterval: GAPS_REFRESH_MS });
  useErrorNotice(gapsQuery.error);
  const gaps = gapsQuery.data ?? [];

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            data-testid="posts-menu"
            aria-label={pt('postsMenuLabel')}
            rightSection={
              gaps.length > 0 ? (
                <Badge size="sm" color="red" circle={gaps.length < 10} data-testid="posts-warning-count">
                  {gaps.length}
                </Badge>
              ) : undefined
            }
          >
            {pt('postsMenu')} ▾
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{pt('postsMenuLabel')}</Menu.Label>
          {mayPosts && (
            <Menu.Item onClick={() => postsStore.newPost()} data-testid="posts-new">
              {pt('newPost')}
            </Menu.Item>
          )}
          <Menu.Item onClick={() => setOpen('list')} data-testid="posts-open-list">
            {pt('postsList')}
          </Menu.Item>
          <Menu.Item
            onClick={() => setOpen('warnings')}
            data-testid="posts-open-warnings"
            color={gaps.length > 0 ? 'red' : undefined}
          >
            {gaps.length > 0 ? pt('warningsCount', { n: gaps.length }) : pt('warnings')}
          </Menu.Item>
          <Menu.Item onClick={() => setOpen('io')} data-testid="posts-open-io">
            {pt('importExport')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            onClick={() => postsStore.setLayers({ showPosts: !showPosts })}
            leftSection={showPosts ? '✓' : ' '}
            data-testid="posts-toggle-layer"
            role="menuitemcheckbox"
            aria-checked={showPosts}
          >
            {pt('layerPosts')}
          </Menu.Item>
          <Menu.Item
            onClick={() => postsStore.setLayers({ showIncidents: !showIncidents })}
            leftSection={showIncidents ? '✓' : ' '}
            data-testid="posts-toggle-incidents"
            role="menuitemcheckbox"
            aria-checked={showIncidents}
          >
            {pt('layerIncidents')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {open === 'list' && <PostsList within={within} onClose={() => setOpen(null)} />}
      {open === 'warnings' && <PostsWarnings within={within} onClose={() => setOpen(null)} />}
      {open === 'io' && <PostsImport within={within} busy={props.busy} onClose={() => setOpen(null)} />}
    </>
  );
}
