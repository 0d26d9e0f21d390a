import { Checkbox, Group, Loader, Modal, ScrollArea, Select, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { PostSummary } from '../../../../shared/contract-posts';
import {
  FORCES,
  POST_KIND_LABELS,
  POST_KINDS,
  POST_STATUS_LABELS,
  POST_STATUSES,
  type PostKind,
  type PostStatus,
} from '../../../../shared/posts';
import { compareVi } from '../../../../shared/text';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { usePostsText, type PostsMessageKey } from './strings';
import { postsStore } from './posts-view';
import './posts.css';

type SortKey = 'name' | 'kind' | 'commune' | 'status' | 'staff' | 'people' | 'incidents';
const COLUMNS: readonly { key: SortKey; label: PostsMessageKey; numeric?: boolean }[] = [
  { key: 'name', label: 'colName' },
  { key: 'kind', label: 'colKind' },
  { key: 'commune', label: 'colCommune' },
  { key: 'status', label: 'colStatus' },
  { key: 'staff', label: 'colStaff', numeric: true },
  { key: 'people', label: 'colPeople', numeric: true },
  { key: 'incidents', label: 'colIncidents', numeric: true },
];

const staffOf = (p: PostSummary): number => FORCES.reduce((a, f) => a + p.staff[f], 0);

/** Sorts posts by a column; ties by name. Numbers sort largest first on the first click. */
export function sortPosts(posts: readonly PostSummary[], key: SortKey, asc: boolean): PostSummary[] {
  const value = (p: PostSummary): string | number => {
    switch (key) {
      case 'name':
        return p.name;
      case 'kind':
        return POST_KINDS.indexOf(p.kind);
      case 'commune':
        return p.communeName ?? '';
      case 'status':
        return POST_STATUSES.indexOf(p.status);
      case 'staff':
        return staffOf(p);
      case 'people':
        return p.today.peopleChecked;
      case 'incidents':
        return p.today.incidents;
    }
  };
  return [...posts].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : compareVi(String(va), String(vb));
    return (asc ? c : -c) || compareVi(a.name, b.name);
  });
}

export interface PostsListProps {
  readonly within: string | null;
  readonly onClose: () => void;
}

/** The list of posts with filters (kind, status, commune, incidents today) and sortable columns. */
export function PostsList(props: PostsListProps): React.JSX.Element {
  const { pt, label, lang } = usePostsText();
  const [kind, setKind] = useState<PostKind | null>(null);
  const [status, setStatus] = useState<PostStatus | null>(null);
  const [commune, setCommune] = useState<string | null>(null);
  const [withIncidents, setWithIncidents] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'name', asc: true });
  const { within } = props;

  const scope = within ? { within } : {};
  const postsQuery = useApiQuery('posts.list', scope);
  const communesQuery = useApiQuery('units.list', { ...scope, level: 'commune' });
  useErrorNotice(postsQuery.error);
  useErrorNotice(communesQuery.error);
  const posts = postsQuery.data ?? null;
  const communes = communesQuery.data ?? [];

  const shown = useMemo(() => {
    const filtered = (posts ?? []).filter(
      (p) =>
        (!kind || p.kind === kind) &&
        (!status || p.status === status) &&
        (!commune || p.communeCode === commune) &&
        (!withIncidents || p.today.incidents > 0),
    );
    return sortPosts(filtered, sort.key, sort.asc);
  }, [posts, kind, status, commune, withIncidents, sort]);
  const num = (n: number): string => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);

  const open = (p: PostSummary): void => {
    postsStore.openCard(p.id, { lon: p.lon, lat: p.lat });
    props.onClose();
  };

  return (
    <Modal opened onClose={props.onClose} title={pt('listTitle')} size="xl" data-testid="posts-list">
      <Group gap="sm" align="flex-end" mb="sm" wrap="wrap">
        <Select
          label={pt('filterKind')}
          placeholder={pt('all')}
          data={POST_KINDS.map((k) => ({ value: k, label: label(POST_KIND_LABELS[k]) }))}
          value={kind}
          onChange={(v) => setKind(v)}
          clearable
          w={190}
          data-testid="posts-filter-kind"
        />
        <Select
          label={pt('filterStatus')}
          placeholder={pt('all')}
          data={POST_STATUSES.map((s) => ({ value: s, label: label(POST_STATUS_LABELS[s]) }))}
          value={status}
          onChange={(v) => setStatus(v)}
          clearable
          w={160}
          data-testid="posts-filter-status"
        />
        <Select
          label={pt('filterCommune')}
          placeholder={pt('all')}
          data={communes.map((c) => ({ value: c.code, label: c.name }))}
          value={commune}
          onChange={setCommune}
          clearable
          searchable
          w={200}
          data-testid="posts-filter-commune"
        />
        <Checkbox
          label={pt('filterIncidents')}
          checked={withIncidents}
          onChange={(e) => setWithIncidents(e.currentTarget.checked)}
          mb={8}
          data-testid="posts-filter-incidents"
        />
      </Group>
      {posts === null ? (
        <Loader size="sm" />
      ) : posts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="posts-list-empty">
          {pt('listEmpty')}
        </Text>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={4} data-testid="posts-list-count">
            {pt('count', { n: shown.length })}
          </Text>
          <ScrollArea.Autosize mah="60vh">
            <Table striped highlightOnHover className="saban-posts-table" data-testid="posts-table">
              <Table.Thead>
                <Table.Tr>
                  {COLUMNS.map((c) => (
                    <Table.Th
                      key={c.key}
                      ta={c.numeric ? 'right' : 'left'}
                      aria-sort={sort.key === c.key ? (sort.asc ? 'ascending' : 'descending') : 'none'}
                    >
                      <button
                        type="button"
                        onClick={() =>
                          setSort((s) =>
                            s.key === c.key ? { key: c.key, asc: !s.asc } : { key: c.key, asc: !c.numeric },
                          )
                        }
                        aria-label={pt('sortBy', { col: pt(c.label) })}
                        data-testid={`posts-sort-${c.key}`}
                      >
                        {pt(c.label)}
                        {sort.key === c.key ? (sort.asc ? ' ▲' : ' ▼') : ''}
                      </button>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((p) => (
                  <Table.Tr
                    key={p.id}
                    onClick={() => open(p)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        open(p);
                      }
                    }}
                    tabIndex={0}
                    data-testid="posts-row"
                    data-post-id={p.id}
                  >
                    <Table.Td fw={600}>{p.name}</Table.Td>
                    <Table.Td>{label(POST_KIND_LABELS[p.kind])}</Table.Td>
                    <Table.Td>{p.communeName ?? '—'}</Table.Td>
                    <Table.Td>{label(POST_STATUS_LABELS[p.status])}</Table.Td>
                    <Table.Td ta="right">{num(staffOf(p))}</Table.Td>
                    <Table.Td ta="right">{num(p.today.peopleChecked)}</Table.Td>
                    <Table.Td
                      ta="right"
                      c={p.today.incidents > 0 ? 'red.8' : undefined}
                      fw={p.today.incidents > 0 ? 700 : 400}
                    >
                      {num(p.today.incidents)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {shown.length === 0 && (
            <Text size="sm" c="dimmed" mt="sm">
              {pt('listNoMatch')}
            </Text>
          )}
        </>
      )}
    </Modal>
  );
}
