/**
 * Schema problems in words a school reads: Vietnamese without the validation engine's
 * English inside it, English second, each with the JSON Pointer of the value at fault.
 */
import type { Bilingual } from '../errors/index.js';

export interface RecordIssue {
  /** JSON Pointer into the input. */
  path: string;
  reason: Bilingual;
}

export function jsonPointer(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  return `/${path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

const TYPE_NAMES: Readonly<Record<string, Bilingual>> = {
  string: { vi: 'chuỗi ký tự', en: 'text' },
  number: { vi: 'số', en: 'number' },
  int: { vi: 'số nguyên', en: 'integer' },
  boolean: { vi: 'đúng/sai', en: 'boolean' },
  array: { vi: 'danh sách', en: 'list' },
  object: { vi: 'đối tượng', en: 'object' },
  null: { vi: 'null', en: 'null' },
};

function typeName(type: unknown): Bilingual {
  return TYPE_NAMES[String(type)] ?? { vi: String(type), en: String(type) };
}

/** The JSON type of a value, in words. */
export function valueTypeName(value: unknown): Bilingual {
  if (value === null) return { vi: 'null', en: 'null' };
  if (value === undefined) return { vi: 'không có', en: 'nothing' };
  if (Array.isArray(value)) return TYPE_NAMES.array as Bilingual;
  return typeName(typeof value);
}

/** A value as quoted in a message: short scalars as JSON, anything else by its type. */
export function shown(value: unknown): Bilingual | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null) return valueTypeName(value);
  const text = JSON.stringify(value) ?? String(value);
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return { vi: short, en: short };
}

/** A zod issue (v4 shape) with the input value at its path, in both languages. */
export function describeIssue(
  issue: {
    code: string;
    expected?: unknown;
    values?: readonly unknown[];
    origin?: unknown;
    maximum?: unknown;
    minimum?: unknown;
  },
  input: unknown,
): Bilingual {
  switch (issue.code) {
    case 'invalid_type': {
      const want = typeName(issue.expected);
      if (input === undefined) return { vi: 'Thiếu trường bắt buộc', en: 'Required field missing' };
      if (input === null)
        return { vi: `Thiếu giá trị (cần ${want.vi})`, en: `Value missing (expected ${want.en})` };
      const got = valueTypeName(input);
      return {
        vi: `Sai kiểu dữ liệu (cần ${want.vi}, nhận được ${got.vi})`,
        en: `Wrong type (expected ${want.en}, got ${got.en})`,
      };
    }
    case 'invalid_value': {
      const allowed = (issue.values ?? []).map((v) => JSON.stringify(v)).join(', ');
      return {
        vi: `Giá trị ${shown(input)?.vi ?? 'trống'} không hợp lệ (cho phép: ${allowed})`,
        en: `Invalid value ${shown(input)?.en ?? '(none)'} (allowed: ${allowed})`,
      };
    }
    case 'too_big':
      return issue.origin === 'array'
        ? {
            vi: `Quá nhiều phần tử (tối đa ${String(issue.maximum)})`,
            en: `Too many items (at most ${String(issue.maximum)})`,
          }
        : {
            vi: `Quá dài (tối đa ${String(issue.maximum)} ký tự)`,
            en: `Too long (at most ${String(issue.maximum)} characters)`,
          };
    case 'too_small':
      return {
        vi: `Cần ít nhất ${String(issue.minimum)} phần tử`,
        en: `At least ${String(issue.minimum)} item(s) needed`,
      };
    case 'unrecognized_keys':
      return {
        vi: 'Trường không thuộc định dạng học bạ (xem docs/record-format.md)',
        en: 'Field not in the record format (see docs/record-format.md)',
      };
    default:
      return { vi: 'Giá trị không hợp lệ', en: 'Invalid value' };
  }
}

/** Where `JSON.parse` stopped, as line and column, in words (no engine text in Vietnamese). */
export function describeJsonError(error: unknown, text: string): Bilingual {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : undefined;
  if (
    /end of (JSON )?input/i.test(message) ||
    (position !== undefined && position >= text.trimEnd().length)
  ) {
    return {
      vi: 'JSON hỏng: tệp kết thúc giữa chừng (thiếu phần cuối, dấu " } hoặc ])',
      en: `Broken JSON: the file ends too early (${message})`,
    };
  }
  if (position !== undefined) {
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    return {
      vi: `JSON hỏng ở dòng ${line}, cột ${column}`,
      en: `Broken JSON at line ${line}, column ${column} (${message})`,
    };
  }
  return { vi: 'JSON hỏng: không đọc được nội dung tệp', en: `Broken JSON (${message})` };
}
