/**
 * Reading records as they arrive: bytes (UTF-8 with or without BOM, UTF-16 with BOM), JSON,
 * NFC, one record or a list of them, every schema problem with its JSON Pointer. Never throws
 * (except `requireRecord`, whose typed error is the point).
 */
import { defineErrors, enCount } from '../errors/index.js';
import { describeIssue, describeJsonError, jsonPointer, type RecordIssue, shown } from './issues.js';
import { type HocBaRecord, RECORD_FORMAT, RECORD_VERSION, recordSchema } from './schema.js';

/** Larger inputs are refused before parsing: a five-year record is ~30 KB. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

export const recordErrors = defineErrors({
  RECORD_TOO_LARGE: {
    vi: 'Tệp học bạ quá lớn ({size} byte, tối đa {max} byte)',
    en: 'Record file too large ({size} bytes, at most {max})',
  },
  RECORD_NOT_JSON: {
    vi: 'Tệp không phải JSON hợp lệ: {reason}',
    en: 'Not valid JSON: {reasonEn}',
  },
  RECORD_INVALID: {
    vi: 'Học bạ không đúng định dạng: {count} lỗi, đầu tiên tại {path}: {reason}',
    en: 'Record does not match the format: {count} problem(s), first at {path}: {reasonEn}',
  },
});

export type { RecordIssue } from './issues.js';
export { describeJsonError, jsonPointer } from './issues.js';

export type ParseResult =
  | {
      status: 'ok';
      record: HocBaRecord;
      /**
       * Only with `fillMissing`: required values that were null or absent and were filled
       * with an empty value ('' / null / []) so the rest of the record could be checked.
       * Each must be reported as a finding at its path (`checkFilledRecord` in the rules does).
       */
      filled?: RecordIssue[];
    }
  | { status: 'invalid'; issues: RecordIssue[] };

export interface ParseOptions {
  /** Fill null or absent required values and go on (for checking, never for signing). */
  fillMissing?: boolean;
}

/** Larger files (class and school exports, one array of records) are refused before parsing. */
export const MAX_RECORDS_FILE_BYTES = 32 * 1024 * 1024;
/** At most this many records in one file. */
export const MAX_RECORDS_PER_FILE = 2_000;
/** Strings are normalised only this deep; the format is far shallower. */
const MAX_NORMALISE_DEPTH = 32;

/** Excel and Notepad on Windows start UTF-8 files with a byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Every string value in NFC: "Học sinh Xuất sắc" typed in decomposed Unicode (macOS, some
 * Windows IMEs) must compare equal to the composed form the rules and the PDF use.
 */
export function normaliseStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (depth > MAX_NORMALISE_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => normaliseStrings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = normaliseStrings(v, depth + 1);
  return out;
}

/**
 * `normaliseStrings` for a value `JSON.parse` has just made and nobody else holds: strings
 * are replaced where they lie instead of copying every object and array (the copies were
 * most of the allocation of reading a record). The same result: an object with an own
 * `__proto__` key is left to `normaliseStrings`, whose copy turns that key into the prototype.
 */
function normaliseParsed(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (depth > MAX_NORMALISE_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normaliseParsed(value[i], depth + 1);
    return value;
  }
  const obj = value as Record<string, unknown>;
  if (Object.hasOwn(obj, '__proto__')) return normaliseStrings(value, depth);
  for (const k of Object.keys(obj)) obj[k] = normaliseParsed(obj[k], depth + 1);
  return value;
}

/**
 * A copy deep enough to fill values in (the format is 6 levels deep); deeper parts are
 * shared, never written. structuredClone would recurse through hostile nesting and throw.
 */
function copyShallow(value: unknown, depth = 0): unknown {
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => copyShallow(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyShallow(v, depth + 1);
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) return false;
  (parent as Record<PropertyKey, unknown>)[path[path.length - 1] as string] = value;
  return true;
}

type ZodIssue = { code: string; path: PropertyKey[]; expected?: unknown; keys?: string[] };

/** The empty value that stands for a missing one of this type, if there is one. */
function emptyOf(expected: unknown): unknown {
  if (expected === 'string') return '';
  if (expected === 'array') return [];
  if (expected === 'number') return null;
  return undefined;
}

