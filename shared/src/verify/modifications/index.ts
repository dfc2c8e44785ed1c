/**
 * What happened after a signature: each incremental update after the signed revision is
 * compared with the revision before it, structure by structure, and every change is named
 * (Vietnamese first) and judged by the rule set in README.md beside this file (pyHanko's
 * difference analysis and EU DSS's change categories are the references). Stricter than the
 * DocMDP permissions on purpose: an annotation drawn over the page changes what a reader sees
 * even when /P 3 would permit it (shadow attacks).
 */
import type { Bilingual } from '../../errors/index.js';
import {
  dictOf,
  isName,
  isRef,
  type ParsedDocument,
  type PdfDict,
  type PdfValue,
  Resolver,
  valuesEqual,
} from '../document/objects.js';
import { needAppearancesTurnedOn } from './appearances.js';
import { type Across, firstDifference, reachable, refsIn } from './compare.js';
import { collectFields, type FieldNode, isSigField, sigValueKind } from './fields.js';
import { type Box, boxOf, effectivePageKey, INHERITED_PAGE_KEYS, pageList, placement } from './pages.js';
import { shownByPages, signedField } from './shown.js';
import { isFileStructure } from './structure.js';
import { xrefChainFindings } from './xref-chain.js';

export type ChangeKind =
  | 'SIGNATURE'
  | 'DOCUMENT_TIMESTAMP'
  | 'SIGNATURE_FIELD'
  | 'DSS'
  | 'METADATA'
  | 'FORM'
  | 'FORM_FILL'
  | 'PAGE_CONTENT'
  | 'PAGES'
  | 'ANNOTATION'
  | 'CATALOG'
  | 'UNREFERENCED'
  | 'UNEXPLAINED'
  | 'TRAILING_BYTES';

export interface Change {
  kind: ChangeKind;
  verdict: 'ALLOWED' | 'DISALLOWED';
  /** Revision index (0 = original file) where the change is. */
  revision: number;
  object?: number;
  /** Technical detail, English (kept for existing consumers). */
  detail: string;
  /** The change named for a reader, Vietnamese first. */
  message: Bilingual;
}

export interface ModificationReport {
  status: 'NONE' | 'ALLOWED' | 'DISALLOWED';
  /** Incremental updates after the signed revision. */
  laterRevisions: number;
  changes: Change[];
}

/**
 * Catalog entries a later signer may touch; the page tree and form are compared on their own.
 * Not /Perms: it says which signature certifies the document (pyHanko refuses its change too).
 * /Version: ISO 32000-1 §7.7.2, made to be raised by an incremental update (pyHanko does, for PSS or SHA-384).
 */
const CATALOG_ALLOWED_KEYS = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Pages', 'Version']);
const ACROFORM_ALLOWED_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
/** What filling a signature field may change on the field and its widget. */
const SIG_FIELD_ALLOWED_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'DA', 'DR', 'Lock', 'SV', 'P', 'F', 'M']);
/** What filling a form field changes: its value and its appearance. */
const FORM_FILL_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'RV']);
/** A new visible signature appearance larger than this share of the page draws over the record. */
const MAX_WIDGET_SHARE = 0.25;

/**
 * Classifies the updates after `signedRevision`. `docMdp` is the certification level of the
 * signature (`/Reference` DocMDP `/P`): 1 forbids even later signatures (PAdES still allows
 * /DSS and document time-stamps), 2 and 3 allow form filling.
 */
export function classifyModifications(
  doc: ParsedDocument,
  signedRevision: number,
  docMdp?: number,
): ModificationReport {
  const changes: Change[] = [];
  const last = doc.revisions.length - 1;
  for (let r = signedRevision + 1; r <= last; r++) changes.push(...revisionChanges(doc, r));
  for (const c of changes) applyDocMdp(c, docMdp);
  if (doc.trailingBytes > 0) {
    changes.push({
      kind: 'TRAILING_BYTES',
      verdict: 'DISALLOWED',
      revision: last + 1,
      detail: `${doc.trailingBytes} bytes after the last %%EOF`,
      message: {
        vi: `Có ${doc.trailingBytes} byte dữ liệu lạ nối sau phần cuối tệp (%%EOF)`,
        en: `${doc.trailingBytes} unknown bytes after the end of the file (%%EOF)`,
      },
    });
  }
  const status = changes.some((c) => c.verdict === 'DISALLOWED')
    ? 'DISALLOWED'
    : changes.length > 0 || last > signedRevision
      ? 'ALLOWED'
      : 'NONE';
  return { status, laterRevisions: Math.max(0, last - signedRevision), changes };
}

