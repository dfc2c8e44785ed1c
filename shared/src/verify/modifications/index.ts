/**
 * What happened after a signature: every object defined in a later incremental update is
 * compared with what it replaced and classified. Allowed: later signatures and their
 * fields, /DSS validation data, metadata. Not allowed: page content, page tree, non-signature
 * annotations, catalog changes such as actions, anything unexplained, and bytes after the
 * last %%EOF. Stricter than the PDF DocMDP rules on purpose: an overlay annotation changes
 * what a reader sees even when /P 3 would permit it (shadow attacks).
 */
import {
  dictOf,
  isName,
  isRef,
  type ParsedDocument,
  type PdfDict,
  type PdfObject,
  type PdfValue,
  Resolver,
  valuesEqual,
} from '../document/objects.js';

export type ChangeKind =
  | 'SIGNATURE'
  | 'DOCUMENT_TIMESTAMP'
  | 'SIGNATURE_FIELD'
  | 'DSS'
  | 'METADATA'
  | 'FORM'
  | 'PAGE_CONTENT'
  | 'PAGES'
  | 'ANNOTATION'
  | 'CATALOG'
  | 'UNEXPLAINED'
  | 'TRAILING_BYTES';

export interface Change {
  kind: ChangeKind;
  verdict: 'ALLOWED' | 'DISALLOWED';
  /** Revision index (0 = original file) where the change is. */
  revision: number;
  object?: number;
  detail: string;
}

export interface ModificationReport {
  status: 'NONE' | 'ALLOWED' | 'DISALLOWED';
  /** Incremental updates after the signed revision. */
  laterRevisions: number;
  changes: Change[];
}

const CATALOG_ALLOWED_KEYS = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Perms']);
const ACROFORM_ALLOWED_KEYS = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const SIG_FIELD_ALLOWED_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'DA', 'DR', 'Lock', 'SV', 'P', 'F', 'M']);

function typeName(d: PdfDict | undefined): string | undefined {
  const t = d?.entries.get('Type');
  return isName(t) ? t.name : undefined;
}

function changedKeys(doc: ParsedDocument, a: PdfDict | undefined, b: PdfDict | undefined): string[] {
  const keys = new Set([...(a?.entries.keys() ?? []), ...(b?.entries.keys() ?? [])]);
  return [...keys].filter((k) => !valuesEqual(doc, a?.entries.get(k), b?.entries.get(k)));
}

/** Object numbers reachable from a value (bounded), used to find /DSS and appearance streams. */
function reachable(res: Resolver, v: PdfValue | undefined, into: Set<number>, depth = 0): void {
  if (depth > 12 || v === undefined || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) reachable(res, x, into, depth + 1);
    return;
  }
  if (isRef(v)) {
    if (into.has(v.num)) return;
    into.add(v.num);
    reachable(res, res.object(v.num)?.value, into, depth + 1);
    return;
  }
  const d = dictOf(v);
  if (d) for (const [k, x] of d.entries) if (k !== 'Parent' && k !== 'P') reachable(res, x, into, depth + 1);
}

function isSigField(res: Resolver, d: PdfDict | undefined): boolean {
  for (let k = 0, cur = d; cur && k < 16; k++, cur = dictOf(res.get(cur, 'Parent'))) {
    const ft = cur.entries.get('FT');
    if (ft !== undefined) return isName(ft, 'Sig');
  }
  return false;
}

/** Page objects and their content stream numbers, walking the page tree as of a revision. */
function pageTree(res: Resolver): { pages: Set<number>; contents: Set<number>; nodes: Set<number> } {
  const pages = new Set<number>();
  const contents = new Set<number>();
  const nodes = new Set<number>();
  const walk = (v: PdfValue | undefined, depth: number) => {
    if (depth > 64 || !isRef(v) || pages.has(v.num) || nodes.has(v.num)) return;
    const d = dictOf(res.object(v.num)?.value);
    if (!d) return;
    if (typeName(d) === 'Pages' || d.entries.has('Kids')) {
      nodes.add(v.num);
      const kids = res.get(d, 'Kids');
      if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
      return;
    }
    pages.add(v.num);
    const c = d.entries.get('Contents');
    const list = Array.isArray(c) ? c : [c];
    for (const x of list) if (isRef(x)) contents.add(x.num);
    const rc = res.resolve(c);
    if (Array.isArray(rc)) for (const x of rc) if (isRef(x)) contents.add(x.num);
    // Form XObjects drawn by the page are page content too.
    const xo = dictOf(res.get(dictOf(res.get(d, 'Resources')), 'XObject'));
    if (xo) for (const x of xo.entries.values()) if (isRef(x)) contents.add(x.num);
  };
  walk(res.catalog()?.entries.get('Pages'), 0);
  return { pages, contents, nodes };
}

/**
 * Classifies the updates after `signedRevision`. `docMdp` is the certification level of the
 * signature (`/Reference` DocMDP `/P`): 1 forbids even later signatures (PAdES still allows
 * /DSS and document time-stamps).
 */
