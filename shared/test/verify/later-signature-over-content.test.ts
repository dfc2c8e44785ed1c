/**
 * Red team, session 8: a later signer's visible signature drawn over the page (the Evil
 * Annotation attack done with a signature's own appearance). The teacher signed "Toan 9 diem";
 * a later signature (anyone with a certificate) draws a white box reading "Toan 10 diem" over
 * it, a tenth of the quarter page we allowed. Every signature then verified, and the page read
 * 10 (pyHanko: valid, it does not look where a new signature draws). Now a new visible
 * signature may not cover the page's text or a field already shown; in blank space it is fine.
 * Set HOCBA_DUMP_ATTACKS=<dir> to keep the attack files (pyHanko, pdftoppm by hand).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { appendUpdate, basePdf, nextObjectNumber, signField } from './pdf-fixtures.js';
import { keep, NOW, OUTSIDE_DIR, redTeam } from './red-team.js';

const team = redTeam();

type Rect = [number, number, number, number];

/** A white box with words on it, the size of `rect`. */
function overlay(rect: Rect, words: string, fontNum: number): string {
  const w = rect[2] - rect[0];
  const h = rect[3] - rect[1];
  const s = `q 1 1 1 rg 0 0 ${w} ${h} re f Q BT /F1 12 Tf 2 ${(h - 9) / 2} Td (${words}) Tj ET`;
  return `<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << /Font << /F1 ${fontNum} 0 R >> >> /Length ${s.length} >>\nstream\n${s}\nendstream`;
}

/**
 * A later signature in a new visible field at `rect` on page 3, drawn with `words`. `form` and
 * `annots` give the form's and the page's new bodies with the new field's reference.
 */
function laterVisibleSignature(
  pdf: Uint8Array,
  rect: Rect,
  words: string,
  form: (field: string) => { num: number; body: string },
  annots: (field: string) => { num: number; body: string },
): Uint8Array {
  const sigNum = nextObjectNumber(pdf);
  const [fieldNum, apNum, fontNum] = [sigNum + 1, sigNum + 2, sigNum + 3];
  const ref = `${fieldNum} 0 R`;
  return signField(pdf, fieldNum, 'Later', team.pki.signers.principal, team.pki, {
    widget: `/Rect [${rect.join(' ')}] /F 4 /AP << /N ${apNum} 0 R >>`,
    alsoUpdate: [
      { num: apNum, body: overlay(rect, words, fontNum) },
      { num: fontNum, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
      form(ref),
      annots(ref),
    ],
  });
}

/**
 * The teacher signs a page whose `content` draws the form XObject 10 (`form`, its dictionary
 * `formDict`); then a later visible signature at `rect` reads `words`.
 */
function laterOverFormPage(
  content: string,
  form: string,
  formDict: string,
  rect: Rect,
  words: string,
): Uint8Array {
  const page = (annots: string) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 10 0 R >> >> /Annots [${annots}] >>`;
  const prepared = appendUpdate(basePdf(), [
    { num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` },
    {
      num: 10,
      body: `<< /Type /XObject /Subtype /Form ${formDict} /Length ${form.length} >>\nstream\n${form}\nendstream`,
    },
    { num: 3, body: page('7 0 R 8 0 R 9 0 R') },
  ]);
  const signed = signField(prepared, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  return laterVisibleSignature(
    signed,
    rect,
    words,
    (f) => ({ num: 6, body: `<< /Fields [7 0 R 8 0 R 9 0 R ${f}] /SigFlags 3 >>` }),
    (f) => ({ num: 3, body: page(`7 0 R 8 0 R 9 0 R ${f}`) }),
  );
}

