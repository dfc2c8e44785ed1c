/**
 * Difference analysis against files from other signers (pyHanko files committed in
 * fixtures/outside, see its README; pdfsig files made here) and the attack classes built on
 * them by appending updates: overlays, a signature widget over the content, form filling
 * after a P=1 certification, a separate /Resources object swapped, a rewritten /Annots array.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { appendUpdate } from './pdf-fixtures.js';
import { type Pdfsig, pdfsigWith } from './pdfsig.js';

const here = join(import.meta.dirname, 'fixtures', 'outside');
const fixture = (name: string) => new Uint8Array(readFileSync(join(here, name)));
let trust: TrustStore;
const verify = (bytes: Uint8Array) => verifyPdf(bytes, { trust, now: new Date('2026-12-01T00:00:00Z') });
const disallowed = (r: DocumentReport) =>
  r.signatures.flatMap((s) => s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED'));
const kinds = (r: DocumentReport) => [
  ...new Set(r.signatures.flatMap((s) => s.modifications.changes.map((c) => c.kind))),
];

function expectAllValid(r: DocumentReport, count: number) {
  expect(disallowed(r)).toEqual([]);
  expect(r.signatures).toHaveLength(count);
  for (const s of r.signatures) {
    expect([s.field, s.integrity.status, s.trust.status, s.modifications.status]).toEqual([
      s.field,
      'INTACT',
      'TRUSTED',
      expect.stringMatching(/NONE|ALLOWED/),
    ]);
    expect(s.status).toBe('TOTAL_PASSED');
  }
  expect(r.verdict).toBe('valid');
}

beforeAll(() => {
  trust = createTrustStore({ anchors: [readFileSync(join(here, 'root.pem'), 'utf8')] });
});

describe('files from pyHanko are valid, each change named', () => {
  it('certification (P=2) then two approvals', async () => {
    const r = await verify(fixture('pyhanko-3.pdf'));
    expectAllValid(r, 3);
    expect(kinds(r)).toEqual(expect.arrayContaining(['SIGNATURE', 'SIGNATURE_FIELD']));
    const named = r.signatures[0]?.modifications.changes.map((c) => c.message.vi) ?? [];
    expect(named).toContain('Thêm chữ ký mới (ô "Approve2")');
  });

  it('… then a /DSS update and a document time-stamp', async () => {
    const r = await verify(fixture('pyhanko-3-dss-ts.pdf'));
    expectAllValid(r, 4);
    expect(r.signatures.map((s) => s.kind)).toEqual([
      'SIGNATURE',
      'SIGNATURE',
      'SIGNATURE',
      'DOCUMENT_TIMESTAMP',
    ]);
    expect(kinds(r)).toEqual(expect.arrayContaining(['DSS', 'DOCUMENT_TIMESTAMP']));
  });

  it('two approvals with visible boxes (the page /Annots array rewritten as its own object)', async () => {
    const r = await verify(fixture('pyhanko-visible-2.pdf'));
    expectAllValid(r, 2);
    expect(r.signatures[0]?.modifications.changes.map((c) => c.message.vi)).toContain(
      'Thêm hình chữ ký 170×50 pt ở trang 1',
    );
  });

  it('certification P=1 then a document time-stamp', async () => {
    expectAllValid(await verify(fixture('pyhanko-p1-ts.pdf')), 2);
  });
});

describe('files from pdfsig -add-signature are valid', () => {
  let pdfsig: Pdfsig;
  beforeAll(() => {
    pdfsig = pdfsigWith({
      signer1: [join(here, 'signer1.pem'), join(here, 'signer1.key')],
      signer2: [join(here, 'signer2.pem'), join(here, 'signer2.key')],
    });
  }, 60_000);

  const addSignature = (input: Uint8Array, nick: string, field: string): Uint8Array =>
    pdfsig.sign(input, nick, field);

  it('two new fields on a page whose /Annots and /Resources are their own objects', async () => {
    const one = addSignature(fixture('base.pdf'), 'signer1', 'PdfsigSig1');
    const two = addSignature(one, 'signer2', 'PdfsigSig2');
    expectAllValid(await verify(two), 2);
  }, 60_000);

  it('after two pyHanko approvals: three signatures from two tools', async () => {
    const r = await verify(addSignature(fixture('pyhanko-visible-2.pdf'), 'signer1', 'PdfsigSig3'));
    expectAllValid(r, 3);
  }, 60_000);
});

/**
 * State of pyhanko-visible-2.pdf that the attacks build on: form 9 with fields 8 (GhiChu, a
 * text field), 11 and 17 (signatures at [350 60 520 110] and [350 120 520 170]), page 3 with
 * /Resources 6 0 R and /Annots 7 0 R, font 5 (Helvetica). New objects from 30.
 */