export function classifyModifications(
  doc: ParsedDocument,
  signedRevision: number,
  docMdp?: number,
): ModificationReport {
  const changes: Change[] = [];
  const last = doc.revisions.length - 1;
  for (let r = signedRevision + 1; r <= last; r++) changes.push(...classifyRevision(doc, r));
  if (docMdp === 1) {
    for (const c of changes) {
      if (
        c.verdict === 'ALLOWED' &&
        (c.kind === 'SIGNATURE' || c.kind === 'SIGNATURE_FIELD' || c.kind === 'FORM')
      ) {
        c.verdict = 'DISALLOWED';
        c.detail += ' (the certification signature allows no changes: DocMDP P=1)';
      }
    }
  }
  if (doc.trailingBytes > 0) {
    changes.push({
      kind: 'TRAILING_BYTES',
      verdict: 'DISALLOWED',
      revision: last + 1,
      detail: `${doc.trailingBytes} bytes after the last %%EOF`,
    });
  }
  const status = changes.some((c) => c.verdict === 'DISALLOWED')
    ? 'DISALLOWED'
    : changes.length > 0 || last > signedRevision
      ? 'ALLOWED'
      : 'NONE';
  return { status, laterRevisions: Math.max(0, last - signedRevision), changes };
}

function classifyRevision(doc: ParsedDocument, r: number): Change[] {
  const before = new Resolver(doc, r - 1);
  const after = new Resolver(doc, r);
  const out: Change[] = [];
  const add = (kind: ChangeKind, verdict: Change['verdict'], detail: string, object?: number) => {
    const c: Change = { kind, verdict, revision: r, detail };
    if (object !== undefined) c.object = object;
    out.push(c);
  };
  // The xref of this update must only point at objects written in this update; a pointer back
  // into earlier bytes would make a viewer show an older (or another) definition than we compare.
  const rev = doc.revisions[r];
  if (rev) {
    const starts = new Map<number, Set<number>>();
    for (const o of doc.objects)
      if (o.revision === r && o.inStream === undefined)
        (starts.get(o.num) ?? starts.set(o.num, new Set()).get(o.num))?.add(o.start);
    for (const e of rev.xref) {
      if (e.num === 0) continue;
      if (e.inUse && !starts.get(e.num)?.has(e.offset))
        add(
          'UNEXPLAINED',
          'DISALLOWED',
          `the update's cross-reference points object ${e.num} at byte ${e.offset}, outside the update`,
          e.num,
        );
      else if (!e.inUse && before.object(e.num))
        add('UNEXPLAINED', 'DISALLOWED', `object ${e.num} deleted`, e.num);
    }
  }
  for (const u of doc.unparsed)
    if (u.revision === r) add('UNEXPLAINED', 'DISALLOWED', `unreadable object at byte ${u.start}`);
  // The last definition of each object in this revision.
  // Every definition in this revision, duplicates included: a viewer following the xref may
  // pick any of them, so each one must be explained (duplicate-object wrapping).
  const mine: PdfObject[] = doc.objects.filter((o) => o.revision === r);

  const oldCatalog = before.catalog();
  const newCatalog = after.catalog();
  const oldRoot = before.rootRef()?.num;
  const newRoot = after.rootRef()?.num;
  const catalogKeys = changedKeys(doc, oldCatalog, newCatalog);
  const badCatalogKeys = catalogKeys.filter((k) => !CATALOG_ALLOWED_KEYS.has(k));
  if (badCatalogKeys.length > 0)
    add('CATALOG', 'DISALLOWED', `document catalog changed: /${badCatalogKeys.join(', /')}`, newRoot);
  else if (catalogKeys.length > 0) add('CATALOG', 'ALLOWED', `catalog: /${catalogKeys.join(', /')}`, newRoot);

  const dss = new Set<number>();
  const dssValue = newCatalog?.entries.get('DSS');
  if (isRef(dssValue)) dss.add(dssValue.num);
  reachable(after, dssValue, dss);
  const oldForm = dictOf(before.get(oldCatalog, 'AcroForm'));
  const newFormRef = newCatalog?.entries.get('AcroForm');
  const newForm = dictOf(after.resolve(newFormRef));
  const oldTree = pageTree(before);
  const metadata = new Set<number>();
  for (const v of [newCatalog?.entries.get('Metadata'), after.trailerValue('Info')])
    if (isRef(v)) metadata.add(v.num);
  // Appearance streams of signature widgets, added or changed, are part of signing.
  const sigAppearance = new Set<number>();

  const formKeys = changedKeys(doc, oldForm, newForm);
  const badFormKeys = formKeys.filter((k) => !ACROFORM_ALLOWED_KEYS.has(k));
  if (badFormKeys.length > 0) add('FORM', 'DISALLOWED', `form changed: /${badFormKeys.join(', /')}`);
  if (formKeys.includes('Fields')) {
    const oldFields = before.get(oldForm, 'Fields');
    const newFields = after.get(newForm, 'Fields');
    const oldNums = new Set(Array.isArray(oldFields) ? oldFields.filter(isRef).map((x) => x.num) : []);
    const added = Array.isArray(newFields) ? newFields.filter((x) => !(isRef(x) && oldNums.has(x.num))) : [];
    const removed = [...oldNums].filter(
      (n) => !(Array.isArray(newFields) && newFields.some((x) => isRef(x) && x.num === n)),
    );
    const notSig = added.filter((x) => !isSigField(after, dictOf(after.resolve(x))));
    if (removed.length > 0) add('FORM', 'DISALLOWED', `form fields removed: ${removed.join(', ')}`);
    if (notSig.length > 0) add('FORM', 'DISALLOWED', `${notSig.length} non-signature form fields added`);
    else if (added.length > 0) add('SIGNATURE_FIELD', 'ALLOWED', `${added.length} signature fields added`);
  }

  for (const obj of mine) {
    const num = obj.num;
    const prev = before.object(num);
    if (num === oldRoot || num === newRoot) continue; // the catalog is compared above
    if (isRef(newFormRef) && num === newFormRef.num) continue; // the form dictionary too
    if (prev && valuesEqual(doc, prev.value, obj.value)) continue; // rewritten unchanged
    const d = dictOf(obj.value);
    const t = typeName(d);
    if (t === 'XRef' || t === 'ObjStm') continue;
    if (t === 'Sig' || t === 'DocTimeStamp') {
      if (prev) add('SIGNATURE', 'DISALLOWED', `existing signature ${num} replaced`, num);
      else if (t === 'DocTimeStamp') add('DOCUMENT_TIMESTAMP', 'ALLOWED', 'document time-stamp added', num);
      else add('SIGNATURE', 'ALLOWED', 'signature added', num);
      continue;
    }
    if (dss.has(num)) {
      add('DSS', 'ALLOWED', 'validation data (/DSS) added', num);
      continue;
    }
    if (metadata.has(num)) {
      add('METADATA', 'ALLOWED', 'document information updated', num);
      continue;
    }
    if (oldTree.pages.has(num)) {
      const keys = changedKeys(doc, dictOf(prev?.value), d);
      const other = keys.filter((k) => k !== 'Annots');
      if (other.length > 0)
        add('PAGE_CONTENT', 'DISALLOWED', `page ${num} changed: /${other.join(', /')}`, num);
      if (keys.includes('Annots')) {
        const oldAnnots = before.get(dictOf(prev?.value), 'Annots');
        const newAnnots = after.get(d, 'Annots');
        const oldNums = new Set(Array.isArray(oldAnnots) ? oldAnnots.filter(isRef).map((x) => x.num) : []);
        const added = Array.isArray(newAnnots)
          ? newAnnots.filter((x) => !(isRef(x) && oldNums.has(x.num)))
          : [];
        const removed = [...oldNums].filter(
          (n) => !(Array.isArray(newAnnots) && newAnnots.some((x) => isRef(x) && x.num === n)),
        );
        const notSig = added.filter((x) => !isSigField(after, dictOf(after.resolve(x))));
        if (removed.length > 0) add('ANNOTATION', 'DISALLOWED', `annotations removed from page ${num}`, num);
        if (notSig.length > 0)
          add(
            'ANNOTATION',
            'DISALLOWED',
            `${notSig.length} annotations that change what is seen added to page ${num}`,
            num,
          );
        else if (added.length > 0) {
          add('SIGNATURE_FIELD', 'ALLOWED', `signature widget added to page ${num}`, num);
          for (const x of added) reachable(after, dictOf(after.resolve(x))?.entries.get('AP'), sigAppearance);
        }
      }
      continue;
    }
    if (oldTree.nodes.has(num)) {
      add('PAGES', 'DISALLOWED', `page tree node ${num} changed (pages added, removed or reordered)`, num);
      continue;
    }
    if (oldTree.contents.has(num)) {
      add('PAGE_CONTENT', 'DISALLOWED', `page content stream ${num} replaced`, num);
      continue;
    }
    if (d && (d.entries.has('FT') || (d.entries.has('Subtype') && d.entries.has('Rect'))) && prev) {
      if (isSigField(after, d)) {
        const keys = changedKeys(doc, dictOf(prev.value), d).filter((k) => !SIG_FIELD_ALLOWED_KEYS.has(k));
        if (keys.length > 0)
          add('SIGNATURE_FIELD', 'DISALLOWED', `signature field ${num} changed: /${keys.join(', /')}`, num);
        else {
          add('SIGNATURE_FIELD', 'ALLOWED', `signature field ${num} filled`, num);
          reachable(after, d.entries.get('AP'), sigAppearance);
        }
      } else if (d.entries.has('FT')) add('FORM', 'DISALLOWED', `form field ${num} changed`, num);
      else add('ANNOTATION', 'DISALLOWED', `annotation ${num} changed`, num);
      continue;
    }
    if (!prev) continue; // a new object only matters through a changed object that uses it
    if (sigAppearance.has(num)) continue;
    add('UNEXPLAINED', 'DISALLOWED', `object ${num} changed`, num);
  }
  return out;
}
