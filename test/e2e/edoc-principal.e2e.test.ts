/**
 * Story (principal, eDoc replica): in "Sổ ký duyệt", the book "Học bạ số khối 5" holds 48
 * PDF files from three classes, 20 a page, each submitted and signed by its class's GVCN.
 * One was refused earlier and one waits for its teacher. The principal opens the book's
 * first page; the toolbar reads all three pages and offers the 46 "Chờ ký" files, which she
 * signs in one batch with one PIN; every signed file goes back as "Ký số CA" does, the
 * replica keeps it only when it is the submitted file plus a valid principal signature, and
 * the statuses on every page read "Đã ký". Real companion, SoftHSM2 token, Debian Chromium.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { signAsTeacher } from '../demo-portals/sign-submissions.mjs';
import { extensionWorker, launchWithExtension, outputPath } from '../support/browser.js';
import { DEMO_PIN, type RunningCompanion, SOFTHSM_MODULE, startCompanion } from '../support/companion.js';
import { clickAndLoad } from '../support/navigation.js';
import { loginPortal, toolbarStatus } from '../support/portals.js';
import { openSignWindow, signWithPin } from '../support/sign-window.js';
import { toolbarRoot, toolbarText } from '../support/toolbar.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;

/** The statuses the principal sees on every page of the book, by file id. */
async function statusesOnAllPages(page: Page, url: string): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (let n = 1; n <= 3; n++) {
    await page.goto(`${url}?trang=${n}`);
    const rows = await page.$$eval('#tblFileNop tbody tr[data-file-id]', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-file-id') ?? '',
        tr.querySelector('.trang-thai .badge')?.textContent ?? '',
      ]),
    );
    for (const [id, status] of rows) all.set(id as string, status as string);
  }
  return all;
}

