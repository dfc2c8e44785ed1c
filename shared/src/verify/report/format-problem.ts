/**
 * What is wrong with a malformed signature, in words for the verdict line: the Vietnamese
 * line must not end in the parser's technical English (a receiving school reads it), so each
 * ByteRange problem has its own phrase in both languages; the technical detail stays in the
 * English line only, where IT or the sender's vendor can search for it.
 */
import type { Bilingual } from '../../errors/index.js';
import type { ByteRangeProblem } from '../document/signatures.js';

const PROBLEM_WORDS: Record<ByteRangeProblem, Bilingual> = {
  UNREADABLE: { vi: 'không đọc được dữ liệu chữ ký', en: 'the signature data cannot be read' },
  NO_BYTERANGE: {
    vi: 'chữ ký không ghi phần nội dung được ký',
    en: 'the signature does not say what it covers (no /ByteRange)',
  },
  NO_CONTENTS: { vi: 'chữ ký trống, không có dữ liệu ký', en: 'the signature is empty (no /Contents)' },
  BAD_BYTERANGE: {
    vi: 'phần nội dung được ký ghi sai',
    en: 'what the signature covers is written wrongly (/ByteRange)',
  },
  NOT_FROM_START: {
    vi: 'chữ ký không bao phủ từ đầu tệp',
    en: 'the signature does not cover the file from its first byte',
  },
  HOLE_NOT_CONTENTS: {
    vi: 'có phần của tệp nằm ngoài chữ ký mà không phải chỗ đặt chữ ký',
    en: 'a part of the file outside the signature is not the signature itself',
  },
  NOT_REVISION_END: {
    vi: 'chữ ký không kết thúc ở cuối một lần lưu của tệp',
    en: 'the signature does not end where a saved version of the file ends',
  },
  COMPRESSED_SIGNATURE: {
    vi: 'dữ liệu chữ ký bị nén hoặc giấu trong luồng dữ liệu',
    en: 'the signature dictionary is hidden in a compressed stream',
  },
};

const CMS_UNREADABLE: Bilingual = {
  vi: 'dữ liệu chữ ký (CMS) bị hỏng',
  en: 'the signature data (CMS) is damaged',
};

/** The phrase for a FORMAT_FAILURE: by its ByteRange problem, else the CMS that could not be read. */
export function formatProblemWords(byteRange: 'OK' | ByteRangeProblem, detail: string | null): Bilingual {
  const words = byteRange === 'OK' ? CMS_UNREADABLE : PROBLEM_WORDS[byteRange];
  return { vi: words.vi, en: detail ? `${words.en}: ${detail}` : words.en };
}
