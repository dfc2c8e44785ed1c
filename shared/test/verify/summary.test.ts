/**
 * The one sentence a valid file is summed up by (CLI text, verify page, printed report,
 * standalone verify file): one signature is "the signature of X is valid", not "all 1
 * signatures"; two are "both"; document time-stamps are counted apart from signatures.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import {
  createTrustStore,
  type SignatureReport,
  type TrustStore,
  verifyPdf,
} from '../../src/verify/index.js';
import { validSummary } from '../../src/verify/report/summary.js';
import { testPki } from './helpers.js';
import { basePdf, signField, withRecord } from './pdf-fixtures.js';

let pki: TestPki;
let trust: TrustStore;
let once: Uint8Array;
let twice: Uint8Array;

beforeAll(async () => {
  pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  once = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
  twice = signField(once, 8, 'hocba.principal', pki.signers.principal, pki);
}, 60_000);

/** What the summary adds for a signed PDF with no record inside. */
const NO_RECORD = {
  vi: ' Tệp không chứa dữ liệu học bạ, nên chỉ chữ ký được xác minh.',
  en: ' It carries no record data, so only its signatures were verified.',
};

const reason = async (bytes: Uint8Array) => {
  const r = await verifyPdf(bytes, { trust });
  expect(r.verdict).toBe('valid');
  return r.reason;
};

describe('the summary of a valid file counts as people do', { timeout: 60_000 }, () => {
  it('one signature', async () => {
    expect(await reason(once)).toEqual({
      vi: `Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ.${NO_RECORD.vi}`,
      en: `The PDF is intact since signing; the signature of Nguyễn Thị Lan is valid.${NO_RECORD.en}`,
    });
  });

  it('two signatures', async () => {
    expect(await reason(twice)).toEqual({
      vi: `Tệp PDF còn nguyên vẹn từ khi ký; cả hai chữ ký đều hợp lệ (Nguyễn Thị Lan, Trần Văn Minh).${NO_RECORD.vi}`,
      en: `The PDF is intact since signing; both signatures are valid (Nguyễn Thị Lan, Trần Văn Minh).${NO_RECORD.en}`,
    });
  });

  it('three signatures', async () => {
    const thrice = signField(twice, 9, 'hocba.seal', pki.signers.seal, pki);
    const r = await reason(thrice);
    expect(r.vi).toMatch(
      /^Tệp PDF còn nguyên vẹn từ khi ký; cả 3 chữ ký đều hợp lệ \(Nguyễn Thị Lan, Trần Văn Minh, .+\)\. Tệp không chứa dữ liệu học bạ/,
    );
    expect(r.en).toMatch(
      /^The PDF is intact since signing; all 3 signatures are valid \(Nguyễn Thị Lan, Trần Văn Minh, .+\)\. It carries no record data/,
    );
  });

  it('one signature and a document time-stamp: the time-stamp is not counted as a signature', async () => {
    const stamped = signField(once, 8, 'hocba.principal', pki.signers.gvcn, pki, { docTimestamp: true });
    expect(await reason(stamped)).toEqual({
      vi: `Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ; dấu thời gian của tài liệu cũng hợp lệ.${NO_RECORD.vi}`,
      en: `The PDF is intact since signing; the signature of Nguyễn Thị Lan is valid, and so is the document time-stamp.${NO_RECORD.en}`,
    });
  });

  it('two signatures and two document time-stamps (the sentence alone)', () => {
    const sig = (kind: SignatureReport['kind'], name: string) =>
      ({ kind, field: `f-${name}`, signer: { name } }) as unknown as SignatureReport;
    const r = validSummary([
      sig('SIGNATURE', 'Nguyễn Thị Lan'),
      sig('SIGNATURE', 'Trần Văn Minh'),
      sig('DOCUMENT_TIMESTAMP', 'TSA'),
      sig('DOCUMENT_TIMESTAMP', 'TSA'),
    ]);
    expect(r).toEqual({
      vi: `Tệp PDF còn nguyên vẹn từ khi ký; cả hai chữ ký đều hợp lệ (Nguyễn Thị Lan, Trần Văn Minh); 2 dấu thời gian của tài liệu cũng hợp lệ.${NO_RECORD.vi}`,
      en: `The PDF is intact since signing; both signatures are valid (Nguyễn Thị Lan, Trần Văn Minh), and so are the 2 document time-stamps.${NO_RECORD.en}`,
    });
  });

  it('no wording says "1 chữ ký đều" or "all 1 signatures"', async () => {
    const r = await reason(once);
    expect(r.vi).not.toMatch(/\b1 chữ ký đều/);
    expect(r.en).not.toMatch(/all 1 signatures/);
  });
});

describe('the summary names what the file is', { timeout: 60_000 }, () => {
  it('a record we read inside: "Học bạ của <pupil>", nothing added', async () => {
    const { generateClass } = await import('../../src/generator/index.js');
    const record = generateClass({ seed: 7, grade: 5, size: 1, defectRate: 0 }).records[0]!;
    const name = (record as { student: { fullName: string } }).student.fullName;
    const pdf = signField(
      withRecord(basePdf(), JSON.stringify(record)),
      7,
      'hocba.gvcn',
      pki.signers.gvcn,
      pki,
    );
    expect(await reason(pdf)).toEqual({
      vi: `Học bạ của ${name} còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ.`,
      en: `The record of ${name} is intact since signing; the signature of Nguyễn Thị Lan is valid.`,
    });
  });

  it('any other signed PDF: "Tệp PDF", never "Học bạ", and it says there is no record to check', async () => {
    const r = await reason(once);
    expect(r.vi).toMatch(/^Tệp PDF còn nguyên vẹn/);
    expect(r.vi).not.toContain('Học bạ');
    expect(r.en).not.toContain('The record');
    expect(r.vi).toContain('không chứa dữ liệu học bạ');
  });

  it('a record attachment that is not valid: "Tệp PDF", and the record could not be checked', async () => {
    const pdf = signField(
      withRecord(basePdf(), '{"format":"hocba-tieuhoc","version":1}'),
      7,
      'hocba.gvcn',
      pki.signers.gvcn,
      pki,
    );
    const r = await reason(pdf);
    expect(r.vi).toMatch(
      /^Tệp PDF còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ\. Dữ liệu học bạ đính kèm/,
    );
    expect(r.en).toContain('Its attached record data is unreadable or not valid');
  });
});
