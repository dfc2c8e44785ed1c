/**
 * Red team, round four: attacks from outside on the difference analysis, each built here on a
 * signed record (ours, or pyHanko's pyhanko-visible-2.pdf where pyHanko's verdict is quoted:
 * pyHanko cannot read our own fixtures, whose field names hold periods). What a viewer would
 * show or run differently from what was signed must never read "valid".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { appendUpdate, basePdf, signField, withRecord } from './pdf-fixtures.js';
import { keep, NOW, OUTSIDE_DIR, redTeam } from './red-team.js';
import { appendXrefStreamUpdate, layeredBasePdf, stream } from './red-team-4-files.js';

const team = redTeam();
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const signed = () => signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
const layered = () => signField(layeredBasePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
const TEN = stream('BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET');
const NINE = stream('BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 9 diem) Tj ET');
const FORM_TEN = stream(
  'BT /F1 12 Tf 0 0 Td (Toan 10 diem) Tj ET',
  ' /Type /XObject /Subtype /Form /BBox [0 0 200 20]',
);
const PAGE = (extra = '') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R]${extra} >>`;
const CATALOG = (extra: string) => `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R${extra} >>`;
const JS = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>';

async function verify(name: string, bytes: Uint8Array, trust = team.own): Promise<DocumentReport> {
  return verifyPdf(keep(name, bytes), { trust, now: NOW });
}
const refusedBy = (r: DocumentReport) =>
  new Set(
    r.signatures.flatMap((s) =>
      s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED').map((c) => c.rule),
    ),
  );

function expectRefused(r: DocumentReport, rule?: string) {
  expect(r.verdict).toBe('invalid');
  for (const s of r.signatures.slice(0, 1)) expect(s.subIndication).toBe('MODIFIED_AFTER_SIGNING');
  if (rule) expect([...refusedBy(r)]).toContain(rule);
}

describe('shadow attacks through cross-reference streams and object streams', { timeout: 60_000 }, () => {
  it('the page content redefined inside an object stream of an xref-stream update', async () => {
    const r = await verify(
      'rt4-objstm-content',
      appendXrefStreamUpdate(signed(), { packed: [{ num: 4, body: '<< /Length 0 >>' }] }),
    );
    expectRefused(r, 'page-content');
  });

  it('the page font redefined inside an object stream (hide-and-replace of the glyphs)', async () => {
    const r = await verify(
      'rt4-objstm-font',
      appendXrefStreamUpdate(signed(), {
        packed: [{ num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' }],
      }),
    );
    expectRefused(r, 'page-content');
  });

  it("an xref stream sending the classic table's object 4 to another definition in the signed bytes", async () => {
    const s = signed();
    const r = await verify(
      'rt4-xrefstm-into-signed',
      appendXrefStreamUpdate(s, {
        packed: [{ num: 20, body: '<< >>' }],
        entries: [[4, 1, latin(s).indexOf('5 0 obj'), 0]],
      }),
    );
    expectRefused(r, 'update-xref');
  });

  it('an update whose /Prev points into the middle of the signed revision', async () => {
    const s = signed();
    const r = await verify(
      'rt4-prev-middle',
      appendXrefStreamUpdate(s, { packed: [{ num: 20, body: '<< >>' }], prev: latin(s).indexOf('4 0 obj') }),
    );
    expectRefused(r, 'update-xref');
  });

  it('two updates, the second restoring what the first changed: the first is still refused', async () => {
    const r = await verify(
      'rt4-restore',
      appendUpdate(appendUpdate(signed(), [{ num: 4, body: TEN }]), [{ num: 4, body: NINE }]),
    );
    expectRefused(r, 'page-content');
    expect(
      r.signatures[0]?.modifications.changes.some((c) => c.revision === 2 && c.verdict === 'DISALLOWED'),
    ).toBe(true);
  });
});

describe('what the page draws, reached indirectly', { timeout: 60_000 }, () => {
  it('the layered record, untouched, is valid (so the attacks below fail for what they change)', async () => {
    expect((await verify('rt4-layered', layered())).verdict).toBe('valid');
  });

  it('/Resources inherited from /Pages pointed at another form XObject', async () => {
    const r = await verify(
      'rt4-pages-resources',
      appendUpdate(layered(), [
        {
          num: 2,
          body: '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 30 0 R >> >> >>',
        },
        { num: 30, body: FORM_TEN },
      ]),
    );
    expectRefused(r);
  });

  it('the form XObject the page draws, replaced in place (classic and xref-stream update)', async () => {
    expectRefused(
      await verify('rt4-form', appendUpdate(layered(), [{ num: 13, body: FORM_TEN }])),
      'page-content',
    );
    expectRefused(
      await verify(
        'rt4-form-xrefstm',
        appendXrefStreamUpdate(layered(), { direct: [{ num: 13, body: FORM_TEN }] }),
      ),
    );
  });

  it.each([
    ['/FontFile2 replaced', [{ num: 11, body: stream('TRUETYPE-BYTES-B', ' /Length1 16') }]],
    ['/ToUnicode replaced', [{ num: 12, body: stream('/CIDInit other') }]],
    ['/Widths replaced', [{ num: 14, body: `[${Array(95).fill(600).join(' ')}]` }]],
    [
      'descriptor pointed at another font file',
      [
        {
          num: 10,
          body: '<< /Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 30 0 R >>',
        },
        { num: 30, body: stream('TRUETYPE-BYTES-B', ' /Length1 16') },
      ],
    ],
  ])('font replacement after signing: %s', async (name, objects) => {
    expectRefused(await verify(`rt4-font-${name.replace(/\W+/g, '-')}`, appendUpdate(layered(), objects)));
  });

  it('an /Encoding /Differences added to the page font', async () => {
    const r = await verify(
      'rt4-differences',
      appendUpdate(signed(), [
        {
          num: 5,
          body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [57 /one /zero] >> >>',
        },
      ]),
    );
    expectRefused(r, 'page-content');
  });
});

describe('a reference the signed revision leaves dangling, defined later', { timeout: 60_000 }, () => {
  // Signed with /Contents [4 0 R 40 0 R], /XObject /Fm2 41 0 R (drawn by 4) and /F2 42 0 R, none defined:
  // viewers draw nothing for them, until an update defines them.
  const dangling = () => {
    const page =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 40 0 R] /Resources << /Font << /F1 5 0 R /F2 42 0 R >> /XObject << /Fm2 41 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R] >>';
    const content = stream(
      'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A) Tj ET q 1 0 0 1 50 700 cm /Fm2 Do Q',
    );
    const base = appendUpdate(basePdf(), [
      { num: 3, body: page },
      { num: 4, body: content },
    ]);
    return signField(base, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  };

  it('signed as it is: valid', async () => {
    expect((await verify('rt4-dangling', dangling())).verdict).toBe('valid');
  });

  it.each([
    ['a second content stream', { num: 40, body: stream('BT /F1 12 Tf 50 700 Td (Toan 10 diem) Tj ET') }],
    ['the form XObject /Fm2', { num: 41, body: FORM_TEN }],
    ['the font /F2', { num: 42, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' }],
  ])('%s defined after signing: refused', async (name, object) => {
    const r = await verify(`rt4-dangling-${name.replace(/\W+/g, '-')}`, appendUpdate(dangling(), [object]));
    expectRefused(r, 'page-content');
  });

  it('the form XObject defined inside an object stream: refused', async () => {
    const r = await verify(
      'rt4-dangling-objstm',
      appendXrefStreamUpdate(dangling(), {
        packed: [{ num: 41, body: '<< /Type /XObject /Subtype /Form /BBox [0 0 200 20] /Length 0 >>' }],
      }),
    );
    expectRefused(r, 'page-content');
  });
});

describe('catalog and page additions after signing', { timeout: 60_000 }, () => {
  it.each([
    ['/OpenAction JavaScript', CATALOG(` /OpenAction ${JS}`)],
    ['catalog /AA', CATALOG(` /AA << /WC ${JS} >>`)],
    ['/Outlines', CATALOG(' /Outlines << /Type /Outlines /Count 0 >>')],
    ['/PageLabels', CATALOG(' /PageLabels << /Nums [0 << /S /r >>] >>')],
    ['named destinations', CATALOG(' /Names << /Dests << /Names [(a) [3 0 R /Fit]] >> >>')],
    ['/Names /JavaScript', CATALOG(` /Names << /JavaScript << /Names [(a) ${JS}] >> >>`)],
  ])('%s: refused (pyHanko refuses catalog changes too)', async (name, body) => {
    expectRefused(
      await verify(`rt4-catalog-${name.replace(/\W+/g, '-')}`, appendUpdate(signed(), [{ num: 1, body }])),
      'catalog',
    );
  });

  it('page /AA (runs on page open): refused', async () => {
    expectRefused(
      await verify('rt4-page-aa', appendUpdate(signed(), [{ num: 3, body: PAGE(` /AA << /O ${JS} >>`) }])),
      'page-content',
    );
  });

  it('an XMP /Metadata stream: allowed (nothing shown or run)', async () => {
    const r = await verify(
      'rt4-metadata',
      appendUpdate(signed(), [
        { num: 30, body: stream('<x:xmpmeta/>', ' /Type /Metadata /Subtype /XML') },
        { num: 1, body: CATALOG(' /Metadata 30 0 R') },
      ]),
    );
    expect(r.verdict).toBe('valid');
  });
});

describe('a new signature field that runs something', { timeout: 60_000 }, () => {
  // pyhanko-visible-2.pdf: form 9, annotations array 7, text field 8 (GhiChu "Khong"), two signatures.
  const outside = () => new Uint8Array(readFileSync(join(OUTSIDE_DIR, 'pyhanko-visible-2.pdf')));
  const withNewSignature = (widget: string) =>
    signField(outside(), 22, 'Approve3', team.pki.signers.gvcn, team.pki, {
      widget: `/Rect [0 0 0 0] /F 132${widget}`,
      alsoUpdate: [
        { num: 9, body: '<< /Fields [ 8 0 R 11 0 R 17 0 R 22 0 R ] /DA (/Helv 0 Tf 0 g) /SigFlags 3 >>' },
        { num: 7, body: '[ 8 0 R 11 0 R 17 0 R 22 0 R ]' },
      ],
    });

  it.each([
    [
      '/AA JavaScript setting another field',
      ' /AA << /E << /S /JavaScript /JS (this.getField\\("GhiChu"\\).value = "Co";) >> >>',
    ],
    ['/A JavaScript', ` /A ${JS}`],
    ['/A link with a chained JavaScript /Next', ` /A << /S /URI /URI (https://example.org/) /Next ${JS} >>`],
    ['/A Launch', ' /A << /S /Launch /F (calc.exe) >>'],
  ])('%s: refused (was valid; pyHanko: valid)', async (name, widget) => {
    const r = await verify(`rt4-newsig-${name.replace(/\W+/g, '-')}`, withNewSignature(widget), team.both);
    expect(r.verdict).toBe('invalid');
    expect([...refusedBy(r)]).toEqual(['field-actions']);
    // The earlier signatures are the ones modified; the new one covers the whole file.
    expect(r.signatures.filter((s) => s.subIndication === 'MODIFIED_AFTER_SIGNING')).toHaveLength(2);
  });

  it('a plain new signature, or one whose widget is a /URI link: valid', async () => {
    for (const [name, widget] of [
      ['plain', ''],
      ['uri', ' /A << /S /URI /URI (https://example.org/) >>'],
    ]) {
      const r = await verify(`rt4-newsig-${name}`, withNewSignature(widget as string), team.both);
      expect(r.verdict).toBe('valid');
    }
  });
});

describe('signature dictionary and record tricks', { timeout: 60_000 }, () => {
  it.each([
    ['overlapping ranges', (h: number, _e: number, n: number) => `[0 ${h + 10} ${h} ${n - h}]`],
    ['a negative length', (h: number, e: number, n: number) => `[0 ${h} ${e} -${n - e}]`],
    ['a negative start', (h: number, e: number, n: number) => `[0 ${h} -${e} ${n - e}]`],
  ])('/ByteRange with %s: not valid', async (name, range) => {
    const probe = signed();
    const text = latin(probe);
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(text.slice(text.lastIndexOf('/Type /Sig')));
    if (!m) throw new Error('no ByteRange');
    const [h, e] = [Number(m[1]), Number(m[2])];
    const bytes = signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
      byteRangeOverride: range(h, e, probe.length),
    });
    const r = await verify(`rt4-byterange-${name.replace(/\W+/g, '-')}`, bytes);
    expect(r.verdict).not.toBe('valid');
    expect(r.signatures[0]?.integrity.byteRange).not.toBe('OK');
  });

  it('a second /Contents key after the real one: refused (the hole is not the /Contents read)', async () => {
    const bytes = signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
      extraSigEntries: ' /Contents <308200>',
    });
    const r = await verify('rt4-second-contents', bytes);
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.integrity.byteRange).toBe('HOLE_NOT_CONTENTS');
  });

  it("a /Cert array and a /Name naming the principal in the teacher's signature: ignored, the signer is the CMS one", async () => {
    const principal = Buffer.from(team.pki.signers.principal.certDerBase64, 'base64').toString('hex');
    const bytes = signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
      extraSigEntries: ` /Cert [<${principal}>] /Name (Hieu truong)`,
    });
    const r = await verify('rt4-cert-array', bytes);
    expect(r.verdict).toBe('valid');
    expect(r.signatures[0]?.signer?.title).toBe('Giáo viên chủ nhiệm');
    expect(r.signatures[0]?.role).toBe('gvcn');
  });

  it("ETSI.CAdES.detached whose signing-certificate-v2 names the principal while the teacher's key signed: refused", async () => {
    const { buildSignedAttributes, buildSignedData } = await import('../../src/pdf/cms/signed-data.js');
    const { readCertificate } = await import('../../src/pdf/cms/certificate.js');
    const { createHash, sign } = await import('node:crypto');
    const der = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
    const gvcn = team.pki.signers.gvcn;
    const signer = readCertificate(der(gvcn.certDerBase64));
    const principal = der(team.pki.signers.principal.certDerBase64);
    const m = `D:${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
    // The same layout twice: the first pass gives the covered bytes, the second carries the CMS.
    const layout = signField(basePdf(), 7, 'hocba.gvcn', gvcn, team.pki, { m });
    const text = latin(layout);
    const [, a, b, c, d] =
      /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text.slice(text.lastIndexOf('/Type /Sig'))) ?? [];
    const covered = Buffer.concat([
      layout.subarray(Number(a), Number(a) + Number(b)),
      layout.subarray(Number(c), Number(c) + Number(d)),
    ]);
    const ec = gvcn.keyType === 'ec';
    /** The teacher's key signs attributes whose signing-certificate-v2 names `named`. */
    const signedNaming = async (named: Uint8Array, name: string) => {
      const signedAttributes = await buildSignedAttributes({
        documentDigest: new Uint8Array(createHash('sha256').update(covered).digest()),
        signer,
        certificateSha256: new Uint8Array(createHash('sha256').update(named).digest()),
      });
      const signatureValue = new Uint8Array(
        sign('sha256', signedAttributes, ec ? { key: gvcn.keyPem, dsaEncoding: 'der' } : gvcn.keyPem),
      );
      const cms = buildSignedData({
        signedAttributes,
        signatureValue,
        algorithm: ec ? 'ecdsa-p256-sha256' : 'rsa-pkcs1-sha256',
        signer,
        chain: [principal, der(team.pki.ca.certDerBase64)],
      });
      return verify(name, signField(basePdf(), 7, 'hocba.gvcn', gvcn, team.pki, { m, cmsOverride: cms }));
    };
    // The control: the same construction naming the teacher's own certificate is valid.
    const control = await signedNaming(der(gvcn.certDerBase64), 'rt4-ess-match');
    expect(control.signatures[0]?.integrity.signingCertificateBinding).toBe('MATCH');
    expect(control.verdict).toBe('valid');
    const r = await signedNaming(principal, 'rt4-ess-mismatch');
    expect(r.signatures[0]?.integrity.signingCertificateBinding).toBe('MISMATCH');
    expect(r.verdict).toBe('invalid');
  });

  it('the embedded record swapped after signing, the page left alone: refused, and the record shown is the signed one', async () => {
    const json = (grade: number) => `{"format":"hocba-tieuhoc","grade":${grade}}`;
    const s = signField(withRecord(basePdf(), json(9)), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
    const swapped = appendUpdate(s, [
      { num: 10, body: stream(json(10), ' /Type /EmbeddedFile /Subtype /application#2Fjson') },
    ]);
    const r = await verify('rt4-record-swapped', swapped);
    expectRefused(r, 'unexplained');
    const second = withRecord(s, json(10));
    expectRefused(await verify('rt4-record-second', second), 'catalog');
  });
});

