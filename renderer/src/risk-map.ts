/** Moved to renderer/src/features/risk/risk-map.ts; this re-export keeps old imports compiling until merge. */
export * from './features/risk/risk-map';
