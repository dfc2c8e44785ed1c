/**
 * The hostile portal table of hostile-table.e2e.test.ts, in Firefox ESR: the content
 * script's reading of what a page shows (visibility, CSS generated text, bidi overrides,
 * closed shadow roots through Firefox's own API, transforms, spacing, text-transform, opacity,
 * boxes laid over a cell) flags the same tampered rows, and only them: not the untouched rows
 * with a selection checkbox, nor the sticky headers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { outputPath } from '../support/browser.js';
import { launchFirefoxWithExtension } from '../support/firefox.js';
import {
  FLAG_TEXT,
  listed,
  ROUND_SIX,
  rowNames,
  TRICKS,
  tamper,
  tamperRoundSix,
} from '../support/hostile-table.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar, toolbarText } from '../support/toolbar.js';

describe('Firefox ESR: a hostile portal table', () => {
  let browser: Browser;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;

  beforeAll(async () => {
    portals = await startDemoPortals({ dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')) });
    ({ browser } = await launchFirefoxWithExtension());
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  it('flags every tampered row and no other', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await openPage(page, `${portals.urlA}/lop/4a`, 'open class 4A (portal A)');
    await inToolbar(page, '[data-hocba-action="check"]');
    const names = await rowNames(page);
    expect(await tamper(page)).toHaveLength(TRICKS.length);
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    expect(await toolbarText(page, '[data-hocba="summary"]')).toMatch(
      new RegExp(`^${names.length} học sinh:`),
    );
    const flagged = (await listed(page)).filter((l) => l.text.includes(FLAG_TEXT));
    expect(flagged).toHaveLength(TRICKS.length);
    const untouched = names.filter((_, i) => i === 0 || i > TRICKS.length);
    for (const f of flagged) expect(untouched).not.toContain(f.name);
    await page.screenshot({ path: outputPath('firefox-hostile-table.png') });
    await page.close();
  });

  it('round six: flags every tampered row of class 5A and none of the look-alikes', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await openPage(page, `${portals.urlA}/lop/5a`, 'open class 5A (portal A)');
    await inToolbar(page, '[data-hocba-action="check"]');
    const names = await rowNames(page);
    expect(await tamperRoundSix(page)).toHaveLength(ROUND_SIX.length);
    await clickToolbar(page, '[data-hocba-action="check"]');
    // Two web fonts and a canvas per digit font: give a loaded machine its time.
    await inToolbar(page, '[data-hocba="summary"]', 90_000);
    const flagged = (await listed(page)).filter((l) => l.text.includes(FLAG_TEXT));
    const untouched = names.filter((_, i) => i === 0 || i > ROUND_SIX.length).map((n) => n.trim());
    expect(flagged.filter((f) => untouched.includes(f.name)).map((f) => f.name)).toEqual([]);
    expect(flagged).toHaveLength(ROUND_SIX.length);
    await page.screenshot({ path: outputPath('firefox-hostile-table-round-six.png'), fullPage: true });
    await page.close();
  }, 180_000);
});