describe('two records in one file', { timeout: 60_000 }, () => {
  it("two different hocba.json attachments, both signed: the record is INVALID (which is the pupil's cannot be told); one record named twice is OK", async () => {
    const { generateClass } = await import('../../src/generator/index.js');
    const record = generateClass({ seed: 4, grade: 5, size: 1, defectRate: 0 }).records[0];
    const other = { ...record, student: { ...record?.student, fullName: 'Trần Văn Khác' } };
    const once = signField(
      withRecord(basePdf(), JSON.stringify(record)),
      7,
      'hocba.gvcn',
      team.pki.signers.gvcn,
      team.pki,
    );
    const single = await verify('rt4-one-record', once);
    expect(single.record?.status).toBe('OK');
    // The first record's file and filespec (10, 11), a second pair (20, 21) under the same name.
    const twice = appendUpdate(withRecord(basePdf(), JSON.stringify(record)), [
      { num: 20, body: stream(JSON.stringify(other), ' /Type /EmbeddedFile /Subtype /application#2Fjson') },
      { num: 21, body: '<< /Type /Filespec /F (hocba.json) /UF (hocba.json) /EF << /F 20 0 R >> >>' },
      {
        num: 1,
        body: '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /Names << /EmbeddedFiles << /Names [(hocba.json) 11 0 R (hocba.json) 21 0 R] >> >> /AF [11 0 R] >>',
      },
    ]);
    const r = await verify(
      'rt4-two-records',
      signField(twice, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki),
    );
    expect(r.verdict).toBe('valid');
    expect(r.record?.status).toBe('INVALID');
    expect(r.record?.record).toBeNull();
    expect(r.record?.problems[0]?.reason.en).toContain('2 different records');
  });
});
