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
import { basePdf, signField } from './pdf-fixtures.js';

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

const reason = async (bytes: Uint8Array) => {
  const r = await verifyPdf(bytes, { trust });
  expect(r.verdict).toBe('valid');
  return r.reason;
};

describe('the summary of a valid file counts as people do', { timeout: 60_000 }, () => {
  it('one signature', async () => {
    expect(await reason(once)).toEqual({
      vi: 'Học bạ còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ.',
      en: 'The record is intact since signing; the signature of Nguyễn Thị Lan is valid.',
    });
  });

  it('two signatures', async () => {
    expect(await reason(twice)).toEqual({
      vi: 'Học bạ còn nguyên vẹn từ khi ký; cả hai chữ ký đều hợp lệ (Nguyễn Thị Lan, Trần Văn Minh).',
      en: 'The record is intact since signing; both signatures are valid (Nguyễn Thị Lan, Trần Văn Minh).',
    });
  });

  it('three signatures', async () => {
    const thrice = signField(twice, 9, 'hocba.seal', pki.signers.seal, pki);
    const r = await reason(thrice);
    expect(r.vi).toMatch(
      /^Học bạ còn nguyên vẹn từ khi ký; cả 3 chữ ký đều hợp lệ \(Nguyễn Thị Lan, Trần Văn Minh, .+\)\.$/,
    );
    expect(r.en).toMatch(
      /^The record is intact since signing; all 3 signatures are valid \(Nguyễn Thị Lan, Trần Văn Minh, .+\)\.$/,
    );
  });

  it('one signature and a document time-stamp: the time-stamp is not counted as a signature', async () => {
    const stamped = signField(once, 8, 'hocba.principal', pki.signers.gvcn, pki, { docTimestamp: true });
    expect(await reason(stamped)).toEqual({
      vi: 'Học bạ còn nguyên vẹn từ khi ký; chữ ký của Nguyễn Thị Lan hợp lệ; dấu thời gian của tài liệu cũng hợp lệ.',
      en: 'The record is intact since signing; the signature of Nguyễn Thị Lan is valid, and so is the document time-stamp.',
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
      vi: 'Học bạ còn nguyên vẹn từ khi ký; cả hai chữ ký đều hợp lệ (Nguyễn Thị Lan, Trần Văn Minh); 2 dấu thời gian của tài liệu cũng hợp lệ.',
      en: 'The record is intact since signing; both signatures are valid (Nguyễn Thị Lan, Trần Văn Minh), and so are the 2 document time-stamps.',
    });
  });

  it('no wording says "1 chữ ký đều" or "all 1 signatures"', async () => {
    const r = await reason(once);
    expect(r.vi).not.toMatch(/\b1 chữ ký đều/);
    expect(r.en).not.toMatch(/all 1 signatures/);
  });
});
