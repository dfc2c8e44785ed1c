import type { Bilingual } from '../errors/index.js';
import { defineErrors } from '../errors/index.js';
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
    en: 'Not valid JSON: {reason}',
  },
  RECORD_INVALID: {
    vi: 'Học bạ không đúng định dạng: {count} lỗi, đầu tiên tại {path}: {reason}',
    en: 'Record does not match the format: {count} problem(s), first at {path}: {reasonEn}',
  },
});

export interface RecordIssue {
  /** JSON Pointer into the input. */
  path: string;
  reason: Bilingual;
}

export type ParseResult =
  | { status: 'ok'; record: HocBaRecord }
  | { status: 'invalid'; issues: RecordIssue[] };

export function jsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  return `/${path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

function describeIssue(issue: {
  code: string;
  message: string;
  expected?: unknown;
  values?: unknown;
}): Bilingual {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? { vi: 'Thiếu trường bắt buộc', en: 'Required field missing' }
        : {
            vi: `Sai kiểu dữ liệu (cần ${String(issue.expected)})`,
            en: `Wrong type (expected ${String(issue.expected)})`,
          };
    case 'invalid_value':
      return {
        vi: `Giá trị không hợp lệ (cho phép: ${JSON.stringify(issue.values)})`,
        en: `Invalid value (allowed: ${JSON.stringify(issue.values)})`,
      };
    case 'too_big':
      return { vi: 'Quá dài hoặc quá nhiều phần tử', en: 'Too long or too many items' };
    case 'too_small':
      return { vi: 'Thiếu phần tử bắt buộc', en: 'Too few items' };
    default:
      return { vi: `Không hợp lệ: ${issue.message}`, en: `Invalid: ${issue.message}` };
  }
}

/** Checks an already-parsed JSON value against the format; never throws. */
export function parseRecord(value: unknown): ParseResult {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { format, version } = value as { format?: unknown; version?: unknown };
    if (format !== RECORD_FORMAT) {
      return {
        status: 'invalid',
        issues: [
          {
            path: '/format',
            reason: {
              vi: `Không phải học bạ tiểu học (format phải là "${RECORD_FORMAT}")`,
              en: `Not a primary record (format must be "${RECORD_FORMAT}")`,
            },
          },
        ],
      };
    }
    if (version !== RECORD_VERSION) {
      return {
        status: 'invalid',
        issues: [
          {
            path: '/version',
            reason: {
              vi: `Phiên bản định dạng ${String(version)} chưa được hỗ trợ (hỗ trợ: ${RECORD_VERSION})`,
              en: `Format version ${String(version)} is not supported (supported: ${RECORD_VERSION})`,
            },
          },
        ],
      };
    }
  }
  const result = recordSchema.safeParse(value);
  if (result.success) return { status: 'ok', record: result.data };
  return {
    status: 'invalid',
    issues: result.error.issues.map((issue) => ({
      path: jsonPointer(issue.path),
      reason: describeIssue(issue as never),
    })),
  };
}

/** Parses JSON text (bounded in size) into a record; never throws. */
export function parseRecordText(text: string): ParseResult {
  const size = new TextEncoder().encode(text).length;
  if (size > MAX_RECORD_BYTES) {
    return {
      status: 'invalid',
      issues: [
        {
          path: '',
          reason: {
            vi: `Tệp quá lớn (${size} byte, tối đa ${MAX_RECORD_BYTES} byte)`,
            en: `File too large (${size} bytes, at most ${MAX_RECORD_BYTES})`,
          },
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      status: 'invalid',
      issues: [{ path: '', reason: { vi: `JSON hỏng: ${reason}`, en: `Broken JSON: ${reason}` } }],
    };
  }
  return parseRecord(value);
}

/**
 * The record, or the typed error RECORD_INVALID naming the first problem's JSON Pointer
 * (`path`) and its reason in both languages (`reason` Vietnamese, `reasonEn` English).
 * What the companion uses before it renders, attaches or signs anything.
 */
export function requireRecord(value: unknown): HocBaRecord {
  const parsed = parseRecord(value);
  if (parsed.status === 'ok') return parsed.record;
  const first = parsed.issues[0];
  throw recordErrors('RECORD_INVALID', {
    count: parsed.issues.length,
    path: first?.path || '/',
    reason: first?.reason.vi ?? '',
    reasonEn: first?.reason.en ?? '',
  });
}
