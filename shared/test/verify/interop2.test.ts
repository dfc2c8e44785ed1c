/**
 * Other signers' legitimate files, round two (fixtures/interop2, made by its make.sh with
 * pyHanko 0.20.1, openssl and qpdf; pyHanko's verdicts recorded in pyhanko.json, since the
 * tests never run pyHanko): encrypted files, linearized / hybrid-reference / PDF 2.0 / odd
 * original xrefs, changes others make after signing, Vietnamese vendors' CMS shapes, a big file
 * and ten signatures. Each disagreement left is listed below with the clause that decides it.
 */
import { describe, expect, it } from 'vitest';
import { verifyPdf } from '../../src/verify/index.js';
import { agreesWithPyhanko, CORPUS_NOW, openCorpus, type Verdict } from './corpus.js';
import { appendUpdate } from './pdf-fixtures.js';

const corpus = openCorpus('interop2');
const { read, verify, trust } = corpus;
/** Where we differ from pyHanko's bottom line, with why. */
const DISAGREE: Record<string, { ours: Verdict; why: string }> = {
  'sha1-old.pdf': {
    ours: 'indeterminate',
    why: "SHA-1: the same judgement: pyHanko's status is AdES INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE (EN 319 102-1), its CLI's bottom line is only valid/invalid",
  },
  'sha1-old-pades.pdf': {
    ours: 'indeterminate',
    why: "SHA-1 under ETSI.CAdES.detached: as above (pyHanko's AdES status INDETERMINATE)",
  },
  'pkcs7-sha1-subfilter.pdf': {
    ours: 'indeterminate',
    why: 'adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): pyHanko does not know the SubFilter; we check it (the encapsulated SHA-1 digest of the byte ranges) and then SHA-1 makes it indeterminate',
  },
  'sha1-certificate.pdf': {
    ours: 'valid',
    why: "a certificate its CA signed with SHA-1: forging one needs the CA to sign chosen content with SHA-1 now, not after the fact; the Government G1 chain (SHA-1, to 2030) is bundled for older signatures. pyHanko's policy refuses SHA-1 anywhere",
  },
  'sig-ts-untrusted-tsa.pdf': {
    ours: 'valid',
    why: "a signature time-stamp from a TSA we do not trust proves nothing, so it is set aside: the time is the signer's claim, said in a warning (EN 319 102-1: no proof of existence from it); pyHanko fails the whole signature",
  },
  'doc-ts-untrusted-tsa.pdf': {
    ours: 'valid',
    why: "a document time-stamp from a TSA we do not trust, after a signature that passes: set aside as an untrusted signature time-stamp is (DOC_TIMESTAMP_SET_ASIDE, valid with warnings: it proves no time and rescues no expired certificate); pyHanko reports the stamp INTACT:UNTRUSTED and its CLI's bottom line, valid/invalid only, says invalid",
  },
  'name-t61string.pdf': {
    ours: 'valid',
    why: 'UTF-8 bytes in a T61String name: pyHanko (asn1crypto) fails decoding it as cp1252; the signature and chain verify (X.690 strings are display only)',
  },
};

agreesWithPyhanko("round two: our verdict beside pyHanko's on every file", corpus, DISAGREE, 38, 30_000);

