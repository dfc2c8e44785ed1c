/**
 * Object lookup as of a revision: what a viewer reading that revision sees. Built from the
 * scan (scan.ts), later definitions winning, so duplicates and hidden objects stay visible to
 * the rules.
 */
import { isReadable } from './lazy.js';
import type { ParsedDocument } from './scan.js';
import { dictOf, isRef, type PdfDict, type PdfObject, type PdfRef, type PdfValue } from './values.js';

/** Object lookup as of a revision: the last definition at or before it. */
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
    for (const list of this.byNum.values()) list.sort((a, b) => a.revision - b.revision || a.start - b.start);
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