describe('principal in eDoc: sign every "Chờ ký" file of a book across pages, one batch', () => {
  let browser: Browser;
  let portals: Portals;
  let companion: RunningCompanion;

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')));
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      trustAnchors: [companion.rootPem],
    });
    // The teachers' step, with their tokens (the demo token here): GVCN signatures first.
    await portals.edoc.prepareSubmissions(
      signAsTeacher({ env: companion.env, module: SOFTHSM_MODULE, pin: DEMO_PIN }),
    );
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

  it('reads 3 pages, signs the 46 waiting files, and every status turns "Đã ký"', async () => {
    const files = portals.edoc.store.state.files;
    expect(files).toHaveLength(48);
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await loginPortal(page, portals.urlEdoc, 'hieutruong');
    // The books, grouped by level, as the guide shows them.
    expect(page.url()).toBe(`${portals.urlEdoc}/so-ky-duyet`);
    expect(await page.$$eval('.card-header', (els) => els.map((e) => e.textContent))).toEqual([
      'Sổ cấp Sở',
      'Sổ cấp Phòng',
      'Sổ cấp trường',
    ]);
    await page.screenshot({ path: outputPath('edoc-principal-1-books.png') });
    expect(await page.$('[data-hocba-host]')).toBeNull(); // a list of books: nothing to read
    await clickAndLoad(page, 'a[href="/so-ky-duyet/hoc-ba-khoi-5"]', 'open the grade-5 book');

    // Page 1 of 3: the toolbar has read the other two pages as well.
    const summary = '48 tệp trên 3 trang: 46 chờ ký, 0 đã ký, 1 từ chối, 1 chưa đến lượt.';
    expect(await toolbarStatus(page, summary)).toBe(summary);
    await page.screenshot({ path: outputPath('edoc-principal-2-book-page-1.png') });
    // Opened on the last page, it reads from the first: the same 48 files, none left out.
    await page.goto(`${portals.urlEdoc}/so-ky-duyet/hoc-ba-khoi-5?trang=3`);
    expect(await toolbarStatus(page, summary)).toBe(summary);
    await page.goto(`${portals.urlEdoc}/so-ky-duyet/hoc-ba-khoi-5`);
    expect(await toolbarStatus(page, summary)).toBe(summary);

    // A book of files has no results table: nothing to check on the page, only to sign.
    expect(await (await toolbarRoot(page)).$('[data-hocba-action="check"]')).toBeNull();
    expect(await toolbarText(page, '[data-hocba="summary"]')).toBe('');
    const signPage = await openSignWindow(browser, page, 'edoc-principal-3-sign-window', 60_000);
    // eDoc's header names the user and her role: the window takes the role from that login,
    // says so, and preselects her certificate whose title names the same role.
    expect(await signPage.$eval('[data-hocba="page-login"]', (el) => el.textContent)).toContain(
      'Trần Văn Minh (Hiệu trưởng)',
    );
    expect(await signPage.$eval('input[name=role]:checked', (el) => (el as HTMLInputElement).value)).toBe(
      'principal',
    );
    expect(await signPage.$eval('[data-hocba="role-source"]', (el) => el.textContent)).not.toBe('');
    const chosenCert = await signPage.$$eval('[data-hocba="certificate"]', (els) =>
      els
        .filter((el) => el.querySelector<HTMLInputElement>('input[name=cert]')?.checked)
        .map((el) => el.textContent),
    );
    expect(chosenCert).toHaveLength(1);
    expect(chosenCert[0]).toContain('Hiệu trưởng');
    const listed = await signPage.$$eval('[data-hocba="documents"] li', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(listed).toHaveLength(46);
    // Files from all three classes and every page, none of the two that must not be signed.
    for (const cls of ['5A', '5B', '5C']) expect(listed.some((l) => l.includes(`lớp ${cls}`))).toBe(true);
    const refused = files.find((f) => f.steps[1]?.status === 'Từ chối');
    const waiting = files.find((f) => f.steps[0]?.status === 'Chờ ký');
    // Each listed document is one file of the book, by its id (the list names the pupil read
    // from the PDF itself, not the file): the 46 waiting ones, not the refused nor the early one.
    const listedIds = await signPage.$$eval('[data-hocba="documents"] li', (els) =>
      els.map((e) => (e.getAttribute('data-doc') ?? '').replace(/^\d{4}-/, '')),
    );
    expect(new Set(listedIds).size).toBe(46);
    expect(listedIds).not.toContain(refused?.id);
    expect(listedIds).not.toContain(waiting?.id);
    expect(listedIds.every((id) => files.some((f) => f.id === id))).toBe(true);
    // The book is the whole grade: its classes are listed with their counts, from the
    // records; one school year, one school, so no warning.
    expect(
      await signPage.$eval('[data-hocba="batch-overview"]', (el) => (el as HTMLElement).innerText),
    ).toMatch(/^Bạn sẽ ký 46 học bạ: lớp 5A \(\d+\), 5B \(\d+\), 5C \(\d+\) · năm học 2025-2026 · /);
    expect(await signPage.$('[data-hocba="batch-mixed"]')).toBeNull();
    await signPage.screenshot({ path: outputPath('edoc-principal-3-sign-window.png'), fullPage: true });
    await signWithPin(signPage, 180_000);
    expect(await signPage.$eval('[data-hocba="result"]', (el) => el.getAttribute('data-status'))).toBe(
      'completed',
    );
    await signPage.screenshot({ path: outputPath('edoc-principal-4-signed.png'), fullPage: true });
    const uploaded = 'Đã gửi 46 học bạ đã ký lên cổng thông tin.';
    expect(await toolbarStatus(page, uploaded)).toBe(uploaded);

    // Every page now shows the principal's signature on every file she could sign.
    const statuses = await statusesOnAllPages(page, `${portals.urlEdoc}/so-ky-duyet/hoc-ba-khoi-5`);
    expect(statuses.size).toBe(48);
    const counts: Record<string, number> = {};
    for (const s of statuses.values()) counts[s] = (counts[s] ?? 0) + 1;
    expect(counts).toEqual({ 'Đã ký': 46, 'Từ chối': 1, 'Chờ người ký trước': 1 });
    await page.goto(`${portals.urlEdoc}/so-ky-duyet/hoc-ba-khoi-5?trang=3`);
    const after = '48 tệp trên 3 trang: 0 chờ ký, 46 đã ký, 1 từ chối, 1 chưa đến lượt.';
    expect(await toolbarStatus(page, after)).toBe(after);
    await page.click('tr[data-file-id] details.chi-tiet summary');
    await page.screenshot({ path: outputPath('edoc-principal-5-page-3-after.png') });

    // The kept files: GVCN then principal, both valid, on the submitted bytes.
    const trust = createTrustStore({ anchors: [companion.rootPem] });
    for (const f of files.filter((x) => statuses.get(x.id) === 'Đã ký').slice(0, 4)) {
      const pdf = portals.edoc.store.storedPdf(f.id) as Uint8Array;
      const report = await verifyPdf(new Uint8Array(pdf), { trust });
      expect(report.verdict).toBe('valid');
      expect(report.signatures.map((s) => s.role)).toEqual(['gvcn', 'principal']);
    }
  });
});
