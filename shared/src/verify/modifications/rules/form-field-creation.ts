/** A new field other than a signature field: new input on a signed record is refused. */
import type { Rule } from '../change.js';
import type { FieldInUpdate } from './field-in-update.js';

export const formFieldCreation: Rule<FieldInUpdate> = {
  name: 'form-field-creation',
  check({ field, label }, add) {
    add(
      'FORM',
      'DISALLOWED',
      `non-signature form field ${label} added`,
      { vi: `Thêm ô nhập liệu mới "${label}"`, en: `New form field "${label}" added` },
      field.num,
    );
  },
};
