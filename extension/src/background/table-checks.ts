/**
 * The teacher's check, run in the service worker for the portal's content script: the
 * Thông tư 27 rules over each row of the table, and each pupil's whole record (the portal's
 * PDF with the record we embed, or its JSON) read and checked across years. Only for
 * showing findings: nothing here is signed or sent on. The content script's input is read
 * as untrusted (bounded in size and count, checked for shape; every failure a typed answer).
 */
import { defineErrors } from '@hocba/shared/errors';
import { readAttachedRecord } from '@hocba/shared/pdf/reader';
import { type HocBaRecord, MAX_RECORD_BYTES, parseRecordText } from '@hocba/shared/record';
import { CROSS_YEAR_RULES, checkRecord, checkYear, completeness, type Finding } from '@hocba/shared/rules';
import { fromBase64 } from '../content/base64.js';
import {
  type CheckFailure,
  decodeRows,
  type EarlierFinding,
  type EarlierRecord,
  MAX_CHECK_CHARS,
  MAX_CHECK_ROWS,
  MAX_RECORD_JSON_BYTES,
  MAX_RECORD_PDF_BYTES,
  type RecordAnswer,
  type RowResult,
  type TableCheckAnswer,
  type TableCheckRow,
} from './content-messages.js';

export const checkErrors = defineErrors({
  CHECK_BAD_REQUEST: {
    vi: 'Không kiểm tra được bảng: dữ liệu đọc từ trang không đúng dạng.',
    en: 'Could not check the table: what was read from the page is not in the expected form.',
  },
  CHECK_FAILED: {
    vi: 'Không kiểm tra được bảng: {reason}',
    en: 'Could not check the table: {reason}',
  },
});

function failure(code: keyof typeof checkErrors.catalog, params?: Record<string, string>): CheckFailure {
  const error = checkErrors(code, params);
  return { ok: false, code: error.code, vi: error.vi, en: error.en };
}

/** Portals show some things only in some tables: judge them only where shown. */
const NOT_IN_TABLES = new Set(['completion', 'promotion', 'history', 'schoolYear']);

const CROSS_YEAR_CODES = new Set<string>(Object.values(CROSS_YEAR_RULES).map((r) => r.code));

const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();

/** The rules for this year's row, less what the table cannot show. */
function yearFindings(row: TableCheckRow, cells: ReadonlySet<string>): Finding[] {
  return checkYear(row.year, 0).filter(
    (f) =>
      !(f.target.kind === 'year' && NOT_IN_TABLES.has(f.target.field)) &&
      !(f.target.kind === 'year' && f.target.field === 'awards' && !cells.has('awards')) &&
      // Portals show the language studied only in some tables: judge it only where shown.
      !(
        f.target.kind === 'subject' &&
        f.target.field === 'language' &&
        !cells.has(`subject:${f.target.code}:language`)
      ),
  );
}

/**
 * Findings the table cannot show by itself: the cross-year rules, and the earlier years'
 * own problems (this year's own cells are judged live from the table). Nothing when the
 * record is another pupil's.
 */
export function earlierYearFindings(
  row: Pick<TableCheckRow, 'student' | 'year'>,
  earlier: EarlierRecord | null,
): Finding[] {
  if (!earlier) return [];
  const same = earlier.ids.includes(row.student.id) || sameName(earlier.fullName, row.student.name);
  if (!same) return [];
  const current = row.year.schoolYear.trim() || earlier.lastSchoolYear;
  return earlier.findings
    .filter((f) => f.crossYear || (f.targetYear !== undefined && f.targetYear.trim() !== current))
    .map((f) => f.finding);
}

