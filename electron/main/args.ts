/**
 * The value of `--db FILE` or `--db=FILE` in the process arguments, or null. Electron's argv
 * holds Chromium switches and (unpackaged) the app path too, so only this one flag is read and
 * everything else is left alone.
 */
export function dbArg(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--db') {
      const next = argv[i + 1];
      return next !== undefined && next !== '' && !next.startsWith('--') ? next : null;
    }
    if (a.startsWith('--db=')) {
      const v = a.slice('--db='.length);
      return v === '' ? null : v;
    }
  }
  return null;
}
