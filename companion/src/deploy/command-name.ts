/**
 * `hocba` as typed at the platform's prompt, for the hints that tell the user what to run:
 * on Windows the bundle's shim is hocba.cmd (scripts/windows/launchers.mjs), elsewhere the
 * `hocba` launcher.
 */
export function hocbaCommand(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'hocba.cmd' : 'hocba';
}
