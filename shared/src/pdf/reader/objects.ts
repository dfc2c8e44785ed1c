/** The PDF object model shared by the reader and the incremental writer. */

import { decodePdfText } from './text.js';

export class PdfName {
  constructor(readonly name: string) {}
}

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  get key(): string {
    return `${this.num} ${this.gen}`;
  }
}

export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
}

/**
 * A dictionary value the parser has checked but not built (see LAZY_KEYS in parser.ts):
 * `PdfDict.get` builds it on first use, the writer when it writes it.
 */
export class PdfLazy {
  private built: { value: PdfObject } | undefined;
  constructor(private readonly build: () => PdfObject) {}
  value(): PdfObject {
    this.built ??= { value: this.build() };
    return this.built.value;
  }
}

export class PdfDict {
  /** Entries in order; a value may still be a `PdfLazy` (use `get`, or `entries`). */
  readonly map: Map<string, PdfObject | PdfLazy>;
  constructor(entries?: Iterable<[string, PdfObject | PdfLazy]>) {
    this.map = new Map(entries);
  }
  get(key: string): PdfObject | undefined {
    const v = this.map.get(key);
    if (!(v instanceof PdfLazy)) return v;
    const built = v.value();
    this.map.set(key, built);
    return built;
  }
  /** Every entry, built. */
  *entries(): IterableIterator<[string, PdfObject]> {
    for (const key of this.map.keys()) yield [key, this.get(key)!];
  }
  set(key: string, value: PdfObject): this {
    this.map.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clone(): PdfDict {
    return new PdfDict(this.map);
  }
}

export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    /** The bytes between `stream` and `endstream`, still encoded. */
    readonly raw: Uint8Array,
  ) {}
}

/** Bytes written verbatim by the writer (placeholders the signer patches later). */
export class PdfRaw {
  constructor(readonly text: string) {}
}

export type PdfObject =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfRef
  | PdfDict
  | PdfStream
  | PdfRaw
  | PdfObject[];

export const name = (n: string): PdfName => new PdfName(n);

export function isName(o: PdfObject | undefined, n?: string): o is PdfName {
  return o instanceof PdfName && (n === undefined || o.name === n);
}

/** A text string as UTF-16BE with BOM (what PDF wants for non-ASCII text). */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(new TextEncoder().encode(text));
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c >> 8;
    out[3 + i * 2] = c & 0xff;
  }
  return new PdfString(out, true);
}

/** Decodes a PDF text string (text.ts: the BOMs, PDFDocEncoding, and other signers' UTF-8). */
export function decodeText(s: PdfString): string {
  return decodePdfText(s.bytes);
}
