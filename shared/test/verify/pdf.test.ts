import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { der, tempDir, testPki } from './helpers.js';
import { addDss, appendUpdate, basePdf, nextObjectNumber, signField, withRecord } from './pdf-fixtures.js';

let pki: TestPki;
let trust: TrustStore;
let signedOnce: Uint8Array;
let signedThrice: Uint8Array;

beforeAll(async () => {
  pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  signedOnce = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
  const two = signField(signedOnce, 8, 'hocba.principal', pki.signers.principal, pki, { pss: true });
  signedThrice = signField(two, 9, 'hocba.seal', pki.signers.seal, pki);
}, 60_000);

const verify = (bytes: Uint8Array, extra: Parameters<typeof verifyPdf>[1] = {}) =>
  verifyPdf(bytes, { trust, ...extra });
/** A verdict line in Vietnamese carries none of the parser's English (/ByteRange, "CMS unreadable", "missing"). */
const expectVietnameseOnly = (vi: string | undefined) => {
  expect(vi).toBeTruthy();
  expect(vi).not.toMatch(/\/[A-Z][A-Za-z]+|unreadable|missing|\bthe\b|\bis\b/);
};
const firstChange = (r: DocumentReport) =>
  r.signatures[0]?.modifications.changes.find((c) => c.verdict === 'DISALLOWED');

describe('legitimate records are valid', () => {
  it('one signature: intact, trusted, signer in words, covers the whole file', async () => {
    const r = await verify(signedOnce);
    expect(r.verdict).toBe('valid');
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0];
    expect(s?.status).toBe('TOTAL_PASSED');
    expect(s?.subIndication).toBeNull();
    expect(s?.integrity.status).toBe('INTACT');
    expect(s?.integrity.signingCertificateBinding).toBe('MATCH');
    expect(s?.trust.status).toBe('TRUSTED');
    expect(s?.trust.anchor).toBe('Hoc Ba Test Root CA');
    expect(s?.trust.chain).toEqual(['Nguyễn Thị Lan', 'Hoc Ba Test Issuing CA', 'Hoc Ba Test Root CA']);
    expect(s?.signer?.name).toBe('Nguyễn Thị Lan');
    expect(s?.signer?.organization).toBe('Trường Tiểu học Kim Đồng');
    expect(s?.signer?.id).toBe('CCCD:001190012345');
    expect(s?.signer?.idType).toBe('CCCD');
    expect(s?.role).toBe('gvcn');
    expect(s?.roleSource).toBe('FIELD');
    expect(s?.timeSource).toBe('CLAIMED_CMS');
    expect(s?.coversWholeDocument).toBe(true);
    expect(s?.modifications.status).toBe('NONE');
    expect(r.modifiedAfterSigning).toBe(false);
    expect(s?.message.vi).toContain('hợp lệ');
    expect(r.problems.map((p) => p.code)).toEqual(['UNSIGNED_FIELD', 'UNSIGNED_FIELD']);
  });

  it('three signatures (PKCS#1, PSS, seal): each later signature is an allowed change', async () => {
    const r = await verify(signedThrice);
    expect(r.verdict).toBe('valid');
    expect(r.signatures.map((s) => [s.role, s.status, s.modifications.status])).toEqual([
      ['gvcn', 'TOTAL_PASSED', 'ALLOWED'],
      ['principal', 'TOTAL_PASSED', 'ALLOWED'],
      ['seal', 'TOTAL_PASSED', 'NONE'],
    ]);
    expect(r.signatures[1]?.integrity.signatureAlgorithm).toBe('RSASSA-PSS SHA-256');
    expect(r.signatures[2]?.signer?.id).toBe('MST:0101234567');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.kind)).toContain('SIGNATURE');
  });

  it('ECDSA P-256 signer is valid', async () => {
    const r = await verify(signField(basePdf(), 8, 'hocba.principal', pki.signers.ecdsa, pki));
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]?.integrity.signatureAlgorithm).toBe('ECDSA SHA-256 P-256');
  });

  it('/DSS added after signing is allowed and its CRL is used', async () => {
    const r = await verify(addDss(signedOnce, [der(pki.crl.derPath)]));
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]?.modifications.status).toBe('ALLOWED');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.kind)).toContain('DSS');
    expect(r.signatures[0]?.trust.revocation).toBe('GOOD');
    expect(r.signatures[0]?.trust.revocationSource).toBe('CRL');
  });
});

