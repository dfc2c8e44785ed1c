/**
 * Document metadata (the XMP /Metadata stream, the trailer /Info) is always allowed, unless a
 * rule before already looked at the object; an existing object counts only if it was metadata
 * before.
 */
import type { Rule } from '../change.js';
import { reachable } from '../compare.js';
import type { Update } from '../update.js';

export const metadata: Rule<Update> = {
  name: 'metadata',
  check(u, add) {
    const x = u.across;
    const now = new Set<number>();
    for (const v of [u.newCatalog?.entries.get('Metadata'), u.after.trailerValue('Info')])
      reachable(u.after, v, now);
    const old = new Set<number>();
    for (const v of [u.oldCatalog?.entries.get('Metadata'), u.before.trailerValue('Info')])
      reachable(u.before, v, old);
    const here = [...now].filter(
      (n) => x.changed.has(n) && !x.covered.has(n) && (u.fresh.has(n) || old.has(n)),
    );
    if (here.length > 0) {
      for (const n of here) u.explained.add(n);
      add('METADATA', 'ALLOWED', 'document information updated', {
        vi: 'Cập nhật thông tin mô tả tài liệu (metadata)',
        en: 'Document information (metadata) updated',
      });
    }
  },
};
