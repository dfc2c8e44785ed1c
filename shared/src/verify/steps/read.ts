/**
 * Step 1, reading: whether the file can be checked at all (size, header, revisions, objects,
 * encryption, how many signatures), and the signature fields to check. A file that cannot be
 * checked gets its report here; syntax problems found while reading go into every report.
 */
import type { Bilingual } from '../../errors/index.js';
import type { CryptRefused } from '../document/crypt.js';
import { type ParsedDocument, parseDocument, Resolver } from '../document/objects.js';
import { findSignatureFields, type SignatureField } from '../document/signatures.js';
import { DEFAULT_MAX_BYTES, MAX_REVISIONS, MAX_SIGNATURES, type VerifyOptions } from '../options.js';
import { extractRecord } from '../record/index.js';
import type { DocumentReport, Problem } from '../report/index.js';

/** A report with no signatures checked: the file could not be, or had none. */
export function docLevel(
  verdict: DocumentReport['verdict'],
  reason: Bilingual,
  size: number,
  problems: Problem[] = [],
): DocumentReport {
  return {
    verdict,
    reason,
    signatures: [],
    modifiedAfterSigning: false,
    problems,
    size,
    revisions: 0,
    record: null,
  };
}

function startsWithPdf(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

const syntaxProblem = (p: string): Problem => ({
  code: 'PDF_SYNTAX',
  message: { vi: `Lỗi cú pháp PDF: ${p}`, en: `PDF syntax: ${p}` },
});

/** Too large or not a PDF: answered without parsing. */
export function refuseUnread(bytes: Uint8Array, options: VerifyOptions): DocumentReport | undefined {
  const size = bytes.length;
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > max) {
    const mb = Math.round(max / 1024 / 1024);
    return docLevel(
      'indeterminate',
      {
        vi: `Tệp quá lớn (trên ${mb} MB) nên không được kiểm tra.`,
        en: `The file is larger than ${mb} MB and was not checked.`,
      },
      size,
      [{ code: 'TOO_LARGE', message: { vi: `Tệp lớn hơn ${mb} MB`, en: `File larger than ${mb} MB` } }],
    );
  }
  if (!startsWithPdf(bytes)) {
    return docLevel('invalid', { vi: 'Đây không phải tệp PDF.', en: 'This is not a PDF file.' }, size, [
      { code: 'NOT_PDF', message: { vi: 'Không có đầu tệp %PDF-', en: 'No %PDF- header' } },
    ]);
  }
  return undefined;
}

/** A file read, with signatures to check. */
export interface ReadDocument {
  doc: ParsedDocument;
  /** The final revision. */
  res: Resolver;
  /** Every signature field, signed or not. */
  fields: SignatureField[];
  /** The fields that hold a signature (or a broken one) to check. */
  signed: SignatureField[];
  /** The report so far: syntax problems, size, revisions. */
  report: DocumentReport;
  /** Adds the problems found after reading (objects of the original revision are parsed when read). */
  late: (r: DocumentReport) => DocumentReport;
}

