/**
 * The record inside: a PDF made by our signer carries the student's record JSON as an
 * embedded file. It is read from the revision the last passing signature covers, so
 * nothing appended after signing can inject or replace it, then validated and checked
 * against Thông tư 27.
 */
import type { Bilingual } from '../../errors/index.js';
import { type HocBaRecord, parseRecordText } from '../../record/index.js';
import { checkRecord, completeness, type Finding } from '../../rules/index.js';
import {
  decodeStream,
  dictOf,
  isName,
  isStream,
  type ParsedDocument,
  type PdfDict,
  type PdfValue,
  parseDocument,
  Resolver,
  textOf,
} from '../document/objects.js';
import { displayText } from '../report/display-text.js';
import { jsonAttachmentsAsXrefReads } from './xref-view.js';

export interface RecordReport {
  /** OK: a valid record; INVALID: JSON or format problems; UNREADABLE: the attachment cannot be decoded. */
  status: 'OK' | 'INVALID' | 'UNREADABLE';
  /** The attachment's file name. */
  file: string;
  /** Whether the record was read from a revision a passing signature covers. */
  signed: boolean;
  record: HocBaRecord | null;
  /** Thông tư 27 findings (empty when the record is not valid). */
  findings: Finding[];
  completeness: 'complete' | 'warnings' | 'errors' | null;
  problems: { path: string; reason: Bilingual }[];
}

const MAX_ATTACHMENTS = 64;

/**
 * Name tree leaves: [name, value, name, value...] under /Names, recursing /Kids. Each node is
 * read once and at most MAX_ATTACHMENTS leaves are kept: a node listed as its own kid three
 * times (820 bytes) made 3^16 visits.
 */
function nameTree(
  res: Resolver,
  node: PdfDict | undefined,
  out: [string, PdfValue][],
  depth = 0,
  seen = new Set<PdfDict>(),
): void {
  // `seen` also counts the visits: a tree of distinct nodes stops after 1,024 of them.
  if (!node || depth > 16 || out.length >= MAX_ATTACHMENTS || seen.has(node) || seen.size >= 1024) return;
  seen.add(node);
  const names = res.get(node, 'Names');
  if (Array.isArray(names))
    for (let i = 0; i + 1 < names.length && out.length < MAX_ATTACHMENTS; i += 2)
      out.push([textOf(names[i]) ?? '', names[i + 1] as PdfValue]);
  const kids = res.get(node, 'Kids');
  if (Array.isArray(kids))
    for (const k of kids.slice(0, MAX_ATTACHMENTS))
      nameTree(res, dictOf(res.resolve(k)), out, depth + 1, seen);
}

/** Embedded files from /Names /EmbeddedFiles and the catalog's /AF, as [file name, stream]. */
function embeddedFiles(res: Resolver): [string, PdfValue | undefined][] {
  const catalog = res.catalog();
  const specs: [string, PdfValue][] = [];
  nameTree(res, dictOf(res.get(dictOf(res.get(catalog, 'Names')), 'EmbeddedFiles')), specs);
  const af = res.get(catalog, 'AF');
  if (Array.isArray(af)) for (const s of af.slice(0, MAX_ATTACHMENTS)) specs.push(['', s]);
  return specs.map(([key, spec]) => {
    const d = dictOf(res.resolve(spec));
    const name = textOf(d?.entries.get('UF')) ?? textOf(d?.entries.get('F')) ?? key;
    const ef = dictOf(res.get(d, 'EF'));
    // The name is shown (and quoted in problems): made safe to show.
    return [displayText(name), res.resolve(ef?.entries.get('UF') ?? ef?.entries.get('F'))];
  });
}

/**
 * Finds the record JSON as of `revision` (null when the PDF carries none). Two attachments
 * holding different records (red team, round four: two `hocba.json`, or one under another
 * name) make it INVALID: readers disagree on which one is the pupil's (ours took the first,
 * another tool the last), so neither is shown as the record. The same record named twice
 * (the name tree and the catalog's /AF) is one record.
 */
export function extractRecord(doc: ParsedDocument, res: Resolver, signed: boolean): RecordReport | null {
  const read = readRecordText(doc, res, signed);
  if (!read || !('text' in read)) return read;
  const parsed = parseRecordText(read.text);
  if (parsed.status !== 'ok') return { ...read.base, status: 'INVALID', problems: parsed.issues };
  const findings = checkRecord(parsed.record);
  return {
    ...read.base,
    status: 'OK',
    record: parsed.record,
    findings,
    completeness: completeness(findings),
  };
}

