/**
 * `hocba` as the user can type it on this PC, for the hints that tell them what to run.
 *
 * The release bundle (scripts/package.mjs) puts the launcher beside `app/`: `hocba.cmd` on
 * Windows (scripts/windows/launchers.mjs), the `hocba` shell script elsewhere. The Windows
 * installer does not add its folder to PATH (editing PATH is fragile and per-machine), so a
 * bare "hocba.cmd install" works only from that folder: on Windows the hints name the full
 * path of the installed hocba.cmd. Elsewhere they say `hocba` when `hocba` on PATH is this
 * bundle's launcher, else its full path. Outside a bundle (a checkout, `npm link`) the name.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the launcher that runs this companion is, as far as the companion can tell. */
export interface LauncherPlace {
  /** Full path of the bundle's launcher (hocba.cmd on Windows, hocba elsewhere), if any. */
  launcher?: string;
  /** `hocba` typed at a prompt runs that launcher (it is the first `hocba` on PATH). */
  onPath?: boolean;
}

/** cmd.exe: a path with a space or one of its special characters goes in double quotes. */
const CMD_NEEDS_QUOTES = /[\s&()[\]{}^=;!'+,`~%]/;
/** sh: only these characters are safe bare; anything else, single quotes. */
const SH_SAFE = /^[\w@%+=:,./-]+$/;

/** The command as typed at the platform's prompt, quoted where the path needs it. */
export function formatHocbaCommand(platform: NodeJS.Platform, place: LauncherPlace): string {
  if (platform === 'win32') {
    if (!place.launcher) return 'hocba.cmd';
    return CMD_NEEDS_QUOTES.test(place.launcher) ? `"${place.launcher}"` : place.launcher;
  }
  if (!place.launcher || place.onPath) return 'hocba';
  return SH_SAFE.test(place.launcher) ? place.launcher : `'${place.launcher.replaceAll("'", `'\\''`)}'`;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The first `name` on PATH, as a shell would find it (a file, not a folder). */
function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * This companion's launcher: `<bundle>/app/dist/deploy/command-name.js` → `<bundle>/hocba(.cmd)`.
 * `appDir` is for tests; by default the folder this module was loaded from.
 */
export function findLauncherPlace(
  platform: NodeJS.Platform,
  appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  path = process.env.PATH,
): LauncherPlace {
  if (basename(appDir) !== 'app') return {};
  const launcher = join(dirname(appDir), platform === 'win32' ? 'hocba.cmd' : 'hocba');
  if (!existsSync(launcher)) return {};
  if (platform === 'win32') return { launcher };
  const first = onPath('hocba', path);
  return { launcher, onPath: first !== undefined && sameFile(first, launcher) };
}

const places = new Map<NodeJS.Platform, LauncherPlace>();

/**
 * `hocba` as typed at this PC's prompt (see the top of this file). `platform` names another
 * platform's command (the doctor's tests); `place` overrides where the launcher was found.
 */
export function hocbaCommand(
  platform: NodeJS.Platform = process.platform,
  place: LauncherPlace = places.get(platform) ??
    places.set(platform, findLauncherPlace(platform)).get(platform) ??
    {},
): string {
  return formatHocbaCommand(platform, place);
}
