/**
 * A web font whose glyphs draw other digits than its text holds (red team, round six): DejaVu
 * Sans with the outlines of two digits swapped ("1" draws "7" and "7" draws "1"), built here
 * from the TrueType tables, so a page can load it with `@font-face` and show "17" where the
 * DOM reads "71". The cmap and metrics are untouched: each character keeps its advance.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Table {
  tag: string;
  data: Buffer;
}

function tables(font: Buffer): Table[] {
  const count = font.readUInt16BE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 12 + i * 16;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    return {
      tag: font.toString('latin1', at, at + 4),
      data: Buffer.from(font.subarray(offset, offset + length)),
    };
  });
}

/** The glyph id of `code` in a format 4 cmap subtable (Windows, Unicode BMP). */
function glyphOf(cmap: Buffer, code: number): number {
  const subtables = cmap.readUInt16BE(2);
  for (let i = 0; i < subtables; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    if (platform !== 3 || encoding !== 1 || cmap.readUInt16BE(offset) !== 4) continue;
    const segX2 = cmap.readUInt16BE(offset + 6);
    const ends = offset + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = cmap.readUInt16BE(ends + s * 2);
      const start = cmap.readUInt16BE(starts + s * 2);
      if (code < start || code > end) continue;
      const delta = cmap.readInt16BE(deltas + s * 2);
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const at = rangeOffsets + s * 2 + rangeOffset + (code - start) * 2;
      const glyph = cmap.readUInt16BE(at);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
  }
  throw new Error(`no glyph for U+${code.toString(16)}`);
}

function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** DejaVu Sans with the glyphs of characters `a` and `b` swapped: the font's bytes. */
export function swappedDigitsFont(a = '1', b = '7'): Buffer {
  const font = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  const all = tables(font);
  const get = (tag: string) => {
    const table = all.find((t) => t.tag === tag);
    if (!table) throw new Error(`no ${tag} table`);
    return table;
  };
  const head = get('head');
  const glyf = get('glyf');
  const loca = get('loca');
  const glyphs = get('maxp').data.readUInt16BE(4);
  const long = head.data.readInt16BE(50) === 1;
  const offsetOf = (g: number) => (long ? loca.data.readUInt32BE(g * 4) : loca.data.readUInt16BE(g * 2) * 2);
  const ga = glyphOf(get('cmap').data, a.codePointAt(0) ?? 0);
  const gb = glyphOf(get('cmap').data, b.codePointAt(0) ?? 0);
  const pieces: Buffer[] = [];
  const newLoca = Buffer.alloc((glyphs + 1) * 4);
  let at = 0;
  for (let g = 0; g < glyphs; g++) {
    const from = g === ga ? gb : g === gb ? ga : g;
    const piece = glyf.data.subarray(offsetOf(from), offsetOf(from + 1));
    newLoca.writeUInt32BE(at, g * 4);
    const padded = Buffer.concat([piece, Buffer.alloc((4 - (piece.length % 4)) % 4)]);
    pieces.push(padded);
    at += padded.length;
  }
  newLoca.writeUInt32BE(at, glyphs * 4);
  glyf.data = Buffer.concat(pieces);
  loca.data = newLoca;
  head.data.writeInt16BE(1, 50); // long offsets
  head.data.writeUInt32BE(0, 8); // checkSumAdjustment, set below
  // Write the file: header, directory, tables (4-byte aligned), then the whole-font adjustment.
  const count = all.length;
  const directory = Buffer.alloc(12 + count * 16);
  font.copy(directory, 0, 0, 12);
  const bodies: Buffer[] = [];
  let offset = directory.length;
  all.forEach((table, i) => {
    const row = 12 + i * 16;
    directory.write(table.tag, row, 'latin1');
    directory.writeUInt32BE(checksum(table.data), row + 4);
    directory.writeUInt32BE(offset, row + 8);
    directory.writeUInt32BE(table.data.length, row + 12);
    const padded = Buffer.concat([table.data, Buffer.alloc((4 - (table.data.length % 4)) % 4)]);
    bodies.push(padded);
    offset += padded.length;
  });
  const out = Buffer.concat([directory, ...bodies]);
  const headAt = directory.readUInt32BE(12 + all.indexOf(head) * 16 + 8);
  out.writeUInt32BE((0xb1b0afba - checksum(out)) >>> 0, headAt + 8);
  return out;
}

/** An untouched font of another cut (DejaVu Sans Condensed Bold), as a portal's own web font. */
export function portalWebFont(): Buffer {
  return readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'));
}
