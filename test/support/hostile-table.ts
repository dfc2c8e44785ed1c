/**
 * A hostile portal table (red team, rounds four and five): tricks applied in the page's own
 * world to demo portal A's class table, so that what a person sees differs from the DOM text
 * the content script reads; shared by the Chromium and Firefox stories. The page is also made
 * more like real portals' grids in harmless ways the check must not flag: a selection
 * checkbox column and a checkbox in the untouched pupils' name cells (VnEdu/SMAS style),
 * sticky table and page headers, a frozen column's copy of a name drawn over it.
 */
import type { Page } from 'puppeteer-core';
import { portalWebFont, swappedDigitsFont } from './swapped-font.js';
import { toolbarRoot } from './toolbar.js';

/** Each trick, applied in the page's own world to the pupil row `tr` (its name cell: td.ten). */
export const TRICKS = [
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
  'white text on white',
  'text clipped away',
  'name cut off by a narrow box',
  'name cut off with an ellipsis',
  'tiny input beside a shown score',
  'score input too narrow',
  'score covered by a span in the cell',
  'select showing another label',
  'two inputs, the first tiny',
  'transparent score',
  'password score',
  // Round five.
  'CSS text on a selection checkbox',
  'name mirrored (scaleX(-1))',
  'score turned upside down (rotate)',
  'row flipped in 3D',
  'name piled up (letter-spacing)',
  'name upper-cased (text-transform)',
  'faint name (opacity over the row)',
  'name covered by a box laid over it',
  'name covered by text moved from the next cell',
] as const;

