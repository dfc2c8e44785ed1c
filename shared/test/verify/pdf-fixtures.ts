/**
 * Hand-built PDFs and incremental updates for verifier tests: a one-page record with three
 * empty signature fields (our role field names), signed with `openssl cms` over the real
 * byte ranges, and a generic incremental-update writer for the attacks.
 */
import { zlibSync } from 'fflate';
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';
import { addSignatureTimestamp } from '../support/cms-surgery.js';
import { opensslCms, timestampToken } from '../support/openssl.js';

export { addSignatureTimestamp } from '../support/cms-surgery.js';
export { timestampToken } from '../support/openssl.js';

const enc = new TextEncoder();
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');

export interface PdfObjectSource {
  num: number;
  body: string | Uint8Array;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function xrefAndTrailer(offsets: Map<number, number>, xrefAt: number, trailer: string): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let s = 'xref\n';
  for (const n of nums) s += `${n} 1\n${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  return `${s}trailer\n${trailer}\nstartxref\n${xrefAt}\n%%EOF\n`;
}

export function basePdf(pageText = 'Hoc ba: Nguyen Van An, lop 5A, Toan 9 diem'): Uint8Array {
  const content = `BT /F1 12 Tf 50 750 Td (${pageText}) Tj ET`;
  const objs: PdfObjectSource[] = [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>' },
    { num: 2, body: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' },
    {
      num: 3,
      body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R] >>',
    },
    { num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` },
    { num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
    { num: 6, body: '<< /Fields [7 0 R 8 0 R 9 0 R] /SigFlags 3 >>' },
    {
      num: 7,
      body: '<< /FT /Sig /T (hocba.gvcn) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>',
    },
    {
      num: 8,
      body: '<< /FT /Sig /T (hocba.principal) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>',
    },
    {
      num: 9,
      body: '<< /FT /Sig /T (hocba.seal) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R >>',
    },
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const o of objs) {
    offsets.set(o.num, out.length);
    out += `${o.num} 0 obj\n${o.body}\nendobj\n`;
  }
  const xrefAt = out.length;
  let xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of objs) xref += `${String(offsets.get(o.num)).padStart(10, '0')} 00000 n \n`;
  out += `${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function lastStartxref(pdf: Uint8Array): number {
  const text = latin(pdf);
  const all = [...text.matchAll(/startxref\s+(\d+)/g)];
  return Number(all[all.length - 1]?.[1] ?? 0);
}

function lastRoot(pdf: Uint8Array): string {
  const all = [...latin(pdf).matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)];
  return all[all.length - 1]?.[1] ?? '1 0 R';
}

function maxObjNum(pdf: Uint8Array): number {
  let max = 0;
  for (const m of latin(pdf).matchAll(/(\d+)\s+\d+\s+obj\b/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** Appends an incremental update with these objects (and an optional trailer /Root). */
export function appendUpdate(
  pdf: Uint8Array,
  objects: PdfObjectSource[],
  root = lastRoot(pdf),
  extraTrailer = '',
): Uint8Array {
  const parts: Uint8Array[] = [pdf];
  let pos = pdf.length;
  if (pdf[pdf.length - 1] !== 0x0a) {
    parts.push(enc.encode('\n'));
    pos++;
  }
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, pos);
    const head = enc.encode(`${o.num} 0 obj\n`);
    const body = typeof o.body === 'string' ? Buffer.from(o.body, 'latin1') : o.body;
    const tail = enc.encode('\nendobj\n');
    parts.push(head, body, tail);
    pos += head.length + body.length + tail.length;
  }
  const size = Math.max(maxObjNum(pdf), ...objects.map((o) => o.num)) + 1;
  const trailer = `<< /Size ${size} /Root ${root} /Prev ${lastStartxref(pdf)}${extraTrailer} >>`;
  parts.push(Buffer.from(xrefAndTrailer(offsets, pos, trailer), 'latin1'));
  return concat(parts);
}

export function nextObjectNumber(pdf: Uint8Array): number {
  return maxObjNum(pdf) + 1;
}

const PLACEHOLDER_BYTES = 12_000;

export interface SignOptions {
  pss?: boolean;
  /** Sign with these CMS bytes instead (universal forgery tests). */
  cmsOverride?: Uint8Array;
  /** Leave this ByteRange text in place instead of the computed one. */
  byteRangeOverride?: string;
  subFilter?: string;
  /** PDF date for /M. */
  m?: string;
  /** Add an RFC 3161 signature time-stamp from the test TSA. */
  timestamp?: boolean;
  /** A PAdES document time-stamp (/DocTimeStamp, ETSI.RFC3161) instead of a signature. */
  docTimestamp?: boolean;
  /** Extra entries for the signature dictionary (e.g. a DocMDP /Reference). */
  extraSigEntries?: string;
  /** Extra `openssl cms -sign` arguments (e.g. `-econtent_type OID`). */
  opensslArgs?: string[];
  /** The widget's placement and look instead of the invisible `/Rect [0 0 0 0] /F 132` (e.g. a visible box with /AP). */
  widget?: string;
  /** More objects in the same update (a new field's /Fields and /Annots, its appearance). */
  alsoUpdate?: PdfObjectSource[];
  /** Edits the CMS made over the real byte ranges before it is written (attribute surgery). */
  transformCms?: (cms: Uint8Array) => Uint8Array;
}

/** Signs the field object `fieldNum` (named `fieldName`) in a new incremental update, with openssl cms. */
export function signField(
  pdf: Uint8Array,
  fieldNum: number,
  fieldName: string,
  signer: TestEntity,
  pki: TestPki,
  opts: SignOptions = {},
): Uint8Array {
  const sigNum = nextObjectNumber(pdf);
  const placeholderBr = '[0 0000000000 0000000000 0000000000]';
  const zeros = '0'.repeat(PLACEHOLDER_BYTES * 2);
  const m = opts.m ?? `D:${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const type = opts.docTimestamp ? 'DocTimeStamp' : 'Sig';
  const subFilter = opts.docTimestamp ? 'ETSI.RFC3161' : (opts.subFilter ?? 'ETSI.CAdES.detached');
  const sigBody = `<< /Type /${type} /Filter /Adobe.PPKLite /SubFilter /${subFilter} /ByteRange ${placeholderBr} /Contents <${zeros}> /M (${m})${opts.extraSigEntries ?? ''} >>`;
  const fieldBody = `<< /FT /Sig /T (${fieldName}) /Type /Annot /Subtype /Widget ${opts.widget ?? '/Rect [0 0 0 0] /F 132'} /P 3 0 R /V ${sigNum} 0 R >>`;
  const updated = appendUpdate(pdf, [
    { num: sigNum, body: sigBody },
    { num: fieldNum, body: fieldBody },
    ...(opts.alsoUpdate ?? []),
  ]);
  const text = latin(updated);
  const sigAt = text.lastIndexOf(`${sigNum} 0 obj`);
  const holeStart = text.indexOf('/Contents <', sigAt) + '/Contents '.length;
  const holeEnd = text.indexOf('>', holeStart) + 1;
  const brAt = text.indexOf(placeholderBr, sigAt);
  const br = `[0 ${holeStart} ${holeEnd} ${updated.length - holeEnd}]`;
  const brText = (opts.byteRangeOverride ?? br).padEnd(placeholderBr.length, ' ');
  if (brText.length !== placeholderBr.length) throw new Error('byte range text too long');
  const bytes = new Uint8Array(updated);
  bytes.set(enc.encode(brText), brAt);
  const covered = concat([bytes.subarray(0, holeStart), bytes.subarray(holeEnd)]);
  let cms =
    opts.cmsOverride ??
    (opts.docTimestamp
      ? timestampToken(covered, pki)
      : cmsOver(covered, signer, pki, opts.pss ?? false, opts.opensslArgs));
  if (opts.transformCms) cms = opts.transformCms(cms);
  if (opts.timestamp) cms = addSignatureTimestamp(cms, pki);
  const hex = Buffer.from(cms)
    .toString('hex')
    .padEnd(PLACEHOLDER_BYTES * 2, '0');
  if (hex.length > PLACEHOLDER_BYTES * 2) throw new Error('CMS too large for the placeholder');
  bytes.set(enc.encode(hex), holeStart + 1);
  return bytes;
}