describe('what a receiving school is told about them', () => {
  it('an encrypted file (empty user password) is read as any reader opens it: the signer, intact, trusted', async () => {
    for (const name of ['enc-rc4-128.pdf', 'enc-aes-128.pdf', 'enc-aes-256.pdf']) {
      const r = await verify(name);
      expect([r.verdict, r.problems.map((p) => p.code)]).toEqual(['valid', ['UNSIGNED_FIELD']]);
      expect(r.reason.vi).toBe(
        'Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Ngọc Ánh hợp lệ. Tệp không chứa dữ liệu học bạ, nên chỉ chữ ký được xác minh.',
      );
    }
  });

  it('SHA-1: intact, but cannot prove the content; said in words, with what to ask for', async () => {
    const r = await verify('sha1-old.pdf');
    const s = r.signatures[0];
    expect([s?.integrity.status, s?.integrity.digestAlgorithm, s?.status, s?.subIndication]).toEqual([
      'INTACT',
      'SHA-1',
      'INDETERMINATE',
      'CRYPTO_CONSTRAINTS_FAILURE',
    ]);
    // Who signed is still checked and told; what was signed is not proven.
    expect([s?.trust.status, s?.signer?.name]).toEqual(['TRUSTED', 'Nguyễn Thị Ngọc Ánh']);
    expect(s?.message.vi).toContain('dùng thuật toán băm SHA-1, nay không còn an toàn');
    expect(s?.message.vi).toContain('Đề nghị nơi gửi ký lại bằng SHA-256');
  });

  it('adbe.pkcs7.sha1: untouched, not called altered (SHA-1 makes it indeterminate); one byte changed, altered', async () => {
    const r = await verify('pkcs7-sha1-subfilter.pdf');
    expect([
      r.signatures[0]?.integrity.status,
      r.signatures[0]?.status,
      r.signatures[0]?.subIndication,
    ]).toEqual(['INTACT', 'INDETERMINATE', 'CRYPTO_CONSTRAINTS_FAILURE']);
    const bytes = read('pkcs7-sha1-subfilter.pdf');
    const at = Buffer.from(bytes).indexOf('Toan 9 diem') + 5;
    bytes[at] = '8'.charCodeAt(0);
    const altered = await verifyPdf(bytes, { trust, now: CORPUS_NOW });
    expect([altered.verdict, altered.signatures[0]?.subIndication]).toEqual(['invalid', 'HASH_FAILURE']);
  });

  it('a signature time-stamp from a TSA nobody trusts is set aside: the claimed time, with a warning', async () => {
    const r = await verify('sig-ts-untrusted-tsa.pdf');
    expect([r.level, r.signatures[0]?.status, r.signatures[0]?.timeSource]).toEqual([
      'valid_with_warnings',
      'TOTAL_PASSED',
      'CLAIMED_PDF',
    ]);
    expect(r.warnings?.map((w) => w.code)).toContain('TIME_CLAIMED');
  });

  it('… a document time-stamp from it is named as a time-stamp, set aside with a warning, the signer still judged', async () => {
    const r = await verify('doc-ts-untrusted-tsa.pdf');
    expect(r.signatures.map((s) => [s.kind, s.status])).toEqual([
      ['SIGNATURE', 'TOTAL_PASSED'],
      ['DOCUMENT_TIMESTAMP', 'INDETERMINATE'],
    ]);
    expect([r.verdict, r.level]).toEqual(['valid', 'valid_with_warnings']);
    const setAside = r.warnings?.find((w) => w.code === 'DOC_TIMESTAMP_SET_ASIDE');
    expect(setAside?.message.vi).toBe(
      'Không xác minh được dấu thời gian của tài liệu: chứng thư của đơn vị cấp dấu thời gian (Foreign TSA (TEST)) không do tổ chức chứng thực tin cậy nào cấp. Dấu thời gian này không được dùng: các chữ ký được kiểm tra như khi không có nó.',
    );
  });

  it('… but a file whose only signature is that time-stamp is still not decided', async () => {
    // Only a signer's passing signature lets a stamp be set aside; alone, it decides nothing.
    const { setAside } = await import('../../src/verify/verdict.js');
    const stamp = (await verify('doc-ts-untrusted-tsa.pdf')).signatures[1]!;
    expect(setAside(stamp, [stamp])).toBe(false);
    expect(setAside(stamp, [{ ...stamp, kind: 'SIGNATURE', status: 'INDETERMINATE' }, stamp])).toBe(false);
  });

  it('names in BMPString and in T61String holding UTF-8 read as Vietnamese', async () => {
    expect((await verify('name-bmpstring.pdf')).signatures[0]?.signer?.name).toBe('Đặng Hữu Phước');
    const t61 = (await verify('name-t61string.pdf')).signatures[0]?.signer;
    expect([t61?.name, t61?.title, t61?.id]).toEqual([
      'Huỳnh Thị Mỹ Duyên',
      'Giáo viên',
      'CCCD:087196004444',
    ]);
  });

  it('revocation data in adbe-revocationInfoArchival (VNPT/Viettel plug-ins) is used: OCSP, CRL', async () => {
    const ocsp = (await verify('vn-revinfo-ocsp.pdf')).signatures[0]?.trust;
    expect([ocsp?.revocation, ocsp?.revocationSource]).toEqual(['GOOD', 'OCSP']);
    const crl = (await verify('vn-revinfo-crl.pdf')).signatures[0]?.trust;
    expect([crl?.revocation, crl?.revocationSource]).toEqual(['GOOD', 'CRL']);
  });

  it('a chain of three CAs under the root; a key for nonRepudiation only', async () => {
    const deep = (await verify('chain-3-cas.pdf')).signatures[0];
    expect([deep?.status, deep?.trust.chain.length]).toEqual(['TOTAL_PASSED', 5]);
    expect((await verify('keyusage-nonrep-only.pdf')).signatures[0]?.status).toBe('TOTAL_PASSED');
  });

  it('an empty signature field another tool added (blank appearance) and a second signer in it', async () => {
    const r = await verify('second-signer-added-visible-field.pdf');
    expect(r.signatures.map((s) => [s.field, s.status])).toEqual([
      ['GVCN', 'TOTAL_PASSED'],
      ['ChuKyHT', 'TOTAL_PASSED'],
    ]);
    expect(r.signatures[0]?.modifications.changes.map((c) => [c.kind, c.verdict])).toContainEqual([
      'SIGNATURE_FIELD',
      'ALLOWED',
    ]);
  });

  it('a 30-page 20 MB file with images, and a file with ten signatures', async () => {
    const big = await verify('big-30-pages.pdf');
    expect([big.verdict, big.signatures.map((s) => s.status)]).toEqual([
      'valid',
      ['TOTAL_PASSED', 'TOTAL_PASSED'],
    ]);
    const ten = await verify('ten-signatures.pdf');
    expect(ten.signatures.map((s) => s.status)).toEqual(Array(10).fill('TOTAL_PASSED'));
  }, 60_000);
});

