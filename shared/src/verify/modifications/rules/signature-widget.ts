/**
 * A new signature field's widget on a page: invisible, or visible inside the page, covering at
 * most a quarter of it, no earlier signature and no annotation already shown; drawn over the
 * page's text it passes with a warning (drawn-over.ts: a signer's own appearance reading
 * "Toan 10 diem" over "Toan 9 diem" is the Evil Annotation attack, a box over a printed title is
 * everyday; pyHanko does not look where a new signature draws); a visible one
 * on a field nobody signed is only a drawing over the page and is refused, unless its
 * appearance draws nothing (an empty field another tool made ready for the next signer).
 */
import {
  decodeStream,
  dictOf,
  isStream,
  type PdfDict,
  type PdfRef,
  type PdfValue,
  type Resolver,
} from '../../document/objects.js';
import type { Rule } from '../change.js';
import { reachable } from '../compare.js';
import { type DrawnOver, drawnOver } from '../drawn-over.js';
import { sigValueKind } from '../fields.js';
import { boxOf, placement } from '../pages.js';
import { signedField } from '../shown.js';
import type { PageInUpdate } from './page-content.js';

/** A new visible signature appearance larger than this share of the page draws over the record. */
const MAX_WIDGET_SHARE = 0.25;

export interface WidgetOnPage {
  page: PageInUpdate;
  item: PdfRef;
  annot: PdfDict | undefined;
  /** The widget's field when it is not merged with it. */
  field: number | undefined;
}

const PDF_WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/**
 * An /AP whose every appearance is a form XObject with no content (or none at all), as tools
 * that add an empty signature field for a later signer write it (pyHanko's `addfields`): it
 * draws nothing, so it is no overlay. Anything else, or anything unreadable, counts as drawn.
 */
function drawsNothing(res: Resolver, ap: PdfValue | undefined): boolean {
  if (ap === undefined) return true;
  const apDict = dictOf(res.resolve(ap));
  if (!apDict) return false;
  for (const state of apDict.entries.values()) {
    const v = res.resolve(state);
    // /N, /R, /D: one stream, or a dictionary of streams by appearance state.
    const streams = isStream(v) ? [v] : [...(dictOf(v)?.entries.values() ?? [])].map((x) => res.resolve(x));
    if (!isStream(v) && !dictOf(v)) return false;
    for (const s of streams) {
      if (!isStream(s)) return false;
      const content = decodeStream(res.doc, s);
      if (!content || content.some((b) => !PDF_WHITESPACE.has(b))) return false;
    }
  }
  return true;
}