/** Each finding of a whole record, named by its school year and pointed at the pupil's row. */
export function earlierRecord(record: HocBaRecord): EarlierRecord {
  const yearAt = (f: Finding) => ('year' in f.target ? record.years[f.target.year]?.schoolYear : undefined);
  const findings = checkRecord(record).map((f): EarlierFinding => {
    const targetYear = yearAt(f);
    const year = f.schoolYear ?? targetYear;
    const named = year && !f.message.vi.includes(year);
    return {
      finding: {
        ...f,
        ...(year ? { schoolYear: year } : {}),
        message: named
          ? { vi: `Năm học ${year}: ${f.message.vi}`, en: `School year ${year}: ${f.message.en}` }
          : f.message,
        target: { kind: 'record', field: 'earlier-years' },
      },
      crossYear: CROSS_YEAR_CODES.has(f.rule),
      ...(targetYear !== undefined ? { targetYear } : {}),
    };
  });
  return {
    ids: [record.recordId, record.student.studentCode],
    fullName: record.student.fullName,
    lastSchoolYear: record.years.at(-1)?.schoolYear ?? '',
    findings,
  };
}

/** A record from the portal's bytes (its PDF with our embedded JSON, or the JSON): null if none. */
export function readRecord(kind: 'pdf' | 'json', bytes: Uint8Array): HocBaRecord | null {
  let json: Uint8Array | undefined = bytes;
  if (kind === 'pdf') {
    try {
      json = readAttachedRecord(bytes);
    } catch {
      return null; // not a PDF we can read: this year alone
    }
  }
  if (!json || json.length > MAX_RECORD_BYTES) return null;
  const parsed = parseRecordText(new TextDecoder().decode(json));
  return parsed.status === 'ok' ? parsed.record : null;
}

/** `check.record`: the content script's download of one pupil's whole record. */
export function handleRecordCheck(m: Record<string, unknown>): RecordAnswer {
  const kind = m.kind;
  const limit = kind === 'pdf' ? MAX_RECORD_PDF_BYTES : MAX_RECORD_JSON_BYTES;
  if ((kind !== 'pdf' && kind !== 'json') || typeof m.base64 !== 'string')
    return failure('CHECK_BAD_REQUEST');
  if (m.base64.length > Math.ceil(limit / 3) * 4) return { ok: true, record: null };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(m.base64);
  } catch {
    return failure('CHECK_BAD_REQUEST');
  }
  const record = readRecord(kind, bytes);
  try {
    return { ok: true, record: record ? earlierRecord(record) : null };
  } catch (error) {
    return failure('CHECK_FAILED', { reason: String(error).slice(0, 200) });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The shape the rules walk; anything else is refused before they run. */
function isRow(v: unknown): v is TableCheckRow {
  if (!isObject(v) || !isObject(v.year) || !isObject(v.student) || !Array.isArray(v.cells)) return false;
  const y = v.year;
  return (
    typeof y.schoolYear === 'string' &&
    Array.isArray(y.subjects) &&
    Array.isArray(y.qualities) &&
    Array.isArray(y.competences) &&
    Array.isArray(y.awards) &&
    isObject(y.signatures) &&
    typeof v.student.id === 'string' &&
    typeof v.student.name === 'string' &&
    v.cells.every((c) => typeof c === 'string') &&
    (v.earlier === null ||
      (isObject(v.earlier) &&
        Array.isArray(v.earlier.ids) &&
        typeof v.earlier.fullName === 'string' &&
        typeof v.earlier.lastSchoolYear === 'string' &&
        Array.isArray(v.earlier.findings)))
  );
}

/** `check.table`: every row of the portal's table (JSON text, see `encodeRows`). */
export function handleTableCheck(m: Record<string, unknown>): TableCheckAnswer {
  if (typeof m.rows !== 'string' || m.rows.length > MAX_CHECK_CHARS) return failure('CHECK_BAD_REQUEST');
  let rows: unknown;
  try {
    rows = decodeRows(m.rows);
  } catch {
    return failure('CHECK_BAD_REQUEST');
  }
  if (!Array.isArray(rows) || rows.length > MAX_CHECK_ROWS || !rows.every(isRow)) {
    return failure('CHECK_BAD_REQUEST');
  }
  try {
    return {
      ok: true,
      rows: rows.map((row): RowResult => {
        const findings = [...yearFindings(row, new Set(row.cells)), ...earlierYearFindings(row, row.earlier)];
        return { findings, status: completeness(findings) };
      }),
    };
  } catch (error) {
    // The rules expect what the content script reads; a row that makes them throw is a bug to report.
    return failure('CHECK_FAILED', { reason: String(error).slice(0, 200) });
  }
}
