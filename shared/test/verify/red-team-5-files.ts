/**
 * Attack files of the fifth red-team round (session 11): a portal PDF carrying the record as
 * `hocba-record.json` twice over, once where its cross-reference points (what the companion
 * checks before signing, what viewers and pdfdetach extract) and once where only a scan of the
 * bytes finds it last; and CMS signed attributes given twice (cms-surgery.ts).
 */
import { RECORD_ATTACHMENT_NAME } from '../../src/pdf/reader/index.js';
import { appendUpdate, basePdf } from './pdf-fixtures.js';
import { stream } from './red-team-4-files.js';

const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const lastStartxref = (pdf: Uint8Array) => Number([...latin(pdf).matchAll(/startxref\s+(\d+)/g)].pop()?.[1]);

/** JSON with every non-ASCII character escaped, so it can be written as Latin-1 PDF text. */
export const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const embedded = (json: string) => stream(json, ' /Type /EmbeddedFile /Subtype /application#2Fjson');
const SPEC = `<< /Type /Filespec /F (${RECORD_ATTACHMENT_NAME}) /UF (${RECORD_ATTACHMENT_NAME}) /AFRelationship /Data /EF << /F 10 0 R /UF 10 0 R >> >>`;
const CATALOG = `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /Names << /EmbeddedFiles << /Names [(${RECORD_ATTACHMENT_NAME}) 11 0 R] >> >> /AF [11 0 R] >>`;

/** basePdf with `json` attached as the portal attaches it (objects 10, 11 and the catalog). */
export function portalRecordPdf(json: string, base = basePdf()): Uint8Array {
  return appendUpdate(base, [
    { num: 10, body: embedded(json) },
    { num: 11, body: SPEC },
    { num: 1, body: CATALOG },
  ]);
}

/**
 * The record `listed` attached; then an update (before signing) defining object 10 again as
 * `hidden`, its xref listing nothing: the xref chain still leads to `listed`.
 */
export function recordHiddenBetweenRevisions(listed: string, hidden: string): Uint8Array {
  const withListed = portalRecordPdf(listed);
  const def = `10 0 obj\n${embedded(hidden)}\nendobj\n`;
  const tail = `${def}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 12 /Root 1 0 R /Prev ${lastStartxref(withListed)} >>\nstartxref\n${withListed.length + def.length}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([withListed, bytes(tail)]));
}

/**
 * One update defining object 10 twice: `hidden` under a plain header, then `listed` under
 * `header` (`10 000000 obj`, `10 0 %c\nobj`: a header every viewer reads, the xref pointing at it).
 */
export function recordTwiceInOneUpdate(listed: string, hidden: string, header: string): Uint8Array {
  const base = basePdf();
  const at = base.length;
  let t = `10 0 obj\n${embedded(hidden)}\nendobj\n`;
  const listedAt = at + t.length;
  t += `${header}\n${embedded(listed)}\nendobj\n`;
  const specAt = at + t.length;
  t += `11 0 obj\n${SPEC}\nendobj\n`;
  const catalogAt = at + t.length;
  t += `1 0 obj\n${CATALOG}\nendobj\n`;
  const xrefAt = at + t.length;
  const e = (n: number) => `${String(n).padStart(10, '0')} 00000 n \n`;
  t += `xref\n1 1\n${e(catalogAt)}10 2\n${e(listedAt)}${e(specAt)}trailer\n<< /Size 12 /Root 1 0 R /Prev ${lastStartxref(base)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([base, bytes(t)]));
}

/**
 * A classic update whose one object is written under `header` (`4 000000 obj`, `4 0obj`,
 * `4 0 %c\nobj`, `4 70000 obj`, another number), its xref entry for `num` pointing at it with
 * generation field `entryGen`.
 */
export function updateUnderHeader(
  signed: Uint8Array,
  header: string,
  body: string,
  num = 4,
  entryGen = '00000',
) {
  const at = signed.length;
  const def = `${header}\n${body}\nendobj\n`;
  const t = `${def}xref\n${num} 1\n${String(at).padStart(10, '0')} ${entryGen} n \ntrailer\n<< /Size 12 /Root 1 0 R /Prev ${lastStartxref(signed)} >>\nstartxref\n${at + def.length}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([signed, bytes(t)]));
}

/**
 * A hybrid update: its classic table rewrites the page (object 3) as it was; its /XRefStm (which
 * a PDF 1.4 reader ignores) puts font 5 in an object stream of the update as `font`.
 */
export function hybridUpdate(signed: Uint8Array, font: string): Uint8Array {
  const page = latin(signed).match(/\n3 0 obj\n([\s\S]*?)\nendobj/)?.[1];
  if (!page) throw new Error('no page object');
  const at = signed.length;
  let t = `3 0 obj\n${page}\nendobj\n`;
  const head = '5 0 ';
  const members = `${head}${font}`;
  const objStmAt = at + t.length;
  t += `20 0 obj\n<< /Type /ObjStm /N 1 /First ${head.length} /Length ${members.length} >>\nstream\n${members}\nendstream\nendobj\n`;
  const row = (ty: number, a: number, b: number) => [
    ty,
    (a >>> 24) & 255,
    (a >>> 16) & 255,
    (a >>> 8) & 255,
    a & 255,
    (b >>> 8) & 255,
    b & 255,
  ];
  const rows = latin(new Uint8Array([...row(2, 20, 0), ...row(1, objStmAt, 0)]));
  const xrefStmAt = at + t.length;
  t += `21 0 obj\n<< /Type /XRef /Size 22 /W [1 4 2] /Index [5 1 20 1] /Length ${rows.length} >>\nstream\n${rows}\nendstream\nendobj\n`;
  const tableAt = at + t.length;
  t += `xref\n3 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 22 /Root 1 0 R /Prev ${lastStartxref(signed)} /XRefStm ${xrefStmAt} >>\nstartxref\n${tableAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([signed, bytes(t)]));
}

/** `%trailer << /Root 1 0 R >>`, a comment holding the word, put before the update's startxref. */
export function withTrailerInComment(pdf: Uint8Array, dict = '<< /Root 1 0 R /Size 24 >>'): Uint8Array {
  return bytes(latin(pdf).replace(/startxref\n(\d+)\n%%EOF\n$/, (m) => `%trailer ${dict}\n${m}`));
}

/** The update's last trailer without its /Root entry (the trailer a viewer reads first). */
export function withoutRoot(pdf: Uint8Array): Uint8Array {
  return bytes(latin(pdf).replace(/ \/Root \d+ 0 R( \/Prev \d+ >>\nstartxref\n\d+\n%%EOF\n)$/, '$1'));
}
