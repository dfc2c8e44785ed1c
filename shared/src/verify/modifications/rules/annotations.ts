/**
 * A page's /Annots, by what the array holds: nothing removed, existing annotations unchanged
 * (widgets of form fields are judged with their field), and nothing new but a signature
 * widget, which the signature-widget rule judges. Stricter than DocMDP P=3 on purpose: an
 * annotation drawn over the page changes what a reader sees (shadow attacks).
 */

import type { Bilingual } from '../../../errors/index.js';
import { dictOf, isName, isRef, type PdfDict } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import { isSigField } from '../fields.js';
import type { PageInUpdate } from './page-content.js';
import { signatureWidget } from './signature-widget.js';

export const annotations: Rule<PageInUpdate> = {
  name: 'annotations',
  check(page, add) {
    const { u, pageNum, pageNo, oldPage, newPage } = page;
    const { before, after } = u;
    const x = u.across;
    const annotsValue = newPage?.entries.get('Annots');
    if (isRef(annotsValue)) u.explained.add(annotsValue.num);
    const oldAnnots = before.resolve(oldPage?.entries.get('Annots'));
    const newAnnots = after.resolve(annotsValue);
    const oldList = Array.isArray(oldAnnots) ? oldAnnots : [];
    const newList = Array.isArray(newAnnots) ? newAnnots : [];
    const oldNums = new Set(oldList.filter(isRef).map((v) => v.num));
    const newNums = new Set(newList.filter(isRef).map((v) => v.num));
    const removed = [...oldNums].filter((n) => !newNums.has(n));
    if (removed.length > 0)
      add(
        'ANNOTATION',
        'DISALLOWED',
        `annotations removed from page ${pageNo}: ${removed.join(', ')}`,
        {
          vi: `Trang ${pageNo}: chú thích hoặc ô ký bị gỡ khỏi trang`,
          en: `Page ${pageNo}: annotations or fields removed`,
        },
        pageNum,
      );
    for (const item of newList) {
      if (!isRef(item)) {
        if (!oldList.some((o) => firstDifference(x, o, item) === undefined))
          add(
            'ANNOTATION',
            'DISALLOWED',
            `direct annotation added to page ${pageNo}`,
            annotationWords(dictOf(item), pageNo),
            pageNum,
          );
        continue;
      }
      const annot = dictOf(after.resolve(item));
      const field = fieldOfWidget(annot);
      if (oldNums.has(item.num)) {
        if (u.oldFields.has(item.num) || u.newFields.has(item.num) || field !== undefined) continue;
        const diff = firstDifference(x, item, item);
        if (diff !== undefined)
          add(
            'ANNOTATION',
            'DISALLOWED',
            `annotation ${item.num} on page ${pageNo} changed: ${diff}`,
            { vi: `Trang ${pageNo}: chú thích bị sửa`, en: `Page ${pageNo}: an annotation was edited` },
            item.num,
          );
        continue;
      }
      // An allowed signature widget: of a /FT /Sig field new in this revision and listed in the form.
      const isNewSigWidget =
        isName(annot?.entries.get('Subtype'), 'Widget') &&
        (u.newSigFields.has(item.num) || (field !== undefined && u.newSigFields.has(field))) &&
        isSigField(after, annot);
      u.explained.add(item.num);
      if (isNewSigWidget) {
        u.apply(signatureWidget, { page, item, annot, field });
        continue;
      }
      add(
        'ANNOTATION',
        'DISALLOWED',
        `annotation ${item.num} added to page ${pageNo}`,
        annotationWords(annot, pageNo),
        item.num,
      );
    }
  },
};

/** The field (object number) a widget belongs to: its /Parent, or none when merged. */
export function fieldOfWidget(annot: PdfDict | undefined): number | undefined {
  const parent = annot?.entries.get('Parent');
  if (isRef(parent)) return parent.num;
  return undefined;
}

function annotationWords(annot: PdfDict | undefined, pageNo: number): Bilingual {
  const sub = annot?.entries.get('Subtype');
  const kind = isName(sub) ? sub.name : '?';
  return {
    vi: `Trang ${pageNo}: thêm chú thích loại /${kind} có thể che hoặc đổi nội dung hiển thị`,
    en: `Page ${pageNo}: a /${kind} annotation added that can cover or change what is shown`,
  };
}
