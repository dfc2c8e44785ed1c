/**
 * `hocba` as the technician types it on this PC, for the texts that say what to run: the
 * Windows bundle's shim is hocba.cmd (scripts/windows/launchers.mjs), elsewhere `hocba`.
 * The same rule as the companion's own hints (companion/src/deploy/command-name.ts).
 */
import browser from 'webextension-polyfill';

/** `os` as browser.runtime.getPlatformInfo() gives it: 'win', 'linux', 'mac', 'cros'… */
export function hocbaCommandFor(os: string | undefined): string {
  return os === 'win' ? 'hocba.cmd' : 'hocba';
}

/** This PC's command; `hocba` when the browser does not say (the texts must still show). */
export async function hocbaCommandHere(): Promise<{ command: string; windows: boolean }> {
  try {
    const { os } = await browser.runtime.getPlatformInfo();
    return { command: hocbaCommandFor(os), windows: os === 'win' };
  } catch {
    return { command: hocbaCommandFor(undefined), windows: false };
  }
}
