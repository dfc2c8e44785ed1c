/**
 * /NeedAppearances turned on after signing. It tells a viewer to draw every form field afresh
 * from its value (/V) and the form's default appearance, instead of the appearance (/AP) the
 * signer saw: a field whose value and appearance differ then shows the value nobody saw when
 * signing (form field value vs appearance, red team session 7; pyHanko allows the change).
 * Signature fields are never redrawn, so a form of signature fields only is not concerned.
 */
import type { Bilingual } from '../../errors/index.js';
import type { PdfDict, Resolver } from '../document/objects.js';
import type { FieldNode } from './fields.js';

export function needAppearancesTurnedOn(
  before: Resolver,
  after: Resolver,
  oldForm: PdfDict | undefined,
  newForm: PdfDict | undefined,
  newFields: Map<number, FieldNode>,
): { detail: string; message: Bilingual } | undefined {
  const was = before.get(oldForm, 'NeedAppearances') === true;
  const is = after.get(newForm, 'NeedAppearances') === true;
  if (was || !is || ![...newFields.values()].some((f) => !f.sig)) return undefined;
  return {
    detail: 'form changed: /NeedAppearances turned on (viewers redraw the fields from their values)',
    message: {
      vi: 'Biểu mẫu được đặt /NeedAppearances: trình đọc PDF sẽ vẽ lại các ô theo giá trị, có thể khác với hình người ký đã thấy',
      en: 'The form was set to /NeedAppearances: PDF readers redraw its fields from their values, which may differ from what the signer saw',
    },
  };
}