export async function tamper(page: Page): Promise<string[]> {
  return page.evaluate(
    (tricks) => {
      const style = document.createElement('style');
      style.textContent = [
        '.rt4-before::before { content: "Trần "; } .rt4-rtl { unicode-bidi: bidi-override; direction: rtl; }',
        'input.rt5-box { appearance: none; width: auto; height: auto; border: 0; } .rt5-box::before { content: "Trần "; }',
        // Harmless, as real portals have them: sticky headers of the page and of the table.
        'header { position: sticky; top: 0; z-index: 5; } #bang-tong-hop thead th { position: sticky; top: 0; z-index: 1; }',
      ].join('\n');
      document.head.append(style);
      const table = document.querySelector('#bang-tong-hop') as HTMLTableElement;
      const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('#bang-tong-hop tbody tr'));
      // A selection column, as VnEdu/SMAS-style grids have: not read, never flagged.
      table.tHead?.rows[0]?.insertAdjacentHTML(
        'afterbegin',
        '<th rowspan="2"><input type="checkbox" title="Chọn tất cả"></th>',
      );
      for (const tr of rows)
        tr.insertAdjacentHTML(
          'afterbegin',
          `<td><input type="checkbox" name="chon" value="${tr.getAttribute('data-ma-hs')}"></td>`,
        );
      const covers: (() => void)[] = [];
      const ids: string[] = [];
      tricks.forEach((trick, i) => {
        const tr = rows[i + 1] as HTMLTableRowElement;
        ids.push(tr.getAttribute('data-ma-hs') ?? '');
        const name = tr.querySelector('td.ten') as HTMLElement;
        const text = name.textContent ?? '';
        const score = tr.querySelector('input[name$="|score"]') as HTMLInputElement;
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
          case 'hidden input behind a shown score':
            score.type = 'hidden';
            score.insertAdjacentHTML('afterend', '<span>10</span>');
            break;
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
          case 'white text on white':
            name.insertAdjacentHTML('beforeend', '<span style="color:#fff"> Thị</span>');
            break;
          case 'text clipped away':
            name.insertAdjacentHTML(
              'beforeend',
              '<span style="position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0)"> Thị</span>',
            );
            break;
          case 'name cut off by a narrow box':
            name.innerHTML = `<div style="width:2ch; overflow:hidden; white-space:nowrap">${text}</div>`;
            break;
          case 'name cut off with an ellipsis':
            name.innerHTML = `<div style="width:4ch; overflow:hidden; white-space:nowrap; text-overflow:ellipsis">${text}</div>`;
            break;
          case 'tiny input beside a shown score':
            score.setAttribute('value', '9');
            score.style.cssText = 'width:1px; height:1px; border:0; padding:0';
            score.insertAdjacentHTML('afterend', '<span>10</span>');
            break;
          case 'score input too narrow':
            score.setAttribute('value', '10');
            score.style.cssText = 'width:1ch; border:0; padding:0';
            break;
          case 'score covered by a span in the cell':
            score.setAttribute('value', '9');
            (score.parentElement as HTMLElement).style.position = 'relative';
            score.insertAdjacentHTML(
              'afterend',
              '<span style="position:absolute; inset:0; background:#fff">10</span>',
            );
            break;
          case 'select showing another label':
            score.outerHTML = `<select name="${score.name}"><option value="9" selected>2</option></select>`;
            break;
          case 'two inputs, the first tiny':
            score.setAttribute('value', '9');
            score.style.cssText = 'width:1px; height:1px; border:0; padding:0';
            score.insertAdjacentHTML('afterend', '<input value="10">');
            break;
          case 'transparent score':
            score.setAttribute('value', '9');
            score.style.color = 'transparent';
            break;
          case 'password score':
            score.setAttribute('value', '9');
            score.type = 'password';
            break;
          case 'CSS text on a selection checkbox':
            name.insertAdjacentHTML('afterbegin', '<input type="checkbox" class="rt5-box">');
            break;
          case 'name mirrored (scaleX(-1))':
            name.style.transform = 'scaleX(-1)';
            break;
          case 'score turned upside down (rotate)':
            score.setAttribute('value', '61');
            score.style.rotate = '180deg';
            break;
          case 'row flipped in 3D':
            tr.style.transform = 'rotateY(180deg)';
            break;
          case 'name piled up (letter-spacing)':
            name.style.letterSpacing = '-0.5em';
            break;
          case 'name upper-cased (text-transform)':
            name.style.textTransform = 'uppercase';
            break;
          case 'faint name (opacity over the row)':
            tr.style.opacity = '0.5';
            name.style.opacity = '0.5';
            break;
          // Laid over the name once the table has its final layout (below), inside the table's
          // scroll box made a containing block (as portals do), so that it follows the table
          // when our toolbar pushes it down; `pointer-events: none` hides it from hit-testing.
          case 'name covered by a box laid over it':
            covers.push(() => {
              const box = table.closest('.scroll') as HTMLElement;
              box.style.position = 'relative';
              const at = name.getBoundingClientRect();
              const from = box.getBoundingClientRect();
              const cover = document.createElement('div');
              cover.textContent = 'Trần Văn Khác';
              cover.style.cssText = `position:absolute; pointer-events:none; background:#fff; text-align:left; left:${at.left - from.left + box.scrollLeft}px; top:${at.top - from.top + box.scrollTop}px; width:${at.width}px; height:${at.height}px`;
              box.append(cover);
            });
            break;
          case 'name covered by text moved from the next cell':
            covers.push(() => {
              const next = name.nextElementSibling as HTMLElement;
              const shift = next.getBoundingClientRect().left - name.getBoundingClientRect().left;
              next.insertAdjacentHTML(
                'afterbegin',
                `<span style="position:relative; left:${-shift}px; background:#fff; white-space:nowrap">Trần Văn Khác</span>`,
              );
            });
            break;
        }
      });
      // The untouched pupils' names get a selection checkbox of their own ("☐ Nguyễn Văn An").
      rows.forEach((tr, i) => {
        if (i === 0 || i > tricks.length)
          tr.querySelector('td.ten')?.insertAdjacentHTML(
            'afterbegin',
            '<input type="checkbox" name="chon-hs"> ',
          );
      });
      // And the first pupil's name drawn again on top of itself, as grids with frozen columns
      // do (a copy of the first columns laid over the table): it shows what is read, no cover.
      covers.push(() => {
        const first = (rows[0] as HTMLTableRowElement).querySelector('td.ten') as HTMLElement;
        const box = table.closest('.scroll') as HTMLElement;
        box.style.position = 'relative';
        const at = first.getBoundingClientRect();
        const from = box.getBoundingClientRect();
        const copy = document.createElement('div');
        copy.textContent = (first.textContent ?? '').trim();
        copy.style.cssText = `position:absolute; background:#fff; white-space:nowrap; padding:3px 5px; box-sizing:border-box; left:${at.left - from.left + box.scrollLeft}px; top:${at.top - from.top + box.scrollTop}px; width:${at.width}px; height:${at.height}px`;
        box.append(copy);
      });
      for (const cover of covers) cover();
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

/**
 * A page that tricks the check's own click (capture phase, before our toolbar's handler):
 * a hidden "10" is added to row `index`'s name and taken away on the next task, so a check
 * that read on the click and judged later would judge text it never read.
 */
export async function trickOnClick(page: Page, index: number): Promise<void> {
  await page.evaluate((at) => {
    const name = document.querySelectorAll('#bang-tong-hop tbody tr td.ten')[at] as HTMLElement;
    document.addEventListener(
      'click',
      () => {
        const added = document.createElement('span');
        added.hidden = true;
        added.textContent = '10';
        name.append(added);
        setTimeout(() => added.remove(), 0);
      },
      true,
    );
  }, index);
}

/** The pupils the toolbar lists, with the text of their findings. */
export async function listed(page: Page): Promise<{ name: string; text: string }[]> {
  const root = await toolbarRoot(page);
  return root.evaluate((r) =>
    Array.from((r as ShadowRoot).querySelectorAll('ul.students > li')).map((li) => ({
      name: li.querySelector('strong')?.textContent ?? '',
      text: li.textContent ?? '',
    })),
  );
}

/** What the flagged pupils' findings begin with (vi). */
export const FLAG_TEXT = 'Trang hiển thị khác điều tiện ích đọc được';

/** The names of the class table's rows, as the page's DOM holds them before any trick. */
export function rowNames(page: Page): Promise<string[]> {
  return page.$$eval('#bang-tong-hop tbody tr td.ten', (cells) => cells.map((c) => c.textContent ?? ''));
}

/**
 * Evaluates `expression` in the extension's isolated world of `page`'s top frame (Chromium,
 * through the DevTools protocol: the page's own script cannot reach that world) and returns
 * its value; throws when that world is not there.
 */
export async function inContentWorld(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.createCDPSession();
  try {
    const worlds = new Map<string, number>();
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      const aux = context.auxData as { type?: string; frameId?: string } | undefined;
      if (aux?.type === 'isolated' && aux.frameId && context.origin.startsWith('chrome-extension://'))
        worlds.set(aux.frameId, context.id);
    });
    // Enabling replays every context that exists already.
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const contextId = worlds.get(frameTree.frame.id);
    if (contextId === undefined) throw new Error('no content script world in the top frame');
    const { result } = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true });
    return result.value;
  } finally {
    await cdp.detach();
  }
}

