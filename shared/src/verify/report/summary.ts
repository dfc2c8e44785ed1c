/**
 * The sentence a valid file is summed up by (the CLI's text, the verify page, its printed
 * report and the standalone verify file all show `DocumentReport.reason`): counted in words
 * as people say them, one signature, both, all n, and the document time-stamps apart, since
 * a time-stamp is not somebody's signature.
 */
import type { Bilingual } from '../../errors/index.js';
import type { SignatureReport } from './index.js';

/** `sigs`: every signature and document time-stamp of a file found valid (at least one signature). */
export function validSummary(sigs: readonly SignatureReport[]): Bilingual {
  const signatures = sigs.filter((s) => s.kind === 'SIGNATURE');
  const stamps = sigs.length - signatures.length;
  const names = signatures.map((s) => s.signer?.name ?? s.field).join(', ');
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
  return {
    vi: `Học bạ còn nguyên vẹn từ khi ký; ${signed.vi}${stamped.vi}.`,
    en: `The record is intact since signing; ${signed.en}${stamped.en}.`,
  };
}
