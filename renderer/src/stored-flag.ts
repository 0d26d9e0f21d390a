/** Moved to renderer/src/ui/stored-flag.ts; this re-export keeps old imports compiling until merge. */
export { useStoredFlag } from './ui/stored-flag';