/** The one record text both readers find (with the report to fill), else the report as it stands. */
function readRecordText(
  doc: ParsedDocument,
  res: Resolver,
  signed: boolean,
): RecordReport | null | { base: RecordReport; text: string } {
  const found: { name: string; text: string }[] = [];
  /** Where the data of each JSON attachment read starts (to compare with the xref reader's). */
  const looked = new Set<number>();
  for (const [name, stream] of embeddedFiles(res)) {
    const subtype = isStream(stream) ? stream.dict.entries.get('Subtype') : undefined;
    const looksJson =
      /\.json$/i.test(name) || isName(subtype, 'application/json') || isName(subtype, 'application#2Fjson');
    if (!looksJson) continue;
    if (isStream(stream)) looked.add(stream.start);
    const data = isStream(stream) ? decodeStream(doc, stream) : undefined;
    if (!data) {
      if (found.length > 0) continue;
      return {
        ...emptyReport(name, signed),
        problems: [
          {
            path: '',
            reason: { vi: 'Không giải nén được tệp đính kèm', en: 'The attachment cannot be decoded' },
          },
        ],
      };
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
    // Not ours (another JSON attachment): keep looking.
    if (!text.includes('hocba-tieuhoc')) continue;
    if (!found.some((f) => f.text === text)) found.push({ name, text });
  }
  const first = found[0];
  if (!first) return null;
  const base = emptyReport(first.name, signed);
  const disagreement = xrefReaderDisagrees(doc, res.revision, found, looked);
  if (disagreement) return readsTwoWays({ ...base, status: 'INVALID', problems: [disagreement] });
  if (found.length > 1)
    return readsTwoWays({
      ...base,
      status: 'INVALID',
      file: found.map((f) => f.name).join(', '),
      problems: [
        {
          path: '',
          reason: {
            vi: `Tệp PDF chứa ${found.length} học bạ khác nhau (${found.map((f) => f.name).join(', ')}): không biết học bạ nào là của học sinh`,
            en: `The PDF holds ${found.length} different records (${found.map((f) => f.name).join(', ')}): which one is the pupil's cannot be told`,
          },
        },
      ],
    });
  return { base, text: first.text };
}

/**
 * A reader following the file's cross-reference tables (the companion before signing, viewers,
 * pdfdetach) finds other records in the same bytes than our scan (xref-view.ts): which one was
 * checked and signed cannot be told. An encrypted file is read by both with the handler the
 * scan opened (one that does not open is never judged); not asked of one that reader cannot read.
 */
function xrefReaderDisagrees(
  doc: ParsedDocument,
  revision: number,
  found: readonly { text: string }[],
  looked: ReadonlySet<number>,
): RecordReport['problems'][number] | undefined {
  const rev = doc.revisions[revision];
  if (!rev || (doc.crypt && !doc.crypt.decryptor)) return undefined;
  const theirs = jsonAttachmentsAsXrefReads(doc.bytes.subarray(0, rev.end), doc.crypt?.decryptor);
  if (!theirs) return undefined;
  // The same definitions of the same attachments: nothing to decode (the usual file).
  if (theirs.length === looked.size && theirs.every((a) => looked.has(a.at))) return undefined;
  let texts: string[];
  try {
    texts = [...new Set(theirs.map((a) => a.text()).filter((t) => t.includes('hocba-tieuhoc')))];
  } catch {
    texts = [];
  }
  if (texts.length === found.length && texts.every((t) => found.some((f) => f.text === t))) return undefined;
  return {
    path: '',
    reason: {
      vi: 'Tệp PDF chứa học bạ khác nhau tuỳ cách đọc: trình đọc PDF theo bảng tham chiếu thấy một học bạ khác với học bạ định nghĩa sau cùng trong tệp, nên không biết học bạ nào đã được kiểm tra và ký',
      en: 'The PDF holds a different record depending on how it is read: a reader following its cross-reference tables finds another record than the one defined last in the file, so which record was checked and signed cannot be told',
    },
  };
}

/** Reports whose record reads two ways (two records, or the two readers disagree). */
const twoWays = new WeakSet<RecordReport>();
function readsTwoWays(report: RecordReport): RecordReport {
  twoWays.add(report);
  return report;
}

/**
 * Why the record in `pdf` (read as of its last revision, as the verifier will read it once a
 * signature covers that revision) reads two ways, or undefined when it reads one way or the
 * file carries none. The companion asks it of the file it is about to sign: a record the
 * verifier would call INVALID for this must never get our signature.
 */
export function recordReadsTwoWays(pdf: Uint8Array): Bilingual | undefined {
  const doc = parseDocument(pdf);
  const last = doc.revisions.length - 1;
  if (last < 0) return undefined;
  // Only how it reads: the format and the rules are the signing's own checks.
  const read = readRecordText(doc, Resolver.at(doc, last), false);
  return read && !('text' in read) && twoWays.has(read) ? read.problems[0]?.reason : undefined;
}

function emptyReport(file: string, signed: boolean): RecordReport {
  return { status: 'UNREADABLE', file, signed, record: null, findings: [], completeness: null, problems: [] };
}
