/**
 * A new signature field that runs something (red team, round four). Its widget's /AA
 * (actions on mouse enter, focus, page open...) or an /A other than a plain link runs when a
 * reader moves over the box or opens the page: JavaScript there can set another field's
 * value (the "Khong" a teacher signed shown as "Co"), hide it, submit or reset the form, or
 * launch a file, so what a person sees is no longer what was signed. pyHanko calls such a
 * file valid; we refuse it. A /GoTo or /URI link, with no chained /Next, only navigates.
 */
import { dictOf, isName } from '../../document/objects.js';
import type { Rule } from '../change.js';
import type { FieldInUpdate } from './field-in-update.js';

const LINKS = new Set(['GoTo', 'URI']);

export const fieldActions: Rule<FieldInUpdate> = {
  name: 'field-actions',
  check({ u, field, label }, add) {
    const entries = field.dict.entries;
    if (entries.has('AA'))
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `new signature field ${label} carries additional actions (/AA)`,
        {
          vi: `Ô chữ ký mới "${label}" có lệnh tự chạy (/AA) khi di chuột hoặc mở trang: có thể đổi điều người đọc thấy`,
          en: `The new signature field "${label}" carries actions that run by themselves (/AA) on mouse-over or page open: they can change what a reader sees`,
        },
        field.num,
      );
    if (!entries.has('A')) return;
    const action = dictOf(u.after.resolve(entries.get('A')));
    const kind = u.after.get(action, 'S');
    const link = [...LINKS].some((s) => isName(kind, s)) && !action?.entries.has('Next');
    if (!link)
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `new signature field ${label} carries an action (/A) other than a link`,
        {
          vi: `Ô chữ ký mới "${label}" có lệnh chạy khi bấm (/A) không phải một liên kết: có thể đổi điều người đọc thấy`,
          en: `The new signature field "${label}" carries an action run on click (/A) that is not a link: it can change what a reader sees`,
        },
        field.num,
      );
  },
};
