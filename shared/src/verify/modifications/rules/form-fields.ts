/**
 * Every form field, old and new, by what /Fields and /Kids hold: removing a field is refused
 * here; each field still there or new is judged by the one field rule that fits it (as
 * pyHanko's FormUpdatingRule hands each field to its field rules).
 */
import { displayText } from '../../report/display-text.js';
import { needAppearancesTurnedOn } from '../appearances.js';
import type { Rule } from '../change.js';
import type { Update } from '../update.js';
import type { FieldInUpdate } from './field-in-update.js';
import { formFieldCreation } from './form-field-creation.js';
import { formFieldFill } from './form-field-fill.js';
import { signatureFieldCreation } from './signature-field-creation.js';
import { signatureFieldModification } from './signature-field-modification.js';

export const formFields: Rule<Update> = {
  name: 'form-fields',
  check(u, add) {
    const { oldFields, newFields } = u;
    const removed = [...oldFields.keys()].filter((n) => !newFields.has(n));
    if (removed.length > 0) {
      // Field names are the file's words: made safe to show, the list bounded.
      const names = displayText(removed.map((n) => oldFields.get(n)?.name || `#${n}`).join(', '));
      add('FORM', 'DISALLOWED', `form fields removed: ${displayText(removed.join(', '))}`, {
        vi: `Ô biểu mẫu bị xoá (${names})`,
        en: `Form fields removed (${names})`,
      });
    }
    for (const field of newFields.values()) {
      const old = oldFields.get(field.num);
      const subject: FieldInUpdate = {
        u,
        field,
        old,
        label: field.name ? displayText(field.name) : `#${field.num}`,
      };
      if (!old) {
        u.explained.add(field.num);
        u.apply(field.sig ? signatureFieldCreation : formFieldCreation, subject);
        continue;
      }
      // Untouched and empty: nothing to judge.
      if (!u.across.changed.has(field.num) && !field.dict.entries.has('V')) continue;
      u.apply(field.sig ? signatureFieldModification : formFieldFill, subject);
    }
    // Viewers redraw non-signature fields from their values once this is on (red team, session 7).
    const redraw = needAppearancesTurnedOn(u.before, u.after, u.oldForm, u.newForm, newFields);
    if (redraw) add('FORM', 'DISALLOWED', redraw.detail, redraw.message);
  },
};