describe('attacks and broken files', () => {
  it('a flipped byte in the signed range: HASH_FAILURE', async () => {
    const bytes = signedOnce.slice();
    const at = Buffer.from(bytes).indexOf('Toan 9');
    bytes[at + 5] = '8'.charCodeAt(0);
    const r = await verify(bytes);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('HASH_FAILURE');
    expect(r.signatures[0]?.integrity.status).toBe('ALTERED');
  });

  it('incremental saving attack: page content replaced after signing', async () => {
    const text = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    const attacked = appendUpdate(signedOnce, [
      { num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.integrity.status).toBe('INTACT');
    expect(r.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    expect(firstChange(r)?.kind).toBe('PAGE_CONTENT');
    expect(r.modifiedAfterSigning).toBe(true);
    expect(r.reason.vi).toContain('bị sửa sau khi');
  });

  it('pdfsig says "Signature is Valid" for the incremental saving attack; we say invalid', async () => {
    const text = 'BT /F1 12 Tf 50 750 Td (Toan 10 diem) Tj ET';
    const attacked = appendUpdate(signedOnce, [
      { num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` },
    ]);
    const file = join(tempDir(), 'attacked.pdf');
    writeFileSync(file, attacked);
    let out = '';
    try {
      out = execFileSync('pdfsig', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    expect(out).toContain('Signature is Valid');
    expect((await verify(attacked)).verdict).toBe('invalid');
  });

  it('a page added after signing', async () => {
    const n = nextObjectNumber(signedOnce);
    const attacked = appendUpdate(signedOnce, [
      { num: n, body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>' },
      { num: 2, body: `<< /Type /Pages /Kids [3 0 R ${n} 0 R] /Count 2 >>` },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('PAGES');
  });

  it('shadow attack: an overlay annotation hides and replaces a grade', async () => {
    const n = nextObjectNumber(signedOnce);
    const ap = 'q 1 1 1 rg 0 0 200 20 re f Q BT /F1 12 Tf 2 5 Td (Toan 10 diem) Tj ET';
    const attacked = appendUpdate(signedOnce, [
      {
        num: n,
        body: `<< /Type /XObject /Subtype /Form /BBox [0 0 200 20] /Length ${ap.length} >>\nstream\n${ap}\nendstream`,
      },
      {
        num: n + 1,
        body: `<< /Type /Annot /Subtype /FreeText /Rect [180 745 380 765] /AP << /N ${n} 0 R >> /P 3 0 R >>`,
      },
      {
        num: 3,
        body: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R ${n + 1} 0 R] >>`,
      },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('ANNOTATION');
  });

  it('shadow attack (replace): an existing font redefined later', async () => {
    const attacked = appendUpdate(signedOnce, [
      { num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('PAGE_CONTENT');
    expect(firstChange(r)?.message.vi).toContain('tài nguyên');
  });

  it('catalog action added after signing', async () => {
    const attacked = appendUpdate(signedOnce, [
      {
        num: 1,
        body: '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>',
      },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('CATALOG');
  });

  it('garbage after %%EOF counts as a change', async () => {
    const attacked = new Uint8Array(
      Buffer.concat([signedOnce, Buffer.from('\n1 0 obj << /Evil true >> endobj\n')]),
    );
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('TRAILING_BYTES');
  });

  it('signature wrapping: the /ByteRange hole is shifted away from /Contents', async () => {
    const good = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const text = Buffer.from(good).toString('latin1');
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(text);
    if (!m) throw new Error('no ByteRange');
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const shifted = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, {
      byteRangeOverride: `[0 ${a - 10} ${b - 10} ${c + 10}]`,
    });
    const r = await verify(shifted);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
    expect(r.signatures[0]?.integrity.byteRange).toBe('HOLE_NOT_CONTENTS');
    // A receiving school reads the Vietnamese line: the problem in Vietnamese, no parser English.
    expectVietnameseOnly(r.signatures[0]?.message.vi);
    expect(r.signatures[0]?.message.vi).toContain('nằm ngoài chữ ký');
  });

  it("signature wrapping: a later signature dictionary reusing the first one's ByteRange", async () => {
    const text = Buffer.from(signedOnce).toString('latin1');
    const m = /\/ByteRange (\[[^\]]+\])\s+\/Contents <([0-9a-f]+)>/.exec(text);
    if (!m) throw new Error('no ByteRange');
    const n = nextObjectNumber(signedOnce);
    const attacked = appendUpdate(signedOnce, [
      {
        num: n,
        body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${m[1]} /Contents <${m[2]}> >>`,
      },
      {
        num: 8,
        body: `<< /FT /Sig /T (hocba.principal) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /V ${n} 0 R >>`,
      },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    const wrapped = r.signatures.find((s) => s.field === 'hocba.principal');
    expect(wrapped?.integrity.byteRange).toBe('HOLE_NOT_CONTENTS');
  });

  for (const [name, override] of [
    ['zero ByteRange', { byteRangeOverride: '[0 0 0 0]' }],
    ['ByteRange not from 0', { byteRangeOverride: '[5 100 200 300]' }],
  ] as const) {
    it(`universal forgery: ${name}`, async () => {
      const r = await verify(signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, override));
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
    });
  }

  it('universal forgery: empty /Contents (all zeros)', async () => {
    const r = await verify(
      signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { cmsOverride: new Uint8Array(0) }),
    );
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
    expectVietnameseOnly(r.signatures[0]?.message.vi);
    expect(r.signatures[0]?.message.en).toMatch(/\(.+\)\.$/);
  });

  it('universal forgery: /ByteRange and /Contents missing', async () => {
    const n = nextObjectNumber(basePdf());
    const forged = appendUpdate(basePdf(), [
      { num: n, body: '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached >>' },
      {
        num: 7,
        body: `<< /FT /Sig /T (hocba.gvcn) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V ${n} 0 R >>`,
      },
    ]);
    const r = await verify(forged);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.integrity.byteRange).toBe('NO_BYTERANGE');
    expectVietnameseOnly(r.signatures[0]?.message.vi);
    expect(r.signatures[0]?.message.en).toContain('/ByteRange');
  });
});

describe('certificates', () => {
  it('expired certificate: TOTAL_FAILED/EXPIRED', async () => {
    const r = await verify(signField(basePdf(), 8, 'hocba.principal', pki.signers.expired, pki));
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('EXPIRED');
  });

  it("revoked certificate with the CA's CRL in /DSS: REVOKED", async () => {
    const signed = signField(basePdf(), 8, 'hocba.principal', pki.signers.revoked, pki);
    const r = await verify(addDss(signed, [der(pki.crl.derPath)]));
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('REVOKED');
    expect(r.signatures[0]?.trust.status).toBe('REVOKED');
  });

  it('revoked certificate, CRL given by the caller: REVOKED', async () => {
    const signed = signField(basePdf(), 8, 'hocba.principal', pki.signers.revoked, pki);
    const r = await verify(signed, { revocation: { crls: [der(pki.crl.derPath)] } });
    expect(r.signatures[0]?.subIndication).toBe('REVOKED');
  });

  it('untrusted: the test root is not a Vietnamese anchor', async () => {
    const r = await verifyPdf(signedOnce);
    expect(r.verdict).toBe('indeterminate');
    expect(r.signatures[0]?.trust.status).toBe('UNTRUSTED');
    expect(r.signatures[0]?.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('wrong key usage (keyEncipherment only)', async () => {
    const r = await verify(signField(basePdf(), 7, 'hocba.gvcn', pki.signers.noSigningUsage, pki));
    expect(r.verdict).toBe('indeterminate');
    expect(r.signatures[0]?.trust.status).toBe('WRONG_KEY_USAGE');
    expect(r.signatures[0]?.subIndication).toBe('CHAIN_CONSTRAINTS_FAILURE');
  });

  it('requireRevocation without data: INDETERMINATE/TRY_LATER', async () => {
    const r = await verify(signedOnce, { requireRevocation: true });
    expect(r.signatures[0]?.subIndication).toBe('TRY_LATER');
  });
});

describe('bad input never crashes', () => {
  it('random bytes, truncated, encrypted, too large, no signatures', async () => {
    expect((await verify(new Uint8Array(1000).map((_, i) => (i * 7919) % 256))).verdict).toBe('invalid');
    expect((await verify(signedOnce.subarray(0, signedOnce.length - 200))).verdict).not.toBe('valid');
    const enc = appendUpdate(
      basePdf(),
      [{ num: 20, body: '<< /Filter /Standard /V 2 /R 3 >>' }],
      '1 0 R',
      ' /Encrypt 20 0 R',
    );
    expect((await verify(enc)).problems[0]?.code).toBe('ENCRYPTED');
    expect((await verify(signedOnce, { maxBytes: 100 })).problems[0]?.code).toBe('TOO_LARGE');
    const none = await verify(basePdf());
    expect(none.verdict).toBe('indeterminate');
    expect(none.reason.vi).toBe('Tệp không có chữ ký số nào.');
  });
});

describe('files signed by poppler pdfsig -add-signature', () => {
  /** An NSS database holding the test signers, as pdfsig needs. */
  function nssDb(): string {
    const dir = tempDir();
    const run = (cmd: string, args: string[]) =>
      execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
    for (const s of [pki.signers.gvcn, pki.signers.principal]) {
      const p12 = join(dir, `${s.name}.p12`);
      run('openssl', [
        'pkcs12',
        '-export',
        '-in',
        s.certPath,
        '-inkey',
        s.keyPath,
        '-certfile',
        pki.ca.certPath,
        '-name',
        s.name,
        '-passout',
        'pass:x',
        '-out',
        p12,
      ]);
      run('pk12util', ['-i', p12, '-d', `sql:${dir}`, '-W', 'x']);
    }
    return dir;
  }

  it('two pdfsig signatures (a new field, then our empty principal field) are valid; an edit after is not', async () => {
    const nss = nssDb();
    const dir = tempDir();
    writeFileSync(join(dir, 'base.pdf'), basePdf());
    const sign = (args: string[]) => {
      try {
        execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        // pdfsig 22.12 may exit non-zero on NSS shutdown after writing the file; the file is what counts.
        if (!existsSync(args[args.length - 1] as string)) throw e;
      }
    };
    sign([
      '-add-signature',
      '-nick',
      'gvcn',
      '-new-signature-field-name',
      'gvcn',
      join(dir, 'base.pdf'),
      join(dir, 's1.pdf'),
    ]);
    sign(['-sign', 'hocba.principal', '-nick', 'principal', join(dir, 's1.pdf'), join(dir, 's2.pdf')]);
    const signed = der(join(dir, 's2.pdf'));
    const r = await verify(signed);
    expect(r.verdict).toBe('valid');
    expect(r.signatures.map((s) => [s.field, s.role, s.signer?.name, s.status]).sort()).toEqual([
      ['gvcn', 'gvcn', 'Nguyễn Thị Lan', 'TOTAL_PASSED'],
      ['hocba.principal', 'principal', 'Trần Văn Minh', 'TOTAL_PASSED'],
    ]);
    const text = 'BT (Toan 10) Tj ET';
    const attacked = appendUpdate(signed, [
      { num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` },
    ]);
    expect((await verify(attacked)).verdict).toBe('invalid');
  }, 60_000);
});

describe('signature time-stamps (openssl ts)', () => {
  it('a trusted time-stamp becomes the signing time, with its source', async () => {
    const r = await verify(signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { timestamp: true }));
    expect(r.verdict).toBe('valid');
    const s = r.signatures[0];
    expect(s?.timeSource).toBe('TIMESTAMP');
    expect(s?.timestamp).toMatchObject({ status: 'INTACT', trust: 'TRUSTED', tsa: 'Hoc Ba Test TSA' });
    expect(s?.message.vi).toContain('theo dấu thời gian');
  });

  it('a time-stamp from an untrusted TSA is reported and the claimed time is used', async () => {
    const bytes = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { timestamp: true });
    const r = await verifyPdf(bytes, {
      trust: createTrustStore({ bundled: false, anchors: [pki.root.certPem] }),
    });
    expect(r.signatures[0]?.timeSource).toBe('TIMESTAMP');
    const other = await verifyPdf(bytes, { trust: createTrustStore({ bundled: false }) });
    expect(other.signatures[0]?.timestamp?.trust).toBe('UNTRUSTED');
    expect(other.signatures[0]?.timeSource).toBe('CLAIMED_CMS');
  });
});

describe('document time-stamps and certification locks', () => {
  it('a PAdES document time-stamp after a signature: both valid, the time-stamp is an allowed change', async () => {
    const r = await verify(
      signField(signedOnce, 8, 'hocba.principal', pki.signers.gvcn, pki, { docTimestamp: true }),
    );
    expect(r.verdict).toBe('valid');
    expect(r.signatures.map((s) => [s.kind, s.status])).toEqual([
      ['SIGNATURE', 'TOTAL_PASSED'],
      ['DOCUMENT_TIMESTAMP', 'TOTAL_PASSED'],
    ]);
    expect(r.signatures[1]?.signer?.name).toBe('Hoc Ba Test TSA');
    expect(r.signatures[1]?.timeSource).toBe('TIMESTAMP');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.kind)).toContain('DOCUMENT_TIMESTAMP');
  });

  it('a file with only a document time-stamp and no signer is never valid, and its record is not "signed"', async () => {
    const stampedOnly = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { docTimestamp: true });
    const r = await verify(stampedOnly);
    expect(r.signatures.map((s) => [s.kind, s.status])).toEqual([['DOCUMENT_TIMESTAMP', 'TOTAL_PASSED']]);
    expect(r.verdict).toBe('indeterminate');
    expect(r.reason.vi).toContain('không có chữ ký của người ký nào');
  });

  it('DocMDP P=1: a later signature breaks the certification; P=2 allows it', async () => {
    const lock = (p: number) =>
      ` /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>]`;
    const locked = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { extraSigEntries: lock(1) });
    const r1 = await verify(signField(locked, 8, 'hocba.principal', pki.signers.principal, pki));
    expect(r1.verdict).toBe('invalid');
    expect(r1.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    const open = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, { extraSigEntries: lock(2) });
    expect((await verify(signField(open, 8, 'hocba.principal', pki.signers.principal, pki))).verdict).toBe(
      'valid',
    );
  }, 30_000); // four openssl signatures: slow on a loaded machine

  it('a record saved with object streams and an xref stream (qpdf) then signed is valid', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.pdf'), basePdf());
    execFileSync('qpdf', ['--object-streams=generate', join(dir, 'in.pdf'), join(dir, 'os.pdf')]);
    const compressed = der(join(dir, 'os.pdf'));
    expect(Buffer.from(compressed).toString('latin1')).toContain('/ObjStm');
    // qpdf renumbers: find the gvcn field's number through our own reader.
    const { parseDocument, Resolver } = await import('../../src/verify/document/objects.js');
    const { findSignatureFields } = await import('../../src/verify/document/signatures.js');
    const doc = parseDocument(compressed);
    const field = findSignatureFields(doc, new Resolver(doc, doc.revisions.length - 1)).find(
      (f) => f.name === 'hocba.gvcn',
    );
    expect(field?.fieldNum).toBeDefined();
    const signed = signField(compressed, field?.fieldNum ?? 0, 'hocba.gvcn', pki.signers.gvcn, pki);
    const r = await verify(signed);
    expect(r.signatures.find((s) => s.field === 'hocba.gvcn')?.integrity.status).toBe('INTACT');
  });
});

describe('the record inside', () => {
  it('a signed record is extracted from the signed revision, validated and checked', async () => {
    const { generateClass } = await import('../../src/generator/index.js');
    const record = generateClass({ seed: 7, grade: 5, size: 1, defectRate: 0 }).records[0];
    const pdf = signField(
      withRecord(basePdf(), JSON.stringify(record)),
      7,
      'hocba.gvcn',
      pki.signers.gvcn,
      pki,
    );
    const r = await verify(pdf);
    expect(r.verdict).toBe('valid');
    expect(r.record?.status).toBe('OK');
    expect(r.record?.signed).toBe(true);
    expect(r.record?.file).toBe('hocba.json');
    expect(r.record?.record?.student.fullName).toBe(record?.student.fullName);
    expect(r.record?.findings.filter((f) => f.severity === 'error')).toEqual([]);

    // The attachment replaced after signing: the signature fails and the record is reported unsigned.
    const forged = JSON.stringify({ ...record, student: { ...record?.student, fullName: 'Kẻ Giả Mạo' } });
    const data = zlibSync(new TextEncoder().encode(forged));
    const streamNum = Number(
      /(\d+) 0 obj\n<< \/Type \/EmbeddedFile/.exec(Buffer.from(pdf).toString('latin1'))?.[1],
    );
    const attacked = appendUpdate(pdf, [
      {
        num: streamNum,
        body: new Uint8Array(
          Buffer.concat([
            Buffer.from(
              `<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
            ),
            data,
            Buffer.from('\nendstream'),
          ]),
        ),
      },
    ]);
    const a = await verify(attacked);
    expect(a.verdict).toBe('invalid');
    expect(a.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
    expect(a.record?.signed).toBe(false);
    expect(a.record?.record?.student.fullName).toBe('Kẻ Giả Mạo');
  });

  it('an invalid record JSON is reported with its problems', async () => {
    const pdf = signField(
      withRecord(basePdf(), '{"format":"hocba-tieuhoc","version":1}'),
      7,
      'hocba.gvcn',
      pki.signers.gvcn,
      pki,
    );
    const r = await verify(pdf);
    expect(r.record?.status).toBe('INVALID');
    expect(r.record?.problems.length).toBeGreaterThan(0);
  });
});

describe('duplicate objects', () => {
  it('an update defining the content stream twice (altered, then identical) is still caught', async () => {
    const text = 'BT /F1 12 Tf 50 750 Td (Toan 10 diem) Tj ET';
    const original =
      /4 0 obj\n([\s\S]*?)\nendobj/.exec(Buffer.from(signedOnce).toString('latin1'))?.[1] ?? '';
    const attacked = appendUpdate(signedOnce, [
      { num: 4, body: `<< /Length ${text.length} >>\nstream\n${text}\nendstream` },
      { num: 4, body: original },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('UNEXPLAINED');
    expect(firstChange(r)?.detail).toBe('object 4 defined twice in the update, differently');
  });

  it('the signature dictionary redefined later with another ByteRange', async () => {
    const text = Buffer.from(signedOnce).toString('latin1');
    const m = /(\d+) 0 obj\n(<< \/Type \/Sig[\s\S]*?)\nendobj/.exec(text);
    if (!m) throw new Error('no signature object');
    const redefined = (m[2] ?? '').replace(/\/ByteRange \[[^\]]*\]/, '/ByteRange [0 10 20 30]');
    const r = await verify(appendUpdate(signedOnce, [{ num: Number(m[1]), body: redefined }]));
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
  });
});

describe('cross-reference rollback', () => {
  it('an update that is only an xref pointing an object back at its older definition', async () => {
    // Before signing, the grade was corrected from 9 to 10; the teacher signed the corrected record.
    const base = basePdf();
    const text10 = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    const corrected = appendUpdate(base, [
      { num: 4, body: `<< /Length ${text10.length} >>\nstream\n${text10}\nendstream` },
    ]);
    const signed = signField(corrected, 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    expect((await verify(signed)).verdict).toBe('valid');
    // The attacker appends no object at all: just an xref section sending object 4 back to the old bytes.
    const oldOffset = Buffer.from(base).toString('latin1').indexOf('4 0 obj');
    const prev = Number(
      [
        ...Buffer.from(signed)
          .toString('latin1')
          .matchAll(/startxref\s+(\d+)/g),
      ].pop()?.[1],
    );
    const xrefAt = signed.length;
    const tail = `xref\n4 1\n${String(oldOffset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 20 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const attacked = new Uint8Array(Buffer.concat([signed, Buffer.from(tail, 'latin1')]));
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(firstChange(r)?.kind).toBe('UNEXPLAINED');
    expect(firstChange(r)?.detail).toContain('outside the update');
  });
});
