/**
 * Firefox ESR (Debian's `firefox-esr`) with the Firefox build of the extension, driven by
 * puppeteer over WebDriver BiDi.
 *
 * Firefox reads enterprise policies (policies.json, where IT puts the extension's managed
 * settings under `3rdparty.Extensions["hocba-so@hocba.vn"]`) only from its install folder's
 * `distribution/` (or /etc): no flag or pref points a release build elsewhere. So each test
 * run lays out a private install — the real binary copied, everything else symlinked to
 * /usr/lib/firefox-esr — with a `distribution/policies.json` of its own, exactly where IT's
 * would be. Nothing on the machine is changed.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_DIST = fileURLToPath(new URL('../../extension/dist/firefox', import.meta.url));
export const GECKO_ID = 'hocba-so@hocba.vn';
/**
 * Firefox draws the UUID of `moz-extension://<uuid>` once per profile. IT fixes it with the
 * Preferences policy below (the pref accepts the `extensions.` prefix), so the companion's
 * pre-provisioned pairing can name the origin; `default` keeps Firefox free to add the
 * UUIDs of other add-ons to the same pref.
 */
export const FIREFOX_UUID = '6b1f3c2e-9d84-4a57-b0c3-2e7f5a9d1c48';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_UUID}`;

/** What IT's policies.json holds for the extension: its origin and its managed settings. */
export function extensionPolicies(settings: Record<string, unknown>): object {
  return {
    Preferences: {
      'extensions.webextensions.uuids': {
        Value: JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
        Status: 'default',
      },
    },
    '3rdparty': { Extensions: { [GECKO_ID]: settings } },
  };
}

export function firefoxPath(): string {
  return process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
}

/** A private Firefox install whose distribution/policies.json holds `policies`. */
function privateInstall(policies: object): { executable: string; dir: string } {
  const binary = realpathSync(firefoxPath());
  const installDir = dirname(binary);
  const copy = mkdtempSync(join(tmpdir(), 'hocba-firefox-'));
  for (const name of readdirSync(installDir)) {
    const from = join(installDir, name);
    if (name === 'distribution') continue;
    // The binaries are copied: Firefox finds its install folder from its own executable.
    if (name === 'firefox-bin' || from === binary) copyFileSync(from, join(copy, name));
    else symlinkSync(from, join(copy, name));
  }
  mkdirSync(join(copy, 'distribution'));
  writeFileSync(join(copy, 'distribution', 'policies.json'), JSON.stringify({ policies }, null, 2));
  return { executable: join(copy, binary.slice(installDir.length + 1)), dir: copy };
}

/** Headless Firefox with the Firefox build installed (temporarily, as about:debugging would). */
export async function launchFirefoxWithExtension(
  policies: object = {},
): Promise<{ browser: Browser; extensionId: string }> {
  const install = privateInstall(policies);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: install.executable,
    headless: true,
    extraPrefsFirefox: {
      'intl.locale.requested': 'vi',
    },
  });
  browser.once('disconnected', () => rmSync(install.dir, { recursive: true, force: true }));
  const extensionId = await browser.installExtension(FIREFOX_DIST);
  return { browser, extensionId };
}

/**
 * A tab showing one of the extension's own pages (the sign window the extension opens).
 * Firefox does not report moz-extension navigations to WebDriver BiDi, so puppeteer's
 * target URL stays about:blank: ask each tab where it is instead.
 */
export async function extensionPage(browser: Browser, path: string, timeoutMs = 30_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`${FIREFOX_ORIGIN}/${path}`)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no tab showed ${FIREFOX_ORIGIN}/${path} within ${timeoutMs} ms`);
}