/** Parses the file; a file that cannot be checked, or has no signature, is answered here. */
export function readDocument(bytes: Uint8Array): { answered: DocumentReport } | ReadDocument {
  const size = bytes.length;
  const doc = parseDocument(bytes);
  const problems: Problem[] = doc.problems.slice(0, 20).map(syntaxProblem);
  // Objects of the original revision are parsed when read: what failed then is added at the end.
  const early = doc.problems.length;
  const late = (r: DocumentReport) => {
    for (const p of doc.problems.slice(early, Math.max(early, 20))) r.problems.push(syntaxProblem(p));
    return r;
  };
  if (doc.revisions.length === 0) {
    return {
      answered: {
        ...docLevel(
          'invalid',
          {
            vi: 'Tệp PDF bị cắt cụt hoặc hỏng (không có %%EOF).',
            en: 'The PDF is truncated or broken (no %%EOF).',
          },
          size,
          problems,
        ),
      },
    };
  }
  if (doc.revisions.length > MAX_REVISIONS) {
    return {
      answered: docLevel(
        'indeterminate',
        {
          vi: `Tệp có quá nhiều lần sửa nối tiếp (${doc.revisions.length}) nên không được kiểm tra.`,
          en: `The file has too many incremental updates (${doc.revisions.length}) and was not checked.`,
        },
        size,
        [
          {
            code: 'TOO_MANY_REVISIONS',
            message: { vi: `${doc.revisions.length} lần cập nhật`, en: `${doc.revisions.length} updates` },
          },
        ],
      ),
    };
  }
  if (doc.tooManyObjects) {
    return {
      answered: docLevel(
        'indeterminate',
        {
          vi: 'Tệp có quá nhiều đối tượng PDF nên không được kiểm tra hết.',
          en: 'The file has too many PDF objects to be checked in full.',
        },
        size,
        [{ code: 'TOO_MANY_OBJECTS', message: { vi: 'Quá nhiều đối tượng', en: 'Too many objects' } }],
      ),
    };
  }
  const res = Resolver.at(doc, doc.revisions.length - 1);
  if (doc.crypt?.refused) return { answered: encryptedAnswer(doc, res, doc.crypt.refused, size) };
  const fields = findSignatureFields(doc, res).filter(
    (f) => f.dict !== undefined || f.fieldNum !== undefined,
  );
  const signed = fields.filter((f) => f.dict !== undefined || f.broken);
  const report: DocumentReport = {
    verdict: 'indeterminate',
    reason: { vi: '', en: '' },
    signatures: [],
    modifiedAfterSigning: false,
    problems,
    size,
    revisions: doc.revisions.length,
    record: null,
  };
  if (signed.length === 0) {
    report.record = extractRecord(doc, res, false);
    report.reason = { vi: 'Tệp không có chữ ký số nào.', en: 'The file carries no digital signature.' };
    // A signed file a tool then mangled (node-signpdf's string edits on a form) reads as unsigned:
    // say the structure is damaged, so nobody takes it for a file that was never signed.
    if (doc.problems.length > 0)
      report.reason = {
        vi: 'Không đọc được chữ ký số nào: cấu trúc tệp PDF bị hỏng (lỗi cú pháp), có thể do một công cụ đã sửa tệp sai cách.',
        en: 'No digital signature could be read: the PDF structure is damaged (syntax errors), perhaps by a tool that edited the file badly.',
      };
    report.problems.push({ code: 'NO_SIGNATURES', message: report.reason });
    if (doc.trailingBytes > 0 || doc.problems.length > 0) report.verdict = 'invalid';
    return { answered: late(report) };
  }
  // Each signature hashes up to the whole file: thousands of fields naming signatures
  // would hold the verifier for minutes. No real record comes near this.
  if (signed.length > MAX_SIGNATURES) {
    report.reason = {
      vi: `Tệp có quá nhiều chữ ký (${signed.length}) nên không được kiểm tra.`,
      en: `The file has too many signatures (${signed.length}) and was not checked.`,
    };
    report.problems.push({ code: 'TOO_MANY_SIGNATURES', message: report.reason });
    return { answered: late(report) };
  }
  return { doc, res, fields, signed, report, late };
}

/**
 * An encrypted file we cannot open (crypt.ts opens the standard handler with the empty user
 * password, as any reader does): its signatures are counted (their dictionaries' names and
 * numbers are not encrypted) but not judged, and the school is told what to ask for.
 * Removing the encryption would break the signatures, so only the sender can give a copy.
 */