const FORM = (extra: string) => ({
  num: 9,
  body: `<< /Fields [8 0 R 11 0 R 17 0 R${extra}] /DA (/Helv 0 Tf 0 g) /SigFlags 3 >>`,
});
const ANNOTS = (extra: string) => ({ num: 7, body: `[8 0 R 11 0 R 17 0 R${extra}]` });
const box = (text: string, w: number, h: number) => {
  const s = `q 1 1 1 rg 0 0 ${w} ${h} re f Q BT /F1 12 Tf 4 6 Td (${text}) Tj ET`;
  return `<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << /Font << /F1 5 0 R >> >> /Length ${s.length} >>\nstream\n${s}\nendstream`;
};

describe('attacks on an outside file are invalid, with the change named', () => {
  const base = () => fixture('pyhanko-visible-2.pdf');

  it('overlay: a FreeText annotation added through the rewritten /Annots array object', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: box('Toan 10 diem', 200, 20) },
      {
        num: 31,
        body: '<< /Type /Annot /Subtype /FreeText /Rect [180 745 380 765] /AP << /N 30 0 R >> /P 3 0 R >>',
      },
      ANNOTS(' 31 0 R'),
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]).toMatchObject({ kind: 'ANNOTATION', object: 31, rule: 'annotations' });
    expect(disallowed(r)[0]?.message.vi).toContain('/FreeText');
  });

  it('overlay through a new /Annots array on a rewritten page', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: box('Toan 10 diem', 200, 20) },
      {
        num: 31,
        body: '<< /Type /Annot /Subtype /Stamp /Rect [180 745 380 765] /AP << /N 30 0 R >> /P 3 0 R >>',
      },
      { num: 32, body: '[8 0 R 11 0 R 17 0 R 31 0 R]' },
      {
        num: 3,
        body: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 6 0 R /Annots 32 0 R >>',
      },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r).map((c) => c.kind)).toEqual(expect.arrayContaining(['ANNOTATION']));
  });

  it('widget over content: a new signature field whose appearance covers the page', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: box('Toan 10 diem', 595, 842) },
      {
        num: 31,
        body: '<< /FT /Sig /T (Cover) /Type /Annot /Subtype /Widget /F 4 /Rect [0 0 595 842] /P 3 0 R /AP << /N 30 0 R >> >>',
      },
      ANNOTS(' 31 0 R'),
      FORM(' 31 0 R'),
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]).toMatchObject({ kind: 'ANNOTATION', object: 31, rule: 'signature-widget' });
    expect(disallowed(r)[0]?.message.vi).toContain('che lên nội dung trang');
  });

  it('a new signature appearance over an earlier signature', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: box('Nguoi ky: Ke Gian', 170, 50) },
      {
        num: 31,
        body: '<< /FT /Sig /T (Cover) /Type /Annot /Subtype /Widget /F 4 /Rect [350 60 520 110] /P 3 0 R /AP << /N 30 0 R >> >>',
      },
      ANNOTS(' 31 0 R'),
      FORM(' 31 0 R'),
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]?.message.vi).toContain('che lên chữ ký trước đó');
  });

  it('a signature widget whose field is not listed in /AcroForm /Fields', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: box('x', 20, 20) },
      {
        num: 31,
        body: '<< /FT /Sig /T (Stray) /Type /Annot /Subtype /Widget /F 4 /Rect [20 20 40 40] /P 3 0 R /AP << /N 30 0 R >> >>',
      },
      ANNOTS(' 31 0 R'),
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]).toMatchObject({ kind: 'ANNOTATION', object: 31 });
  });

  it('separate /Resources swap: the page keeps its dictionary, the resources object points at another font', async () => {
    const attacked = appendUpdate(base(), [
      { num: 30, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' },
      { num: 6, body: '<< /Font << /F1 30 0 R >> >>' },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]).toMatchObject({ kind: 'PAGE_CONTENT', object: 3, rule: 'page-content' });
    expect(disallowed(r)[0]?.message.vi).toBe('Trang 1: tài nguyên (phông chữ, hình) của trang bị thay');
  });

  it('form fill after a P=1 certification', async () => {
    const attacked = appendUpdate(fixture('pyhanko-p1.pdf'), [
      {
        num: 8,
        body: '<< /FT /Tx /T (GhiChu) /V (Co, da sua) /Type /Annot /Subtype /Widget /Rect [50 700 300 720] /F 4 /P 3 0 R /DA (/Helv 10 Tf 0 g) >>',
      },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r)[0]).toMatchObject({ kind: 'FORM_FILL', object: 8, rule: 'form-field-fill' });
    expect(disallowed(r)[0]?.message.vi).toContain('"GhiChu"');
  });

  it('form fill after a P=2 certification is permitted for every signature (DocMDP is document-wide; pyHanko agrees)', async () => {
    const filled = appendUpdate(fixture('pyhanko-3.pdf'), [
      {
        num: 8,
        body: '<< /FT /Tx /T (GhiChu) /V (Co) /Type /Annot /Subtype /Widget /Rect [50 700 300 720] /F 4 /P 3 0 R /DA (/Helv 10 Tf 0 g) >>',
      },
    ]);
    const r = await verify(filled);
    expect(r.signatures.map((s) => s.modifications.status)).toEqual(['ALLOWED', 'ALLOWED', 'ALLOWED']);
    // The permission level (the document's P=2 certification) overruled the form-fill rule, for each.
    for (const s of r.signatures)
      expect(s.modifications.changes.find((c) => c.kind === 'FORM_FILL')).toMatchObject({
        verdict: 'ALLOWED',
        rule: 'docmdp',
      });
    expect(r.verdict).toBe('valid');
  });

  it('a new object nothing refers to is reported, not held against the file', async () => {
    const r = await verify(appendUpdate(base(), [{ num: 30, body: box('hidden', 100, 20) }]));
    expect(r.verdict).toBe('valid');
    expect(kinds(r)).toContain('UNREFERENCED');
  });

  it('every change names the rule that judged it: a field added, a field removed, the form dictionary edited', async () => {
    const attacked = appendUpdate(base(), [
      {
        num: 30,
        body: '<< /FT /Tx /T (Diem) /V (10) /Type /Annot /Subtype /Widget /Rect [50 700 300 720] /F 4 /P 3 0 R >>',
      },
      { num: 9, body: '<< /Fields [8 0 R 11 0 R 30 0 R] /DA (/Helv 0 Tf 0 g) /SigFlags 3 /XFA 5 0 R >>' },
    ]);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    const named = disallowed(r).map((c) => [c.kind, c.rule]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['FORM', 'acroform'],
        ['FORM', 'form-fields'],
        ['FORM', 'form-field-creation'],
      ]),
    );
    for (const s of r.signatures)
      for (const c of s.modifications.changes) expect(c.rule).toMatch(/^[a-z-]+$/);
  });
});

