/**
 * The update's cross-reference must point only at objects written in the update: a pointer
 * back into earlier bytes would make a viewer show another definition than the one compared.
 * Deleted and unreadable objects are refused here too.
 */
import type { Rule } from '../change.js';
import type { Update } from '../update.js';
import { xrefChainFindings } from '../xref-chain.js';

export const updateXref: Rule<Update> = {
  name: 'update-xref',
  check({ doc, revision: r, before }, add) {
    const rev = doc.revisions[r];
    if (rev) {
      const starts = new Map<number, Set<number>>();
      for (const o of doc.objects)
        if (o.revision === r && o.inStream === undefined)
          (starts.get(o.num) ?? starts.set(o.num, new Set()).get(o.num))?.add(o.start);
      for (const e of rev.xref) {
        if (e.num === 0) continue;
        if (e.inUse && !starts.get(e.num)?.has(e.offset))
          add(
            'UNEXPLAINED',
            'DISALLOWED',
            `the update's cross-reference points object ${e.num} at byte ${e.offset}, outside the update`,
            {
              vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${e.num} ra ngoài phần được sửa`,
              en: `The update's cross-reference points object ${e.num} outside the update`,
            },
            e.num,
          );
        else if (!e.inUse && before.object(e.num))
          add(
            'UNEXPLAINED',
            'DISALLOWED',
            `object ${e.num} deleted`,
            { vi: `Đối tượng ${e.num} bị xoá`, en: `Object ${e.num} deleted` },
            e.num,
          );
      }
    }
    for (const f of xrefChainFindings(doc, r, before))
      add('UNEXPLAINED', 'DISALLOWED', f.detail, f.message, f.object);
    for (const u of doc.unparsed)
      if (u.revision === r)
        add('UNEXPLAINED', 'DISALLOWED', `unreadable object at byte ${u.start}`, {
          vi: `Có đối tượng không đọc được ở byte ${u.start}`,
          en: `Unreadable object at byte ${u.start}`,
        });
  },
};
