/**
 * One incremental update seen by the rules: the revision before and after, what it defines,
 * and what the rules share as they go (objects accounted for, new signature fields and their
 * appearances). Everything read from the file is read when a rule first asks, in the order
 * the rules ask: the original revision is parsed as it is read, and what fails to parse is
 * reported in that order.
 */
import { generationInKey, samePlainStream } from '../document/crypt.js';
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
import { type Change, judge, type Rule } from './change.js';
import type { Across } from './compare.js';
import { collectFields, type FieldNode } from './fields.js';
import { type Box, boxOf, pageList } from './pages.js';
import { isFileStructure } from './structure.js';

type Pages = ReturnType<typeof pageList>;

export class Update {
  readonly before: Resolver;
  readonly after: Resolver;
  /** What the rules found, in the order they found it. */
  readonly changes: Change[] = [];
  /** Objects a rule accounted for (allowed or reported). */
  readonly explained = new Set<number>();
  /** Signature fields new in this update (their widgets may be added to pages). */
  readonly newSigFields = new Set<number>();
  /** Objects reached from the appearances of signatures made in this update. */
  readonly sigAppearances = new Set<number>();
  private memo = new Map<string, unknown>();

  constructor(
    readonly doc: ParsedDocument,
    readonly revision: number,
  ) {
    this.before = Resolver.at(doc, revision - 1);
    this.after = Resolver.at(doc, revision);
  }

  /** Runs one rule on one subject; what it adds carries the rule's name. */
  apply<S>(rule: Rule<S>, subject: S): void {
    judge(rule, subject, this.revision, this.changes);
  }

  refusedSoFar(): boolean {
    return this.changes.some((c) => c.verdict === 'DISALLOWED');
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** Every definition in this update, duplicates included: a viewer may pick any of them. */
  get definitions(): PdfObject[] {
    return this.once('definitions', () => this.doc.objects.filter((o) => o.revision === this.revision));
  }

  private get compared(): { changed: Set<number>; fresh: Set<number> } {
    return this.once('compared', () => {
      const changed = new Set<number>();
      const fresh = new Set<number>();
      for (const o of this.definitions) {
        const prev = this.before.object(o.num);
        if (isFileStructure(o.value, prev)) continue; // its own xref or object stream, not content
        if (!prev) fresh.add(o.num);
        // Encrypted: the generation is part of the object's key, so the same bytes under
        // another generation decrypt to something else (crypt.ts).
        else if (prev.gen !== o.gen && generationInKey(this.doc.crypt)) changed.add(o.num);
        else if (
          !valuesEqual(this.doc, prev.value, o.value) &&
          !samePlainStream(this.doc.crypt, prev.value, o.value, this.doc.bytes)
        )
          changed.add(o.num);
      }
      return { changed, fresh };
    });
  }

  /** Existing objects this update redefines with a different value. */
  get changed(): Set<number> {
    return this.compared.changed;
  }

  /** Objects new in this update. */
  get fresh(): Set<number> {
    return this.compared.fresh;
  }

  /** The two revisions for comparisons, with every object this update changed or added. */
  get across(): Across {
    return this.once('across', () => ({
      before: this.before,
      after: this.after,
      changed: new Set([...this.changed, ...this.fresh]),
      covered: new Set<number>(),
    }));
  }

  get oldCatalog(): PdfDict | undefined {
    return this.once('oldCatalog', () => this.before.catalog());
  }

  get newCatalog(): PdfDict | undefined {
    return this.once('newCatalog', () => this.after.catalog());
  }

  get oldFormValue(): PdfValue | undefined {
    return this.oldCatalog?.entries.get('AcroForm');
  }

  get newFormValue(): PdfValue | undefined {
    return this.newCatalog?.entries.get('AcroForm');
  }

  get fieldsValue(): PdfValue | undefined {
    return this.newForm?.entries.get('Fields');
  }

  get oldForm(): PdfDict | undefined {
    return this.once('oldForm', () => dictOf(this.before.resolve(this.oldFormValue)));
  }

  get newForm(): PdfDict | undefined {
    return this.once('newForm', () => dictOf(this.after.resolve(this.newFormValue)));
  }

  get oldFields(): Map<number, FieldNode> {
    return this.once('oldFields', () => collectFields(this.before, this.oldForm));
  }

  get newFields(): Map<number, FieldNode> {
    return this.once('newFields', () => collectFields(this.after, this.newForm));
  }

  get oldPages(): Pages {
    return this.once('oldPages', () => pageList(this.before));
  }

  get newPages(): Pages {
    return this.once('newPages', () => pageList(this.after));
  }

  /**
   * Where earlier signatures show on one page: a new appearance drawn over them hides who
   * signed. A widget counts on the page whose /Annots hold it (else its /P); one on no known
   * page counts on every page. (A signature on page 1 is no reason to refuse a box at the same
   * place on page 2.)
   */
  signedRectsOn(pageNum: number): Box[] {
    const all = this.once('signedRects', () => {
      const onPage = new Map<number, number>();
      for (const p of this.oldPages.pages) {
        const annots = this.before.get(dictOf(this.before.object(p)?.value), 'Annots');
        if (Array.isArray(annots))
          for (const a of annots) if (isRef(a) && !onPage.has(a.num)) onPage.set(a.num, p);
      }
      const rects: { page: number | undefined; box: Box }[] = [];
      for (const f of this.oldFields.values()) {
        if (!f.sig) continue;
        const signed = f.dict.entries.has('V') || dictOf(this.before.get(f.dict, 'Parent'))?.entries.has('V');
        const box = boxOf(this.before, f.dict.entries.get('Rect'));
        const p = f.dict.entries.get('P');
        if (signed && box) rects.push({ page: onPage.get(f.num) ?? (isRef(p) ? p.num : undefined), box });
      }
      return rects;
    });
    return all.filter((r) => r.page === undefined || r.page === pageNum).map((r) => r.box);
  }

  /** A signature or document time-stamp dictionary in the later revision. */
  isSigObject(num: number): boolean {
    const t = dictOf(this.after.object(num)?.value)?.entries.get('Type');
    return isName(t, 'Sig') || isName(t, 'DocTimeStamp');
  }
}