function applyDocMdp(c: Change, docMdp: number | undefined): void {
  if (c.kind === 'FORM_FILL' && c.verdict === 'DISALLOWED' && (docMdp === 2 || docMdp === 3)) {
    c.verdict = 'ALLOWED';
    c.detail += ' (form filling is permitted: DocMDP P=2/3, or no certification: permissions.ts)';
    return;
  }
  if (docMdp === 1 && c.verdict === 'ALLOWED' && (c.kind === 'SIGNATURE' || c.kind === 'SIGNATURE_FIELD')) {
    c.verdict = 'DISALLOWED';
    c.detail += ' (the certification signature allows no changes: DocMDP P=1)';
    c.message = {
      vi: `${c.message.vi} — không được phép: chữ ký chứng thực khoá tài liệu (DocMDP P=1)`,
      en: `${c.message.en} — not allowed: the certification signature locks the document (DocMDP P=1)`,
    };
  }
}

type Add = (
  kind: ChangeKind,
  verdict: Change['verdict'],
  detail: string,
  message: Bilingual,
  object?: number,
) => void;

/**
 * What revision `r` changed does not depend on which signature asks (each signature applies
 * its own DocMDP level after): with three signatures the last update was compared twice.
 * Kept per document, handed out as copies (applyDocMdp edits them).
 */
const classified = new WeakMap<ParsedDocument, Map<number, Change[]>>();

function revisionChanges(doc: ParsedDocument, r: number): Change[] {
  let byRevision = classified.get(doc);
  if (!byRevision) {
    byRevision = new Map();
    classified.set(doc, byRevision);
  }
  let changes = byRevision.get(r);
  if (!changes) {
    changes = classifyRevision(doc, r);
    byRevision.set(r, changes);
  }
  return changes.map((c) => ({ ...c, message: { ...c.message } }));
}