function toIssues(issues: readonly ZodIssue[], input: unknown): RecordIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? (issue.keys ?? []).map((key) => ({
          path: jsonPointer([...issue.path, key]),
          reason: describeIssue(issue, undefined),
        }))
      : [
          {
            path: jsonPointer(issue.path),
            reason: describeIssue(issue as never, valueAt(input, issue.path)),
          },
        ],
  );
}

function formatIssue(value: unknown): RecordIssue | undefined {
  if (Array.isArray(value)) {
    return {
      path: '',
      reason: {
        vi: `Cần một học bạ nhưng đây là danh sách ${value.length} phần tử (hocba check đọc được danh sách học bạ)`,
        en: `One record expected, this is a list of ${enCount(value.length, 'item', 'items')} (hocba check reads lists of records)`,
      },
    };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== RECORD_FORMAT) {
    return {
      path: '/format',
      reason: {
        vi: `Không phải học bạ tiểu học (format phải là "${RECORD_FORMAT}")`,
        en: `Not a primary record (format must be "${RECORD_FORMAT}")`,
      },
    };
  }
  if (version !== RECORD_VERSION) {
    // Quoted through `shown`: String() throws on an object with its own toString key (JSON
    // makes one), and a huge value would be copied whole into the message.
    const got = shown(version) ?? { vi: 'không có', en: 'none' };
    return {
      path: '/version',
      reason: {
        vi: `Phiên bản định dạng ${got.vi} chưa được hỗ trợ (hỗ trợ: ${RECORD_VERSION})`,
        en: `Format version ${got.en} is not supported (supported: ${RECORD_VERSION})`,
      },
    };
  }
  return undefined;
}

/**
 * Checks an already-parsed JSON value against the format; never throws. Every problem is
 * reported with its JSON Pointer. With `fillMissing`, null or absent required values are
 * filled with an empty value and listed in `filled`, so that the rest is still checked.
 */
export function parseRecord(value: unknown, options: ParseOptions = {}): ParseResult {
  const wrongFormat = formatIssue(value);
  if (wrongFormat) return { status: 'invalid', issues: [wrongFormat] };
  let result = recordSchema.safeParse(value);
  if (result.success) return { status: 'ok', record: result.data };
  if (!options.fillMissing) {
    return { status: 'invalid', issues: toIssues(result.error.issues as ZodIssue[], value) };
  }
  const work = copyShallow(value);
  const filled: RecordIssue[] = [];
  const tried = new Set<string>();
  // Each round fills what the last one reported missing; a filled value the schema still
  // refuses (e.g. null for the grade) is not tried again, so this ends within a few rounds.
  for (let round = 0; round < 4 && !result.success; round++) {
    let progress = false;
    for (const issue of result.error.issues as ZodIssue[]) {
      const pointer = jsonPointer(issue.path);
      if (issue.code !== 'invalid_type' || tried.has(pointer)) continue;
      const current = valueAt(work, issue.path);
      const empty = emptyOf(issue.expected);
      if ((current !== null && current !== undefined) || empty === undefined) continue;
      tried.add(pointer);
      if (!setAt(work, issue.path, empty)) continue;
      filled.push({ path: pointer, reason: { vi: 'Thiếu giá trị bắt buộc', en: 'Required value missing' } });
      progress = true;
    }
    if (!progress) break;
    result = recordSchema.safeParse(work);
  }
  if (result.success) return { status: 'ok', record: result.data, filled };
  return { status: 'invalid', issues: toIssues(result.error.issues as ZodIssue[], value) };
}

function sizeIssue(size: number, max: number): RecordIssue {
  return {
    path: '',
    reason: {
      vi: `Tệp quá lớn (${size} byte, tối đa ${max} byte)`,
      en: `File too large (${size} bytes, at most ${max})`,
    },
  };
}

/** JSON text (BOM allowed, strings normalised to NFC) into a value, or the reason it is not JSON. */
function readJson(text: string, max: number): { value: unknown } | { issue: RecordIssue } {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: only a text that might be too large is encoded.
  if (text.length * 3 > max) {
    const size = new TextEncoder().encode(text).length;
    if (size > max) return { issue: sizeIssue(size, max) };
  }
  const body = stripBom(text);
  if (body.trim() === '') {
    return {
      issue: { path: '', reason: { vi: 'Tệp trống, không có học bạ nào', en: 'Empty file, no record' } },
    };
  }
  try {
    return { value: normaliseParsed(JSON.parse(body), 0) };
  } catch (error) {
    return { issue: { path: '', reason: describeJsonError(error, body) } };
  }
}