describe('an empty signature field added for the next signer: blank appearance allowed, a drawing not', () => {
  // keyusage-nonrep-only.pdf: one approval; page 3's /Annots is object 7, the form object 9.
  const stream = (content: string, extra = '') =>
    `<< /Type /XObject /Subtype /Form /BBox [0 0 200 60] /Resources << >>${extra} /Length ${content.length} >>\nstream\n${content}\nendstream`;
  const withField = (ap: string, extraObjects: { num: number; body: string }[], widgetExtra = '') =>
    appendUpdate(read('keyusage-nonrep-only.pdf'), [
      ...extraObjects,
      {
        num: 31,
        body: `<< /FT /Sig /T (ChuKyHT) /Type /Annot /Subtype /Widget /F 132 /Rect [300 80 500 140] /P 3 0 R /AP ${ap}${widgetExtra} >>`,
      },
      { num: 9, body: '<< /Fields [8 0 R 11 0 R 31 0 R] /DA (/Helv 0 Tf 0 g) /SigFlags 3 >>' },
      { num: 7, body: '[8 0 R 11 0 R 31 0 R]' },
    ]);
  const judge = async (pdf: Uint8Array) => {
    const r = await verifyPdf(pdf, { trust, now: CORPUS_NOW });
    return [r.verdict, r.signatures[0]?.modifications.changes.find((c) => c.object === 31)?.verdict];
  };

  it('blank: an empty stream, whitespace only, or states that are all blank', async () => {
    expect(await judge(withField('<< /N 30 0 R >>', [{ num: 30, body: stream('') }]))).toEqual([
      'valid',
      'ALLOWED',
    ]);
    expect(await judge(withField('<< /N 30 0 R >>', [{ num: 30, body: stream(' \n ') }]))).toEqual([
      'valid',
      'ALLOWED',
    ]);
    expect(
      await judge(withField('<< /N << /Off 30 0 R /On 30 0 R >> >>', [{ num: 30, body: stream('') }])),
    ).toEqual(['valid', 'ALLOWED']);
  });

  it('drawn: any state that draws, /MK colours, or an appearance that cannot be read', async () => {
    const blank = { num: 30, body: stream('') };
    const drawing = { num: 32, body: stream('BT /F1 12 Tf 2 5 Td (Toan 10 diem) Tj ET') };
    const refused = ['invalid', 'DISALLOWED'];
    expect(await judge(withField('<< /N 32 0 R >>', [drawing]))).toEqual(refused);
    expect(await judge(withField('<< /N << /Off 30 0 R /On 32 0 R >> >>', [blank, drawing]))).toEqual(
      refused,
    );
    expect(await judge(withField('<< /N 30 0 R /D 32 0 R >>', [blank, drawing]))).toEqual(refused);
    expect(await judge(withField('<< /N 30 0 R >>', [blank], ' /MK << /BG [1 1 1] >>'))).toEqual(refused);
    expect(
      await judge(withField('<< /N 30 0 R >>', [{ num: 30, body: stream('x', ' /Filter /DCTDecode') }])),
    ).toEqual(refused);
    expect(await judge(withField('<< /N 99 0 R >>', []))).toEqual(refused);
  });
});
