/**
 * One object defined twice in the same update, differently: which one a viewer shows depends
 * on the viewer (duplicate-object wrapping), so no comparison can speak for it.
 */
import { type PdfValue, valuesEqual } from '../../document/objects.js';
import type { Rule } from '../change.js';
import type { Update } from '../update.js';

export const duplicateObjects: Rule<Update> = {
  name: 'duplicate-objects',
  check(u, add) {
    const firstDef = new Map<number, PdfValue>();
    for (const o of u.definitions) {
      const seen = firstDef.get(o.num);
      if (seen === undefined) firstDef.set(o.num, o.value);
      else if (!valuesEqual(u.doc, seen, o.value))
        add(
          'UNEXPLAINED',
          'DISALLOWED',
          `object ${o.num} defined twice in the update, differently`,
          {
            vi: `Đối tượng ${o.num} được định nghĩa hai lần khác nhau trong cùng một lần sửa`,
            en: `Object ${o.num} is defined twice, differently, in the same update`,
          },
          o.num,
        );
    }
  },
};
