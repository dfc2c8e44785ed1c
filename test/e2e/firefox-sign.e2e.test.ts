/**
 * Both halves in Firefox: the homeroom teacher signs her class in demo portal B (which offers
 * each record as JSON, no PDF) from the Firefox build of the extension. The real companion
 * (`hocba serve`, SoftHSM2 demo token) renders each record with the shared renderer, puts the
 * record inside, and signs it; every archived PDF is intact for the shared verifier and
 * carries exactly the portal's record.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf } from '@hocba/shared/verify';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { outputPath } from '../support/browser.js';
import { DEMO_PIN, type RunningCompanion, startCompanion } from '../support/companion.js';
import {
  extensionPage,
  extensionPolicies,
  FIREFOX_ORIGIN,
  launchFirefoxWithExtension,
} from '../support/firefox.js';
import { openPage } from '../support/navigation.js';
import { loginPortal } from '../support/portals.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

const CLASS_SIZE = 10;

describe('Firefox: a teacher signs a class of records (JSON) from portal B', () => {
  let browser: Browser;
  let portals: Awaited<ReturnType<typeof startDemoPortals>>;
  let companion: RunningCompanion;

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')), {
      origin: FIREFOX_ORIGIN,
    });
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      defectRate: 0,
      size: CLASS_SIZE,
      trustAnchors: [companion.rootPem],
    });
    ({ browser } = await launchFirefoxWithExtension(
      extensionPolicies({ companionPort: companion.port, pairing: companion.pairing }),
    ));
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('one PIN; the companion renders and signs every record, each with the record inside', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1300, height: 900 });
    await loginPortal(page, portals.urlB, 'gvcn');
    await openPage(page, `${portals.urlB}/lop/3a?hk=cn`, 'open class 3A (portal B)');
    await inToolbar(page, '[data-hocba-action="sign"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    await clickToolbar(page, '[data-hocba-action="sign"]');
    const signPage = await extensionPage(browser, 'src/pages/sign/index.html');
    await signPage.waitForSelector('[data-hocba="sign-form"], [data-hocba="sign-error"]', {
      timeout: 30_000,
    });
    const problem = await signPage.$('[data-hocba="sign-error"]');
    if (problem) throw new Error(`sign window: ${await problem.evaluate((el) => el.textContent)}`);
    expect(await signPage.$$eval('[data-hocba="documents"] li', (els) => els.length)).toBe(CLASS_SIZE);
    await signPage.type('input[name=pin]', DEMO_PIN);
    await signPage.click('[data-hocba="sign-submit"]');
    await signPage.waitForSelector('[data-hocba="result"]', { timeout: 120_000 });
    await signPage.screenshot({ path: outputPath('firefox-sign-portal-b.png'), fullPage: true });
    expect(await signPage.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      `Đã ký ${CLASS_SIZE} / ${CLASS_SIZE} học bạ`,
    );
    expect(await signPage.content()).not.toContain(DEMO_PIN);

    const archive = join(companion.dataDir, 'archive');
    const batch = readdirSync(archive);
    expect(batch).toHaveLength(1);
    const pdfs = readdirSync(join(archive, batch[0]!)).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(CLASS_SIZE);
    const sent = new Map(
      portals.storeB.classById('3a').records.map((r: { recordId: string }) => [r.recordId, r]),
    );
    for (const file of pdfs) {
      const report = await verifyPdf(new Uint8Array(readFileSync(join(archive, batch[0]!, file))), {
        trust: { anchors: [companion.rootPem] },
      });
      expect(report.signatures.map((s) => [s.role, s.integrity.status, s.trust.status])).toEqual([
        ['gvcn', 'INTACT', 'TRUSTED'],
      ]);
      expect(report.modifiedAfterSigning).toBe(false);
      expect(report.record).toMatchObject({ status: 'OK', signed: true });
      const record = report.record?.record;
      expect(record).toEqual(sent.get(record?.recordId ?? ''));
      sent.delete(record?.recordId ?? '');
    }
    expect(sent.size).toBe(0);
  });
});
