/** The same pages in the same order, and page tree nodes unchanged but for their lists. */
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import { INHERITED_PAGE_KEYS } from '../pages.js';
import type { Update } from '../update.js';

export const pageTree: Rule<Update> = {
  name: 'page-tree',
  check(u, add) {
    const { oldPages, newPages } = u;
    const samePages =
      oldPages.pages.length === newPages.pages.length &&
      oldPages.pages.every((p, i) => p === newPages.pages[i]);
    if (!samePages)
      add(
        'PAGES',
        'DISALLOWED',
        `pages changed: [${oldPages.pages.join(' ')}] -> [${newPages.pages.join(' ')}]`,
        {
          vi: `Trang bị thêm, bớt hoặc đổi thứ tự (${oldPages.pages.length} → ${newPages.pages.length} trang)`,
          en: `Pages added, removed or reordered (${oldPages.pages.length} → ${newPages.pages.length} pages)`,
        },
      );
    const x = u.across;
    for (const n of newPages.nodes) {
      if (!x.changed.has(n)) continue;
      // Inherited attributes are compared on each page, as the page sees them.
      const d = firstDifference(
        x,
        u.before.object(n)?.value,
        u.after.object(n)?.value,
        new Set(['Kids', 'Count', ...INHERITED_PAGE_KEYS]),
      );
      u.explained.add(n);
      if (d !== undefined && u.before.object(n))
        add(
          'PAGES',
          'DISALLOWED',
          `page tree node ${n} changed: ${d}`,
          { vi: 'Cây trang của tài liệu bị sửa', en: 'The page tree was edited' },
          n,
        );
    }
  },
};
