/**
 * Red team, session 8: what a later update may do to a signature already there and to the
 * form's default appearance.
 * - A signed widget's /F (Hidden, NoView, Print off) or /MK changed: the earlier signature no
 *   longer shows or prints. Was valid here; pyHanko: invalid.
 * - /AcroForm /DR and /DA changed: a text field without its own appearance is drawn by every
 *   viewer from them, so a font with another /Encoding under the field's font name, or a white
 *   /DA, changes the value shown ("Khong" rendered "o" by poppler). Was valid here; pyHanko:
 *   valid.
 * Set HOCBA_DUMP_ATTACKS=<dir> to keep the attack files (for pyHanko and pdftoppm by hand).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';
import { keep, NOW, OUTSIDE_DIR, redTeam } from './red-team.js';

const team = redTeam();

const disallowed = (r: DocumentReport) =>
  r.signatures.flatMap((s) => s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED'));

function expectRefused(r: DocumentReport, detail: RegExp) {
  expect(r.verdict).toBe('invalid');
  for (const s of r.signatures) expect(s.subIndication).toBe('MODIFIED_AFTER_SIGNING');
  const found = disallowed(r);
  expect(found.map((c) => c.detail).join(' | ')).toMatch(detail);
  for (const c of found) {
    expect(c.message.vi.length).toBeGreaterThan(0);
    expect(c.message.en.length).toBeGreaterThan(0);
  }
}

/** pyhanko-visible-2.pdf: Approve1 (object 11, signed, visible 170×50) as pyHanko wrote it, with other flags. */
const visible2 = () => new Uint8Array(readFileSync(join(OUTSIDE_DIR, 'pyhanko-visible-2.pdf')));
const approve1 = (flags: number, extra = '') =>
  `<< /FT /Sig /T (Approve1) /Type /Annot /Subtype /Widget /F ${flags} /Rect [ 350 60 520 110 ] /P 3 0 R /AP << /N 13 0 R >> /V 14 0 R${extra} >>`;

describe("a signed widget's flags changed after signing", { timeout: 60_000 }, () => {
  const cases: [string, number, string][] = [
    ['Hidden (bit 2)', 134, ''],
    ['NoView (bit 6)', 164, ''],
    ['Print off', 128, ''],
    ['Invisible (bit 1) added', 133, ''],
    ['/MK black background added', 132, ' /MK << /BG [0 0 0] >>'],
    ['/OC (optional content) added', 132, ' /OC << /Type /OCMD >>'],
  ];
  for (const [what, flags, extra] of cases)
    it(`${what}: refused (pyHanko: invalid)`, async () => {
      const slug = what.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
      const r = await verifyPdf(
        keep(`signed-widget-${slug}`, appendUpdate(visible2(), [{ num: 11, body: approve1(flags, extra) }])),
        { trust: team.outside, now: NOW },
      );
      expectRefused(r, /signed field Approve1 changed: \/(F|MK|OC)/);
    });

  it('the same widget left as it was, with a later /Info update: still valid', async () => {
    const r = await verifyPdf(
      appendUpdate(visible2(), [{ num: 30, body: '<< /Producer (x) >>' }], undefined, ' /Info 30 0 R'),
      { trust: team.outside, now: NOW },
    );
    expect(r.verdict).toBe('valid');
  });
});

/** A font whose encoding draws "Khong" as "Co" (K→C, h→o, the rest blank). */
const REMAPPED_FONT =
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [75 /C 104 /o 111 /space 110 /space 103 /space] >> >>';