describe('verdict levels (added beside verdict)', () => {
  it('valid with warnings: a root added on this computer, signing times only claimed', async () => {
    const r = await verify(fixture('pyhanko-3.pdf'));
    expect(r.verdict).toBe('valid');
    expect(r.level).toBe('valid_with_warnings');
    expect(r.warnings?.map((w) => w.code)).toEqual(['LOCAL_ROOT', 'TIME_CLAIMED']);
    expect(r.signatures[0]?.trust.anchorSource).toBe('ADDED');
  });

  it('invalid and cannot decide', async () => {
    const attacked = appendUpdate(fixture('pyhanko-visible-2.pdf'), [
      { num: 30, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' },
      { num: 6, body: '<< /Font << /F1 30 0 R >> >>' },
    ]);
    expect((await verify(attacked)).level).toBe('invalid');
    const none = await verify(fixture('base.pdf'));
    expect([none.verdict, none.level, none.warnings]).toEqual(['indeterminate', 'cannot_decide', []]);
  });
});

describe('CRLs given by the caller', () => {
  it('a full CRL listing the signer revokes; a delta CRL is said to be unsupported, never read as a full list', async () => {
    const file = fixture('pyhanko-visible-2.pdf');
    const full = await verifyPdf(file, { trust, revocation: { crls: [fixture('revoked-full.crl')] } });
    expect(full.signatures[0]?.subIndication).toBe('REVOKED');
    const delta = await verifyPdf(file, { trust, revocation: { crls: [fixture('revoked-delta.crl')] } });
    expect(delta.signatures[0]?.trust.revocation).toBe('UNKNOWN');
    expect(delta.signatures[0]?.trust.detail).toContain('delta CRLs are not supported');
  });
});
