/**
 * Where a viewer looks for an update's objects: its `startxref`, the sections it leads to
 * (`/Prev`, hybrid `/XRefStm`) and what their entries point at. The difference analysis
 * compares the definitions written in the update; that is what a viewer shows only if the
 * update's xref chain leads to them. Red team, session 7: an update whose xref stream (or whose
 * `startxref`, or `/Prev`) pointed back into the signed bytes, at a definition the signed
 * revision did not use, or marked an object free, made a viewer show another page than the
 * one we compared, and was called valid. Classic tables inside the update are checked in
 * index.ts (checkXref); this covers everything else on the chain.
 */
import type { Bilingual } from '../../errors/index.js';
import { indexOfBytes } from '../document/lexer.js';
import type { ParsedDocument, Resolver } from '../document/objects.js';
import { isRef } from '../document/values.js';
import { type SectionEntry, startxrefOf, xrefSectionAt } from '../document/xref-sections.js';

export interface XrefFinding {
  detail: string;
  message: Bilingual;
  object?: number;
}

/** Sections one update may chain through itself (a table and its hybrid stream, a few more). */
const MAX_SECTIONS = 16;

/** Problems with the xref chain of update `r` (each one a change nobody can judge). */
export function xrefChainFindings(doc: ParsedDocument, r: number, before: Resolver): XrefFinding[] {
  const rev = doc.revisions[r];
  if (!rev || r === 0) return [];
  const sx = startxrefOf(doc.bytes, rev);
  // A part with no startxref (an %%EOF inside a stream) is never where a viewer starts.
  if (sx === undefined) return [];
  const inside = (at: number) => at >= rev.start && at < rev.eofAt;
  const out: XrefFinding[] = [];
  if (!inside(sx))
    return [
      {
        detail: `the update's startxref points at byte ${sx}, outside the update`,
        message: {
          vi: `Lần sửa sau khi ký trỏ trình đọc PDF tới bảng tham chiếu ở byte ${sx}, nằm ngoài phần được sửa`,
          en: `The update after signing points PDF readers at a cross-reference at byte ${sx}, outside the update`,
        },
      },
    ];
  let previous: number | undefined;
  for (let k = r - 1; k >= 0 && previous === undefined; k--) {
    const earlier = doc.revisions[k];
    if (earlier) previous = startxrefOf(doc.bytes, earlier);
  }
  const pending = [sx];
  const seen = new Set<number>();
  /** The `trailer` keywords of the update's own tables. */
  const trailers = new Set<number>();
  while (pending.length > 0) {
    const at = pending.shift() as number;
    if (seen.has(at)) continue;
    if (seen.size >= MAX_SECTIONS) {
      out.push(unreadable(at, 'too many sections'));
      break;
    }
    seen.add(at);
    const section = xrefSectionAt(doc, at);
    if (!section) {
      out.push(unreadable(at, 'unreadable'));
      continue;
    }
    // The trailer a viewer reads first must name the catalog (ISO 32000-1 §7.5.6: an update's
    // trailer repeats /Root). Without it viewers rebuild the file: poppler then takes the last
    // `trailer` line anywhere, even in a stream's data, and showed a new page tree (red team,
    // session 11; pyHanko and we called it valid).
    if (at === sx && !isRef(section.dict.entries.get('Root'))) out.push(noCatalog(at));
    if (section.trailerAt !== undefined) trailers.add(section.trailerAt);
    // Classic tables inside the update are checked entry by entry by checkXref.
    if (section.entries.length > 0 && !isTableAt(doc, at))
      for (const e of section.entries) {
        const f = entryFinding(doc, r, before, e);
        if (f) out.push(f);
      }
    const stm = section.dict.entries.get('XRefStm');
    if (typeof stm === 'number') {
      if (inside(stm)) pending.push(stm);
      else out.push(pointsOutside('/XRefStm', stm));
    }
    const prev = section.dict.entries.get('Prev');
    if (typeof prev === 'number') {
      // A /Prev back to a section already read never reaches the signed revision's xref.
      if (inside(prev) && seen.has(prev)) out.push(unreadable(prev, '/Prev loops back'));
      else if (inside(prev)) pending.push(prev);
      else if (previous !== undefined && prev !== previous) out.push(pointsOutside('/Prev', prev, previous));
    }
  }
  for (const at of lineStartTrailers(doc.bytes, rev.start, rev.eofAt))
    if (!trailers.has(at)) out.push(strayTrailer(at));
  return out;
}

const TRAILER = new TextEncoder().encode('trailer');

/**
 * `trailer` keywords at the start of a line (after blanks), where poppler looks when it rebuilds
 * a file whose cross-reference fails (a catalog entry one byte off in the signed bytes is
 * enough): it takes the last one with a /Root, even in a stream's data or after the real
 * trailer, and showed the page tree that /Root names (red team, session 11).
 */