/** Whether the page defence (content-defence.js) has announced itself in the content script's world. */
export async function defenceLoaded(page: Page): Promise<boolean> {
  return (
    (await inContentWorld(
      page,
      'typeof globalThis[Symbol.for("hocba.pageDefence")]?.findings === "function"',
    )) === true
  );
}

/**
 * A teacher's or principal's ticks before approving, as real clicks: the selection column's
 * box and the name cell's box of the last two pupils (untouched rows; the first pupil's name
 * has a frozen column's copy drawn over it, which would take the click).
 */
export async function tickSelections(page: Page): Promise<number> {
  const selectors = ['nth-last-of-type(2)', 'last-of-type'].flatMap((at) => {
    const tr = `#bang-tong-hop tbody tr:${at}`;
    return [`${tr} > td:first-child input[name="chon"]`, `${tr} td.ten input[name="chon-hs"]`];
  });
  for (const selector of selectors) await page.click(selector);
  return page.$$eval('#bang-tong-hop tbody input[type="checkbox"]:checked', (boxes) => boxes.length);
}

/**
 * A tick that is the record's: a box put in the last pupil's "Khen thưởng" cell (a record
 * column), served unticked, then ticked by a real click and not saved.
 */
export async function tickRecordCell(page: Page): Promise<void> {
  await page.evaluate(() => {
    // Row one of the head: its cells' column spans sum to the column's index in each body row.
    let column = 0;
    for (const th of Array.from(
      document.querySelectorAll<HTMLTableCellElement>('#bang-tong-hop thead tr:first-child th'),
    )) {
      if ((th.textContent ?? '').trim() === 'Khen thưởng') break;
      column += th.colSpan;
    }
    const rows = document.querySelectorAll<HTMLTableRowElement>('#bang-tong-hop tbody tr');
    const cell = rows[rows.length - 1]?.cells[column] as HTMLTableCellElement;
    cell.insertAdjacentHTML('beforeend', ' <input type="checkbox" class="hoan-thanh" title="Hoàn thành">');
  });
  await page.click('#bang-tong-hop tbody tr:last-of-type input.hoan-thanh');
}

