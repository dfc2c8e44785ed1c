/**
 * An existing field other than a signature field: filling it (its value and appearance) is
 * reported as FORM_FILL, refused unless a certification signature permits it (DocMDP P=2/3,
 * applied after); any other edit of the field is refused.
 */
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import type { FieldInUpdate } from './field-in-update.js';

/** What filling a form field changes: its value and its appearance. */
const FORM_FILL_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'RV']);

export const formFieldFill: Rule<FieldInUpdate> = {
  name: 'form-field-fill',
  check({ u, field: f, old, label }, add) {
    if (!old) return;
    const x = u.across;
    const other = firstDifference(x, old.dict, f.dict, new Set([...FORM_FILL_KEYS, 'Kids']));
    if (other !== undefined)
      add(
        'FORM',
        'DISALLOWED',
        `form field ${label} changed: ${other}`,
        { vi: `Ô nhập liệu "${label}" bị sửa (${other})`, en: `Form field "${label}" edited (${other})` },
        f.num,
      );
    const filled = [...FORM_FILL_KEYS].filter(
      (k) => firstDifference(x, old.dict.entries.get(k), f.dict.entries.get(k)) !== undefined,
    );
    if (filled.length > 0)
      add(
        'FORM_FILL',
        'DISALLOWED',
        `form field ${label} filled in: /${filled.join(', /')}`,
        {
          vi: `Ô nhập liệu "${label}" được điền hoặc sửa giá trị sau khi ký`,
          en: `Form field "${label}" filled in or its value changed after signing`,
        },
        f.num,
      );
    if (x.changed.has(f.num)) u.explained.add(f.num);
  },
};
