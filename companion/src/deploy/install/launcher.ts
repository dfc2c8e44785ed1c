import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How autostart runs the companion: absolute node and absolute script, no PATH lookup at login. */
export interface Launcher {
  node: string;
  script: string;
  /** Windows: hocba-companion.exe beside node.exe in the Windows bundle (no console window). */
  windowless?: string;
}

export function defaultLauncher(exists: (path: string) => boolean = existsSync): Launcher {
  const windowless = join(dirname(process.execPath), 'hocba-companion.exe');
  return {
    node: process.execPath,
    // dist/deploy/install/launcher.js → bin/hocba.js, the same in the repository and in the release bundle.
    script: fileURLToPath(new URL('../../../bin/hocba.js', import.meta.url)),
    ...(process.platform === 'win32' && exists(windowless) ? { windowless } : {}),
  };
}