const disallowed = (r: DocumentReport) =>
  r.signatures.flatMap((s) => s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED'));
/** What the signature-widget rule said of boxes drawn over the page's text. */
const overText = (r: DocumentReport) =>
  r.signatures
    .flatMap((s) => s.modifications.changes)
    .filter((c) => c.rule === 'signature-widget' && /glyphs of text/.test(c.detail))
    .map((c) => c.detail)
    .join(' | ');

/** The page text "Hoc ba: Nguyen Van An, lop 5A, Toan 9 diem" sits at (50, 750), Helvetica 12. */
const OVER_THE_GRADE: Rect = [250, 742, 360, 764];
const BLANK_SPACE: Rect = [350, 60, 520, 110];

describe('our shape: the teacher signed; a later visible signature', { timeout: 120_000 }, () => {
  const PAGE = (annots: string) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${annots}] >>`;
  const teacherSigned = () => signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  const later = (pdf: Uint8Array, rect: Rect, words: string) =>
    laterVisibleSignature(
      pdf,
      rect,
      words,
      (f) => ({ num: 6, body: `<< /Fields [7 0 R 8 0 R 9 0 R ${f}] /SigFlags 3 >>` }),
      (f) => ({ num: 3, body: PAGE(`7 0 R 8 0 R 9 0 R ${f}`) }),
    );

  it('over the grade, reading "Toan 10 diem": valid with a warning naming the page (Adobe, pyHanko: valid, no warning)', async () => {
    const r = await verifyPdf(
      keep('over-grade-own', later(teacherSigned(), OVER_THE_GRADE, 'Toan 10 diem')),
      {
        trust: team.both,
        now: NOW,
      },
    );
    expect(r.verdict).toBe('valid');
    expect(disallowed(r)).toEqual([]);
    expect(overText(r)).toMatch(/drawn over \d+ glyphs of text/);
    const warning = r.warnings?.find((w) => w.code === 'SIGNATURE_OVER_TEXT');
    expect(warning?.message.vi).toMatch(/vẽ đè lên chữ của trang 1/);
    expect(warning?.message.en).toMatch(/page 1/);
  });

  it('in blank space at the foot of the page: valid, no warning (a signature box where it belongs)', async () => {
    const r = await verifyPdf(later(teacherSigned(), BLANK_SPACE, 'Hieu truong'), {
      trust: team.both,
      now: NOW,
    });
    expect(r.verdict).toBe('valid');
    expect(r.warnings?.map((w) => w.code) ?? []).not.toContain('SIGNATURE_OVER_TEXT');
  });

  it('over text the page draws through a form XObject, with a text matrix and scaling: seen, and warned of', async () => {
    const form = 'BT /F1 10 Tf 1 0 0 1 0 0 Tm 150 Tz (Diem ren luyen: Tot) Tj ET';
    const content = 'q 1 0 0 1 40 400 cm /Fm1 Do Q';
    // "Tot" ends the line: 20 glyphs × 6 pt × 1.5 from x = 40; the box sits over its last quarter.
    const rect: Rect = [170, 395, 260, 415];
    const over = laterOverFormPage(
      content,
      form,
      '/BBox [0 0 400 40] /Resources << /Font << /F1 5 0 R >> >>',
      rect,
      'Kem',
    );
    const r = await verifyPdf(over, { trust: team.both, now: NOW });
    expect(r.verdict).toBe('valid');
    expect(overText(r)).toMatch(/glyphs of text/);
    expect(r.warnings?.map((w) => w.code)).toContain('SIGNATURE_OVER_TEXT');
  });
});

describe('a two-page record: the teacher signed visibly on page 1', { timeout: 120_000 }, () => {
  const PAGE1 = (annots: string) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${annots}] >>`;
  const PAGE2 = (annots: string) =>
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Annots [${annots}] >>`;
  const teacherSigned = () => {
    const prepared = appendUpdate(basePdf(), [
      { num: 2, body: '<< /Type /Pages /Kids [3 0 R 10 0 R] /Count 2 >>' },
      { num: 10, body: PAGE2('') },
    ]);
    const ap = nextObjectNumber(prepared) + 1;
    return signField(prepared, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
      widget: `/Rect [${BLANK_SPACE.join(' ')}] /F 4 /AP << /N ${ap} 0 R >>`,
      alsoUpdate: [{ num: ap, body: overlay(BLANK_SPACE, 'GVCN', 5) }],
    });
  };
  const later = (pdf: Uint8Array, pageNum: number) =>
    laterVisibleSignature(
      pdf,
      BLANK_SPACE,
      'Hieu truong',
      (f) => ({ num: 6, body: `<< /Fields [7 0 R 8 0 R 9 0 R ${f}] /SigFlags 3 >>` }),
      (f) =>
        pageNum === 3 ? { num: 3, body: PAGE1(`7 0 R 8 0 R 9 0 R ${f}`) } : { num: 10, body: PAGE2(f) },
    );

  it('the principal at the same place on page 2: valid (was refused as covering the teacher)', async () => {
    const signed = teacherSigned();
    expect((await verifyPdf(signed, { trust: team.both, now: NOW })).verdict).toBe('valid');
    const r = await verifyPdf(later(signed, 10), { trust: team.both, now: NOW });
    expect(r.verdict).toBe('valid');
  });

  it('the principal at the same place on page 1, over the teacher: refused', async () => {
    const r = await verifyPdf(later(teacherSigned(), 3), { trust: team.both, now: NOW });
    expect(r.verdict).toBe('invalid');
    expect(
      disallowed(r)
        .map((c) => c.detail)
        .join(' | '),
    ).toMatch(/an earlier signature/);
  });
});

describe("pyHanko's file (two visible approvals and the text field GhiChu)", { timeout: 120_000 }, () => {
  const visible2 = () => new Uint8Array(readFileSync(join(OUTSIDE_DIR, 'pyhanko-visible-2.pdf')));
  const later = (rect: Rect, words: string) =>
    laterVisibleSignature(
      visible2(),
      rect,
      words,
      (f) => ({
        num: 9,
        body: `<< /Fields [ 8 0 R 11 0 R 17 0 R ${f} ] /DA (/Helv 0 Tf 0 g) /SigFlags 3 >>`,
      }),
      (f) => ({ num: 7, body: `[ 8 0 R 11 0 R 17 0 R ${f} ]` }),
    );

  it('a third signature over the grade: valid with the over-text warning (pyHanko: valid)', async () => {
    const r = await verifyPdf(keep('over-grade-pyhanko', later(OVER_THE_GRADE, 'Toan 10 diem')), {
      trust: team.both,
      now: NOW,
    });
    expect(r.verdict).toBe('valid');
    expect(r.warnings?.map((w) => w.code)).toContain('SIGNATURE_OVER_TEXT');
  });

  it('a third signature over the field GhiChu (its value shown): refused', async () => {
    const r = await verifyPdf(keep('over-field-pyhanko', later([60, 695, 200, 725], 'Co')), {
      trust: team.both,
      now: NOW,
    });
    expect(r.verdict).toBe('invalid');
    expect(
      disallowed(r)
        .map((c) => c.detail)
        .join(' | '),
    ).toMatch(/annotations/);
  });

  it('a third signature beside the two others, in blank space: valid', async () => {
    const r = await verifyPdf(keep('blank-pyhanko', later([350, 180, 520, 230], 'Hieu truong')), {
      trust: team.both,
      now: NOW,
    });
    expect(r.verdict).toBe('valid');
  });
});

describe('reading the page for its text stays bounded on a hostile page', { timeout: 120_000 }, () => {
  const cases: [string, string, string][] = [
    [
      'a form drawing itself 60 times a level and 300,000 text operators',
      `BT /F1 8 Tf 10 10 Td (x) Tj ET ${Array.from({ length: 60 }, () => '/Fm1 Do').join(' ')}`,
      `${'BT /F1 1 Tf 300 300 Td (.) Tj ET\n'.repeat(60_000)}q /Fm1 Do Q`,
    ],
    [
      'a 4 MB form of operands alone, drawn 2,000 times',
      '1 '.repeat(2_000_000),
      Array.from({ length: 2_000 }, () => '/Fm1 Do').join('\n'),
    ],
  ];
  for (const [what, form, content] of cases)
    it(`${what}: judged within seconds of CPU`, async () => {
      const over = laterOverFormPage(
        content,
        form,
        '/BBox [0 0 100 100] /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 10 0 R >> >>',
        BLANK_SPACE,
        'Hieu truong',
      );
      const cpu = process.cpuUsage();
      const r = await verifyPdf(over, { trust: team.both, now: NOW });
      const used = process.cpuUsage(cpu);
      const seconds = (used.user + used.system) / 1e6;
      console.log(`${what}: verified in ${seconds.toFixed(2)} s of CPU`);
      expect(seconds).toBeLessThan(20);
      // The widget sits in blank space, so the page as read is no reason to refuse it.
      expect(r.verdict).toBe('valid');
    });
});
