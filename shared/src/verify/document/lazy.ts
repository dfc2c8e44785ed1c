/**
 * An object of the original document parsed only when a rule reads it. The original revision
 * is most of a file (fonts, pages, content) and every signature covers it whole, so what is
 * never read there cannot change a verdict; updates after it are always parsed in full
 * (scan.ts). A definition that fails to parse when read counts as absent, as the eager scan
 * left it out, and is recorded as a problem then.
 */
import { Parser } from './lexer.js';
import type { PdfObject, PdfValue } from './values.js';

export type LengthOf = (v: PdfValue, at: number) => number | undefined;

export class LazyObject implements PdfObject {
  private parsed?: { value: PdfValue; end: number } | null;
  /** Set while parsing: a /Length that leads back here is unreadable, not a loop. */
  private parsing = false;
  /** Decrypts the value once parsed, in an encrypted file (crypt.ts). */
  decrypt?: (o: { num: number; gen: number }, value: PdfValue) => PdfValue;

  constructor(
    readonly num: number,
    readonly gen: number,
    readonly start: number,
    readonly revision: number,
    private readonly bytes: Uint8Array,
    private readonly lengthOf: LengthOf,
    private readonly failed: (start: number, revision: number, message: string) => void,
  ) {}

  /** Parses on first use; false when the definition is unreadable (then it counts as absent). */
  get readable(): boolean {
    if (this.parsing) return false;
    if (this.parsed === undefined) {
      this.parsing = true;
      try {
        const q = new Parser(this.bytes, this.start);
        const { value } = q.indirect((v) => this.lengthOf(v, this.start));
        this.parsed = { value: this.decrypt ? this.decrypt(this, value) : value, end: q.pos };
      } catch (e) {
        this.parsed = null;
        this.failed(this.start, this.revision, e instanceof Error ? e.message : String(e));
      } finally {
        this.parsing = false;
      }
    }
    return this.parsed !== null;
  }

  get value(): PdfValue {
    return this.readable ? (this.parsed as { value: PdfValue }).value : null;
  }

  get end(): number {
    return this.readable ? (this.parsed as { end: number }).end : this.start;
  }
}

/** False only for a lazy definition found unreadable when read. */
export const isReadable = (o: PdfObject): boolean => !(o instanceof LazyObject) || o.readable;
