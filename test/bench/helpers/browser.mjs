/**
 * Debian's Chromium, headless, with or without the built extension: the same launch as
 * test/support/browser.ts (which is TypeScript, for vitest; the bench runs plain Node).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

/** The built extension; HOCBA_BENCH_EXTENSION_DIST names another build (to compare two builds). */
export const EXTENSION_DIST =
  process.env.HOCBA_BENCH_EXTENSION_DIST ??
  fileURLToPath(new URL('../../../extension/dist/chromium', import.meta.url));
export const EXTENSION_ORIGIN = 'chrome-extension://jfholdamahenahlfmimleieloadpkmgo';

/**
 * An MV3 extension that does nothing (a manifest and nothing else): the control for what any
 * extension costs a page in Chromium, beside what ours adds. `remove()` deletes it.
 */
export function emptyExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'hocba-bench-empty-ext-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'empty', version: '1.0' }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Launches Chromium; `close()` also removes its profile. `extension`: false, true (the built
 * extension), the folder of another unpacked extension (the control), or several folders.
 */
export async function launch({ extension }) {
  const dirs = Array.isArray(extension)
    ? extension
    : typeof extension === 'string'
      ? [extension]
      : extension
        ? [EXTENSION_DIST]
        : [];
  for (const dir of dirs)
    if (!existsSync(join(dir, 'manifest.json')))
      throw new Error(`extension is not built: ${dir} (run npm run build)`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'hocba-bench-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    ...(dirs.length ? { enableExtensions: dirs } : {}),
    userDataDir,
    env: { ...process.env, LANGUAGE: 'vi', LANG: 'vi_VN.UTF-8' },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=vi',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The extension's service worker once its APIs are bound (see test/support/browser.ts). */
export async function extensionWorker(browser) {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`${EXTENSION_ORIGIN}/`),
    { timeout: 20_000 },
  );
  const worker = await target.worker();
  const deadline = Date.now() + 10_000;
  while (!(await worker.evaluate(() => typeof chrome !== 'undefined' && Boolean(chrome.storage)))) {
    if (Date.now() > deadline) throw new Error('extension APIs never appeared in the service worker');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}
