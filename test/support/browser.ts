import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type WebWorker } from 'puppeteer-core';

/** The Chromium build of the extension, made by `npm run build`. */
export const EXTENSION_DIST = fileURLToPath(new URL('../../extension/dist/chromium', import.meta.url));

/** Fixed by the manifest `key` (see extension/manifest.config.ts). */
export const EXTENSION_ID = 'jfholdamahenahlfmimleieloadpkmgo';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

/** Screenshots and other artefacts a person should look at. */
export const OUTPUT_DIR = fileURLToPath(new URL('../../test-output', import.meta.url));

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function outputPath(...parts: string[]): string {
  const path = join(OUTPUT_DIR, ...parts);
  mkdirSync(join(path, '..'), { recursive: true });
  return path;
}

/** What every test browser shares: headless, Vietnamese, quiet, no sandbox (tests run as root). */
function vietnameseHeadless() {
  return {
    executablePath: chromiumPath(),
    headless: true,
    pipe: true,
    // Chromium on Linux takes its UI language (and so the extension's _locales) from the
    // environment; the schools we serve run Vietnamese browsers.
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
  };
}

/** Starts Debian's Chromium headless with the built extension loaded (`dist`: another build of it). */
export async function launchWithExtension(dist = EXTENSION_DIST): Promise<Browser> {
  if (!existsSync(join(dist, 'manifest.json'))) {
    throw new Error(`extension is not built: ${dist} (run npm run build)`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'hocba-chromium-'));
  return removedOnClose(
    await puppeteer.launch({ enableExtensions: [dist], userDataDir, ...vietnameseHeadless() }),
    userDataDir,
  );
}

/**
 * The profile goes with the browser: a story leaves no profile behind for the next. Best
 * effort, after the browser process has exited (a Chromium helper can still be writing).
 */
function removedOnClose(browser: Browser, userDataDir: string): Browser {
  const remove = () =>
    void rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(
      () => undefined,
    );
  const child = browser.process();
  if (child) child.once('exit', remove);
  else browser.once('disconnected', remove);
  return browser;
}

/** The extension's service worker, once it runs. */
export async function extensionWorker(browser: Browser): Promise<WebWorker> {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`${EXTENSION_ORIGIN}/`),
    { timeout: 20_000 },
  );
  const worker = await target.worker();
  if (!worker) throw new Error('service worker target has no worker');
  // The target can appear before the extension APIs are bound to its global scope.
  const deadline = Date.now() + 10_000;
  while (!(await worker.evaluate(() => typeof chrome !== 'undefined' && Boolean(chrome.storage)))) {
    if (Date.now() > deadline) throw new Error('extension APIs never appeared in the service worker');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}

/** The standalone verify file, made by `npm run build` (extension/vite.standalone.config.ts). */
export const STANDALONE_HTML = fileURLToPath(
  new URL('../../extension/dist/verify-standalone/hocba-xac-minh.html', import.meta.url),
);

/** Debian's Chromium headless with no extension: what a school without the extension has. */
export async function launchPlain(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'hocba-chromium-plain-'));
  return removedOnClose(await puppeteer.launch({ userDataDir, ...vietnameseHeadless() }), userDataDir);
}
