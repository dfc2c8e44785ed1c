/** Stream decoding: FlateDecode with PNG/TIFF predictors is all xref and object streams need. */
import { pdfError } from '../errors.js';
import { type InflateBudget, InflateLimitError, inflateCapped, MAX_INFLATED_STREAM } from './inflate.js';
import { isName, PdfDict, type PdfObject, type PdfStream } from './objects.js';

/** Decodes a stream; past the per-stream cap or the document's budget it is PDF_LIMIT. */
export function decodeStream(stream: PdfStream, budget?: InflateBudget): Uint8Array {
  const filter = stream.dict.get('Filter');
  const filters: PdfObject[] = Array.isArray(filter) ? filter : filter == null ? [] : [filter];
  const parmsObj = stream.dict.get('DecodeParms');
  const parms: PdfObject[] = Array.isArray(parmsObj) ? parmsObj : [parmsObj ?? null];
  let data = stream.raw;
  if (filters.length > 4) throw pdfError('PDF_UNSUPPORTED', { reason: `${filters.length} stream filters` });
  filters.forEach((f, i) => {
    if (!isName(f, 'FlateDecode'))
      throw pdfError('PDF_UNSUPPORTED', { reason: `stream filter ${isName(f) ? f.name : '?'}` });
    try {
      data = inflateCapped(data, MAX_INFLATED_STREAM, budget);
    } catch (e) {
      if (e instanceof InflateLimitError) throw pdfError('PDF_LIMIT', { reason: `a stream ${e.message}` });
      throw pdfError('PDF_MALFORMED', { reason: `bad Flate data: ${(e as Error).message}` });
    }
    const p = parms[i];
    if (p instanceof PdfDict) data = unpredict(data, p);
  });
  return data;
}

function unpredict(data: Uint8Array, parms: PdfDict): Uint8Array {
  const predictor = (parms.get('Predictor') as number | undefined) ?? 1;
  if (predictor === 1) return data;
  const colors = (parms.get('Colors') as number | undefined) ?? 1;
  const bpc = (parms.get('BitsPerComponent') as number | undefined) ?? 8;
  const columns = (parms.get('Columns') as number | undefined) ?? 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) throw pdfError('PDF_UNSUPPORTED', { reason: 'TIFF predictor with bpc != 8' });
    const out = data.slice();
    for (let r = 0; r < out.length; r += rowLen)
      for (let i = r + bpp; i < r + rowLen && i < out.length; i++) out[i] = (out[i]! + out[i - bpp]!) & 0xff;
    return out;
  }
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const cur = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const up = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = row[i]!;
      if (type === 1) v += a;
      else if (type === 2) v += up;
      else if (type === 3) v += (a + up) >> 1;
      else if (type === 4) {
        const p = a + up - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
      } else if (type !== 0) throw pdfError('PDF_MALFORMED', { reason: `PNG predictor type ${type}` });
      cur[i] = v & 0xff;
    }
    prev = cur;
  }
  return out;
}
