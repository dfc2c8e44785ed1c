/**
 * The sentence a valid file is summed up by (the CLI's text, the verify page, its printed
 * report and the standalone verify file all show `DocumentReport.reason`): counted in words
 * as people say them, one signature, both, all n, and the document time-stamps apart, since
 * a time-stamp is not somebody's signature. It names what the file is: "Học bạ" only for a
 * record we read inside it (signed, valid); any other signed PDF is "Tệp PDF", and says it
 * carries no record to check, so a signed invoice is never called an intact học bạ.
 */
import type { Bilingual } from '../../errors/index.js';
import type { RecordReport } from '../record/index.js';
import { displayText } from './display-text.js';
import type { SignatureReport } from './index.js';

/** What the file is, as the summary's subject and the sentence after it. */
function subject(record: RecordReport | null | undefined): { vi: string; en: string; after: Bilingual } {
  if (record?.status === 'OK' && record.signed && record.record)
    return {
      vi: `Học bạ của ${displayText(record.record.student.fullName)}`,
      en: `The record of ${displayText(record.record.student.fullName)}`,
      after: { vi: '', en: '' },
    };
  if (record)
    return {
      vi: 'Tệp PDF',
      en: 'The PDF',
      after: {
        vi: ' Dữ liệu học bạ đính kèm không đọc được hoặc không hợp lệ, nên chỉ chữ ký được xác minh.',
        en: ' Its attached record data is unreadable or not valid, so only its signatures were verified.',
      },
    };
  return {
    vi: 'Tệp PDF',
    en: 'The PDF',
    after: {
      vi: ' Tệp không chứa dữ liệu học bạ, nên chỉ chữ ký được xác minh.',
      en: ' It carries no record data, so only its signatures were verified.',
    },
  };
}

/**
 * `sigs`: every signature and document time-stamp of a file found valid (at least one
 * signature); `record`: the record read inside it (null or absent: none).
 */
export function validSummary(
  sigs: readonly SignatureReport[],
  record: RecordReport | null = null,
): Bilingual {
  const signatures = sigs.filter((s) => s.kind === 'SIGNATURE');
  const stamps = sigs.length - signatures.length;
  const names = signatures.map((s) => displayText(s.signer?.name ?? s.field)).join(', ');
  const signed =
    signatures.length === 1
      ? { vi: `chữ ký của ${names} hợp lệ`, en: `the signature of ${names} is valid` }
      : signatures.length === 2
        ? { vi: `cả hai chữ ký đều hợp lệ (${names})`, en: `both signatures are valid (${names})` }
        : {
            vi: `cả ${signatures.length} chữ ký đều hợp lệ (${names})`,
            en: `all ${signatures.length} signatures are valid (${names})`,
          };
  const stamped =
    stamps === 0
      ? { vi: '', en: '' }
      : stamps === 1
        ? { vi: '; dấu thời gian của tài liệu cũng hợp lệ', en: ', and so is the document time-stamp' }
        : {
            vi: `; ${stamps} dấu thời gian của tài liệu cũng hợp lệ`,
            en: `, and so are the ${stamps} document time-stamps`,
          };
  const what = subject(record);
  return {
    vi: `${what.vi} còn nguyên vẹn từ khi ký; ${signed.vi}${stamped.vi}.${what.after.vi}`,
    en: `${what.en} is intact since signing; ${signed.en}${stamped.en}.${what.after.en}`,
  };
}
