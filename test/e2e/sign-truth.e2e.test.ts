/**
 * One truth from the teacher's check to the principal's signature (issue 15), in Debian
 * Chromium with the real companion and SoftHSM2 token:
 * - an edit on screen that the portal has not saved is flagged "chưa lưu", signing waits,
 *   and the sign window judges the record the portal saved (its invalid score), not the screen;
 * - a hostile page script (synthetic clicks, attribute writes, a renamed row, a 5,000-character
 *   title) achieves nothing: no window opens, the renamed row's record is blocked as another
 *   pupil's, the title is shown capped as the page's words;
 * - the principal learns before the PIN that the teacher has not signed yet; records already
 *   signed in a role are skipped before the PIN; when nothing is left to sign, no PIN field
 *   and no sign button, but why and what to do; the PIN field is visible and focused in a
 *   760×768 window, and after signing the window says what the portal answered.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPortals } from '../demo-portals/server.mjs';
import { launchWithExtension, outputPath } from '../support/browser.js';
import { DEMO_PIN, pairExtension, type RunningCompanion, startCompanion } from '../support/companion.js';
import { loginPortal, portalTab, toolbarStatus } from '../support/portals.js';
import { isSignWindow, openSignWindow, signWithPin } from '../support/sign-window.js';
import { clickToolbar, inToolbar, overlayMarks, toolbarText } from '../support/toolbar.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;
interface DemoRecord {
  recordId: string;
  student: { fullName: string };
  years: { subjects: { code: string; score: number | null }[] }[];
}

const SIZE = 8;

describe('one truth from the check to the signature', () => {
  let browser: Browser;
  let portals: Portals;
  let companion: RunningCompanion;
  let page: Page;
  let invalid: DemoRecord;
  let renamed: DemoRecord;

  /** Checks, then clicks "Duyệt và ký…" as a person would; returns the one 760×768 sign window it opens. */
  async function checkAndOpenSignWindow(shot: string): Promise<Page> {
    await inToolbar(page, '[data-hocba-action="sign"]');
    await clickToolbar(page, '[data-hocba-action="check"]');
    return openSignWindow(browser, page, shot, { viewport: { width: 760, height: 768 }, timeout: 60_000 });
  }

  const count = (p: Page, selector: string) => p.$$eval(selector, (els) => els.length);
  const text = (p: Page, selector: string) => p.$eval(selector, (el) => (el as HTMLElement).innerText);
  /**
   * Nothing to sign: no PIN field and no sign button, but the reasons and what to do, in
   * place of the PIN; the certificate and role stay (a wrong role is the signer's to fix).
   */
  async function expectNothingToSign(p: Page, reason: string, says: string): Promise<void> {
    expect(await count(p, 'input[name=pin]')).toBe(0);
    expect(await count(p, '[data-hocba="sign-submit"]')).toBe(0);
    expect(await count(p, '[data-hocba="sign-form"] input[name=role]')).toBeGreaterThan(0);
    const notice = await text(p, '[data-hocba="sign-form"] [data-hocba="nothing-to-sign"]');
    expect(notice).toContain('Không có học bạ nào để ký');
    expect(notice).toContain('không cần nhập mã PIN');
    expect(
      await p.$$eval('[data-hocba="nothing-to-sign"] li', (els) =>
        els.map((el) => el.getAttribute('data-reason')),
      ),
    ).toEqual([reason]);
    expect(await text(p, `[data-hocba="nothing-to-sign"] li[data-reason="${reason}"]`)).toBe(says);
    expect(await text(p, '[data-hocba="sign-form"]')).not.toContain('Ký 0 học bạ');
  }

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')));
    portals = await startDemoPortals({
      dataDir: mkdtempSync(join(tmpdir(), 'hocba-portals-')),
      defectRate: 0,
      size: SIZE,
      trustAnchors: [companion.rootPem],
    });
    // The portal has saved an invalid Toán score (0) for the first pupil of 3A.
    const records = portals.storeA.classById('3a').records as DemoRecord[];
    invalid = records[0] as DemoRecord;
    renamed = records[1] as DemoRecord;
    const toan = invalid.years.at(-1)?.subjects.find((s) => s.code === 'toan');
    if (!toan) throw new Error('no Toán in the demo record');
    toan.score = 0;
    (portals.storeA as unknown as { save(): void }).save();
    browser = await launchWithExtension();
    await pairExtension(browser, companion);
    page = await portalTab(browser, portals.urlA, 'gvcn');
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
    await companion?.stop();
  });

  it('an unsaved edit is flagged "chưa lưu", signing waits, and the saved value is what is judged', async () => {
    await page.goto(`${portals.urlA}/lop/3a`);
    // The teacher types 8 over the invalid 0, and does not save.
    const input = await page.waitForSelector(`input[name="${invalid.recordId}|toan|score"]`);
    await input?.click({ count: 3 });
    await input?.type('8');
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="unsaved"]');
    expect(await toolbarText(page, '[data-hocba="unsaved"]')).toContain('1 ô chưa lưu ở 1 học sinh.');
    const marks = await overlayMarks(page);
    expect(marks.filter((m) => m.kind === 'unsaved').map((m) => m.label)).toEqual(['chưa lưu']);
    await page.screenshot({ path: outputPath('sign-truth-1-unsaved.png') });

    // Signing waits for a save: no sign window opens.
    const before = browser.targets().filter(isSignWindow).length;
    await clickToolbar(page, '[data-hocba-action="sign"]');
    const waits = 'Chưa mở cửa sổ ký: 1 học sinh có ô chưa lưu. Hãy lưu trên cổng thông tin rồi bấm lại.';
    expect(await toolbarStatus(page, waits)).toBe(waits);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(browser.targets().filter(isSignWindow).length).toBe(before);

    // The edit is abandoned (reload): the portal still holds 0, and the sign window, which
    // reads the saved record, holds it back with the finding in view.
    await page.reload();
    const signPage = await checkAndOpenSignWindow('sign-truth-2-open');
    expect(await count(signPage, '[data-hocba="documents"] li')).toBe(SIZE - 1);
    expect(await count(signPage, `[data-hocba="review-doc"][data-doc$="-${invalid.recordId}"]`)).toBe(1);
    expect(await text(signPage, `[data-hocba="review-doc"][data-doc$="-${invalid.recordId}"]`)).toContain(
      'Toán',
    );
    expect(await text(signPage, '[data-hocba="sign-submit"]')).toBe(`Ký ${SIZE - 1} học bạ`);
    await signPage.screenshot({ path: outputPath('sign-truth-2-saved-value-judged.png'), fullPage: true });
    // Overriding it is the signer's act, one record at a time, in the sign window.
    await signPage.click(`[data-doc$="-${invalid.recordId}"] [data-hocba="override"]`);
    expect(await text(signPage, '[data-hocba="sign-submit"]')).toBe(`Ký ${SIZE} học bạ`);
    await signPage.close();
  });

  it('a hostile page script achieves nothing; a renamed row is blocked; a long title is capped', async () => {
    await page.goto(`${portals.urlA}/lop/3a`);
    await inToolbar(page, '[data-hocba-action="sign"]');
    const before = browser.targets().filter(isSignWindow).length;
    const attempt = await page.evaluate(
      (renamedId, otherName) => {
        const host = document.querySelector('[data-hocba-host]') as HTMLElement;
        const reached = host.shadowRoot !== null;
        // Synthetic clicks and keys at everything the page can reach.
        for (const el of [host, ...Array.from(document.querySelectorAll<HTMLElement>('button, a, div'))]) {
          if (el.closest('form') || el.tagName === 'A') continue;
          el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        }
        host.click();
        host.focus();
        for (const key of ['Tab', 'Enter', ' ']) {
          host.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        }
        // Attribute writes: our own attribute names on the page's elements, and on the host.
        const fake = document.createElement('button');
        fake.setAttribute('data-hocba-action', 'sign');
        document.body.append(fake);
        fake.click();
        host.setAttribute('data-hocba-host', 'generic');
        for (const td of Array.from(document.querySelectorAll('td')).slice(0, 50)) {
          td.setAttribute('data-hocba-finding', 'FAKE');
        }
        // A row renamed to another pupil, and a title of 5,000 characters.
        const row = document.querySelector(`tr[data-ma-hs="${renamedId}"] td.ten`) as HTMLElement;
        row.textContent = otherName;
        document.title = 'Tiêu đề '.repeat(625);
        return { reached };
      },
      renamed.recordId,
      'Trần Thị Mạo Danh',
    );
    expect(attempt.reached).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(browser.targets().filter(isSignWindow).length).toBe(before);
    expect(await toolbarText(page, '[data-hocba="status"]')).toBe('');
    expect(await toolbarText(page, '[data-hocba="summary"]')).toBe('');

    // A person's own click opens exactly one window, which reads every record itself.
    const signPage = await checkAndOpenSignWindow('sign-truth-3-open');
    expect(browser.targets().filter(isSignWindow).length).toBe(before + 1);
    const mismatch = `[data-hocba="mismatch-doc"][data-doc$="-${renamed.recordId}"]`;
    expect(await count(signPage, mismatch)).toBe(1);
    const said = await text(signPage, mismatch);
    expect(said).toContain(renamed.student.fullName);
    expect(said).toContain('Họ tên: học bạ ghi');
    expect(said).toContain('Trần Thị Mạo Danh');
    // Neither the renamed row's record nor the invalid one (not overridden here) is sent.
    expect(await count(signPage, '[data-hocba="documents"] li')).toBe(SIZE - 2);
    expect(await count(signPage, `[data-hocba="documents"] li[data-doc$="-${renamed.recordId}"]`)).toBe(0);
    const title = await text(signPage, '[data-hocba="page-title"]');
    expect(title).toContain('(do trang ghi)');
    expect(title.length).toBeLessThan(200);
    await signPage.screenshot({ path: outputPath('sign-truth-3-hostile-page.png'), fullPage: true });
    await signPage.close();
  });

  it('the principal is told before the PIN that the teacher has not signed; no PIN asked, what to do said', async () => {
    await loginPortal(page, portals.urlA, 'hieutruong');
    await page.goto(`${portals.urlA}/lop/4a`);
    const signPage = await checkAndOpenSignWindow('sign-truth-4-open');
    expect(await signPage.$eval('input[name=role]:checked', (el) => (el as HTMLInputElement).value)).toBe(
      'principal',
    );
    expect(await count(signPage, '[data-hocba="documents"] li')).toBe(0);
    const waiting = await text(signPage, '[data-hocba="waiting"]');
    expect(waiting).toContain(
      `${SIZE} học bạ chưa đến lượt Hiệu trưởng ký: còn chờ Giáo viên chủ nhiệm ký trước.`,
    );
    await expectNothingToSign(
      signPage,
      'waiting',
      `${SIZE} học bạ còn chờ Giáo viên chủ nhiệm ký trước: khi đã có chữ ký đó, mở lại cửa sổ ký.`,
    );
    await signPage.screenshot({ path: outputPath('sign-truth-4-teacher-not-signed.png'), fullPage: true });
    await signPage.close();
  });

  it('in a 760×768 window the PIN is in view and focused; after signing, the portal’s answer; signed again → skipped before the PIN', async () => {
    await loginPortal(page, portals.urlA, 'gvcn');
    await page.goto(`${portals.urlA}/lop/5a`);
    const signPage = await checkAndOpenSignWindow('sign-truth-5-open');
    await signPage.waitForFunction(() => document.activeElement?.getAttribute('name') === 'pin');
    const pinBox = await signPage.$eval('input[name=pin]', (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, viewport: innerHeight };
    });
    expect(pinBox.top).toBeGreaterThanOrEqual(0);
    expect(pinBox.bottom).toBeLessThanOrEqual(pinBox.viewport);
    await signPage.screenshot({ path: outputPath('sign-truth-5-pin-in-view.png') });
    // Typed with the keyboard into the focused field, as the signer would.
    await signPage.keyboard.type(DEMO_PIN);
    await signPage.keyboard.press('Enter');
    await signPage.waitForSelector('[data-hocba="result"]', { timeout: 120_000 });
    expect(await text(signPage, '[data-hocba="result-heading"]')).toBe('Đã ký xong');
    expect(await text(signPage, '[data-hocba="result-summary"]')).toContain(`Đã ký ${SIZE} / ${SIZE} học bạ`);
    await signPage.waitForFunction(
      () => !document.querySelector('[data-hocba="upload"]')?.textContent?.startsWith('Đang gửi'),
      { timeout: 90_000 },
    );
    expect(await text(signPage, '[data-hocba="upload"]')).toBe(`Cổng thông tin đã nhận ${SIZE} tệp đã ký.`);
    await signPage.screenshot({ path: outputPath('sign-truth-6-signed.png'), fullPage: true });
    await signPage.close();
    expect(Object.keys(portals.storeA.state.signed)).toHaveLength(SIZE);

    // The same class again as GVCN: every record already carries that signature.
    await page.goto(`${portals.urlA}/lop/5a`);
    const again = await checkAndOpenSignWindow('sign-truth-7-open');
    expect(await count(again, '[data-hocba="documents"] li')).toBe(0);
    expect(await text(again, '[data-hocba="already-signed"]')).toContain(
      `${SIZE} học bạ đã có chữ ký Giáo viên chủ nhiệm: bỏ qua, không ký lại.`,
    );
    await expectNothingToSign(
      again,
      'already',
      `${SIZE} học bạ đã có chữ ký Giáo viên chủ nhiệm: không cần làm gì thêm.`,
    );
    await again.screenshot({ path: outputPath('sign-truth-7-already-signed.png'), fullPage: true });
    await again.close();
  });

  it('portal B (records as JSON): the preview is the PDF the companion signs, checked by its SHA-256', async () => {
    await loginPortal(page, portals.urlB, 'gvcn');
    await page.goto(`${portals.urlB}/lop/3a?hk=cn`);
    const signPage = await checkAndOpenSignWindow('sign-truth-8-open');
    expect(await count(signPage, '[data-hocba="documents"] li')).toBe(SIZE);
    const first =
      (await signPage.$eval('[data-hocba="documents"] li', (el) => el.getAttribute('data-doc'))) ?? '';
    const opened = browser.waitForTarget((t) => t.url().startsWith('blob:chrome-extension://'), {
      timeout: 60_000,
    });
    await signPage.click(`[data-hocba="documents"] li[data-doc="${first}"] [data-hocba="preview"]`);
    const previewUrl = (await opened).url();
    // The bytes shown, as the sign window holds them.
    const shown = await signPage.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return {
        head: new TextDecoder().decode(bytes.slice(0, 5)),
        base64: btoa(String.fromCharCode(...bytes)),
      };
    }, previewUrl);
    expect(shown.head).toBe('%PDF-');
    const shownSha = createHash('sha256').update(Buffer.from(shown.base64, 'base64')).digest('hex');
    await signPage.bringToFront();
    await signWithPin(signPage);
    expect(await text(signPage, '[data-hocba="result-summary"]')).toContain(`Đã ký ${SIZE} / ${SIZE} học bạ`);
    await signPage.screenshot({ path: outputPath('sign-truth-8-portal-b-previewed.png'), fullPage: true });
    // The companion signed exactly the PDF that was shown: the PDF it rendered has that digest.
    const audit = readFileSync(join(companion.dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; docId?: string; inputSha256?: string });
    const signed = audit.filter((l) => l.event === 'document.signed' && l.docId === first);
    expect(signed.at(-1)?.inputSha256).toBe(shownSha);
    await signPage.close();
  }, 240_000);
});
