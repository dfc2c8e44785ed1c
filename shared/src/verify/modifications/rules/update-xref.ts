/**
 * The update's cross-reference must point only at objects written in the update: a pointer
 * back into earlier bytes would make a viewer show another definition than the one compared.
 * Deleted and unreadable objects are refused here too.
 */
import type { Bilingual } from '../../../errors/index.js';
import type { ParsedDocument } from '../../document/objects.js';
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
      /** Definitions by where they start (made once, when an entry names no definition in the update). */
      let byStart: Map<number, number> | undefined;
      for (const e of rev.xref) {
        if (e.num === 0) continue;
        if (e.inUse && !starts.get(e.num)?.has(e.offset)) {
          byStart ??= new Map(
            doc.objects.filter((o) => o.inStream === undefined).map((o) => [o.start, o.num]),
          );
          const [detail, message] = pointedAt(doc, r, e.num, e.offset, byStart);
          add('UNEXPLAINED', 'DISALLOWED', detail, message, e.num);
        } else if (!e.inUse && before.object(e.num))
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

/**
 * What an xref entry that names no definition of its object in the update points at, said as it
 * is (session 12: inside the update, it was called "outside the update"): earlier bytes, another
 * object's header, or bytes where no header this check reads begins.
 */
function pointedAt(
  doc: ParsedDocument,
  r: number,
  num: number,
  offset: number,
  byStart: ReadonlyMap<number, number>,
): [string, Bilingual] {
  const rev = doc.revisions[r];
  const inside = rev !== undefined && offset >= rev.start && offset < rev.end;
  if (!inside)
    return [
      `the update's cross-reference points object ${num} at byte ${offset}, outside the update`,
      {
        vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${num} ra ngoài phần được sửa`,
        en: `The update's cross-reference points object ${num} outside the update`,
      },
    ];
  const other = byStart.get(offset);
  if (other !== undefined)
    return [
      `the update's cross-reference points object ${num} at byte ${offset}, where object ${other} is defined`,
      {
        vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${num} vào chỗ định nghĩa đối tượng ${other}`,
        en: `The update's cross-reference points object ${num} at the definition of object ${other}`,
      },
    ];
  return [
    `the update's cross-reference points object ${num} at byte ${offset}, where no object header begins that this check reads`,
    {
      vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${num} vào byte ${offset}, nơi không có đầu đối tượng nào đọc được`,
      en: `The update's cross-reference points object ${num} at byte ${offset}, where no object header this check can read begins`,
    },
  ];
}
