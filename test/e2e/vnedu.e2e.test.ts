/**
 * Stories on the VnEdu replica (from VNPT's public guides, not a capture of the live site):
 *
 * - the teacher opens "Tổng kết" of her class and checks it against Thông tư 27: every
 *   planted defect is marked at its own cell (a subject's "Mức đạt được" or "Điểm KTĐK", a
 *   quality, the result), nothing else; the mid-term view, which has none of that, is said
 *   not to be recognised instead of being guessed at;
 * - the receiving school's "Tiếp nhận học sinh chuyển trường" screen: each incoming pupil's
 *   record is an attached PDF; "Xác minh" opens it in the extension's verify page, which
 *   finds the signed one valid (GVCN, principal, seal) and the edited one invalid.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderRecordPdf } from '@hocba/shared/pdf/render';
import { COMPETENCES, QUALITIES, SUBJECTS } from '@hocba/shared/record';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fonts, startDemoPortals } from '../demo-portals/server.mjs';
import { extensionWorker, launchWithExtension, outputPath } from '../support/browser.js';
import { cliSign, demoToken, editedAfterSigning } from '../support/cli-sign.js';
import { loginPortal, toolbarStatus } from '../support/portals.js';
import { clickToolbar, inToolbar, overlayMarks, toolbarRoot, toolbarText } from '../support/toolbar.js';

type Portals = Awaited<ReturnType<typeof startDemoPortals>>;

interface Defect {
  recordId: string;
  rule: string;
  code: string | null;
  field: 'level' | 'score' | 'comment' | 'rating';
}

/**
 * Each marked cell, named by its row's pupil and its column's headers, as the teacher reads
 * them. The marks are drawn in our own overlay, never written into the portal's DOM: each
 * box is matched to the portal cell it covers exactly.
 */
async function markedCells(page: Page) {
  const labels = Object.fromEntries(
    [...SUBJECTS, ...QUALITIES, ...COMPETENCES].map((x) => [x.label.vi.normalize('NFC'), x.code]),
  );
  const marks = (await overlayMarks(page)).filter((m) => m.kind === 'error' || m.kind === 'warning');
  expect(await page.$$('[data-hocba-finding], [data-hocba-title], [data-hocba-outline]')).toHaveLength(0);
  return page.evaluate(
    (marks, labels) => {
      const table = document.querySelector('#gridTongKet') as HTMLTableElement;
      // Column headers with colspan/rowspan expanded: [top, sub] per column.
      const grid: string[][] = [];
      Array.from(table.tHead?.rows ?? []).forEach((row, r) => {
        let c = 0;
        for (const cell of Array.from(row.cells)) {
          while (grid[c]?.[r] !== undefined) c++;
          for (let dc = 0; dc < cell.colSpan; dc++)
            for (let dr = 0; dr < cell.rowSpan; dr++) {
              grid[c + dc] ??= [];
              (grid[c + dc] as string[])[r + dr] = cell.textContent?.trim() ?? '';
            }
          c += cell.colSpan;
        }
      });
      const cells = Array.from(table.querySelectorAll<HTMLTableCellElement>('tbody td'));
      const near = (a: number, b: number) => Math.abs(a - b) < 1;
      return marks.map((m) => {
        const rules = m.rules;
        const td = cells.find((c) => {
          const r = c.getBoundingClientRect();
          return (
            near(r.x, m.rect.x) &&
            near(r.y, m.rect.y) &&
            near(r.width, m.rect.width) &&
            near(r.height, m.rect.height)
          );
        });
        if (!td) return { recordId: 'NO CELL UNDER MARK', code: null, field: null, rules };
        const [top = '', sub = ''] = grid[td.cellIndex] ?? [];
        const recordId = td.closest('tr')?.getAttribute('data-hoc-sinh-id') ?? '';
        if (top === 'Đánh giá kết quả giáo dục') return { recordId, code: 'rating', field: null, rules };
        const code = labels[top] ?? labels[sub] ?? `?${top}/${sub}`;
        const field = sub === 'Điểm KTĐK' ? 'score' : 'level';
        return { recordId, code, field, rules };
      });
    },
    marks,
    labels,
  );
}

