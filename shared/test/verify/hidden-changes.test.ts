/**
 * Changes hidden behind an allowed rule (red-team, session 6): an existing object the pages
 * draw, or an earlier signature's appearance, changed after signing and then named from
 * somewhere the difference analysis allows (/Info, /DSS, a signature field's /AP, a form
 * fill under DocMDP P=2). Each of these was "valid" before; pyHanko calls every one invalid.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from './helpers.js';
import { appendUpdate, basePdf, nextObjectNumber, signField } from './pdf-fixtures.js';

const here = join(import.meta.dirname, 'fixtures', 'outside');
const fixture = (name: string) => new Uint8Array(readFileSync(join(here, name)));
let trust: TrustStore;
const verify = (bytes: Uint8Array) => verifyPdf(bytes, { trust, now: new Date('2026-12-01T00:00:00Z') });
const disallowed = (r: DocumentReport) =>
  r.signatures.flatMap((s) => s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED'));

let pki: Awaited<ReturnType<typeof testPki>>;

beforeAll(async () => {
  trust = createTrustStore({ anchors: [readFileSync(join(here, 'root.pem'), 'utf8')] });
  pki = await testPki();
}, 60_000);

/** pyhanko-visible-2.pdf: page 3 draws font 5 through its own /Resources object 6 (untouched). */
const base = () => fixture('pyhanko-visible-2.pdf');
const COURIER = '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>';
const CATALOG =
  '<< /AcroForm 9 0 R /Extensions << /ESIC << /BaseVersion /1.7 /ExtensionLevel 1 /Type /DeveloperExtensions >> >> /Pages 2 0 R /Type /Catalog';
/** Approve1's widget (object 11, signed; appearance 13) as pyHanko wrote it, with another /AP. */
const approve1 = (ap: string, extra = '') =>
  `<< /AP << /N ${ap} >> /F 132 /FT /Sig /P 3 0 R /Rect [ 350 60 520 110 ] /Subtype /Widget /T (Approve1) /Type /Annot /V 14 0 R${extra} >>`;
const appearance = (text: string) => {
  const s = `q 1 1 1 rg 0 0 170 50 re f Q BT /F1 12 Tf 4 6 Td (${text}) Tj ET`;
  return `<< /Type /XObject /Subtype /Form /BBox [0 0 170 50] /Resources << /Font << /F1 5 0 R >> >> /Length ${s.length} >>\nstream\n${s}\nendstream`;
};

function expectRefused(r: DocumentReport) {
  expect(r.verdict).toBe('invalid');
  for (const s of r.signatures) {
    expect(s.modifications.status).toBe('DISALLOWED');
    expect(s.subIndication).toBe('MODIFIED_AFTER_SIGNING');
  }
}

describe('a page font swapped and named where changes are allowed', () => {
  it('…from the trailer /Info (metadata)', async () => {
    const r = await verify(appendUpdate(base(), [{ num: 5, body: COURIER }], undefined, ' /Info 5 0 R'));
    expectRefused(r);
    expect(disallowed(r).some((c) => c.object === 5)).toBe(true);
  });

  it('…from a new /DSS (validation data)', async () => {
    const r = await verify(
      appendUpdate(base(), [
        { num: 5, body: COURIER },
        { num: 1, body: `${CATALOG} /DSS << /Certs [5 0 R] >> >>` },
      ]),
    );
    expectRefused(r);
    expect(disallowed(r).some((c) => c.object === 5)).toBe(true);
  });

  it('…from a rewritten /DSS whose comparison walks through the font', async () => {
    const withDss = appendUpdate(base(), [
      { num: 30, body: '<< /Length 3 >>\nstream\nabc\nendstream' },
      { num: 31, body: '<< /Certs [30 0 R] >>' },
      { num: 1, body: `${CATALOG} /DSS 31 0 R >>` },
    ]);
    expect((await verify(withDss)).verdict).toBe('valid');
    const r = await verify(
      appendUpdate(withDss, [
        { num: 5, body: COURIER },
        { num: 31, body: '<< /Certs [5 0 R] >>' },
      ]),
    );
    expectRefused(r);
    expect(disallowed(r).some((c) => c.object === 5)).toBe(true);
  });

  it('…from the appearance of a new empty signature field', async () => {
    const r = await verify(
      appendUpdate(base(), [
        { num: 5, body: COURIER },
        {
          num: 30,
          body: '<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /F1 5 0 R >> >> /Length 0 >>\nstream\n\nendstream',
        },
        {
          num: 31,
          body: '<< /FT /Sig /T (Empty) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /AP << /N 30 0 R >> >>',
        },
        { num: 9, body: '<< /Fields [8 0 R 11 0 R 17 0 R 31 0 R] /SigFlags 3 >>' },
        { num: 7, body: '[8 0 R 11 0 R 17 0 R 31 0 R]' },
      ]),
    );
    expectRefused(r);
    expect(disallowed(r).some((c) => c.object === 5)).toBe(true);
  });
});

