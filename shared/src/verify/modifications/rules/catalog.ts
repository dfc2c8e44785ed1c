/**
 * The document catalog: entries other than the form, the pages, validation data and metadata
 * are the document itself (actions, names, optional content, outlines...), and the catalog
 * may not be swapped for another object.
 */
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import type { Update } from '../update.js';

/**
 * Catalog entries a later signer may touch; the page tree and form are compared on their own.
 * Not /Perms: it says which signature certifies the document (pyHanko refuses its change too).
 * /Version: ISO 32000-1 §7.7.2, made to be raised by an incremental update (pyHanko does, for PSS or SHA-384).
 */
const CATALOG_ALLOWED_KEYS = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Pages', 'Version']);

export const catalog: Rule<Update> = {
  name: 'catalog',
  check(u, add) {
    const { oldCatalog, newCatalog, before, after } = u;
    const rootNum = after.rootRef()?.num;
    if (rootNum !== undefined) u.explained.add(rootNum);
    const oldRootNum = before.rootRef()?.num;
    if (oldRootNum !== undefined && oldRootNum !== rootNum)
      add(
        'CATALOG',
        'DISALLOWED',
        `document catalog replaced by object ${rootNum}`,
        {
          vi: 'Danh mục gốc của tài liệu bị thay bằng đối tượng khác',
          en: 'The document catalog was replaced',
        },
        rootNum,
      );
    const keys = new Set([...(oldCatalog?.entries.keys() ?? []), ...(newCatalog?.entries.keys() ?? [])]);
    for (const k of keys) {
      if (CATALOG_ALLOWED_KEYS.has(k)) continue;
      const d = firstDifference(u.across, oldCatalog?.entries.get(k), newCatalog?.entries.get(k));
      if (d !== undefined)
        add(
          'CATALOG',
          'DISALLOWED',
          `document catalog changed: /${k}${d}`,
          { vi: `Cấu trúc tài liệu bị đổi (mục /${k})`, en: `Document structure changed (/${k})` },
          rootNum,
        );
    }
  },
};