/** Where each planted defect must be marked: a subject's comment is the tooltip of its level cell. */
function expectedMarks(defects: Defect[]): string[] {
  return defects.map((d) =>
    JSON.stringify(
      d.field === 'rating'
        ? { recordId: d.recordId, code: 'rating', field: null, rule: d.rule }
        : {
            recordId: d.recordId,
            code: d.code,
            field: d.field === 'comment' ? 'level' : d.field,
            rule: d.rule,
          },
    ),
  );
}

describe('VnEdu replica: the teacher checks a class, the receiving school verifies a transfer', () => {
  let browser: Browser;
  let portals: Portals;
  let rootPem: string;
  let worker: Awaited<ReturnType<typeof extensionWorker>>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-vnedu-'));
    portals = await startDemoPortals({ dataDir: join(dir, 'portals') });
    // The sending school signed the record with its token (GVCN, principal, seal).
    const token = demoToken(dir);
    rootPem = token.rootPem;
    const sign = (file: string, role: string) => cliSign(token, file, role, join(dir, role));
    const [first, second] = portals.vnedu.store.state.transfers;
    if (!first || !second) throw new Error('the replica has two transfers');
    const unsigned = join(dir, 'hoc-ba.pdf');
    writeFileSync(unsigned, (await renderRecordPdf(first.record, { fonts: fonts() })).pdf);
    const signed = readFileSync(sign(sign(sign(unsigned, 'gvcn'), 'principal'), 'seal'));
    portals.vnedu.store.attach(first.id, signed);
    // The second arrives edited after signing: one byte inside what was signed.
    portals.vnedu.store.attach(second.id, editedAfterSigning(signed));

    browser = await launchWithExtension();
    // IT has added the (demo) school root, as for any root beyond the bundled Vietnamese ones.
    worker = await extensionWorker(browser);
    await worker.evaluate((pem) => chrome.storage.local.set({ trustAnchors: [pem] }), rootPem);
  });

  afterAll(async () => {
    await browser?.close();
    await portals?.close();
  });

  it('Tổng kết: every planted defect marked at its cell; the mid-term view is not guessed at', async () => {
    const cls = portals.vnedu.store.state.classes.find((c) => c.id === '4b');
    const defects = (cls?.defects ?? []) as Defect[];
    expect(defects.length).toBeGreaterThan(3);
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await loginPortal(page, portals.urlVnedu, 'gvcn');
    await page.goto(`${portals.urlVnedu}/hoc-sinh/tong-ket?lop=4b`);
    await inToolbar(page, '[data-hocba-action="check"]');
    expect(await page.$eval('[data-hocba-host]', (el) => el.getAttribute('data-hocba-host'))).toBe(
      'vnedu-tong-ket',
    );
    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    const withErrors = new Set(defects.map((d) => d.recordId)).size;
    expect(await toolbarText(page, '[data-hocba="summary"]')).toBe(
      `30 học sinh: ${30 - withErrors} đầy đủ, ${withErrors} có lỗi, 0 chỉ có cảnh báo.`,
    );
    const got = (await markedCells(page))
      .flatMap((m) =>
        m.rules.map((rule) => JSON.stringify({ recordId: m.recordId, code: m.code, field: m.field, rule })),
      )
      .sort();
    expect(got).toEqual(expectedMarks(defects).sort());
    await page.screenshot({ path: outputPath('vnedu-1-tong-ket-checked.png') });

    // Mid-term: comments only. Nothing the học bạ records, so nothing is read, and it says so.
    await page.goto(`${portals.urlVnedu}/hoc-sinh/tong-ket?lop=4b&hk=gk1`);
    await inToolbar(page, '[data-hocba="unrecognised"]');
    expect(await toolbarText(page, '[data-hocba="unrecognised"]')).toContain(
      'Trang này có vẻ là “vnEdu · Tổng kết” nhưng không có bảng hay tệp mà bộ chuyển đổi đọc',
    );
    expect(await (await toolbarRoot(page)).$('[data-hocba-action="sign"]')).toBeNull();
    await page.screenshot({ path: outputPath('vnedu-2-giua-ky-unrecognised.png') });

    // The home page is none of an adapter's pages: the extension stays out of the way, until
    // the user asks (the toolbar icon sends this message to the page's content script).
    await page.goto(`${portals.urlVnedu}/`);
    await page.waitForSelector('#menu');
    expect(await page.$('[data-hocba-host]')).toBeNull();
    // (Loopback is no host permission, so tab URLs are hidden: every tab is asked, only ours answers.)
    // The content script listens only once the page has loaded and gone idle (its modules are
    // imported then: issue 19), so ask until it answers, as a user clicking early would again.
    const answers = await worker.evaluate(async () => {
      for (let tries = 0; ; tries++) {
        const tabs = await chrome.tabs.query({});
        const sent = tabs.map((t) => chrome.tabs.sendMessage(t.id ?? -1, { type: 'hocba.activate' }));
        const got = (await Promise.allSettled(sent)).flatMap((r) =>
          r.status === 'fulfilled' ? [r.value] : [],
        );
        if (got.length > 0 || tries >= 50) return got;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    expect(answers).toEqual([{ ok: true }]);
    await inToolbar(page, '[data-hocba="unrecognised"]');
    expect(await toolbarText(page, '[data-hocba="unrecognised"]')).toContain(
      'Học bạ số không nhận ra nội dung trang này',
    );
    await page.close();
  });

  it('Tiếp nhận học sinh chuyển trường: "Xác minh" on each attached file opens its verdict', async () => {
    const [first, second] = portals.vnedu.store.state.transfers;
    const page = await browser.newPage();
    await page.setViewport({ width: 1300, height: 800 });
    await loginPortal(page, portals.urlVnedu, 'hieutruong');
    await page.goto(`${portals.urlVnedu}/hoc-sinh/tiep-nhan-chuyen-truong`);
    await inToolbar(page, '[data-hocba="attachments"]');
    const offered = await (await toolbarRoot(page)).$$eval('[data-hocba="attachments"] li', (els) =>
      els.map((el) => el.getAttribute('data-file-id')),
    );
    expect(offered).toEqual([first?.id, second?.id]);
    await page.screenshot({ path: outputPath('vnedu-3-tiep-nhan.png') });

    const verifyIn = async (id: string | undefined) => {
      const opened = browser.waitForTarget((t) => t.url().includes('/src/pages/verify/index.html?handoff='), {
        timeout: 30_000,
      });
      await clickToolbar(page, `li[data-file-id="${id}"] [data-hocba-action="verify"]`);
      const verify = (await (await opened).page()) as Page;
      await verify.waitForSelector('article.file:not([data-state="verifying"])', { timeout: 60_000 });
      const card = await verify.$eval('article.file', (el) => ({
        name: el.querySelector('h2')?.textContent ?? '',
        verdict: el.getAttribute('data-verdict'),
        roles: [...el.querySelectorAll('.signature')].map((s) => s.getAttribute('data-role')),
        text: (el as HTMLElement).innerText,
      }));
      return { verify, card };
    };

    const valid = await verifyIn(first?.id);
    expect(valid.card.verdict).toBe('valid');
    expect(valid.card.roles).toEqual(['gvcn', 'principal', 'seal']);
    expect(valid.card.name).toContain(first?.record.student.fullName ?? '?');
    expect(valid.card.name).toContain(new URL(portals.urlVnedu).host);
    await valid.verify.screenshot({ path: outputPath('vnedu-4-verify-valid.png'), fullPage: true });
    const handoffUrl = valid.verify.url();
    await valid.verify.close();
    const opened = `Đã mở trang xác minh cho ${first?.record.student.fullName} (HocBa_${first?.record.student.studentCode}.pdf).`;
    expect(await toolbarStatus(page, opened)).toBe(opened);

    const edited = await verifyIn(second?.id);
    expect(edited.card.verdict).toBe('invalid');
    await edited.verify.screenshot({ path: outputPath('vnedu-5-verify-edited.png'), fullPage: true });
    await edited.verify.close();

    // A verify page opened again with the same handoff id finds nothing: each file is taken once.
    const again = await browser.newPage();
    await again.goto(handoffUrl);
    await again.waitForSelector('input[type=file]');
    expect(await again.$$('article.file')).toHaveLength(0);
    await again.close();
    await page.close();
  });
});