function lineStartTrailers(bytes: Uint8Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (
    let at = indexOfBytes(bytes, TRAILER, from, to);
    at >= 0;
    at = indexOfBytes(bytes, TRAILER, at + 7, to)
  ) {
    let p = at - 1;
    while (p >= from && (bytes[p] === 0x20 || bytes[p] === 0x09 || bytes[p] === 0x0c || bytes[p] === 0x00))
      p--;
    if (p < from || bytes[p] === 0x0a || bytes[p] === 0x0d) out.push(at);
  }
  return out;
}

function strayTrailer(at: number): XrefFinding {
  return {
    detail: `a second 'trailer' at byte ${at} in the update, not its cross-reference's`,
    message: {
      vi: 'Lần sửa sau khi ký chứa thêm một phần "trailer" ngoài bảng tham chiếu của nó: trình đọc PDF dựng lại tệp có thể theo nó và hiển thị một tài liệu khác',
      en: 'The update after signing holds another "trailer" than its cross-reference\'s: a PDF reader rebuilding the file may follow it and show another document',
    },
  };
}

function isTableAt(doc: ParsedDocument, at: number): boolean {
  let p = at;
  while (p < doc.bytes.length && (doc.bytes[p] === 0x20 || doc.bytes[p] === 0x0a || doc.bytes[p] === 0x0d))
    p++;
  return doc.bytes[p] === 0x78; // 'x' of `xref` (a stream section starts with digits)
}

function entryFinding(
  doc: ParsedDocument,
  r: number,
  before: Resolver,
  e: SectionEntry,
): XrefFinding | undefined {
  if (e.num === 0) return undefined;
  const was = before.object(e.num);
  if (e.type === 'free') {
    if (!was) return undefined;
    return {
      detail: `object ${e.num} deleted by the update's xref stream`,
      message: { vi: `Đối tượng ${e.num} bị xoá`, en: `Object ${e.num} deleted` },
      object: e.num,
    };
  }
  if (e.type === 'offset') {
    const here = doc.objects.some(
      (o) => o.revision === r && o.num === e.num && o.inStream === undefined && o.start === e.offset,
    );
    // The same definition the signed revision used is not a change.
    if (here || (was && was.inStream === undefined && was.start === e.offset)) return undefined;
    return {
      detail: `the update's xref stream points object ${e.num} at byte ${e.offset}, outside the update`,
      message: {
        vi: `Bảng tham chiếu của lần sửa trỏ đối tượng ${e.num} ra ngoài phần được sửa`,
        en: `The update's cross-reference points object ${e.num} outside the update`,
      },
      object: e.num,
    };
  }
  const here = doc.objects.some((o) => o.revision === r && o.num === e.num && o.inStream === e.stream);
  const streamRedefined = doc.objects.some((o) => o.revision === r && o.num === e.stream);
  if (here || (was && was.inStream === e.stream && !streamRedefined)) return undefined;
  return {
    detail: `the update's xref stream puts object ${e.num} in object stream ${e.stream}, outside the update`,
    message: {
      vi: `Bảng tham chiếu của lần sửa lấy đối tượng ${e.num} từ luồng đối tượng ${e.stream} ngoài phần được sửa`,
      en: `The update's cross-reference takes object ${e.num} from object stream ${e.stream}, outside the update`,
    },
    object: e.num,
  };
}

function pointsOutside(key: string, at: number, expected?: number): XrefFinding {
  return {
    detail: `the update's ${key} points at byte ${at}${expected === undefined ? ', outside the update' : `, not at the previous revision's cross-reference (${expected})`}`,
    message: {
      vi: `Lần sửa sau khi ký dẫn trình đọc PDF tới bảng tham chiếu khác (${key} ở byte ${at}) thay vì bảng của bản đã ký`,
      en: `The update after signing leads PDF readers to another cross-reference (${key} at byte ${at}) instead of the signed one`,
    },
  };
}

function noCatalog(at: number): XrefFinding {
  return {
    detail: `the update's trailer at byte ${at} names no document catalog (/Root)`,
    message: {
      vi: 'Lần sửa sau khi ký không ghi danh mục gốc (/Root) của tài liệu: trình đọc PDF phải dựng lại tệp và có thể hiển thị một tài liệu khác',
      en: 'The update after signing names no document catalog (/Root): PDF readers must rebuild the file and may show another document',
    },
  };
}

function unreadable(at: number, why: string): XrefFinding {
  return {
    detail: `the update's cross-reference at byte ${at}: ${why}`,
    message: {
      vi: `Không đọc được bảng tham chiếu của lần sửa ở byte ${at}: không biết trình đọc PDF sẽ hiển thị gì`,
      en: `The update's cross-reference at byte ${at} cannot be read: what a PDF reader shows is unknown`,
    },
  };
}
