/** A content stream read as tokens, for page-text.ts: operands as values, operators as words. */
import { isDelim, isWs, Parser } from '../document/lexer.js';
import type { PdfValue } from '../document/objects.js';

/** One content stream's tokens: operands as values, operators as words (inline images skipped). */
export function* tokens(bytes: Uint8Array): Generator<{ op: string } | { value: PdfValue }> {
  const p = new Parser(bytes);
  while (true) {
    p.skipWs();
    if (p.pos >= bytes.length) return;
    const c = bytes[p.pos] as number;
    const startsValue =
      c === 0x2f ||
      c === 0x3c ||
      c === 0x28 ||
      c === 0x5b ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2d ||
      c === 0x2e;
    if (startsValue) {
      try {
        yield { value: p.value() };
      } catch {
        return;
      }
      continue;
    }
    const start = p.pos;
    while (p.pos < bytes.length && !isWs(bytes[p.pos]) && !isDelim(bytes[p.pos])) p.pos++;
    if (p.pos === start) {
      p.pos++;
      continue;
    }
    let op = '';
    for (let i = start; i < p.pos; i++) op += String.fromCharCode(bytes[i] as number);
    if (op === 'ID') {
      // Inline image data: up to the first whitespace-delimited EI.
      let i = p.pos + 1;
      while (
        i + 2 < bytes.length &&
        !(
          isWs(bytes[i - 1]) &&
          bytes[i] === 0x45 &&
          bytes[i + 1] === 0x49 &&
          (isWs(bytes[i + 2]) || isDelim(bytes[i + 2]))
        )
      )
        i++;
      p.pos = i + 2;
      continue;
    }
    yield { op };
  }
}