export const signatureWidget: Rule<WidgetOnPage> = {
  name: 'signature-widget',
  check({ page, item, annot, field }, add) {
    const { u, pageNo, newPage, signedRects } = page;
    const { after } = u;
    reachable(after, annot?.entries.get('AP'), u.sigAppearances);
    const place = placement(after, annot, newPage, signedRects);
    const where = `${Math.round(place.width)}×${Math.round(place.height)} pt`;
    const owner = u.newFields.get(u.newSigFields.has(item.num) ? item.num : (field as number));
    const drawn = annot?.entries.has('MK') || !drawsNothing(after, annot?.entries.get('AP'));
    // What the page showed under it; only a visible box inside the size bound gets this far.
    // What the page showed under it; only a visible box inside the size bound gets this far.
    const over =
      place.visible && place.share <= MAX_WIDGET_SHARE
        ? covers(u.before, page.oldPage, after, annot)
        : undefined;
    if (!place.visible && sigValueKind(after, owner?.dict.entries.get('V')) === 'DocTimeStamp')
      // The invisible field a document time-stamp sits in: part of the time-stamp (PAdES-LTA).
      add(
        'DOCUMENT_TIMESTAMP',
        'ALLOWED',
        `invisible field of a document time-stamp added to page ${pageNo}`,
        {
          vi: `Thêm ô ẩn chứa dấu thời gian của tài liệu ở trang ${pageNo}`,
          en: `Invisible field holding a document time-stamp added on page ${pageNo}`,
        },
        item.num,
      );
    else if (!place.visible)
      add(
        'SIGNATURE_FIELD',
        'ALLOWED',
        `invisible signature widget added to page ${pageNo}`,
        {
          vi: `Thêm ô chữ ký ẩn ở trang ${pageNo}`,
          en: `Invisible signature field added on page ${pageNo}`,
        },
        item.num,
      );
    else if (place.share > MAX_WIDGET_SHARE || place.overlapsSignature)
      add(
        'ANNOTATION',
        'DISALLOWED',
        `signature widget ${item.num} on page ${pageNo} covers ${Math.round(place.share * 100)}% of the page${place.overlapsSignature ? ' and an earlier signature' : ''}`,
        {
          vi: `Trang ${pageNo}: hình chữ ký mới (${where}) che lên ${[place.share > MAX_WIDGET_SHARE ? 'nội dung trang' : '', place.overlapsSignature ? 'chữ ký trước đó' : ''].filter(Boolean).join(' và ')}`,
          en: `Page ${pageNo}: a new signature appearance (${where}) covers ${[place.share > MAX_WIDGET_SHARE ? 'the page content' : '', place.overlapsSignature ? 'an earlier signature' : ''].filter(Boolean).join(' and ')}`,
        },
        item.num,
      );
    else if (drawn && !signedField(after, annot) && !signedField(after, owner?.dict))
      add(
        'ANNOTATION',
        'DISALLOWED',
        `empty signature field ${item.num} with an appearance (${where}) added to page ${pageNo}`,
        {
          vi: `Trang ${pageNo}: thêm ô chữ ký trống có hình vẽ (${where}) đè lên trang, không có chữ ký nào`,
          en: `Page ${pageNo}: an empty signature field with a drawing (${where}) added over the page, with no signature`,
        },
        item.num,
      );
    else if (over && over.annotations > 0)
      // A field's value or a stamp already shown: an overlay over it replaces it for readers.
      add(
        'ANNOTATION',
        'DISALLOWED',
        `signature widget ${item.num} on page ${pageNo} drawn over ${over.annotations} annotations`,
        {
          vi: `Trang ${pageNo}: hình chữ ký mới (${where}) vẽ đè lên ô hoặc chú thích đã có của trang, có thể che hoặc thay nội dung người ký trước đã thấy`,
          en: `Page ${pageNo}: a new signature appearance (${where}) is drawn over the page's fields or annotations, which it can hide or replace for readers`,
        },
        item.num,
      );
    else if (over && over.glyphs > 0)
      // Over the page's own text: the Evil Annotation attack, but also what other signing tools
      // do when a person drags the box over a printed title ("Hiệu trưởng"). Adobe and pyHanko
      // call it valid; we let it pass and warn, naming how much text it covers
      // (verdict.ts: SIGNATURE_OVER_TEXT), so the reader compares before relying on that page.
      add(
        'SIGNATURE_FIELD',
        'ALLOWED',
        `visible signature widget ${where} added to page ${pageNo}, drawn over ${over.glyphs} glyphs of text`,
        {
          vi: `Thêm hình chữ ký ${where} ở trang ${pageNo}, vẽ đè lên ${over.glyphs} ký tự của trang`,
          en: `Signature appearance ${where} added on page ${pageNo}, drawn over ${over.glyphs} characters of the page`,
        },
        item.num,
      );
    else
      add(
        'SIGNATURE_FIELD',
        'ALLOWED',
        `visible signature widget ${where} added to page ${pageNo}${place.inside ? '' : ' (partly outside the page)'}`,
        {
          vi: `Thêm hình chữ ký ${where} ở trang ${pageNo}${place.inside ? '' : ' (một phần nằm ngoài trang)'}`,
          en: `Signature appearance ${where} added on page ${pageNo}${place.inside ? '' : ' (partly outside the page)'}`,
        },
        item.num,
      );
  },
};

/** What a visible widget covers on the page as signed, or undefined when its box cannot be read. */
function covers(
  before: Resolver,
  oldPage: PdfDict | undefined,
  after: Resolver,
  annot: PdfDict | undefined,
): DrawnOver | undefined {
  const rect = boxOf(after, annot?.entries.get('Rect'));
  return rect ? drawnOver(before, oldPage, rect) : undefined;
}
