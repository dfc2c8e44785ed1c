/**
 * What IT installs (the release build, `npm run package -w extension`) does not run on the
 * PC's own web apps: the demo portals on 127.0.0.1 get the toolbar from the development build
 * (`npm run build`, what the other stories load) and nothing from the release build, whose
 * options page does not list them either.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { EXTENSION_ORIGIN, launchWithExtension, outputPath } from '../support/browser.js';
import { loginPortal } from '../support/portals.js';

const EXTENSION_DIR = fileURLToPath(new URL('../../extension', import.meta.url));
const RELEASE_DIST = join(EXTENSION_DIR, 'dist', 'release', 'chromium');

describe('release build: nothing on loopback', () => {
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  let development: Browser;
  let release: Browser;

  beforeAll(async () => {
    // Today's sources, as `npm run package -w extension` builds them (Chromium only here).
    const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--mode', 'release', '--logLevel', 'warn'], {
      cwd: EXTENSION_DIR,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    development = await launchWithExtension();
    release = await launchWithExtension(RELEASE_DIST);
  }, 180_000);

  afterAll(async () => {
    await development?.close();
    await release?.close();
    await portals?.close();
  });

  async function classPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await page.goto(`${portals.urlA}/lop/4a`, { waitUntil: 'load' });
    await page.waitForSelector('table');
    return page;
  }

  it('the demo portal on 127.0.0.1: toolbar from the development build, none from the release', async () => {
    expect(portals.urlA).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+$/);
    const dev = await classPage(development);
    const started = Date.now();
    await dev.waitForSelector('[data-hocba-host]', { timeout: 30_000 });
    const devMs = Date.now() - started;
    await dev.close();

    const page = await classPage(release);
    // Several times what the development build needed, at least 3 s: it would be there by now.
    await new Promise((resolve) => setTimeout(resolve, Math.max(3_000, 3 * devMs)));
    expect(await page.$('[data-hocba-host]')).toBeNull();
    expect(await page.$('[data-hocba-overlay]')).toBeNull();
    await page.screenshot({ path: outputPath('release-build-portal-a.png') });
    await page.close();
  });

  it('the options page lists the demo portals in the development build only', async () => {
    const shown = async (browser: Browser, name: string) => {
      const page = await browser.newPage();
      await page.goto(`${EXTENSION_ORIGIN}/src/pages/options/index.html`);
      await page.waitForSelector('[data-hocba="reach-vendors"] li');
      const demo = await page.$('[data-hocba="reach-demo"]');
      await page.screenshot({ path: outputPath(`release-build-options-${name}.png`), fullPage: true });
      await page.close();
      return demo !== null;
    };
    expect(await shown(development, 'development')).toBe(true);
    expect(await shown(release, 'release')).toBe(false);
  });
});
