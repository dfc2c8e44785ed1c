/**
 * A new signature field's widget on a page: invisible, or visible inside the page, covering at
 * most a quarter of it, no earlier signature, none of the page's text and no annotation already
 * shown (drawn-over.ts: a signer's own appearance reading "Toan 10 diem" over "Toan 9 diem" is
 * the Evil Annotation attack; pyHanko does not look where a new signature draws); a visible one
 * on a field nobody signed is only a drawing over the page and is refused.
 */
import type { PdfDict, PdfRef, Resolver } from '../../document/objects.js';
import type { Rule } from '../change.js';
import { reachable } from '../compare.js';
import { drawnOver } from '../drawn-over.js';
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

export const signatureWidget: Rule<WidgetOnPage> = {
  name: 'signature-widget',
  check({ page, item, annot, field }, add) {
    const { u, pageNo, newPage, signedRects } = page;
    const { after } = u;
    reachable(after, annot?.entries.get('AP'), u.sigAppearances);
    const place = placement(after, annot, newPage, signedRects);
    const where = `${Math.round(place.width)}×${Math.round(place.height)} pt`;
    const owner = u.newFields.get(u.newSigFields.has(item.num) ? item.num : (field as number));
    const drawn = annot?.entries.has('AP') || annot?.entries.has('MK');
    // What the page showed under it; only a visible box inside the size bound gets this far.
    const coveredText =
      place.visible && place.share <= MAX_WIDGET_SHARE ? covers(u.before, page.oldPage, after, annot) : '';
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
    else if (coveredText)
      add(
        'ANNOTATION',
        'DISALLOWED',
        `signature widget ${item.num} on page ${pageNo} drawn over ${coveredText}`,
        {
          vi: `Trang ${pageNo}: hình chữ ký mới (${where}) vẽ đè lên chữ hoặc ô đã có của trang, có thể che hoặc thay nội dung người ký trước đã thấy`,
          en: `Page ${pageNo}: a new signature appearance (${where}) is drawn over the page's text or fields, which it can hide or replace for readers`,
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

/** What a visible widget covers on the page as signed ("3 glyphs of text, 1 annotation"), or '' for nothing. */
function covers(
  before: Resolver,
  oldPage: PdfDict | undefined,
  after: Resolver,
  annot: PdfDict | undefined,
): string {
  const rect = boxOf(after, annot?.entries.get('Rect'));
  if (!rect) return '';
  const over = drawnOver(before, oldPage, rect);
  return [
    over.glyphs > 0 ? `${over.glyphs} glyphs of text` : '',
    over.annotations > 0 ? `${over.annotations} annotations` : '',
  ]
    .filter(Boolean)
    .join(', ');
}
