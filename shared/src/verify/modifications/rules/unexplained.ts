/** The catch-all: an existing object changed that no rule accounts for is refused. */
import type { Rule } from '../change.js';
import type { Update } from '../update.js';

export const unexplained: Rule<Update> = {
  name: 'unexplained',
  check(u, add) {
    for (const n of u.changed) {
      if (u.explained.has(n) || u.across.covered.has(n)) continue;
      if (u.isSigObject(n))
        add(
          'SIGNATURE',
          'DISALLOWED',
          `existing signature ${n} replaced`,
          { vi: 'Một chữ ký đã có bị thay thế', en: 'An existing signature was replaced' },
          n,
        );
      else
        add(
          'UNEXPLAINED',
          'DISALLOWED',
          `object ${n} changed`,
          {
            vi: `Đối tượng ${n} bị sửa mà không rõ mục đích`,
            en: `Object ${n} was changed for no known purpose`,
          },
          n,
        );
    }
  },
};
