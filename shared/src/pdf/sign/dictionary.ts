/** The signature dictionary of a role's signature (PAdES: ETSI.CAdES.detached), without its hole. */
import { name, PdfDict, PdfString, textString } from '../reader/objects.js';

/** D:YYYYMMDDHHmmSSZ */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(
    d.getUTCMinutes(),
  )}${p(d.getUTCSeconds())}Z`;
}

/**
 * /M the claimed signing time, /Name the signer; with `lock`, a FieldMDP reference that locks
 * every field (/Action /All, PDF 2.0 /P 1).
 */
export function signatureDictionary(options: {
  time: Date;
  signerName: string;
  reason: string;
  location?: string | undefined;
  lock: boolean;
}): PdfDict {
  const sig = new PdfDict([
    ['Type', name('Sig')],
    ['Filter', name('Adobe.PPKLite')],
    ['SubFilter', name('ETSI.CAdES.detached')],
    ['M', new PdfString(new TextEncoder().encode(pdfDate(options.time)))],
    ['Name', textString(options.signerName)],
    ['Reason', textString(options.reason)],
  ]);
  if (options.location) sig.set('Location', textString(options.location));
  if (options.lock) {
    const params = new PdfDict([
      ['Type', name('TransformParams')],
      ['Action', name('All')],
      ['P', 1],
      ['V', name('1.2')],
    ]);
    sig.set('Reference', [
      new PdfDict([
        ['Type', name('SigRef')],
        ['TransformMethod', name('FieldMDP')],
        ['TransformParams', params],
        ['DigestMethod', name('SHA256')],
      ]),
    ]);
  }
  return sig;
}
