/**
 * The form's default appearance (/AcroForm /DA) and default resources (/DR) after signing.
 * A viewer draws a text or choice field that has no appearance of its own (or redraws one)
 * from /DA (font name, size, colour) and the fonts /DR names: after a signature, swapping
 * /DR /Font /Helv for a font whose /Encoding maps other glyphs, or turning /DA's colour to
 * white, changes the value every reader sees without touching a signed byte of the field
 * (red team, session 8: "Khong" shown as "Co"; pyHanko allows both changes).
 *
 * Allowed: new /DR entries no field draws with (a later signer adds the font its own field
 * names), and /DA changes no field draws with (each has its own). Refused while the form holds
 * a field that is not a signature: any /DR entry changed or removed, a /DR font added under a
 * name a field's /DA uses, /DA added, changed or removed while such a field takes it from the
 * form. A form of signature fields only draws nothing from
 * them (signature widgets carry their own appearance), so nothing is refused there.
 */
import type { Bilingual } from '../../errors/index.js';
import { dictOf, isRef, type PdfDict, type PdfValue, type Resolver, textOf } from '../document/objects.js';
import { type Across, firstDifference } from './compare.js';
import type { FieldNode } from './fields.js';

export interface DefaultAppearanceChange {
  detail: string;
  message: Bilingual;
}

/** Whether a field gets its /DA from the form: none on it or on the fields above it. */
function takesFormDA(res: Resolver, field: PdfDict): boolean {
  for (let k = 0, cur: PdfDict | undefined = field; cur && k < 16; k++, cur = dictOf(res.get(cur, 'Parent')))
    if (cur.entries.has('DA')) return false;
  return true;
}

/** Font names the non-signature fields draw with: `/Helv 10 Tf` in their /DA or the form's. */
function fontsNamedByDA(res: Resolver, fields: readonly FieldNode[], form: PdfDict | undefined): Set<string> {
  const out = new Set<string>();
  const formDA = textOf(res.get(form, 'DA'));
  for (const f of fields) {
    let da: string | undefined;
    for (let k = 0, cur: PdfDict | undefined = f.dict; cur && k < 16 && da === undefined; k++) {
      if (cur.entries.has('DA')) da = textOf(res.get(cur, 'DA')) ?? '';
      cur = dictOf(res.get(cur, 'Parent'));
    }
    for (const m of (da ?? formDA ?? '').matchAll(/\/([^\s/[\]()<>{}%]+)\s+[-+\d.]+\s+Tf\b/g)) out.add(m[1]!);
  }
  return out;
}

const words = (what: string): Bilingual => ({
  vi: `Biểu mẫu bị đổi cách vẽ mặc định (${what}): trình đọc PDF có thể hiện giá trị các ô khác với lúc ký`,
  en: `The form's default appearance was changed (${what}): PDF readers may show the fields' values differently from when they were signed`,
});

export function defaultAppearanceChanges(
  x: Across,
  oldForm: PdfDict | undefined,
  newForm: PdfDict | undefined,
  newFields: ReadonlyMap<number, FieldNode>,
  /** Containers compared here (a /DR or font list kept in its own object): accounted for. */
  explained: Set<number>,
): DefaultAppearanceChange[] {
  // Terminal fields draw (a parent with /Kids only passes its entries down).
  const drawn = [...newFields.values()].filter((f) => !f.sig && !f.dict.entries.has('Kids'));
  if (drawn.length === 0) return [];
  const out: DefaultAppearanceChange[] = [];

  const oldDA = oldForm?.entries.get('DA');
  const newDA = newForm?.entries.get('DA');
  const daDiff = firstDifference(x, oldDA, newDA);
  // Only a field without a /DA of its own (or above it) draws with the form's.
  if (daDiff !== undefined && drawn.some((f) => takesFormDA(x.after, f.dict))) {
    const added = x.before.resolve(oldDA) === undefined;
    out.push({ detail: `form changed: /DA ${added ? 'added' : 'changed'}`, message: words('/DA') });
  }

  const mark = (v: PdfValue | undefined) => {
    if (isRef(v) && x.changed.has(v.num)) explained.add(v.num);
  };
  const oldDRValue = oldForm?.entries.get('DR');
  const newDRValue = newForm?.entries.get('DR');
  mark(newDRValue);
  const oldDR = dictOf(x.before.resolve(oldDRValue));
  const newDR = dictOf(x.after.resolve(newDRValue));
  const used = fontsNamedByDA(x.after, drawn, newForm);
  for (const category of new Set([...(oldDR?.entries.keys() ?? []), ...(newDR?.entries.keys() ?? [])])) {
    const oldValue = oldDR?.entries.get(category);
    const newValue = newDR?.entries.get(category);
    mark(newValue);
    const oldList = dictOf(x.before.resolve(oldValue));
    const newList = dictOf(x.after.resolve(newValue));
    if (oldValue !== undefined && (!oldList || !newList)) {
      const d = firstDifference(x, oldValue, newValue);
      if (d !== undefined)
        out.push({ detail: `form changed: /DR/${category}${d}`, message: words(`/DR /${category}`) });
      continue;
    }
    // Each resource the signed revision named stays the same.
    const changed = [...(oldList?.entries ?? [])].find(
      ([name, value]) => firstDifference(x, value, newList?.entries.get(name)) !== undefined,
    );
    if (changed) {
      const d = firstDifference(x, changed[1], newList?.entries.get(changed[0]));
      out.push({
        detail: `form changed: /DR/${category}/${changed[0]}${d}`,
        message: words(`/DR /${category} /${changed[0]}`),
      });
      continue;
    }
    // A new font may be added, unless a field's /DA names it: the field was drawn with the
    // viewer's own font for that name when signed, and would now be drawn with this one.
    if (category !== 'Font' || !newList) continue;
    const named = [...newList.entries.keys()].find((name) => !oldList?.entries.has(name) && used.has(name));
    if (named)
      out.push({
        detail: `form changed: /DR/Font/${named} added, a field's /DA draws with it`,
        message: words(`/DR /Font /${named}`),
      });
  }
  return out;
}
