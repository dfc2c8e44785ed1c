/** Pages as one revision sees them, and where a new widget sits on its page. */
import { dictOf, isName, isRef, type PdfDict, type PdfValue, type Resolver } from '../document/objects.js';

/** Page attributes a page takes from its ancestors when it has none (ISO 32000-1 §7.7.3.4). */
export const INHERITED_PAGE_KEYS = ['Resources', 'MediaBox', 'CropBox', 'Rotate'] as const;

export function effectivePageKey(
  res: Resolver,
  page: PdfDict | undefined,
  key: string,
): PdfValue | undefined {
  for (let k = 0, cur = page; cur && k < 64; k++, cur = dictOf(res.get(cur, 'Parent'))) {
    const v = cur.entries.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Page objects in order and the page tree nodes, from the catalog's /Pages. */
export function pageList(res: Resolver): { pages: number[]; nodes: number[] } {
  const pages: number[] = [];
  const nodes: number[] = [];
  const seen = new Set<number>();
  const walk = (v: PdfValue | undefined, depth: number) => {
    if (depth > 64 || !isRef(v) || seen.has(v.num) || pages.length > 100_000) return;
    seen.add(v.num);
    const d = dictOf(res.object(v.num)?.value);
    if (!d) return;
    if (isName(d.entries.get('Type'), 'Pages') || d.entries.has('Kids')) {
      nodes.push(v.num);
      const kids = res.get(d, 'Kids');
      if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
      return;
    }
    pages.push(v.num);
  };
  walk(res.catalog()?.entries.get('Pages'), 0);
  return { pages, nodes };
}

export type Box = [number, number, number, number];

export function boxOf(res: Resolver, v: PdfValue | undefined): Box | undefined {
  const a = res.resolve(v);
  if (!Array.isArray(a) || a.length !== 4) return undefined;
  const n = a.map((x) => res.resolve(x));
  if (!n.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
  const [x1, y1, x2, y2] = n as number[];
  return [
    Math.min(x1 as number, x2 as number),
    Math.min(y1 as number, y2 as number),
    Math.max(x1 as number, x2 as number),
    Math.max(y1 as number, y2 as number),
  ];
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
const intersect = (a: Box, b: Box): Box => [
  Math.max(a[0], b[0]),
  Math.max(a[1], b[1]),
  Math.min(a[2], b[2]),
  Math.min(a[3], b[3]),
];

export interface Placement {
  visible: boolean;
  inside: boolean;
  /** Share of the page the widget covers (0..1). */
  share: number;
  overlapsSignature: boolean;
  width: number;
  height: number;
}

/**
 * Where a widget draws. Hidden (/F bit 2), NoView (bit 6) or zero-area widgets draw nothing;
 * a viewer maps the appearance's /BBox onto /Rect, so /Rect bounds what it can cover.
 */
export function placement(
  res: Resolver,
  annot: PdfDict | undefined,
  page: PdfDict | undefined,
  signedRects: readonly Box[],
): Placement {
  const rect = boxOf(res, annot?.entries.get('Rect'));
  const flags = res.resolve(annot?.entries.get('F'));
  const hidden = typeof flags === 'number' && (flags & 2 || flags & 32) !== 0;
  const hasAppearance = dictOf(res.get(annot, 'AP')) !== undefined;
  const none = { visible: false, inside: true, share: 0, overlapsSignature: false, width: 0, height: 0 };
  if (!rect || hidden || !hasAppearance || area(rect) === 0) return none;
  const pageBox = boxOf(res, effectivePageKey(res, page, 'CropBox')) ??
    boxOf(res, effectivePageKey(res, page, 'MediaBox')) ?? [0, 0, 612, 792];
  const onPage = area(intersect(rect, pageBox));
  if (onPage === 0) return { ...none, inside: false };
  return {
    visible: true,
    inside: onPage === area(rect),
    share: area(pageBox) > 0 ? onPage / area(pageBox) : 1,
    overlapsSignature: signedRects.some((b) => area(intersect(rect, b)) > 0),
    width: rect[2] - rect[0],
    height: rect[3] - rect[1],
  };
}
