/**
 * Story (IT staff): a fresh browser profile meets the companion. The extension's settings
 * page says it is not paired; the technician runs `hocba pair` on the PC, types the
 * one-time code in the settings page, and the page then shows the companion, its token
 * module and the token. A wrong code is refused in Vietnamese and pairs nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXTENSION_ORIGIN, extensionWorker, launchWithExtension, outputPath } from '../support/browser.js';
import { hocba, type RunningCompanion, SOFTHSM_MODULE, startCompanion } from '../support/companion.js';

const HOCBA = fileURLToPath(new URL('../../companion/bin/hocba.js', import.meta.url));

describe('IT staff pair a browser with the companion', () => {
  let browser: Browser;
  let companion: RunningCompanion;
  let page: Page;

  const stateOf = (p: Page) =>
    p.$eval('[data-hocba="companion-state"]', (el) => ({
      state: el.getAttribute('data-state'),
      text: (el as HTMLElement).innerText,
    }));

  beforeAll(async () => {
    companion = await startCompanion(mkdtempSync(join(tmpdir(), 'hocba-companion-')), { pair: false });
    browser = await launchWithExtension();
    const worker = await extensionWorker(browser);
    // Only the port is set (a school's port); no pairing: a fresh profile.
    await worker.evaluate((port) => chrome.storage.local.set({ companionPort: port }), companion.port);
    page = await browser.newPage();
    await page.setViewport({ width: 900, height: 900 });
  });

  afterAll(async () => {
    await browser?.close();
    await companion?.stop();
  });

  /** `hocba doctor --json` on this PC: the technician's one screen, as data. */
  const doctor = () => {
    const run = spawnSync(
      'node',
      [
        HOCBA,
        'doctor',
        '--json',
        '--data-dir',
        companion.dataDir,
        '--port',
        String(companion.port),
        '--module',
        SOFTHSM_MODULE,
      ],
      { env: companion.env, encoding: 'utf8' },
    );
    return JSON.parse(run.stdout) as {
      status: string;
      checks: { id: string; status: string; findings: { code: string; message: { vi: string } }[] }[];
    };
  };
  const check = (report: ReturnType<typeof doctor>, id: string) => report.checks.find((c) => c.id === id);

  it('doctor on a fresh data folder: the token is fine, the companion answers, nothing is paired yet', () => {
    const report = doctor();
    expect(check(report, 'module')?.status).toBe('ok');
    expect(check(report, 'tokens')?.status).toBe('ok');
    expect(check(report, 'port')?.status).toBe('ok');
    expect(check(report, 'pairing')?.status).toBe('warning');
    expect(check(report, 'pairing')?.findings[0]?.code).toBe('NOT_PAIRED');
    expect(check(report, 'pairing')?.findings[0]?.message.vi).toContain('hocba pair');
  });

  it('shows "not paired" with what to do, refuses a wrong code, pairs with the right one', async () => {
    await page.goto(`${EXTENSION_ORIGIN}/src/pages/options/index.html`);
    await page.waitForSelector('[data-hocba="companion-state"]');
    const before = await stateOf(page);
    expect(before.state).toBe('unavailable');
    expect(before.text).toContain('Tiện ích chưa được ghép nối với chương trình ký');
    // What to run, as typed on this PC (Linux here: `hocba`; hocba.cmd on Windows).
    // This page is where the code goes: it says "just below", not "open the settings".
    expect(before.text).toContain('Chạy “hocba pair” trong cửa sổ dòng lệnh');
    expect(before.text).toContain('ở mục “Ghép nối” ngay bên dưới');
    expect(await page.$('[data-hocba="pair-again"]')).toBeNull(); // not paired: the form is open
    await page.screenshot({ path: outputPath('it-pairing-1-not-paired.png'), fullPage: true });

    // A code that was never issued: refused, nothing stored.
    const issued = JSON.parse(hocba(['pair', '--json', '--data-dir', companion.dataDir], companion.env)) as {
      code: string;
    };
    const wrong = issued.code.startsWith('A') ? `B${issued.code.slice(1)}` : `A${issued.code.slice(1)}`;
    await page.type('input[name=code]', wrong);
    await page.click('[data-hocba="pair-form"] button[type=submit]');
    await page.waitForSelector('[data-hocba="pair-message"]');
    const refused = await page.$eval('[data-hocba="pair-message"]', (el) => ({
      cls: el.className,
      text: el.textContent ?? '',
    }));
    expect(refused.cls).toContain('error-text');
    expect(refused.text).toMatch(/mã/i);
    await page.screenshot({ path: outputPath('it-pairing-2-wrong-code.png'), fullPage: true });
    const stored = await page.evaluate(() => chrome.storage.local.get('pairing'));
    expect(stored.pairing).toBeUndefined();

    // The code `hocba pair` printed: paired, and the status shows the companion and token.
    await page.$eval('input[name=code]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    const fresh = JSON.parse(hocba(['pair', '--json', '--data-dir', companion.dataDir], companion.env)) as {
      code: string;
    };
    await page.type('input[name=code]', fresh.code);
    await page.click('[data-hocba="pair-form"] button[type=submit]');
    await page.waitForFunction(
      () => document.querySelector('[data-hocba="companion-state"]')?.getAttribute('data-state') === 'ready',
      { timeout: 20_000 },
    );
    expect(await page.$eval('[data-hocba="pair-message"]', (el) => el.className)).not.toContain('error-text');
    const after = await stateOf(page);
    expect(after.text).toContain('SoftHSM');
    expect(after.text).toMatch(/1 token/);
    // Paired: the code form folds away under "pair again" (only for a reinstalled companion).
    expect(await page.$eval('[data-hocba="pair-again"]', (el) => (el as HTMLDetailsElement).open)).toBe(
      false,
    );
    // A pasted text that is not a certificate is refused under the anchor form, not elsewhere.
    await page.type('textarea', 'not a certificate');
    await page.click('textarea + br + button');
    const anchorMessage = await page.waitForSelector('[data-hocba="anchor-message"]');
    expect(await anchorMessage?.evaluate((el) => [el.className, el.textContent])).toEqual([
      'error-text',
      'Nội dung không phải chứng thư dạng PEM (-----BEGIN CERTIFICATE-----).',
    ]);
    expect(await page.$eval('[data-hocba="pair-message"]', (el) => el.textContent)).toBe(
      'Đã ghép nối với chương trình ký.',
    );
    await page.screenshot({ path: outputPath('it-pairing-3-paired.png'), fullPage: true });

    // The companion lists the new pairing for this extension's origin.
    const list = JSON.parse(
      hocba(['pair', '--list', '--json', '--data-dir', companion.dataDir], companion.env),
    );
    expect(JSON.stringify(list)).toContain(EXTENSION_ORIGIN);
    // Named for the technician after the browser that paired.
    expect(JSON.stringify(list)).toContain('"label":"Chromium · ');
    // And the technician's doctor now sees the pairing.
    expect(check(doctor(), 'pairing')?.status).toBe('ok');
  });

  it('still connects while a local program holds every pre-auth slot with the public Origin', async () => {
    // The attacker knows the extension's Origin (it is public) but not the pairing secret:
    // it opens silent sockets, and reopens each one the companion evicts.
    const strangers: WebSocket[] = [];
    let holding = true;
    const hold = async () => {
      while (holding) {
        const ws = new WebSocket(`ws://127.0.0.1:${companion.port}/`, { origin: EXTENSION_ORIGIN });
        ws.on('error', () => {});
        strangers.push(ws);
        await new Promise((resolve) => {
          ws.once('open', resolve);
          ws.once('close', resolve);
        });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const holders = Array.from({ length: 20 }, () => hold());
    // The companion evicts strangers and the attacker reopens them, so the count of open
    // sockets moves: wait (up to 10 s) for a moment when the attacker fills the pool.
    const open = () => strangers.filter((ws) => ws.readyState === WebSocket.OPEN).length;
    for (const until = Date.now() + 10_000; open() < 16 && Date.now() < until; )
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(open()).toBeGreaterThanOrEqual(16);
    await page.reload();
    await page.waitForFunction(
      () => document.querySelector('[data-hocba="companion-state"]')?.getAttribute('data-state') === 'ready',
      { timeout: 20_000 },
    );
    expect((await stateOf(page)).text).toContain('SoftHSM');
    await page.screenshot({ path: outputPath('it-pairing-4-connected-under-siege.png'), fullPage: true });
    holding = false;
    await Promise.all(holders);
    for (const ws of strangers) ws.terminate();
  });
});
