/**
 * Typed errors: every failure the project reports carries a stable code, a Vietnamese
 * message (shown first) and an English one. Each module declares its own codes with
 * `defineErrors`, so no single catalogue becomes everyone's merge conflict.
 */

/** A message in both languages the product speaks. */
export interface Bilingual {
  vi: string;
  en: string;
}

/**
 * A count and its noun in English ("1 file", "2 files"); Vietnamese nouns have no plural
 * form, so only the English half of a message needs this.
 */
export function enCount(n: number, one: string, other: string): string {
  return `${n} ${n === 1 ? one : other}`;
}

/** Message templates may name parameters as `{name}`. */
export type ErrorCatalog = Record<string, Bilingual>;

export type ErrorParams = Record<string, string | number>;

/** The wire and JSON form of an error. */
export interface ErrorInfo {
  code: string;
  message: Bilingual;
  details?: ErrorParams;
}

export class HocbaError extends Error {
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly details: ErrorParams | undefined;

  constructor(code: string, message: Bilingual, details?: ErrorParams, options?: { cause?: unknown }) {
    // Error.message is English so stack traces and logs stay greppable; UIs show `vi` first.
    super(message.en, options);
    this.name = 'HocbaError';
    this.code = code;
    this.vi = message.vi;
    this.en = message.en;
    this.details = details;
  }

  toJSON(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: { vi: this.vi, en: this.en } };
    if (this.details && Object.keys(this.details).length > 0) info.details = this.details;
    return info;
  }

  /**
   * "Vietnamese (English) [CODE]" on one line, for CLIs and logs: a person reads the sentence
   * first, and the code stays at the end for whoever helps them.
   */
  override toString(): string {
    return `${this.vi} (${this.en}) [${this.code}]`;
  }
}

export function fillTemplate(template: string, params: ErrorParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * Declares a module's error codes and returns a factory for them.
 *
 *   const pdfError = defineErrors({ PDF_BROKEN: { vi: 'Tệp PDF bị hỏng', en: 'Broken PDF' } });
 *   throw pdfError('PDF_BROKEN', { file: 'a.pdf' });
 */
export function defineErrors<const C extends ErrorCatalog>(catalog: C) {
  const make = (code: keyof C & string, params?: ErrorParams, options?: { cause?: unknown }): HocbaError => {
    const template = catalog[code];
    if (!template) throw new Error(`unknown error code ${code}`);
    return new HocbaError(
      code,
      { vi: fillTemplate(template.vi, params), en: fillTemplate(template.en, params) },
      params,
      options,
    );
  };
  make.catalog = catalog;
  return make;
}

export function isHocbaError(value: unknown): value is HocbaError {
  return value instanceof HocbaError;
}

const genericErrors = defineErrors({
  INTERNAL: {
    vi: 'Lỗi nội bộ không mong đợi: {reason}',
    en: 'Unexpected internal error: {reason}',
  },
});

/** Wraps anything thrown into a HocbaError, keeping typed errors as they are. */
export function toHocbaError(value: unknown): HocbaError {
  if (value instanceof HocbaError) return value;
  const reason = value instanceof Error ? value.message : String(value);
  return genericErrors('INTERNAL', { reason }, { cause: value });
}
