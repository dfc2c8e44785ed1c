/**
 * The form dictionary itself: a later signer may list new fields and set signature flags, and
 * add to the default appearance what its own field needs (default-appearance.ts).
 */
import { isRef } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import { defaultAppearanceChanges } from '../default-appearance.js';
import type { Update } from '../update.js';

const ACROFORM_ALLOWED_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);

export const acroform: Rule<Update> = {
  name: 'acroform',
  check(u, add) {
    const { newFormValue } = u;
    if (isRef(newFormValue)) u.explained.add(newFormValue.num);
    const { oldForm, newForm } = u;
    for (const k of new Set([...(oldForm?.entries.keys() ?? []), ...(newForm?.entries.keys() ?? [])])) {
      if (ACROFORM_ALLOWED_KEYS.has(k)) continue;
      const d = firstDifference(u.across, oldForm?.entries.get(k), newForm?.entries.get(k));
      if (d !== undefined)
        add('FORM', 'DISALLOWED', `form changed: /${k}${d}`, {
          vi: `Biểu mẫu của tài liệu bị đổi (mục /${k})`,
          en: `The document's form was changed (/${k})`,
        });
    }
    for (const c of defaultAppearanceChanges(u.across, oldForm, newForm, u.newFields, u.explained))
      add('FORM', 'DISALLOWED', c.detail, c.message);
    const { fieldsValue } = u;
    if (isRef(fieldsValue)) u.explained.add(fieldsValue.num);
  },
};
