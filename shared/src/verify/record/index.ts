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
  type Resolver,
  textOf,
} from '../document/objects.js';

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
    return [name, res.resolve(ef?.entries.get('UF') ?? ef?.entries.get('F'))];
  });
}

/** Finds the record JSON as of `revision` (null when the PDF carries none). */
export function extractRecord(doc: ParsedDocument, res: Resolver, signed: boolean): RecordReport | null {
  for (const [name, stream] of embeddedFiles(res)) {
    const subtype = isStream(stream) ? stream.dict.entries.get('Subtype') : undefined;
    const looksJson =
      /\.json$/i.test(name) || isName(subtype, 'application/json') || isName(subtype, 'application#2Fjson');
    if (!looksJson) continue;
    const base: RecordReport = {
      status: 'UNREADABLE',
      file: name,
      signed,
      record: null,
      findings: [],
      completeness: null,
      problems: [],
    };
    const data = isStream(stream) ? decodeStream(doc, stream) : undefined;
    if (!data) {
      base.problems.push({
        path: '',
        reason: { vi: 'Không giải nén được tệp đính kèm', en: 'The attachment cannot be decoded' },
      });
      return base;
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
    // Not ours (another JSON attachment): keep looking.
    if (!text.includes('hocba-tieuhoc')) continue;
    const parsed = parseRecordText(text);
    if (parsed.status !== 'ok') return { ...base, status: 'INVALID', problems: parsed.issues };
    const findings = checkRecord(parsed.record);
    return { ...base, status: 'OK', record: parsed.record, findings, completeness: completeness(findings) };
  }
  return null;
}