describe("an earlier signature's visible appearance replaced", () => {
  it('in place, its stream named from /Info', async () => {
    const r = await verify(
      appendUpdate(base(), [{ num: 13, body: appearance('DA HUY') }], undefined, ' /Info 13 0 R'),
    );
    expectRefused(r);
  });

  it('by a new stream the signed widget now points at', async () => {
    const r = await verify(
      appendUpdate(base(), [
        { num: 30, body: appearance('Nguoi ky: Tran Van B') },
        { num: 11, body: approve1('30 0 R') },
      ]),
    );
    expectRefused(r);
    expect(disallowed(r)[0]).toMatchObject({ kind: 'SIGNATURE_FIELD', object: 11 });
    expect(disallowed(r)[0]?.message.vi).toContain('Hình hiển thị của chữ ký đã có');
  });

  it('in place, with the widget rewritten beside it (same entries)', async () => {
    const r = await verify(
      appendUpdate(base(), [
        { num: 13, body: appearance('DA HUY') },
        { num: 11, body: approve1('13 0 R', ' /M (D:20260101000000Z)') },
      ]),
    );
    expectRefused(r);
  });
});

describe('form filling under a P=2 certification does not carry a font swap', () => {
  it('a filled field whose appearance names the swapped page font', async () => {
    const r = await verify(
      appendUpdate(fixture('pyhanko-3.pdf'), [
        { num: 5, body: COURIER },
        { num: 30, body: appearance('Co') },
        {
          num: 8,
          body: '<< /FT /Tx /T (GhiChu) /V (Co) /AP << /N 30 0 R >> /Type /Annot /Subtype /Widget /Rect [50 700 300 720] /F 4 /P 3 0 R /DA (/Helv 10 Tf 0 g) >>',
        },
      ]),
    );
    expect(r.verdict).toBe('invalid');
    // The certifier allows the fill, not the font: its own verdict says so.
    expect(r.signatures[0]?.modifications.status).toBe('DISALLOWED');
    expect(
      r.signatures[0]?.modifications.changes.some((c) => c.object === 5 && c.verdict === 'DISALLOWED'),
    ).toBe(true);
  });
});

describe('an empty signature field drawn over the page (overlay passing for a signature box)', () => {
  const overlay = (w: number, h: number) => {
    const s = `q 1 1 1 rg 0 0 ${w} ${h} re f Q BT /F1 12 Tf 2 5 Td (Toan 10 diem) Tj ET`;
    return `<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << /Font << /F1 5 0 R >> >> /Length ${s.length} >>\nstream\n${s}\nendstream`;
  };

  it('a new empty field whose appearance covers a grade (pyHanko: valid)', async () => {
    const r = await verify(
      appendUpdate(base(), [
        { num: 30, body: overlay(200, 20) },
        {
          num: 31,
          body: '<< /FT /Sig /T (Empty) /Type /Annot /Subtype /Widget /Rect [180 745 380 765] /F 4 /P 3 0 R /AP << /N 30 0 R >> >>',
        },
        { num: 9, body: '<< /Fields [8 0 R 11 0 R 17 0 R 31 0 R] /SigFlags 3 >>' },
        { num: 7, body: '[8 0 R 11 0 R 17 0 R 31 0 R]' },
      ]),
    );
    expectRefused(r);
    expect(disallowed(r)[0]).toMatchObject({ kind: 'ANNOTATION', object: 31 });
    expect(disallowed(r)[0]?.message.vi).toContain('ô chữ ký trống');
  });

  it('a new empty field without a drawing is still allowed (a place for the next signer)', async () => {
    const r = await verify(
      appendUpdate(base(), [
        {
          num: 31,
          body: '<< /FT /Sig /T (Next) /Type /Annot /Subtype /Widget /Rect [350 180 520 230] /F 4 /P 3 0 R >>',
        },
        { num: 9, body: '<< /Fields [8 0 R 11 0 R 17 0 R 31 0 R] /SigFlags 3 >>' },
        { num: 7, body: '[8 0 R 11 0 R 17 0 R 31 0 R]' },
      ]),
    );
    expect(r.verdict).toBe('valid');
  });

  it('an existing empty field given an appearance without being signed', async () => {
    const own = createTrustStore({ anchors: [pki.root.certPem] });
    const signed = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const n = nextObjectNumber(signed);
    const r = await verifyPdf(
      appendUpdate(signed, [
        { num: n, body: overlay(200, 20) },
        {
          num: 8,
          body: `<< /FT /Sig /T (hocba.principal) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /AP << /N ${n} 0 R >> >>`,
        },
      ]),
      { trust: own },
    );
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.modifications.changes.find((c) => c.verdict === 'DISALLOWED')).toMatchObject({
      kind: 'SIGNATURE_FIELD',
      object: 8,
    });
  });
});
