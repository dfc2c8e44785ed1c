/**
 * A hostile portal table against the teacher's check (red team, round four), in Debian
 * Chromium: the page shows a person one thing while its DOM text says another. Eleven rows
 * are tampered with (hidden, aria-hidden, a hidden span, CSS ::before text, a zero-width
 * space, a Cyrillic letter, a right-to-left override, unicode-bidi reordering, a hidden
 * input behind a shown score, a closed shadow root drawn instead of the name, text pushed
 * out of its cell) and a pupil is added inside a <template>. Each tampered row is listed with
 * the finding PAGE-SHOWS-OTHER and left out of signing; the template row is never read; the
 * other rows are judged as before.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { outputPath } from '../support/browser.js';
import { withPortalsAndExtension } from '../support/portals-and-extension.js';
import { clickToolbar, inToolbar, toolbarRoot, toolbarText } from '../support/toolbar.js';

/** Each trick, applied in the page's own world to the pupil row `tr` (its name cell: td.ten). */
const TRICKS = [
  'row display:none',
  'row aria-hidden',
  'hidden span in the name',
  'CSS ::before text',
  'zero-width space',
  'Cyrillic letter',
  'right-to-left override',
  'unicode-bidi override',
  'hidden input behind a shown score',
  'closed shadow root',
  'text pushed out of its cell',
] as const;

async function tamper(page: Page): Promise<string[]> {
  return page.evaluate(
    (tricks) => {
      const style = document.createElement('style');
      style.textContent =
        '.rt4-before::before { content: "Trần "; } .rt4-rtl { unicode-bidi: bidi-override; direction: rtl; }';
      document.head.append(style);
      const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('#bang-tong-hop tbody tr'));
      const ids: string[] = [];
      tricks.forEach((trick, i) => {
        const tr = rows[i + 1] as HTMLTableRowElement;
        ids.push(tr.getAttribute('data-ma-hs') ?? '');
        const name = tr.querySelector('td.ten') as HTMLElement;
        const text = name.textContent ?? '';
        switch (trick) {
          case 'row display:none':
            tr.style.display = 'none';
            break;
          case 'row aria-hidden':
            tr.setAttribute('aria-hidden', 'true');
            break;
          case 'hidden span in the name':
            name.insertAdjacentHTML('beforeend', '<span style="display:none"> Thị</span>');
            break;
          case 'CSS ::before text':
            name.classList.add('rt4-before');
            break;
          case 'zero-width space':
            name.textContent = `${text.slice(0, 3)}\u200B${text.slice(3)}`;
            break;
          case 'Cyrillic letter': {
            // The first letter that has a Cyrillic twin, swapped for it.
            const twins: Record<string, string> = {
              a: '\u0430',
              e: '\u0435',
              o: '\u043E',
              c: '\u0441',
              p: '\u0440',
              x: '\u0445',
              y: '\u0443',
              i: '\u0456',
              A: '\u0410',
              B: '\u0412',
              C: '\u0421',
              E: '\u0415',
              H: '\u041D',
              K: '\u041A',
              M: '\u041C',
              O: '\u041E',
              P: '\u0420',
              T: '\u0422',
              X: '\u0425',
              Y: '\u0423',
            };
            name.textContent = text.replace(/[aeocpxyiABCEHKMOPTXY]/, (c) => twins[c] ?? c);
            break;
          }
          case 'right-to-left override':
            name.textContent = `\u202E${text}`;
            break;
          case 'unicode-bidi override':
            name.classList.add('rt4-rtl');
            break;
          case 'hidden input behind a shown score': {
            const input = tr.querySelector('input[name$="|score"]') as HTMLInputElement;
            input.type = 'hidden';
            input.insertAdjacentHTML('afterend', '<span>10</span>');
            break;
          }
          case 'closed shadow root': {
            // A <td> takes no shadow root: a span inside it does, and draws its own text.
            name.innerHTML = `<span>${text}</span>`;
            (name.firstElementChild as HTMLElement).attachShadow({ mode: 'closed' }).innerHTML =
              'Trần Văn Khác';
            break;
          }
          case 'text pushed out of its cell':
            name.innerHTML = `<span style="position:relative; left:-3000px">${text}</span>`;
            break;
        }
      });
      // A pupil only a <template> holds: not in the document, never read.
      const body = document.querySelector('#bang-tong-hop tbody') as HTMLElement;
      const template = document.createElement('template');
      template.innerHTML = (rows[0] as HTMLTableRowElement).outerHTML.replace(
        /data-ma-hs="[^"]*"/,
        'data-ma-hs="TEMPLATE"',
      );
      body.append(template);
      return ids;
    },
    TRICKS as unknown as string[],
  );
}

/** The pupils the toolbar lists, with the text of their findings. */
async function listed(page: Page): Promise<{ name: string; text: string }[]> {
  const root = await toolbarRoot(page);
  return root.evaluate((r) =>
    Array.from((r as ShadowRoot).querySelectorAll('ul.students > li')).map((li) => ({
      name: li.querySelector('strong')?.textContent ?? '',
      text: li.textContent ?? '',
    })),
  );
}

describe('hostile portal table: what the page shows is what the check reads', () => {
  const env = withPortalsAndExtension();

  it('every tampered row is flagged and left out of signing; the template row is never read', async () => {
    const cls = env.portals.storeA.classById('4a');
    const page = await env.openAs(env.portals.urlA, 'gvcn', '/lop/4a');
    await inToolbar(page, '[data-hocba-action="check"]');
    const total = await page.$$eval('#bang-tong-hop tbody tr', (rows) => rows.length);
    const names = await page.$$eval('#bang-tong-hop tbody tr td.ten', (cells) =>
      cells.map((c) => c.textContent ?? ''),
    );
    const tampered = await tamper(page);
    expect(tampered).toHaveLength(TRICKS.length);

    await clickToolbar(page, '[data-hocba-action="check"]');
    await inToolbar(page, '[data-hocba="summary"]');
    expect(await toolbarText(page, '[data-hocba="summary"]')).toMatch(new RegExp(`^${total} học sinh:`));
    const flagged = (await listed(page)).filter((l) =>
      l.text.includes('Trang hiển thị khác điều tiện ích đọc được'),
    );
    // One listed pupil per tampered row, none other (the names as the rows read before).
    expect(flagged).toHaveLength(TRICKS.length);
    const untouched = names.filter((_, i) => i === 0 || i > TRICKS.length);
    for (const f of flagged) expect(untouched).not.toContain(f.name);
    const why = flagged.map((f) => f.text).join('\n');
    for (const phrase of [
      'dòng này bị ẩn',
      'CSS (::before/::after)',
      'ký tự vô hình',
      'bảng chữ khác',
      'điều khiển hướng chữ',
      'unicode-bidi',
      'shadow DOM',
      'bị ẩn hoặc vẽ ra ngoài ô',
    ])
      expect(why).toContain(phrase);
    await page.screenshot({ path: outputPath('hostile-table-check.png') });

    await clickToolbar(page, '[data-hocba-action="sign"]');
    const deadline = Date.now() + 30_000;
    const status = () => toolbarText(page, '[data-hocba="status"]');
    while (!(await status()).includes('dòng trên trang') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status()).toContain(
      `${TRICKS.length} dòng trên trang hiển thị khác điều tiện ích đọc được nên chưa được đưa vào lượt ký`,
    );
    expect(cls.records.length).toBe(total);
    await page.screenshot({ path: outputPath('hostile-table-sign.png') });
    await page.close();
  }, 60_000);
});