describe('the form default appearance (/DR, /DA) changed after signing', { timeout: 60_000 }, () => {
  it('pyHanko file, GhiChu drawn with /Helv from its /DA: a /DR /Helv font added that remaps glyphs is refused (pyHanko: valid)', async () => {
    const r = await verifyPdf(
      keep(
        'dr-helv-remapped',
        appendUpdate(visible2(), [
          { num: 30, body: REMAPPED_FONT },
          {
            num: 9,
            body: '<< /Fields [ 8 0 R 11 0 R 17 0 R ] /DA (/Helv 0 Tf 0 g) /SigFlags 3 /DR << /Font << /Helv 30 0 R >> >> >>',
          },
        ]),
      ),
      { trust: team.outside, now: NOW },
    );
    expectRefused(r, /\/DR\/Font\/Helv added/);
  });

  it('pyHanko file: a /DR font under a name no field draws with is allowed (a later signer adds its own)', async () => {
    const r = await verifyPdf(
      appendUpdate(visible2(), [
        { num: 30, body: '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>' },
        {
          num: 9,
          body: '<< /Fields [ 8 0 R 11 0 R 17 0 R ] /DA (/Helv 0 Tf 0 g) /SigFlags 3 /DR << /Font << /ZaDb 30 0 R >> >> >>',
        },
      ]),
      { trust: team.outside, now: NOW },
    );
    expect(r.verdict).toBe('valid');
  });

  /**
   * Our own shape: the teacher signs a record whose form holds a text field drawn from the
   * form's /DA and /DR (field 11, no /DA, no /AP) and the three role fields.
   */
  const signedWithDefaults = () => {
    const page =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R 11 0 R] >>';
    const prepared = appendUpdate(basePdf(), [
      { num: 10, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' },
      {
        num: 11,
        body: '<< /FT /Tx /T (GhiChu) /V (Khong) /Type /Annot /Subtype /Widget /Rect [50 700 300 720] /F 4 /P 3 0 R >>',
      },
      {
        num: 6,
        body: '<< /Fields [7 0 R 8 0 R 9 0 R 11 0 R] /SigFlags 3 /DA (/Helv 12 Tf 0 g) /DR << /Font << /Helv 10 0 R >> >> >>',
      },
      { num: 3, body: page },
    ]);
    return signField(prepared, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  };
  const form = (da: string, dr: string) => ({
    num: 6,
    body: `<< /Fields [7 0 R 8 0 R 9 0 R 11 0 R] /SigFlags 3 /DA (${da}) /DR << /Font << ${dr} >> >> >>`,
  });

  it('our shape, untouched, then the principal signs: valid', async () => {
    const signed = signedWithDefaults();
    expect((await verifyPdf(signed, { trust: team.own, now: NOW })).verdict).toBe('valid');
    const r = await verifyPdf(signField(signed, 8, 'hocba.principal', team.pki.signers.principal, team.pki), {
      trust: team.own,
      now: NOW,
    });
    expect(r.verdict).toBe('valid');
  });

  it('our shape: /DR /Helv pointed at a remapped font: refused', async () => {
    const signed = signedWithDefaults();
    const r = await verifyPdf(
      keep(
        'dr-helv-repointed',
        appendUpdate(signed, [{ num: 40, body: REMAPPED_FONT }, form('/Helv 12 Tf 0 g', '/Helv 40 0 R')]),
      ),
      { trust: team.own, now: NOW },
    );
    expectRefused(r, /\/DR\/Font\/Helv/);
  });

  it('our shape: the /DR font object rewritten in place with a remapped encoding: refused', async () => {
    const r = await verifyPdf(
      keep('dr-font-rewritten', appendUpdate(signedWithDefaults(), [{ num: 10, body: REMAPPED_FONT }])),
      { trust: team.own, now: NOW },
    );
    expect(r.verdict).toBe('invalid');
    for (const s of r.signatures) expect(s.subIndication).toBe('MODIFIED_AFTER_SIGNING');
  });

  it('our shape: /DA turned white (1 g): refused', async () => {
    const r = await verifyPdf(
      keep('da-white', appendUpdate(signedWithDefaults(), [form('/Helv 12 Tf 1 g', '/Helv 10 0 R')])),
      { trust: team.own, now: NOW },
    );
    expectRefused(r, /\/DA changed/);
  });

  it('our shape: /DA removed, /DR emptied: refused', async () => {
    const r = await verifyPdf(
      appendUpdate(signedWithDefaults(), [
        { num: 6, body: '<< /Fields [7 0 R 8 0 R 9 0 R 11 0 R] /SigFlags 3 /DR << /Font << >> >> >>' },
      ]),
      { trust: team.own, now: NOW },
    );
    expectRefused(r, /\/DA changed|\/DR\/Font\/Helv/);
  });

  it('our shape: a font added under a new name, /DA kept: allowed', async () => {
    const r = await verifyPdf(
      appendUpdate(signedWithDefaults(), [
        { num: 40, body: '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>' },
        form('/Helv 12 Tf 0 g', '/Helv 10 0 R /ZaDb 40 0 R'),
      ]),
      { trust: team.own, now: NOW },
    );
    expect(r.verdict).toBe('valid');
  });
});
