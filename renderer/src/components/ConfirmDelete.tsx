/** Moved to renderer/src/ui/ConfirmDelete.tsx; this re-export keeps old imports compiling until merge. */
export { ConfirmDelete } from '../ui/ConfirmDelete';
