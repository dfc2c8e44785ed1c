/**
 * Object lookup as of a revision: what a viewer reading that revision sees. Built from the
 * scan (scan.ts), later definitions winning, so duplicates and hidden objects stay visible to
 * the rules.
 */
import { isReadable } from './lazy.js';
import type { ParsedDocument } from './scan.js';
import { dictOf, isRef, type PdfDict, type PdfObject, type PdfRef, type PdfValue } from './values.js';
import { claimKey } from './xref.js';

/**
 * An object defined twice in one revision: the definition that revision's xref points at is
 * the one a viewer shows (poppler, pdf.js read the xref), so it goes last of its revision, where
 * the last one would otherwise win. Red team, session 12: a signed revision whose page content
 * was defined twice, the xref pointing at the first (the grade) and the last one empty, read as
 * a page with no text, so a later signature drawn over the grade got no SIGNATURE_OVER_TEXT.
 * Classic tables of every revision, and the first revision's chain whatever its kind; a
 * revision whose xref names none (or both) keeps file order.
 */
function pointedLast(doc: ParsedDocument, list: PdfObject[]): void {
  for (let i = 0; i + 1 < list.length; i++) {
    const r = (list[i] as PdfObject).revision;
    let end = i;
    while (end + 1 < list.length && (list[end + 1] as PdfObject).revision === r) end++;
    if (end > i) {
      const pointed = list
        .slice(i, end + 1)
        .filter(
          (o) =>
            o.inStream === undefined &&
            ((r === 0 && doc.firstClaims?.has(claimKey(o.num, o.start))) ||
              pointedBy(doc, r).has(claimKey(o.num, o.start))),
        );
      if (pointed.length === 1) {
        const p = pointed[0] as PdfObject;
        list.splice(list.indexOf(p), 1);
        list.splice(end, 0, p);
      }
    }
    i = end;
  }
}

/** What each revision's classic tables point at (`claimKey`), made once per document and revision. */
const pointedCache = new WeakMap<ParsedDocument, Map<number, Set<string>>>();
function pointedBy(doc: ParsedDocument, revision: number): Set<string> {
  let byRevision = pointedCache.get(doc);
  if (!byRevision) {
    byRevision = new Map();
    pointedCache.set(doc, byRevision);
  }
  let set = byRevision.get(revision);
  if (!set) {
    set = new Set();
    for (const e of doc.revisions[revision]?.xref ?? []) if (e.inUse) set.add(claimKey(e.num, e.offset));
    byRevision.set(revision, set);
  }
  return set;
}

/** Object lookup as of a revision: the last definition at or before it (see pointedLast). */
export class Resolver {
  private readonly byNum = new Map<number, PdfObject[]>();
  private static readonly made = new WeakMap<ParsedDocument, Map<number, Resolver>>();

  /** The resolver of `revision`, made once per document (a resolver holds no state but its index). */
  static at(doc: ParsedDocument, revision: number): Resolver {
    let byRevision = Resolver.made.get(doc);
    if (!byRevision) {
      byRevision = new Map();
      Resolver.made.set(doc, byRevision);
    }
    let res = byRevision.get(revision);
    if (!res) {
      res = new Resolver(doc, revision);
      byRevision.set(revision, res);
    }
    return res;
  }

  constructor(
    readonly doc: ParsedDocument,
    readonly revision: number,
  ) {
    for (const o of doc.objects) {
      if (o.revision > revision) continue;
      const list = this.byNum.get(o.num) ?? [];
      list.push(o);
      this.byNum.set(o.num, list);
    }
    // File order within a revision, compressed objects after the stream that holds them.
    for (const list of this.byNum.values()) {
      list.sort((a, b) => a.revision - b.revision || a.start - b.start);
      if (list.length > 1) pointedLast(doc, list);
    }
  }

  /** The last readable definition (a deferred one found unreadable counts as absent). */
  object(num: number): PdfObject | undefined {
    const list = this.byNum.get(num);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) if (isReadable(list[i] as PdfObject)) return list[i];
    return undefined;
  }

  /** All readable definitions of `num` (for duplicate detection). */
  definitions(num: number): PdfObject[] {
    return (this.byNum.get(num) ?? []).filter(isReadable);
  }

  resolve(v: PdfValue | undefined, hops = 0): PdfValue | undefined {
    if (isRef(v)) {
      if (hops > 32) return undefined;
      return this.resolve(this.object(v.num)?.value, hops + 1);
    }
    return v;
  }

  get(d: PdfDict | undefined, key: string): PdfValue | undefined {
    return d ? this.resolve(d.entries.get(key)) : undefined;
  }

  /** The catalog: the trailer /Root of the latest revision up to this one that has a trailer. */
  rootRef(): PdfRef | undefined {
    for (let r = Math.min(this.revision, this.doc.revisions.length - 1); r >= 0; r--) {
      const root = this.doc.revisions[r]?.trailer?.entries.get('Root');
      if (isRef(root)) return root;
    }
    return undefined;
  }

  trailerValue(key: string): PdfValue | undefined {
    for (let r = Math.min(this.revision, this.doc.revisions.length - 1); r >= 0; r--) {
      const v = this.doc.revisions[r]?.trailer?.entries.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  catalog(): PdfDict | undefined {
    return dictOf(this.resolve(this.rootRef()));
  }
}
