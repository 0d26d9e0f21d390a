import { PostCard } from './PostCard';
import { PostEditor } from './PostEditor';
import { PostLogForm } from './PostLogForm';
import { usePostsState } from './posts-view';
import './posts.css';

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
