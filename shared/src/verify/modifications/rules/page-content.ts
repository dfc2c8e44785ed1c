/**
 * One page kept from before: its content, resources, boxes and rotation unchanged, inherited
 * ones included (compared as the page sees them, wherever in the tree they are set).
 */
import type { PdfDict } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import { type Box, effectivePageKey, INHERITED_PAGE_KEYS } from '../pages.js';
import type { Update } from '../update.js';

/** One page of the revision before, as the update leaves it. */
export interface PageInUpdate {
  u: Update;
  /** The page's object number. */
  pageNum: number;
  /** 1-based, for readers. */
  pageNo: number;
  oldPage: PdfDict | undefined;
  newPage: PdfDict | undefined;
  /** Where earlier signatures show, on any page: a new widget may not cover them. */
  signedRects: readonly Box[];
}

export const pageContent: Rule<PageInUpdate> = {
  name: 'page-content',
  check({ u, pageNum, pageNo, oldPage, newPage }, add) {
    const { before, after } = u;
    const x = u.across;
    const d = firstDifference(x, oldPage, newPage, new Set(['Annots', ...INHERITED_PAGE_KEYS]));
    const inherited = INHERITED_PAGE_KEYS.map(
      (k) =>
        [
          k,
          firstDifference(x, effectivePageKey(before, oldPage, k), effectivePageKey(after, newPage, k)),
        ] as const,
    ).filter(([, diff]) => diff !== undefined);
    if (d !== undefined || inherited.length > 0) {
      const where = d ?? `/${inherited[0]?.[0]}${inherited[0]?.[1]}`;
      const what = /^\/Resources/.test(where)
        ? {
            vi: 'tài nguyên (phông chữ, hình) của trang bị thay',
            en: "the page's resources (fonts, images) replaced",
          }
        : /^\/Contents/.test(where)
          ? { vi: 'nội dung trang bị thay', en: 'page content replaced' }
          : { vi: `trang bị sửa (${where})`, en: `page edited (${where})` };
      add(
        'PAGE_CONTENT',
        'DISALLOWED',
        `page ${pageNo} (object ${pageNum}) changed: ${where}`,
        { vi: `Trang ${pageNo}: ${what.vi}`, en: `Page ${pageNo}: ${what.en}` },
        pageNum,
      );
    }
    if (x.changed.has(pageNum)) u.explained.add(pageNum);
  },
};
