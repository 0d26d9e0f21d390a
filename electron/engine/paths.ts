import os from 'node:os';
import path from 'node:path';

/**
 * The per-user app-data folder, as Electron's `app.getPath('userData')` gives it for "Sa Ban":
 * %APPDATA%\Sa Ban on Windows, ~/Library/Application Support/Sa Ban on macOS,
 * $XDG_CONFIG_HOME/Sa Ban (default ~/.config/Sa Ban) on Linux. `SABAN_HOME` overrides.
 */
export function userDataDir(): string {
  const override = process.env['SABAN_HOME'];
  if (override) return override;
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Sa Ban');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Sa Ban');
    default:
      return path.join(process.env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'Sa Ban');
  }
}

/** The default database file. */
export function defaultDbPath(): string {
  return path.join(userDataDir(), 'saban.sqlite');
}
