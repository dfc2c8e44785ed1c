/** A signature field's /V: a new signature or document time-stamp, never a replaced one. */
import { isRef } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { firstDifference } from '../compare.js';
import { sigValueKind } from '../fields.js';
import type { FieldInUpdate } from './field-in-update.js';

export const signatureValue: Rule<FieldInUpdate> = {
  name: 'signature-value',
  check({ u, field: f, old, label }, add) {
    const x = u.across;
    const v = f.dict.entries.get('V');
    const oldV = old?.dict.entries.get('V');
    if (v === undefined) {
      if (oldV !== undefined)
        add('SIGNATURE', 'DISALLOWED', `signature removed from ${label}`, {
          vi: `Chữ ký ở ô "${label}" bị gỡ bỏ`,
          en: `The signature in field "${label}" was removed`,
        });
      return;
    }
    if (oldV !== undefined) {
      const d = firstDifference(x, oldV, v);
      if (d !== undefined)
        add(
          'SIGNATURE',
          'DISALLOWED',
          `existing signature in ${label} replaced`,
          {
            vi: `Chữ ký đã có ở ô "${label}" bị thay thế`,
            en: `The existing signature in field "${label}" was replaced`,
          },
          f.num,
        );
      return;
    }
    if (isRef(v)) {
      u.explained.add(v.num);
      if (x.before.object(v.num)) {
        add(
          'SIGNATURE',
          'DISALLOWED',
          `field ${label} points at an earlier signature`,
          {
            vi: `Ô "${label}" trỏ tới một chữ ký đã có từ trước`,
            en: `Field "${label}" points at an earlier signature`,
          },
          f.num,
        );
        return;
      }
    }
    if (sigValueKind(x.after, v) === 'DocTimeStamp')
      add('DOCUMENT_TIMESTAMP', 'ALLOWED', `document time-stamp added in ${label}`, {
        vi: `Thêm dấu thời gian cho tài liệu (ô "${label}")`,
        en: `Document time-stamp added (field "${label}")`,
      });
    else
      add('SIGNATURE', 'ALLOWED', `signature added in ${label}`, {
        vi: `Thêm chữ ký mới (ô "${label}")`,
        en: `New signature added (field "${label}")`,
      });
  },
};
