/**
 * An existing signature field: signing an empty one may fill /V and draw its appearance
 * (SIG_FIELD_ALLOWED_KEYS); a signature already there keeps the appearance it had, and an empty
 * field is never given a drawing without a signature (an overlay passing for a signature box).
 */
import type { Rule } from '../change.js';
import { firstDifference, reachable } from '../compare.js';
import { signedField } from '../shown.js';
import type { FieldInUpdate } from './field-in-update.js';
import { signatureValue } from './signature-value.js';

/** What filling a signature field may change on the field and its widget. */
const SIG_FIELD_ALLOWED_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'DA', 'DR', 'Lock', 'SV', 'P', 'F', 'M']);
/**
 * A field already signed keeps everything: its /V and /AP are judged above and by
 * signature-value; anything else (/F hiding it or keeping it off paper, /MK, /OC, /Rect...)
 * changes how the earlier signature shows (red team, session 8; pyHanko refuses these too).
 */
const SIGNED_FIELD_JUDGED_ELSEWHERE = new Set(['V', 'AP']);

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
    const d = firstDifference(
      x,
      old.dict,
      f.dict,
      wasSigned ? SIGNED_FIELD_JUDGED_ELSEWHERE : SIG_FIELD_ALLOWED_KEYS,
    );
    // /F: hidden (2), NoView (32), Print (4) off: the earlier signature no longer shows or prints.
    const flags = d !== undefined && /^\/F\b/.test(d);
    if (d !== undefined && wasSigned)
      add(
        'SIGNATURE_FIELD',
        'DISALLOWED',
        `signed field ${label} changed: ${d}`,
        {
          vi: `Ô chữ ký đã ký "${label}" bị sửa (${d})${flags ? ': chữ ký có thể bị ẩn hoặc không được in' : ''}`,
          en: `The signed field "${label}" was edited (${d})${flags ? ': the signature may be hidden or left off paper' : ''}`,
        },
        f.num,
      );
    else if (d !== undefined)
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