/** Parses JSON text (bounded in size, BOM allowed, NFC) into one record; never throws. */
export function parseRecordText(text: string, options: ParseOptions = {}): ParseResult {
  const read = readJson(text, MAX_RECORD_BYTES);
  if ('issue' in read) return { status: 'invalid', issues: [read.issue] };
  return parseRecord(read.value, options);
}

/**
 * The text of a record file as Windows tools save it: UTF-8 with or without a BOM, or UTF-16
 * with its BOM (Notepad's and Excel's "Unicode"). Anything else that is not valid UTF-8 (an
 * ANSI / Windows-1258 file) is refused with the fix, not read as mojibake.
 */
export function decodeRecordBytes(bytes: Uint8Array): { text: string } | { issue: RecordIssue } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      issue: {
        path: '',
        reason: {
          vi: 'Tệp không mã hoá UTF-8 (có thể là ANSI/Windows-1258); hãy lưu lại dưới dạng UTF-8',
          en: 'The file is not UTF-8 (perhaps ANSI/Windows-1258); save it again as UTF-8',
        },
      },
    };
  }
}

/** `parseRecordsText` on a file's bytes (UTF-8, UTF-16 with BOM). */
export function parseRecordsBytes(bytes: Uint8Array, options: ParseOptions = {}): RecordsFileResult {
  const decoded = decodeRecordBytes(bytes);
  if ('issue' in decoded) return { status: 'invalid', issues: [decoded.issue] };
  return parseRecordsText(decoded.text, options);
}

/** One record of a file: where it is in the file (JSON Pointer, '' for a single record). */
export interface RecordEntry {
  pointer: string;
  index: number;
  result: ParseResult;
}

export type RecordsFileResult =
  | { status: 'ok'; entries: RecordEntry[] }
  | { status: 'invalid'; issues: RecordIssue[] };

/** Keys under which class and school exports hold their records. */
const LIST_KEYS = ['records', 'students', 'hocBa'] as const;

/**
 * A file as schools send them: one record, an array of records, or a class export (an
 * object with a `records` or `students` array). Each record is parsed on its own, so one bad
 * record does not hide the others; an empty list gives no entries. Never throws.
 */
export function parseRecordsText(text: string, options: ParseOptions = {}): RecordsFileResult {
  const read = readJson(text, MAX_RECORDS_FILE_BYTES);
  if ('issue' in read) return { status: 'invalid', issues: [read.issue] };
  let list: unknown[] | undefined;
  let base = '';
  if (Array.isArray(read.value)) {
    list = read.value;
  } else if (typeof read.value === 'object' && read.value !== null && !('format' in read.value)) {
    const key = LIST_KEYS.find((k) => Array.isArray((read.value as Record<string, unknown>)[k]));
    if (key) {
      list = (read.value as Record<string, unknown[]>)[key];
      base = `/${key}`;
    }
  }
  if (!list)
    return { status: 'ok', entries: [{ pointer: '', index: 0, result: parseRecord(read.value, options) }] };
  if (list.length > MAX_RECORDS_PER_FILE) {
    return {
      status: 'invalid',
      issues: [
        {
          path: base,
          reason: {
            vi: `Tệp có ${list.length} học bạ, tối đa ${MAX_RECORDS_PER_FILE} học bạ một tệp`,
            en: `The file holds ${list.length} records, at most ${MAX_RECORDS_PER_FILE} per file`,
          },
        },
      ],
    };
  }
  return {
    status: 'ok',
    entries: list.map((item, index) => ({
      pointer: `${base}/${index}`,
      index,
      result: parseRecord(item, options),
    })),
  };
}

/**
 * The record, or the typed error RECORD_INVALID naming the first problem's JSON Pointer
 * (`path`) and its reason in both languages (`reason` Vietnamese, `reasonEn` English).
 * What the companion uses before it renders, attaches or signs anything.
 */
export function requireRecord(value: unknown): HocBaRecord {
  // NFC like every other read: what is rendered, checked and signed is one spelling.
  const parsed = parseRecord(normaliseStrings(value));
  if (parsed.status === 'ok') return parsed.record;
  const first = parsed.issues[0];
  throw recordErrors('RECORD_INVALID', {
    count: parsed.issues.length,
    path: first?.path || '/',
    reason: first?.reason.vi ?? '',
    reasonEn: first?.reason.en ?? '',
  });
}
