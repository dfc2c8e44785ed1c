/**
 * Incremental updates: the original bytes stay untouched; new and changed objects, a new
 * cross-reference section and a trailer pointing back with /Prev are appended. When the
 * newest section of the original is an xref stream, the update writes one too (readers
 * that only know streams then still see one format).
 */
import type { PdfDocument } from '../reader/document.js';
import { name, PdfDict, type PdfObject, PdfRef, PdfStream, PdfString } from '../reader/objects.js';
import { concatBytes, writeObject } from './serialize.js';

export class IncrementalUpdate {
  private readonly objects = new Map<number, PdfObject>();
  private nextNum: number;

  constructor(readonly doc: PdfDocument) {
    this.nextNum = doc.size;
  }

  /** Reserves a new object number. */
  allocate(): PdfRef {
    return new PdfRef(this.nextNum++, 0);
  }

  /** Adds a new object and returns its reference. */
  add(obj: PdfObject): PdfRef {
    const ref = this.allocate();
    this.objects.set(ref.num, obj);
    return ref;
  }

  /** Sets (or replaces) the object with this number in the new revision. */
  set(ref: PdfRef, obj: PdfObject): void {
    this.objects.set(ref.num, obj);
  }

  has(ref: PdfRef): boolean {
    return this.objects.has(ref.num);
  }

  get(ref: PdfRef): PdfObject | undefined {
    return this.objects.get(ref.num);
  }

  /**
   * The full file: original bytes + this revision. `newId` is the second element of the
   * trailer /ID (the first stays the original's, as the spec asks).
   */
  build(newId: Uint8Array): Uint8Array {
    const doc = this.doc;
    const base = doc.bytes;
    const parts: (string | Uint8Array)[] = [];
    let pos = base.length;
    const push = (p: string | Uint8Array) => {
      parts.push(p);
      pos += typeof p === 'string' ? p.length : p.length;
    };
    // Text parts are ASCII, so string length equals byte length.
    const lastByte = base[base.length - 1];
    if (lastByte !== 10 && lastByte !== 13) push('\n');
    const offsets = new Map<number, number>();
    const nums = [...this.objects.keys()].sort((a, b) => a - b);
    for (const num of nums) {
      offsets.set(num, pos);
      const objParts: (string | Uint8Array)[] = [`${num} 0 obj\n`];
      writeObject(this.objects.get(num)!, objParts);
      objParts.push('\nendobj\n');
      for (const p of objParts) push(p);
    }
    const oldId = doc.trailer.get('ID');
    const firstId =
      Array.isArray(oldId) && oldId[0] instanceof PdfString ? oldId[0] : new PdfString(newId, true);
    const trailer = new PdfDict();
    trailer.set('Root', doc.catalogRef);
    const info = doc.trailer.get('Info');
    if (info instanceof PdfRef) trailer.set('Info', info);
    trailer.set('ID', [firstId, new PdfString(newId, true)]);
    trailer.set('Prev', doc.startxref);

    const xrefOffset = pos;
    if (doc.xrefIsStream) {
      const xrefNum = this.nextNum;
      offsets.set(xrefNum, xrefOffset);
      const all = [...nums, xrefNum];
      const rows = new Uint8Array(all.length * 7);
      all.forEach((n, i) => {
        const off = offsets.get(n)!;
        rows[i * 7] = 1;
        for (let k = 0; k < 4; k++) rows[i * 7 + 1 + k] = (off >>> (8 * (3 - k))) & 0xff;
      });
      trailer.set('Type', name('XRef'));
      trailer.set('Size', xrefNum + 1);
      trailer.set('W', [1, 4, 2]);
      trailer.set('Index', subsections(all).flat());
      const objParts: (string | Uint8Array)[] = [`${xrefNum} 0 obj\n`];
      writeObject(new PdfStream(trailer, rows), objParts);
      objParts.push('\nendobj\n');
      for (const p of objParts) push(p);
    } else {
      trailer.set('Size', this.nextNum);
      push('xref\n');
      for (const [first, count] of subsections(nums)) {
        push(`${first} ${count}\n`);
        for (let n = first; n < first + count; n++)
          push(`${String(offsets.get(n)!).padStart(10, '0')} 00000 n\r\n`);
      }
      const tParts: (string | Uint8Array)[] = ['trailer\n'];
      writeObject(trailer, tParts);
      for (const p of tParts) push(p);
      push('\n');
    }
    push(`startxref\n${xrefOffset}\n%%EOF\n`);
    return concatBytes([base, ...parts]);
  }
}

function subsections(nums: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}