/** Round six, on class 5A: each trick applied to its own pupil row (rows 1…n), in the page's own world. */
export const ROUND_SIX = [
  'stylistic set (font-feature-settings)',
  'name in small capitals (font-variant-caps)',
  'name set sideways (writing-mode)',
  'name and number laid out right to left (direction)',
  'first letter transparent (::first-letter)',
  'first line in white (::first-line)',
  'name drawn tiny (zoom)',
  'name drawn tiny (transform: scale)',
  'name skipped (content-visibility: hidden)',
  'name clipped by contain: paint',
  'name clamped to one line (-webkit-line-clamp)',
  'a frame beside the score (iframe srcdoc)',
  'SVG text in the name cell',
  'a canvas in the score cell',
  'a picture laid over the name',
  'select drawing its label attribute',
  'select as a list box',
  'a web font drawing 7 as 1 (@font-face)',
] as const;

/** A picture of a name, drawn as an image (what a canvas or an image can show over a cell). */
const NAME_PICTURE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><rect width="200" height="20" fill="white"/><text x="2" y="15" font-family="sans-serif" font-size="13">Trần Văn Khác</text></svg>',
)}`;
const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><circle cx="6" cy="6" r="5" fill="green"/></svg>',
)}`;

/**
 * Applies ROUND_SIX to class 5A's table, and harmless look-alikes real grids have to every
 * other row (which the check must not flag): tabular figures on the table, a bold first letter
 * of each name, scores right-aligned with `direction: rtl`, an image and an SVG icon beside
 * the name, the portal's own web font on the whole table (its digits are judged and pass),
 * `content-visibility: auto` on the rows, and
 * `contain: paint` on a name cell whose text fits.
 */
