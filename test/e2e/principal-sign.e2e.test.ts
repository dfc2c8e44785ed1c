/**
 * Story 2 (principal): the homeroom teacher signs her class as GVCN, then the principal
 * approves and signs the same 35 records in one batch with one PIN, in the extension's own
 * sign window, sees the progress, and portal A's upload (which verifies every signature)
 * accepts every file. Real companion, real SoftHSM2 token, Debian Chromium.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { extensionWorker, launchWithExtension, outputPath } from '../support/browser.js';
import { DEMO_PIN, type RunningCompanion, startCompanion } from '../support/companion.js';
import { loginPortal, toolbarStatus } from '../support/portals.js';
import { openSignWindow, signWithPin } from '../support/sign-window.js';
import { clickToolbar, inToolbar } from '../support/toolbar.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;

async function signClassAs(
  browser: Browser,
  page: Page,
  role: 'gvcn' | 'principal',
  shot: string,
): Promise<Page> {
  await inToolbar(page, '[data-hocba-action="sign"]');
  await clickToolbar(page, '[data-hocba-action="check"]');
  // The PIN form comes once the window has read and checked all 35 records from the portal tab.
  const signPage = await openSignWindow(browser, page, shot);
  const listed = await signPage.$$eval('[data-hocba="documents"] li', (els) => els.length);
  expect(listed).toBe(35);
  expect(await signPage.$eval('[data-hocba="documents-heading"]', (el) => el.textContent)).toBe(
    'Học bạ sẽ ký (35)',
  );
  // The role comes from the certificate and the portal login (gvcn / hieutruong), never a default.
  expect(await signPage.$eval('input[name=role]:checked', (el) => (el as HTMLInputElement).value)).toBe(role);
  // Only the groups that hold documents: no "0 awaiting your decision".
  expect(await signPage.$eval('[data-hocba="lead"]', (el) => el.textContent)).toBe(
    '35 học bạ từ cổng thông tin: sẽ ký 35. Danh sách đọc từ chính các học bạ.',
  );
  // Beside the PIN field, from the records themselves: the class, the year, the role, and
  // the stamp the companion will draw (its own stampLines, with the chosen certificate).
  const roleLabel = role === 'gvcn' ? 'Giáo viên chủ nhiệm' : 'Hiệu trưởng';
  const holder = role === 'gvcn' ? 'Nguyễn Thị Lan (DEMO)' : 'Trần Văn Minh (DEMO)';
  const overview = await signPage.$eval(
    '[data-hocba="batch-overview"]',
    (el) => (el as HTMLElement).innerText,
  );
  expect(overview).toMatch(
    new RegExp(
      `^Bạn sẽ ký 35 học bạ: lớp 3A · năm học 2025-2026 · .+ · với vai trò ${roleLabel} \\(đọc từ chính`,
    ),
  );
  expect(await signPage.$('[data-hocba="batch-mixed"]')).toBeNull();
  const stamp = await signPage.$eval('[data-hocba="stamp-preview"]', (el) => (el as HTMLElement).innerText);
  expect(stamp).toContain(`Chữ ký sẽ hiện trên mỗi học bạ, ở ô ${roleLabel}:`);
  expect(stamp).toContain(`Ký bởi: ${holder}`);
  expect(stamp).toContain(`Vai trò: ${roleLabel}`);
  expect(stamp).toContain('Thời gian: giờ và ngày lúc ký (giờ Việt Nam)');
  await signPage.screenshot({ path: outputPath(`${shot}-1-sign-window.png`), fullPage: true });
  // "View" opens the portal's PDF as it will be signed: the bytes the list's SHA-256 names.
  const previewOpened = browser.waitForTarget((t) => t.url().startsWith('blob:chrome-extension://'), {
    timeout: 20_000,
  });
  await signPage.click('[data-hocba="preview"]');
  const previewTarget = await previewOpened;
  expect(previewTarget.url()).toMatch(/^blob:chrome-extension:\/\//);
  await (await previewTarget.page())?.close();
  await signWithPin(signPage);
  await signPage.screenshot({ path: outputPath(`${shot}-2-signed.png`), fullPage: true });
  // What the batch got, said once in words above the list when every record got the same
  // (the PAdES code stays in its tooltip), not on each of the 35 lines.
  const levels = await signPage.$$eval('[data-hocba="level"]', (els) =>
    els.map((el) => el.textContent?.trim()),
  );
  expect(levels).toHaveLength(1);
  expect([
    'Cả 35 học bạ: giờ ký lấy theo đồng hồ của máy tính này.',
    'Cả 35 học bạ: giờ ký được máy chủ cấp dấu thời gian xác nhận.',
  ]).toContain(levels[0]);
  expect(await signPage.$eval('[data-hocba="documents-heading"]', (el) => el.textContent)).toBe(
    'Học bạ trong lần ký này (35)',
  );
  // The PIN field is gone and nothing on the page holds the PIN.
  expect(await signPage.content()).not.toContain(DEMO_PIN);
  return signPage;
}

describe('principal: approve and sign a class of 35 in one batch, one PIN', () => {
  let browser: Browser;
  let portals: Portals;
  let companion: RunningCompanion;

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')));
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      defectRate: 0,
      trustAnchors: [companion.rootPem],
    });
    browser = await launchWithExtension();
    const worker = await extensionWorker(browser);
    await worker.evaluate(
      (port, pairing) => chrome.storage.local.set({ companionPort: port, pairing }),
      companion.port,
      companion.pairing,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('GVCN then principal sign 35 records; the portal accepts all 35 with both signatures', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1300, height: 900 });
    await loginPortal(page, portals.urlA, 'gvcn');
    await page.goto(`${portals.urlA}/lop/3a`);
    const gvcnWindow = await signClassAs(browser, page, 'gvcn', 'principal-sign-a-gvcn');
    expect(await gvcnWindow.$eval('[data-hocba="result-summary"]', (el) => el.textContent)).toContain(
      'Đã ký 35 / 35 học bạ',
    );
    expect(await toolbarStatus(page, 'Đã gửi 35 học bạ đã ký lên cổng thông tin.')).toBe(
      'Đã gửi 35 học bạ đã ký lên cổng thông tin.',
    );
    expect(Object.keys(portals.storeA.state.signed)).toHaveLength(35);
    await gvcnWindow.close();

    await loginPortal(page, portals.urlA, 'hieutruong');
    await page.goto(`${portals.urlA}/lop/3a`);
    // The portal's own script turns hostile: it records every key and input event it can
    // see, watches the DOM, and keeps whatever window it can get hold of.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      for (const type of ['keydown', 'keyup', 'keypress', 'input', 'paste']) {
        window.addEventListener(type, (e) => w.seen.push(`${type}:${(e as KeyboardEvent).key ?? ''}`), true);
      }
      new MutationObserver((records) => {
        for (const r of records) w.seen.push(`dom:${r.target.textContent?.slice(0, 200) ?? ''}`);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const principalWindow = await signClassAs(browser, page, 'principal', 'principal-sign-b-principal');
    expect(await principalWindow.$eval('[data-hocba="result"]', (el) => el.getAttribute('data-status'))).toBe(
      'completed',
    );
    expect(await toolbarStatus(page, 'Đã gửi 35 học bạ đã ký lên cổng thông tin.')).toBe(
      'Đã gửi 35 học bạ đã ký lên cổng thông tin.',
    );
    await page.screenshot({ path: outputPath('principal-sign-c-portal.png') });
    const signed = Object.values(portals.storeA.state.signed);
    expect(signed).toHaveLength(35);
    for (const entry of signed) {
      expect(entry.signers.map((s) => s.role)).toEqual(['gvcn', 'principal']);
    }

    // What the hostile portal script got: no key of the PIN, nothing with the PIN in it.
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.filter((e) => /^key|^input|^paste/.test(e))).toEqual([]);
    expect(seen.join('\n')).not.toContain(DEMO_PIN);
    // Nor can it reach the companion itself, or the extension: the companion refuses its
    // Origin before anything else, and the extension exposes nothing to web pages.
    const reach = await page.evaluate(async (port) => {
      const ws = await new Promise<string>((resolve) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}`);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      });
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      return { ws, extensionMessaging: typeof runtime?.sendMessage };
    }, companion.port);
    expect(reach).toEqual({ ws: 'refused', extensionMessaging: 'undefined' });

    // poppler's pdfsig, an independent implementation, trusting the demo root: both
    // signatures of every file valid and trusted.
    const nss = mkdtempSync(join(tmpdir(), 'hocba-nss-'));
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    const rootFile = join(nss, 'root.pem');
    writeFileSync(rootFile, companion.rootPem);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-root', '-t', 'CT,C,C', '-i', rootFile]);
    for (const recordId of Object.keys(portals.storeA.state.signed).slice(0, 5)) {
      const file = join(nss, `${recordId}.pdf`);
      const pdf = portals.storeA.signedPdf(recordId);
      expect(pdf).toBeDefined();
      writeFileSync(file, pdf as Uint8Array);
      const out = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }).stdout;
      expect(out.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(out.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    }
  }, 300_000); // two rounds of 35 signatures, uploads and pdfsig: room for a loaded machine
});