/** `openssl cms -sign` over the covered bytes, as every signature of these fixtures is made. */
export function cmsOver(
  data: Uint8Array,
  signer: TestEntity,
  pki: TestPki,
  pss: boolean,
  extra: string[] = [],
): Uint8Array {
  return opensslCms(data, signer, pki, { pss, extra });
}

/** Adds a /DSS with these CRLs (DER) in a new incremental update (allowed after signing). */
export function addDss(pdf: Uint8Array, crls: Uint8Array[], certs: Uint8Array[] = []): Uint8Array {
  let n = nextObjectNumber(pdf);
  const objs: PdfObjectSource[] = [];
  const streamObj = (data: Uint8Array): string => {
    const num = n++;
    objs.push({
      num,
      body: concat([enc.encode(`<< /Length ${data.length} >>\nstream\n`), data, enc.encode('\nendstream')]),
    });
    return `${num} 0 R`;
  };
  const crlRefs = crls.map(streamObj);
  const certRefs = certs.map(streamObj);
  const dssNum = n++;
  objs.push({ num: dssNum, body: `<< /CRLs [${crlRefs.join(' ')}] /Certs [${certRefs.join(' ')}] >>` });
  objs.push({ num: 1, body: `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /DSS ${dssNum} 0 R >>` });
  return appendUpdate(pdf, objs);
}

/** Embeds `json` as `hocba.json` (FlateDecode, /AF and /Names /EmbeddedFiles) in a new update. */
export function withRecord(pdf: Uint8Array, json: string, catalogExtra = ''): Uint8Array {
  const n = nextObjectNumber(pdf);
  const data = zlibSync(enc.encode(json));
  return appendUpdate(pdf, [
    {
      num: n,
      body: concat([
        enc.encode(
          `<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
        ),
        data,
        enc.encode('\nendstream'),
      ]),
    },
    {
      num: n + 1,
      body: `<< /Type /Filespec /F (hocba.json) /UF (hocba.json) /AFRelationship /Data /EF << /F ${n} 0 R /UF ${n} 0 R >> >>`,
    },
    {
      num: 1,
      body: `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /Names << /EmbeddedFiles << /Names [(hocba.json) ${n + 1} 0 R] >> >> /AF [${n + 1} 0 R]${catalogExtra} >>`,
    },
  ]);
}