export async function tamperRoundSix(page: Page): Promise<string[]> {
  const font = (bytes: Buffer) => `url(data:font/ttf;base64,${bytes.toString('base64')})`;
  return page.evaluate(
    async (tricks, picture, icon, swappedFont, portalFont) => {
      const style = document.createElement('style');
      style.textContent = [
        `@font-face { font-family: "Swapped17"; src: ${swappedFont}; }`,
        // Harmless: the portal's own web font on the whole table, its inputs too.
        `@font-face { font-family: "PortalSans"; src: ${portalFont}; }`,
        '#bang-tong-hop, #bang-tong-hop input { font-family: PortalSans, sans-serif; }',
        '.rt6-first::first-letter { color: transparent; } .rt6-line::first-line { color: #fff; }',
        // Harmless: figures of equal width, a bold initial, rows rendered when on screen.
        '#bang-tong-hop { font-variant-numeric: tabular-nums; } #bang-tong-hop td.ten::first-letter { font-weight: bold; }',
        '#bang-tong-hop tbody tr { content-visibility: auto; contain-intrinsic-size: auto 24px; }',
      ].join('\n');
      document.head.append(style);
      const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('#bang-tong-hop tbody tr'));
      const ids: string[] = [];
      tricks.forEach((trick, i) => {
        const tr = rows[i + 1] as HTMLTableRowElement;
        ids.push(tr.getAttribute('data-ma-hs') ?? '');
        const name = tr.querySelector('td.ten') as HTMLElement;
        const text = (name.textContent ?? '').trim();
        const score = tr.querySelector('input[name$="|score"]') as HTMLInputElement;
        switch (trick) {
          case 'stylistic set (font-feature-settings)':
            name.style.fontFeatureSettings = '"ss01"';
            break;
          case 'name in small capitals (font-variant-caps)':
            name.style.fontVariantCaps = 'small-caps';
            break;
          case 'name set sideways (writing-mode)':
            name.innerHTML = `<span style="writing-mode: vertical-rl">${text}</span>`;
            break;
          case 'name and number laid out right to left (direction)':
            name.textContent = `${text} 10`;
            name.style.direction = 'rtl';
            break;
          case 'first letter transparent (::first-letter)':
            name.classList.add('rt6-first');
            break;
          case 'first line in white (::first-line)':
            name.classList.add('rt6-line');
            break;
          case 'name drawn tiny (zoom)':
            name.innerHTML = `<span style="zoom: 0.2">${text}</span>`;
            break;
          case 'name drawn tiny (transform: scale)':
            name.innerHTML = `<span style="display:inline-block; transform: scale(0.2); transform-origin: 0 0">${text}</span>`;
            break;
          case 'name skipped (content-visibility: hidden)':
            name.innerHTML = `<div style="content-visibility: hidden; height: 1.2em">${text}</div>`;
            break;
          case 'name clipped by contain: paint':
            name.innerHTML = `<div style="contain: paint; width: 3ch; white-space: nowrap">${text}</div>`;
            break;
          case 'name clamped to one line (-webkit-line-clamp)':
            name.innerHTML = `<div style="display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 1; overflow: hidden; width: 5ch">${text}</div>`;
            break;
          case 'a frame beside the score (iframe srcdoc)':
            score.insertAdjacentHTML(
              'afterend',
              '<iframe srcdoc="<b>10</b>" style="width: 24px; height: 18px; border: 0; vertical-align: middle"></iframe>',
            );
            break;
          case 'SVG text in the name cell':
            name.insertAdjacentHTML(
              'beforeend',
              '<svg width="40" height="16" style="vertical-align: middle"><text x="2" y="12" font-size="12">Thị</text></svg>',
            );
            break;
          case 'a canvas in the score cell': {
            const canvas = document.createElement('canvas');
            canvas.width = 24;
            canvas.height = 16;
            const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
            ctx.font = '12px sans-serif';
            ctx.fillText('10', 2, 12);
            score.after(canvas);
            break;
          }
          case 'a picture laid over the name':
            name.style.position = 'relative';
            name.insertAdjacentHTML(
              'beforeend',
              `<img alt="" src="${picture}" style="position: absolute; left: 0; top: 0; width: 100%; height: 100%">`,
            );
            break;
          case 'select drawing its label attribute':
            score.outerHTML = `<select name="${score.name}"><option value="${score.value}" label="2" selected>${score.value}</option></select>`;
            break;
          case 'select as a list box':
            score.outerHTML = `<select name="${score.name}" size="3"><option>2</option><option value="${score.value}" selected>${score.value}</option><option>10</option></select>`;
            break;
          case 'a web font drawing 7 as 1 (@font-face)':
            score.setAttribute('value', '7');
            score.value = '7';
            score.style.fontFamily = 'Swapped17';
            break;
        }
      });
      // Harmless, on the untouched rows: right-aligned scores, an image and an SVG icon beside
      // the name, a name cell that contains its paint and fits.
      rows.forEach((tr, i) => {
        if (i !== 0 && i <= tricks.length) return;
        for (const input of Array.from(tr.querySelectorAll<HTMLInputElement>('input[name$="|score"]')))
          input.style.direction = 'rtl';
        const name = tr.querySelector('td.ten') as HTMLElement;
        name.style.contain = 'paint';
        name.insertAdjacentHTML(
          'beforeend',
          ` <img alt="" src="${icon}" width="12" height="12"> <svg width="12" height="12"><circle cx="6" cy="6" r="5" fill="green"/></svg>`,
        );
      });
      // The fonts loaded before the check (a person sees the page drawn with them).
      await Promise.all([
        document.fonts.load('16px Swapped17', '17'),
        document.fonts.load('16px PortalSans', '0123456789'),
      ]);
      await document.fonts.ready;
      return ids;
    },
    ROUND_SIX as unknown as string[],
    NAME_PICTURE,
    ICON,
    font(swappedDigitsFont()),
    font(portalWebFont()),
  );
}