function encryptedAnswer(
  doc: ParsedDocument,
  res: Resolver,
  refused: CryptRefused,
  size: number,
): DocumentReport {
  const n = findSignatureFields(doc, res).filter((f) => f.dict !== undefined).length;
  const carries =
    n > 0
      ? { vi: ` có ${n} chữ ký nhưng`, en: ` carries ${n} signature${n > 1 ? 's' : ''} but` }
      : { vi: '', en: '' };
  const problems: Problem[] = [
    {
      code: 'ENCRYPTED',
      message: {
        // The detail (which entry, which value) is technical English: the Vietnamese line says what it means.
        vi:
          refused.reason === 'password'
            ? 'Tệp được mã hoá bằng mật khẩu (/Encrypt)'
            : `Tệp được mã hoá bằng mật khẩu (/Encrypt): ${ENCRYPTION_REFUSED[refused.reason].vi}`,
        en: `Password encryption (/Encrypt): ${ENCRYPTION_REFUSED[refused.reason].en} (${refused.detail})`,
      },
    },
  ];
  if (refused.reason === 'password') {
    problems.push({
      code: 'ENCRYPTED_PASSWORD',
      message: { vi: 'Cần mật khẩu để mở tệp', en: 'A password is needed to open the file' },
    });
    return docLevel(
      'indeterminate',
      {
        vi: `Tệp PDF${carries.vi} cần mật khẩu mới mở được, nên chưa kiểm tra được chữ ký. Tệp chưa bị coi là giả mạo; đề nghị nơi gửi gửi lại bản đã ký không đặt mật khẩu mở tệp.`,
        en: `The PDF${carries.en} needs a password to open, so its signatures cannot be checked. It is not judged forged; ask the sender for a signed copy that opens without a password.`,
      },
      size,
      problems,
    );
  }
  if (refused.reason === 'changed')
    // Session 12: a signed plain file with /Encrypt added by an update was told "ask for a copy
    // without a password", as if the sender had encrypted it; the update changed how every
    // signed byte is read.
    return docLevel(
      'indeterminate',
      {
        vi: `Tệp PDF${carries.vi} bị một lần sửa sau thêm, bỏ hoặc đổi cách mã hoá, nên phần đã ký không còn được đọc như lúc ký và chưa kiểm tra được chữ ký. Đề nghị nơi gửi gửi lại đúng tệp đã ký.`,
        en: `The PDF${carries.en} had its encryption added, removed or changed by a later update, so what was signed is no longer read as it was signed and its signatures cannot be checked. Ask the sender for the file as it was signed.`,
      },
      size,
      problems,
    );
  return docLevel(
    'indeterminate',
    {
      vi: `Tệp PDF${carries.vi} được mã hoá (đặt mật khẩu bảo vệ), nên chưa kiểm tra được chữ ký. Tệp chưa bị coi là giả mạo; đề nghị nơi gửi gửi lại bản đã ký không đặt mật khẩu.`,
      en: `The PDF${carries.en} is encrypted (password protection), so its signatures cannot be checked. It is not judged forged; ask the sender for a signed copy without a password.`,
    },
    size,
    problems,
  );
}

const ENCRYPTION_REFUSED: Record<CryptRefused['reason'], Bilingual> = {
  password: { vi: 'cần mật khẩu để mở', en: 'needs a password to open' },
  handler: { vi: 'cách mã hoá khác (không phải mật khẩu chuẩn)', en: 'another security handler' },
  unsupported: { vi: 'kiểu mã hoá chưa hỗ trợ', en: 'an encryption not supported' },
  perms: { vi: '/Perms không khớp', en: '/Perms does not check' },
  malformed: { vi: 'từ điển /Encrypt hỏng', en: 'a malformed /Encrypt dictionary' },
  changed: { vi: 'mã hoá bị đổi sau lần lưu đầu', en: 'the encryption changed after the first revision' },
};

/** Anything thrown while checking: the file could not be read (it never throws past here). */
export function unreadable(e: unknown, size: number): DocumentReport {
  const reason = e instanceof Error ? e.message : String(e);
  return docLevel(
    'indeterminate',
    {
      vi: 'Không đọc được tệp PDF (có thể bị hỏng).',
      en: 'The PDF could not be read (it may be damaged).',
    },
    size,
    [{ code: 'UNREADABLE', message: { vi: `Lỗi đọc tệp: ${reason}`, en: `Read error: ${reason}` } }],
  );
}
