/** What the two team lists share: the people to choose from and the edit/delete dialog state. */
import { useState } from 'react';
import type { Person } from '../../../../shared/contract-people';
import { useApiQuery } from '../../data/query';
import { useErrorNotice } from '../../data/use-error-notice';
import { useMay } from '../auth/me';

const NO_PEOPLE: readonly Person[] = [];

/** Everyone in the register, through the query cache (refreshed after any people write). */
export function usePeopleList(): readonly Person[] {
  const query = useApiQuery('people.list', {});
  useErrorNotice(query.error);
  return query.data ?? NO_PEOPLE;
}

/** A person as a choice: "Name — position". */
export const personOptions = (people: readonly Person[]): { value: string; label: string }[] =>
  people.map((p) => ({ value: p.id, label: p.position ? `${p.fullName} — ${p.position}` : p.fullName }));

/**
 * The record being edited (or a new one) and the one being deleted; `saved`/`deleted` close the
 * dialogs and tell the parent. The lists refresh themselves: every team write invalidates them.
 */
export function useTeamEditing<T extends { readonly id: string }>(onChanged?: () => void) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const mayWrite = useMay('write');
  return {
    /** False for a role that only reads: no add, edit or delete. */
    mayWrite,
    editing,
    setEditing,
    deleting,
    setDeleting,
    saved: (): void => {
      setEditing(null);
      onChanged?.();
    },
    deleted: (id: string): void => {
      if (editing !== 'new' && editing?.id === id) setEditing(null);
      setDeleting(null);
      onChanged?.();
    },
  };
}
