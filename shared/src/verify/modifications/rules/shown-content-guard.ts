/**
 * What the pages drew before must not change behind an allowed rule: an object named in /Info
 * or /DSS, reached from a signature appearance, or looked at on the way by a comparison that
 * allowed it, is refused if the pages drew it (shadow "replace" attacks; shown.ts). Runs only
 * when nothing is refused yet: a refused update needs no second reason.
 */
import { dictOf, isRef } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { shownByPages } from '../shown.js';
import type { Update } from '../update.js';

export const shownContentGuard: Rule<Update> = {
  name: 'shown-content-guard',
  check(u, add) {
    if (u.refusedSoFar()) return;
    const { before, after, oldFields, newFields, oldPages, newPages } = u;
    const x = u.across;
    // The form and page structure are judged by their own rules, whatever they draw.
    const structure = new Set<number>([
      ...oldFields.keys(),
      ...newFields.keys(),
      ...newPages.nodes,
      ...newPages.pages,
    ]);
    for (const v of [after.rootRef(), before.rootRef(), u.oldFormValue, u.newFormValue, u.fieldsValue])
      if (isRef(v)) structure.add(v.num);
    for (const p of [...oldPages.pages, ...newPages.pages]) {
      const a = dictOf(after.object(p)?.value)?.entries.get('Annots');
      if (isRef(a)) structure.add(a.num);
    }
    const suspects = [...u.changed].filter(
      (n) => (u.explained.has(n) || x.covered.has(n)) && !structure.has(n) && !u.isSigObject(n),
    );
    if (suspects.length === 0) return;
    const shown = shownByPages(before, oldPages.pages);
    for (const n of suspects.filter((s) => shown.has(s)))
      add(
        'PAGE_CONTENT',
        'DISALLOWED',
        `object ${n}, drawn on a page, changed`,
        {
          vi: `Nội dung hiển thị trên trang (đối tượng ${n}: phông chữ, hình hoặc hình chú thích) bị thay`,
          en: `Something drawn on a page (object ${n}: a font, image or annotation appearance) was replaced`,
        },
        n,
      );
  },
};