function classifyRevision(doc: ParsedDocument, r: number): Change[] {
  const before = Resolver.at(doc, r - 1);
  const after = Resolver.at(doc, r);
  const out: Change[] = [];
  const add: Add = (kind, verdict, detail, message, object) => {
    const c: Change = { kind, verdict, revision: r, detail, message };
    if (object !== undefined) c.object = object;
    out.push(c);
  };
  checkXref(doc, r, before, add);
  for (const f of xrefChainFindings(doc, r, before))
    add('UNEXPLAINED', 'DISALLOWED', f.detail, f.message, f.object);

  // Every definition in this revision, duplicates included: a viewer following the xref may
  // pick any of them, so each one must be explained (duplicate-object wrapping).
  const mine = doc.objects.filter((o) => o.revision === r);
  const changed = new Set<number>();
  const fresh = new Set<number>();
  for (const o of mine) {
    const prev = before.object(o.num);
    if (isFileStructure(o.value, prev)) continue; // its own xref or object stream, not content
    if (!prev) fresh.add(o.num);
    else if (!sameValue(doc, prev.value, o.value)) changed.add(o.num);
  }
  // One object defined twice in the same update, differently: which one a viewer shows depends
  // on the viewer (duplicate-object wrapping), so the comparison above cannot speak for it.
  const firstDef = new Map<number, PdfValue>();
  for (const o of mine) {
    const seen = firstDef.get(o.num);
    if (seen === undefined) firstDef.set(o.num, o.value);
    else if (!sameValue(doc, seen, o.value))
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
  const all = new Set([...changed, ...fresh]);
  const x: Across = { before, after, changed: all, covered: new Set() };
  /** Objects a rule accounted for (allowed or reported). */
  const explained = new Set<number>();

  const oldCatalog = before.catalog();
  const newCatalog = after.catalog();
  const rootNum = after.rootRef()?.num;
  if (rootNum !== undefined) explained.add(rootNum);
  const oldRootNum = before.rootRef()?.num;
  if (oldRootNum !== undefined && oldRootNum !== rootNum)
    add(
      'CATALOG',
      'DISALLOWED',
      `document catalog replaced by object ${rootNum}`,
      {
        vi: 'Danh mục gốc của tài liệu bị thay bằng đối tượng khác',
        en: 'The document catalog was replaced',
      },
      rootNum,
    );

  // Catalog: entries other than the form, validation data and metadata are the document itself
  // (actions, names, optional content, outlines...).
  for (const k of new Set([...(oldCatalog?.entries.keys() ?? []), ...(newCatalog?.entries.keys() ?? [])])) {
    if (CATALOG_ALLOWED_KEYS.has(k)) continue;
    const d = firstDifference(x, oldCatalog?.entries.get(k), newCatalog?.entries.get(k));
    if (d !== undefined)
      add(
        'CATALOG',
        'DISALLOWED',
        `document catalog changed: /${k}${d}`,
        { vi: `Cấu trúc tài liệu bị đổi (mục /${k})`, en: `Document structure changed (/${k})` },
        rootNum,
      );
  }

  // Form: the AcroForm dictionary, then every field old and new, by what the arrays hold.
  const oldFormValue = oldCatalog?.entries.get('AcroForm');
  const newFormValue = newCatalog?.entries.get('AcroForm');
  if (isRef(newFormValue)) explained.add(newFormValue.num);
  const oldForm = dictOf(before.resolve(oldFormValue));
  const newForm = dictOf(after.resolve(newFormValue));
  for (const k of new Set([...(oldForm?.entries.keys() ?? []), ...(newForm?.entries.keys() ?? [])])) {
    if (ACROFORM_ALLOWED_KEYS.has(k)) continue;
    const d = firstDifference(x, oldForm?.entries.get(k), newForm?.entries.get(k));
    if (d !== undefined)
      add('FORM', 'DISALLOWED', `form changed: /${k}${d}`, {
        vi: `Biểu mẫu của tài liệu bị đổi (mục /${k})`,
        en: `The document's form was changed (/${k})`,
      });
  }
  const fieldsValue = newForm?.entries.get('Fields');
  if (isRef(fieldsValue)) explained.add(fieldsValue.num);
  const oldFields = collectFields(before, oldForm);
  const newFields = collectFields(after, newForm);
  const newSigFields = new Set<number>();
  const sigAppearances = new Set<number>();
  compareFields(x, oldFields, newFields, add, explained, newSigFields, sigAppearances);
  const redraw = needAppearancesTurnedOn(before, after, oldForm, newForm, newFields);
  if (redraw) add('FORM', 'DISALLOWED', redraw.detail, redraw.message);

  // Pages: the same pages in the same order, each with the same content and resources
  // (inherited ones included), and annotations compared by what /Annots holds.
  const oldPages = pageList(before);
  const newPages = pageList(after);
  const samePages =
    oldPages.pages.length === newPages.pages.length &&
    oldPages.pages.every((p, i) => p === newPages.pages[i]);
  if (!samePages)
    add(
      'PAGES',
      'DISALLOWED',
      `pages changed: [${oldPages.pages.join(' ')}] -> [${newPages.pages.join(' ')}]`,
      {
        vi: `Trang bị thêm, bớt hoặc đổi thứ tự (${oldPages.pages.length} → ${newPages.pages.length} trang)`,
        en: `Pages added, removed or reordered (${oldPages.pages.length} → ${newPages.pages.length} pages)`,
      },
    );
  for (const n of newPages.nodes) {
    if (!all.has(n)) continue;
    const d = firstDifference(
      x,
      before.object(n)?.value,
      after.object(n)?.value,
      new Set(['Kids', 'Count', ...INHERITED_PAGE_KEYS]),
    );
    explained.add(n);
    if (d !== undefined && before.object(n))
      add(
        'PAGES',
        'DISALLOWED',
        `page tree node ${n} changed: ${d}`,
        { vi: 'Cây trang của tài liệu bị sửa', en: 'The page tree was edited' },
        n,
      );
  }
  // Where earlier signatures show: a new appearance drawn over them hides who signed.
  const signedRects: Box[] = [];
  for (const f of oldFields.values()) {
    if (!f.sig) continue;
    const signed = f.dict.entries.has('V') || dictOf(before.get(f.dict, 'Parent'))?.entries.has('V');
    const rect = boxOf(before, f.dict.entries.get('Rect'));
    if (signed && rect) signedRects.push(rect);
  }
  newPages.pages.forEach((pageNum, index) => {
    if (!oldPages.pages.includes(pageNum)) return;
    comparePage(
      x,
      pageNum,
      index,
      oldFields,
      newFields,
      newSigFields,
      signedRects,
      add,
      explained,
      sigAppearances,
    );
  });

  // Validation data (/DSS, PAdES-LT/LTA) and document metadata are always allowed, unless a
  // rule above already looked at the object for what it is elsewhere.
  // An object that was something else before (a font, an action) is not validation data or
  // metadata because the update now points at it from /DSS or /Info.
  const wasAlready = (n: number, was: Set<number>) => fresh.has(n) || was.has(n);
  const oldDss = new Set<number>();
  reachable(before, oldCatalog?.entries.get('DSS'), oldDss);
  const dss = new Set<number>();
  reachable(after, newCatalog?.entries.get('DSS'), dss);
  const dssHere = [...dss].filter(
    (n) => all.has(n) && !x.covered.has(n) && !isSigObject(after, n) && wasAlready(n, oldDss),
  );
  if (
    dssHere.length > 0 ||
    firstDifference(x, oldCatalog?.entries.get('DSS'), newCatalog?.entries.get('DSS')) !== undefined
  ) {
    for (const n of dssHere) explained.add(n);
    add('DSS', 'ALLOWED', `validation data (/DSS) added or updated (${dssHere.length} objects)`, {
      vi: 'Bổ sung dữ liệu kiểm tra chữ ký (/DSS: chứng thư, CRL, OCSP)',
      en: 'Signature validation data added (/DSS: certificates, CRLs, OCSP)',
    });
  }
  const meta = new Set<number>();
  for (const v of [newCatalog?.entries.get('Metadata'), after.trailerValue('Info')])
    reachable(after, v, meta);
  const oldMeta = new Set<number>();
  for (const v of [oldCatalog?.entries.get('Metadata'), before.trailerValue('Info')])
    reachable(before, v, oldMeta);
  const metaHere = [...meta].filter((n) => all.has(n) && !x.covered.has(n) && wasAlready(n, oldMeta));
  if (metaHere.length > 0) {
    for (const n of metaHere) explained.add(n);
    add('METADATA', 'ALLOWED', 'document information updated', {
      vi: 'Cập nhật thông tin mô tả tài liệu (metadata)',
      en: 'Document information (metadata) updated',
    });
  }
  for (const n of sigAppearances) if (all.has(n) && !x.covered.has(n)) explained.add(n);

  // What the pages drew before must not change behind an allowed rule (named in /Info or /DSS,
  // reached from a signature appearance, or looked at on the way by a comparison that allowed it).
  if (!out.some((c) => c.verdict === 'DISALLOWED')) {
    const structure = new Set<number>([
      ...oldFields.keys(),
      ...newFields.keys(),
      ...newPages.nodes,
      ...newPages.pages,
    ]);
    for (const v of [after.rootRef(), before.rootRef(), oldFormValue, newFormValue, fieldsValue])
      if (isRef(v)) structure.add(v.num);
    for (const p of [...oldPages.pages, ...newPages.pages]) {
      const a = dictOf(after.object(p)?.value)?.entries.get('Annots');
      if (isRef(a)) structure.add(a.num);
    }
    const suspects = [...changed].filter(
      (n) => (explained.has(n) || x.covered.has(n)) && !structure.has(n) && !isSigObject(after, n),
    );
    if (suspects.length > 0) {
      const shown = shownByPages(before, oldPages.pages);
      for (const n of suspects.filter((s) => shown.has(s)))
        add(
          'PAGE_CONTENT',
          'DISALLOWED',
          `object ${n}, drawn on a page, changed`,
          {
            vi: `Nội dung hiển thị trên trang (đối tượng ${n}: phông chữ, hình hoặc hình chú thích) bị thay`,
            en: `Something drawn on a page (object ${n}: a font, image or annotation appearance) was replaced`,
          },
          n,
        );
    }
  }

  // Catch-all: an existing object changed that no rule accounts for.
  for (const n of changed) {
    if (explained.has(n) || x.covered.has(n)) continue;
    if (isSigObject(after, n))
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
  reportUnreferenced(doc, r, after, changed, fresh, add);
  return out;
}

/** Same definition; references compare by number (what they point to is judged on its own). */
function sameValue(doc: ParsedDocument, a: PdfValue, b: PdfValue): boolean {
  return valuesEqual(doc, a, b);
}

function isSigObject(res: Resolver, num: number): boolean {
  const d = dictOf(res.object(num)?.value);
  const t = d?.entries.get('Type');
  return isName(t, 'Sig') || isName(t, 'DocTimeStamp');
}

/** The xref of this update must only point at objects written in this update. */
function checkXref(doc: ParsedDocument, r: number, before: Resolver, add: Add): void {
  const rev = doc.revisions[r];
  if (rev) {
    const starts = new Map<number, Set<number>>();
    for (const o of doc.objects)
      if (o.revision === r && o.inStream === undefined)
        (starts.get(o.num) ?? starts.set(o.num, new Set()).get(o.num))?.add(o.start);
    for (const e of rev.xref) {
      if (e.num === 0) continue;
      // A pointer back into earlier bytes would make a viewer show another definition than we compare.
      if (e.inUse && !starts.get(e.num)?.has(e.offset))
        add(
          'UNEXPLAINED',
          'DISALLOWED',
          `the update's cross-reference points object ${e.num} at byte ${e.offset}, outside the update`,
          {
            vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${e.num} ra ngoài phần được sửa`,
            en: `The update's cross-reference points object ${e.num} outside the update`,
          },
          e.num,
        );
      else if (!e.inUse && before.object(e.num))
        add(
          'UNEXPLAINED',
          'DISALLOWED',
          `object ${e.num} deleted`,
          { vi: `Đối tượng ${e.num} bị xoá`, en: `Object ${e.num} deleted` },
          e.num,
        );
    }
  }
  for (const u of doc.unparsed)
    if (u.revision === r)
      add('UNEXPLAINED', 'DISALLOWED', `unreadable object at byte ${u.start}`, {
        vi: `Có đối tượng không đọc được ở byte ${u.start}`,
        en: `Unreadable object at byte ${u.start}`,
      });
}

function compareFields(
  x: Across,
  oldFields: Map<number, FieldNode>,
  newFields: Map<number, FieldNode>,
  add: Add,
  explained: Set<number>,
  newSigFields: Set<number>,
  sigAppearances: Set<number>,
): void {
  const removed = [...oldFields.keys()].filter((n) => !newFields.has(n));
  if (removed.length > 0)
    add('FORM', 'DISALLOWED', `form fields removed: ${removed.join(', ')}`, {
      vi: `Ô biểu mẫu bị xoá (${removed.map((n) => oldFields.get(n)?.name || n).join(', ')})`,
      en: `Form fields removed (${removed.map((n) => oldFields.get(n)?.name || n).join(', ')})`,
    });
  for (const f of newFields.values()) {
    const old = oldFields.get(f.num);
    const label = f.name || `#${f.num}`;
    if (!old) {
      explained.add(f.num);
      if (!f.sig) {
        add(
          'FORM',
          'DISALLOWED',
          `non-signature form field ${label} added`,
          { vi: `Thêm ô nhập liệu mới "${label}"`, en: `New form field "${label}" added` },
          f.num,
        );
        continue;
      }
      newSigFields.add(f.num);
      reachable(x.after, f.dict.entries.get('AP'), sigAppearances);
      signatureValue(x, f, undefined, add, explained);
      continue;
    }
    if (!x.changed.has(f.num) && !f.dict.entries.has('V')) continue;
    if (f.sig) {
      // Filling a field may draw its appearance; a signature already there keeps the one it had.
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
      // An empty field may get its appearance only with its signature.
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
        explained.add(f.num);
        if (!wasSigned) reachable(x.after, f.dict.entries.get('AP'), sigAppearances);
      }
      signatureValue(x, f, old, add, explained);
      continue;
    }
    const other = firstDifference(x, old.dict, f.dict, new Set([...FORM_FILL_KEYS, 'Kids']));
    if (other !== undefined)
      add(
        'FORM',
        'DISALLOWED',
        `form field ${label} changed: ${other}`,
        { vi: `Ô nhập liệu "${label}" bị sửa (${other})`, en: `Form field "${label}" edited (${other})` },
        f.num,
      );
    const filled = [...FORM_FILL_KEYS].filter(
      (k) => firstDifference(x, old.dict.entries.get(k), f.dict.entries.get(k)) !== undefined,
    );
    if (filled.length > 0)
      add(
        'FORM_FILL',
        'DISALLOWED',
        `form field ${label} filled in: /${filled.join(', /')}`,
        {
          vi: `Ô nhập liệu "${label}" được điền hoặc sửa giá trị sau khi ký`,
          en: `Form field "${label}" filled in or its value changed after signing`,
        },
        f.num,
      );
    if (x.changed.has(f.num)) explained.add(f.num);
  }
}

/** A signature field's value: a new signature or document time-stamp, never a replaced one. */
function signatureValue(
  x: Across,
  f: FieldNode,
  old: FieldNode | undefined,
  add: Add,
  explained: Set<number>,
) {
  const v = f.dict.entries.get('V');
  const oldV = old?.dict.entries.get('V');
  const label = f.name || `#${f.num}`;
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
    explained.add(v.num);
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
}

function comparePage(
  x: Across,
  pageNum: number,
  index: number,
  oldFields: Map<number, FieldNode>,
  newFields: Map<number, FieldNode>,
  newSigFields: Set<number>,
  signedRects: Box[],
  add: Add,
  explained: Set<number>,
  sigAppearances: Set<number>,
): void {
  const { before, after } = x;
  const oldPage = dictOf(before.object(pageNum)?.value);
  const newPage = dictOf(after.object(pageNum)?.value);
  const pageNo = index + 1;
  const d = firstDifference(x, oldPage, newPage, new Set(['Annots', ...INHERITED_PAGE_KEYS]));
  const inherited = INHERITED_PAGE_KEYS.map(
    (k) =>
      [
        k,
        firstDifference(x, effectivePageKey(before, oldPage, k), effectivePageKey(after, newPage, k)),
      ] as const,
  ).filter(([, diff]) => diff !== undefined);
  if (d !== undefined || inherited.length > 0) {
    const where = d ?? `/${inherited[0]?.[0]}${inherited[0]?.[1]}`;
    const what = /^\/Resources/.test(where)
      ? {
          vi: 'tài nguyên (phông chữ, hình) của trang bị thay',
          en: "the page's resources (fonts, images) replaced",
        }
      : /^\/Contents/.test(where)
        ? { vi: 'nội dung trang bị thay', en: 'page content replaced' }
        : { vi: `trang bị sửa (${where})`, en: `page edited (${where})` };
    add(
      'PAGE_CONTENT',
      'DISALLOWED',
      `page ${pageNo} (object ${pageNum}) changed: ${where}`,
      { vi: `Trang ${pageNo}: ${what.vi}`, en: `Page ${pageNo}: ${what.en}` },
      pageNum,
    );
  }
  if (x.changed.has(pageNum)) explained.add(pageNum);
  const annotsValue = newPage?.entries.get('Annots');
  if (isRef(annotsValue)) explained.add(annotsValue.num);
  const oldAnnots = before.resolve(oldPage?.entries.get('Annots'));
  const newAnnots = after.resolve(annotsValue);
  const oldList = Array.isArray(oldAnnots) ? oldAnnots : [];
  const newList = Array.isArray(newAnnots) ? newAnnots : [];
  const oldNums = new Set(oldList.filter(isRef).map((v) => v.num));
  const newNums = new Set(newList.filter(isRef).map((v) => v.num));
  const removed = [...oldNums].filter((n) => !newNums.has(n));
  if (removed.length > 0)
    add(
      'ANNOTATION',
      'DISALLOWED',
      `annotations removed from page ${pageNo}: ${removed.join(', ')}`,
      {
        vi: `Trang ${pageNo}: chú thích hoặc ô ký bị gỡ khỏi trang`,
        en: `Page ${pageNo}: annotations or fields removed`,
      },
      pageNum,
    );
  for (const item of newList) {
    if (!isRef(item)) {
      if (!oldList.some((o) => firstDifference(x, o, item) === undefined))
        add(
          'ANNOTATION',
          'DISALLOWED',
          `direct annotation added to page ${pageNo}`,
          annotationWords(after, dictOf(item), pageNo),
          pageNum,
        );
      continue;
    }
    const annot = dictOf(after.resolve(item));
    if (oldNums.has(item.num)) {
      // Widgets of form fields are judged with their field; other annotations must stay as they were.
      if (oldFields.has(item.num) || newFields.has(item.num) || fieldOfWidget(annot) !== undefined) continue;
      const diff = firstDifference(x, item, item);
      if (diff !== undefined)
        add(
          'ANNOTATION',
          'DISALLOWED',
          `annotation ${item.num} on page ${pageNo} changed: ${diff}`,
          { vi: `Trang ${pageNo}: chú thích bị sửa`, en: `Page ${pageNo}: an annotation was edited` },
          item.num,
        );
      continue;
    }
    // An allowed signature widget: of a /FT /Sig field new in this revision and listed in the form.
    const field = fieldOfWidget(annot);
    const isNewSigWidget =
      isName(annot?.entries.get('Subtype'), 'Widget') &&
      (newSigFields.has(item.num) || (field !== undefined && newSigFields.has(field))) &&
      isSigField(after, annot);
    if (!isNewSigWidget) {
      explained.add(item.num);
      add(
        'ANNOTATION',
        'DISALLOWED',
        `annotation ${item.num} added to page ${pageNo}`,
        annotationWords(after, annot, pageNo),
        item.num,
      );
      continue;
    }
    explained.add(item.num);
    reachable(after, annot?.entries.get('AP'), sigAppearances);
    const place = placement(after, annot, newPage, signedRects);
    const where = `${Math.round(place.width)}×${Math.round(place.height)} pt`;
    const owner = newFields.get(newSigFields.has(item.num) ? item.num : (field as number));
    const drawn = annot?.entries.has('AP') || annot?.entries.has('MK');
    if (!place.visible && sigValueKind(after, owner?.dict.entries.get('V')) === 'DocTimeStamp')
      // The invisible field a document time-stamp sits in: part of the time-stamp (PAdES-LTA).
      add(
        'DOCUMENT_TIMESTAMP',
        'ALLOWED',
        `invisible field of a document time-stamp added to page ${pageNo}`,
        {
          vi: `Thêm ô ẩn chứa dấu thời gian của tài liệu ở trang ${pageNo}`,
          en: `Invisible field holding a document time-stamp added on page ${pageNo}`,
        },
        item.num,
      );
    else if (!place.visible)
      add(
        'SIGNATURE_FIELD',
        'ALLOWED',
        `invisible signature widget added to page ${pageNo}`,
        {
          vi: `Thêm ô chữ ký ẩn ở trang ${pageNo}`,
          en: `Invisible signature field added on page ${pageNo}`,
        },
        item.num,
      );
    else if (place.share > MAX_WIDGET_SHARE || place.overlapsSignature)
      add(
        'ANNOTATION',
        'DISALLOWED',
        `signature widget ${item.num} on page ${pageNo} covers ${Math.round(place.share * 100)}% of the page${place.overlapsSignature ? ' and an earlier signature' : ''}`,
        {
          vi: `Trang ${pageNo}: hình chữ ký mới (${where}) che lên ${[place.share > MAX_WIDGET_SHARE ? 'nội dung trang' : '', place.overlapsSignature ? 'chữ ký trước đó' : ''].filter(Boolean).join(' và ')}`,
          en: `Page ${pageNo}: a new signature appearance (${where}) covers ${[place.share > MAX_WIDGET_SHARE ? 'the page content' : '', place.overlapsSignature ? 'an earlier signature' : ''].filter(Boolean).join(' and ')}`,
        },
        item.num,
      );
    // A visible appearance shows a signature; on a field nobody signed it is only a drawing
    // over the page (an overlay passing for a signature box).
    else if (drawn && !signedField(after, annot) && !signedField(after, owner?.dict))
      add(
        'ANNOTATION',
        'DISALLOWED',
        `empty signature field ${item.num} with an appearance (${where}) added to page ${pageNo}`,
        {
          vi: `Trang ${pageNo}: thêm ô chữ ký trống có hình vẽ (${where}) đè lên trang, không có chữ ký nào`,
          en: `Page ${pageNo}: an empty signature field with a drawing (${where}) added over the page, with no signature`,
        },
        item.num,
      );
    else
      add(
        'SIGNATURE_FIELD',
        'ALLOWED',
        `visible signature widget ${where} added to page ${pageNo}${place.inside ? '' : ' (partly outside the page)'}`,
        {
          vi: `Thêm hình chữ ký ${where} ở trang ${pageNo}${place.inside ? '' : ' (một phần nằm ngoài trang)'}`,
          en: `Signature appearance ${where} added on page ${pageNo}${place.inside ? '' : ' (partly outside the page)'}`,
        },
        item.num,
      );
  }
}

/** The field (object number) a widget belongs to: itself when merged, else its /Parent. */
function fieldOfWidget(annot: PdfDict | undefined): number | undefined {
  const parent = annot?.entries.get('Parent');
  if (isRef(parent)) return parent.num;
  return undefined;
}

function annotationWords(res: Resolver, annot: PdfDict | undefined, pageNo: number): Bilingual {
  const sub = annot?.entries.get('Subtype');
  const kind = isName(sub) ? sub.name : '?';
  void res;
  return {
    vi: `Trang ${pageNo}: thêm chú thích loại /${kind} có thể che hoặc đổi nội dung hiển thị`,
    en: `Page ${pageNo}: a /${kind} annotation added that can cover or change what is shown`,
  };
}

/**
 * New objects nothing refers to: harmless to what is shown, but reported, since a later update
 * could bring them in (that update is then judged on its own).
 */
function reportUnreferenced(
  doc: ParsedDocument,
  r: number,
  after: Resolver,
  changed: Set<number>,
  fresh: Set<number>,
  add: Add,
): void {
  if (fresh.size === 0) return;
  const reached = new Set<number>();
  const queue: number[] = [];
  const trailer = doc.revisions[r]?.trailer;
  if (trailer) refsIn(trailer, queue);
  for (const n of changed) refsIn(after.object(n)?.value, queue);
  while (queue.length > 0) {
    const n = queue.pop() as number;
    if (!fresh.has(n) || reached.has(n)) continue;
    reached.add(n);
    refsIn(after.object(n)?.value, queue);
  }
  const orphans = [...fresh].filter((n) => {
    if (reached.has(n)) return false;
    const t = dictOf(after.object(n)?.value)?.entries.get('Type');
    return !isName(t, 'XRef') && !isName(t, 'ObjStm');
  });
  if (orphans.length > 0)
    add(
      'UNREFERENCED',
      'ALLOWED',
      `${orphans.length} new objects nothing refers to: ${orphans.slice(0, 10).join(', ')}`,
      {
        vi: `${orphans.length} đối tượng mới không được dùng ở đâu (không hiển thị)`,
        en: `${orphans.length} new objects that nothing uses (not shown)`,
      },
    );
}
