/**
 * An existing signature field: signing an empty one may fill /V and draw its appearance
 * (SIG_FIELD_ALLOWED_KEYS); a signature already there keeps the appearance it had, and an empty
 * field is never given a drawing without a signature (an overlay passing for a signature box).
 */
import type { Rule } from '../change.js';
import { firstDifference, reachable } from '../compare.js';
import { signedField } from '../shown.js';
import type { FieldInUpdate } from './form-fields.js';
import { signatureValue } from './signature-value.js';

/** What filling a signature field may change on the field and its widget. */
const SIG_FIELD_ALLOWED_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'DA', 'DR', 'Lock', 'SV', 'P', 'F', 'M']);

export const signatureFieldModification: Rule<FieldInUpdate> = {
  name: 'signature-field-modification',
  check(subject, add) {
    const { u, field: f, old, label } = subject;
    if (!old) return;
    const x = u.across;
    const wasSigned = signedField(x.before, old.dict);
    const apDiff = wasSigned
      ? firstDifference(x, old.dict.entries.get('AP'), f.dict.entries.get('AP'))
      : undefined;
    if (apDiff !== undefined)
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `appearance of the signed field ${label} changed: /AP${apDiff}`,
        {
          vi: `Hình hiển thị của chữ ký đã có ở ô "${label}" bị thay`,
          en: `The appearance of the existing signature in field "${label}" was replaced`,
        },
        f.num,
      );
    const stillEmpty = !wasSigned && !signedField(x.after, f.dict);
    const drawnEmpty = stillEmpty
      ? (firstDifference(x, old.dict.entries.get('AP'), f.dict.entries.get('AP')) ??
        firstDifference(x, old.dict.entries.get('MK'), f.dict.entries.get('MK')))
      : undefined;
    if (drawnEmpty !== undefined)
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `empty signature field ${label} given an appearance without a signature: ${drawnEmpty}`,
        {
          vi: `Ô chữ ký trống "${label}" được vẽ hình mà không có chữ ký`,
          en: `The empty signature field "${label}" was given a drawing without a signature`,
        },
        f.num,
      );
    const d = firstDifference(x, old.dict, f.dict, SIG_FIELD_ALLOWED_KEYS);
    if (d !== undefined)
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `signature field ${label} changed: ${d}`,
        { vi: `Ô chữ ký "${label}" bị sửa (${d})`, en: `Signature field "${label}" edited (${d})` },
        f.num,
      );
    if (x.changed.has(f.num)) {
      u.explained.add(f.num);
      if (!wasSigned) reachable(x.after, f.dict.entries.get('AP'), u.sigAppearances);
    }
    u.apply(signatureValue, subject);
  },
};
