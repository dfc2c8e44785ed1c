/**
 * The pupil's earlier years, for the teacher's check. The portal's table shows one school
 * year; the whole record (the portal's PDF with the record JSON we embed, or its JSON) is
 * fetched once per row with the teacher's session, bounded in size, count and time, and
 * checked across years. Only for showing findings: nothing read here is signed or sent on,
 * so a page that lies about its links can only mislead its own check.
 */
import {
  decodeStream,
  decodeText,
  PdfDocument,
  type PdfObject,
  PdfStream,
  PdfString,
} from '@hocba/shared/pdf/reader';
import { type HocBaRecord, MAX_RECORD_BYTES, parseRecord, parseRecordText } from '@hocba/shared/record';
import { CROSS_YEAR_RULES, checkRecord, type Finding } from '@hocba/shared/rules';
import type { PortalAdapter } from '../adapters/types.js';
import type { StudentRow } from './read-table.js';

const MAX_PDF_BYTES = 8 * 1024 * 1024;
const MAX_ROWS = 200;
const PARALLEL = 3;
const TIMEOUT_MS = 15_000;

/** The name our renderer gives the embedded record (`RECORD_ATTACHMENT_NAME` in shared/pdf/render). */
const RECORD_FILE = 'hocba-record.json';

/**
 * The embedded record JSON, found as `readAttachedRecord` does (the /AF array, then the
 * /EmbeddedFiles name tree), with the reader alone: the full PDF module (pdf-lib, fonts)
 * does not belong in a script injected into every portal page.
 */
export function embeddedRecord(pdf: Uint8Array): Uint8Array | undefined {
  const doc = new PdfDocument(pdf);
  const catalog = doc.catalog();
  const specs: PdfObject[] = [];
  const af = doc.resolve(catalog.get('AF'));
  if (Array.isArray(af)) specs.push(...af.slice(0, 64));
  const tree = doc.resolveDict(doc.resolveDict(catalog.get('Names'))?.get('EmbeddedFiles'));
  const flat = doc.resolve(tree?.get('Names'));
  if (Array.isArray(flat))
    for (let i = 1; i < flat.length && i < 128; i += 2) specs.push(flat[i] as PdfObject);
  for (const ref of specs) {
    const spec = doc.resolveDict(ref);
    const name = doc.resolve(spec?.get('UF') ?? spec?.get('F'));
    if (!(name instanceof PdfString) || decodeText(name) !== RECORD_FILE) continue;
    const ef = doc.resolveDict(spec?.get('EF'));
    const stream = doc.resolve(ef?.get('UF') ?? ef?.get('F'));
    if (stream instanceof PdfStream) return decodeStream(stream);
  }
  return undefined;
}

async function fetchRecord(adapter: PortalAdapter, url: string): Promise<HocBaRecord | null> {
  const response = await fetch(url, { credentials: 'include', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) return null;
  const declared = Number(response.headers.get('content-length') ?? 0);
  const limit = adapter.record?.kind === 'pdf-link' ? MAX_PDF_BYTES : MAX_RECORD_BYTES;
  if (declared > limit) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) return null;
  if (adapter.record?.kind === 'pdf-link') {
    const json = embeddedRecord(bytes);
    if (!json || json.length > MAX_RECORD_BYTES) return null;
    const parsed = parseRecordText(new TextDecoder().decode(json));
    return parsed.status === 'ok' ? parsed.record : null;
  }
  const parsed = parseRecord(JSON.parse(new TextDecoder().decode(bytes)));
  return parsed.status === 'ok' ? parsed.record : null;
}

/** Whole records by row, loaded in the background; a row without one is checked on its year alone. */
export class EarlierYears {
  private readonly records = new Map<string, HocBaRecord | null>();
  private loading: Promise<void> | null = null;

  constructor(private readonly adapter: PortalAdapter) {}

  get(row: StudentRow): HocBaRecord | undefined {
    return row.recordUrl ? (this.records.get(row.recordUrl) ?? undefined) : undefined;
  }

  /** Loads the records not loaded yet; resolves when done (never rejects). */
  load(rows: readonly StudentRow[]): Promise<void> {
    if (!this.adapter.record) return Promise.resolve();
    const urls = [...new Set(rows.flatMap((r) => (r.recordUrl ? [r.recordUrl] : [])))]
      .filter((url) => !this.records.has(url))
      .slice(0, MAX_ROWS);
    if (urls.length === 0) return this.loading ?? Promise.resolve();
    const before = this.loading ?? Promise.resolve();
    const queue = [...urls];
    for (const url of urls) this.records.set(url, null);
    const worker = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        try {
          this.records.set(url, await fetchRecord(this.adapter, url));
        } catch {
          this.records.set(url, null); // unreachable, too slow, not a record: this year alone
        }
      }
    };
    // Whoever waits waits for every record asked for so far, not only the newest ones.
    const run = Promise.all([before, ...Array.from({ length: PARALLEL }, worker)]).then(() => undefined);
    this.loading = run;
    return run;
  }
}

const CROSS_YEAR_CODES = new Set<string>(Object.values(CROSS_YEAR_RULES).map((r) => r.code));

const sameStudent = (row: StudentRow, record: HocBaRecord): boolean =>
  [record.recordId, record.student.studentCode].includes(row.studentId) ||
  record.student.fullName.normalize('NFC').trim().toLowerCase() ===
    row.name.normalize('NFC').trim().toLowerCase();

/**
 * Findings the table cannot show by itself: the cross-year rules, and the earlier years'
 * own problems. Each names its school year in the message and points at the pupil's row
 * (the name cell), never at this year's cell of the same subject.
 */
export function earlierYearFindings(row: StudentRow, record: HocBaRecord | undefined): Finding[] {
  if (!record || !sameStudent(row, record)) return [];
  const current = row.year.schoolYear.trim() || (record.years.at(-1)?.schoolYear ?? '');
  const yearOf = (f: Finding) =>
    f.schoolYear ?? ('year' in f.target ? record.years[f.target.year]?.schoolYear : undefined);
  return checkRecord(record)
    .filter((f) => {
      if (CROSS_YEAR_CODES.has(f.rule)) return true;
      const year = 'year' in f.target ? record.years[f.target.year]?.schoolYear : undefined;
      return year !== undefined && year.trim() !== current; // this year's own cells: the table judges them live
    })
    .map((f) => {
      const year = yearOf(f);
      const named = year && !f.message.vi.includes(year);
      return {
        ...f,
        ...(year ? { schoolYear: year } : {}),
        message: named
          ? { vi: `Năm học ${year}: ${f.message.vi}`, en: `School year ${year}: ${f.message.en}` }
          : f.message,
        target: { kind: 'record', field: 'earlier-years' },
      };
    });
}
