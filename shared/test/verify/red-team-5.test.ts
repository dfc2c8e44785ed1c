/**
 * Red team, round five (session 11): attack files a red team brings after round four (see
 * docs/verification.md, "Attack files, round five", for the table with pyHanko's and pdfsig's
 * verdicts). Each `it` names what pyHanko said where it can read the file (our field names
 * hold periods; the same attacks were written with `hocba_gvcn` for it by hand).
 */
import { describe, expect, it } from 'vitest';
import { readAttachedRecord } from '../../src/pdf/reader/index.js';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import {
  addSignatureTimestamp,
  attributeOf,
  attributeOid,
  handMadeTimestamp,
  resignAttributes,
  signerInfoTwice,
} from '../support/cms-surgery.js';
import { timestampToken } from '../support/openssl.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';
import { keep, NOW, redTeam } from './red-team.js';
import { appendXrefStreamUpdate } from './red-team-4-files.js';
import {
  asciiJson,
  hybridUpdate,
  portalRecordPdf,
  recordHiddenBetweenRevisions,
  recordTwiceInOneUpdate,
  updateUnderHeader,
  withoutRoot,
  withTrailerInComment,
} from './red-team-5-files.js';

const team = redTeam();

async function verify(name: string, bytes: Uint8Array): Promise<DocumentReport> {
  return verifyPdf(keep(name, bytes), { trust: team.own, now: NOW });
}

/** DER OID contents (hex) and values for the attributes written twice. */
const SIGNING_TIME = '2a864886f70d010905';
const MESSAGE_DIGEST = '2a864886f70d010904';
const CONTENT_TYPE = '2a864886f70d010903';
const ESS_V2 = '2a864886f70d010910022f';
const utcTime = (s: string) => new Uint8Array([0x17, s.length, ...new TextEncoder().encode(s)]);
const zeroDigest = new Uint8Array([0x04, 32, ...new Uint8Array(32)]);
const ctTstInfo = new Uint8Array([6, 11, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04]);

describe('CMS signed attributes given twice, signed by the real key', { timeout: 60_000 }, () => {
  const signedWith = (name: string, edit: (attributes: Uint8Array[]) => Uint8Array[]) =>
    verify(
      name,
      signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
        transformCms: (cms) => resignAttributes(cms, team.pki.signers.gvcn.keyPem, edit),
      }),
    );

  it('signed again as openssl wrote them, or in another order: valid (pyHanko: valid)', async () => {
    expect((await signedWith('rt5-cms-control', (a) => a)).verdict).toBe('valid');
    expect((await signedWith('rt5-cms-unsorted', (a) => [...a].reverse())).verdict).toBe('valid');
  });

  const twice: [string, (a: Uint8Array[]) => Uint8Array[], string][] = [
    [
      'a second signing time (2020)',
      (a) => [...a, attributeOf(SIGNING_TIME, utcTime('200101000000Z'))],
      'signingTime',
    ],
    [
      'a second messageDigest, wrong, after the right one',
      (a) => [...a, attributeOf(MESSAGE_DIGEST, zeroDigest)],
      'messageDigest',
    ],
    [
      'a wrong messageDigest before the right one',
      (a) => [attributeOf(MESSAGE_DIGEST, zeroDigest), ...a],
      'messageDigest',
    ],
    ['a second contentType (TSTInfo)', (a) => [...a, attributeOf(CONTENT_TYPE, ctTstInfo)], 'contentType'],
    [
      'the signing-certificate-v2 attribute twice',
      (a) => [...a, ...a.filter((x) => attributeOid(x) === ESS_V2)],
      'signingCertificateV2',
    ],
  ];
  for (const [what, edit, attribute] of twice)
    it(`${what}: FORMAT_FAILURE (pyHanko: FORMAT_FAILURE or a processing error; we read the first)`, async () => {
      const r = await signedWith(`rt5-cms-${attribute}`, edit);
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
      expect(r.signatures[0]?.integrity.detail).toContain(attribute);
    });
});

describe('one record to the signer, another to the receiving school', { timeout: 60_000 }, () => {
  const records = async () => {
    const { generateClass } = await import('../../src/generator/index.js');
    const record = generateClass({ seed: 4, grade: 5, size: 1, defectRate: 0 }).records[0];
    const checked = asciiJson(record);
    const other = asciiJson({ ...record, student: { ...record?.student, fullName: 'Trần Văn Khác' } });
    return { checked, other };
  };
  const sign = (pdf: Uint8Array) => signField(pdf, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  const shownToSigner = (pdf: Uint8Array) =>
    JSON.parse(new TextDecoder().decode(readAttachedRecord(pdf))).student.fullName as string;

  it('the portal record attached once, signed: OK, the record the companion read', async () => {
    const { checked } = await records();
    const file = sign(portalRecordPdf(checked));
    const r = await verify('rt5-record-once', file);
    expect(r.verdict).toBe('valid');
    expect(r.record?.status).toBe('OK');
    expect(r.record?.record?.student.fullName).toBe(shownToSigner(file));
  });

  const variants: [string, (checked: string, other: string) => Uint8Array][] = [
    ['defined again by an update its xref does not list', (c, o) => recordHiddenBetweenRevisions(c, o)],
  ];
  for (const [what, make] of variants)
    it(`the record stream ${what}: the record is INVALID (pdfdetach and the companion read the listed one; we showed the other, OK)`, async () => {
      const { checked, other } = await records();
      const file = sign(make(checked, other));
      expect(shownToSigner(file)).not.toBe('Trần Văn Khác');
      const r = await verify(`rt5-record-${what.split(' ')[0]}`, file);
      expect(r.signatures[0]?.status).toBe('TOTAL_PASSED');
      expect(r.record?.status).toBe('INVALID');
      expect(r.record?.record).toBeNull();
      expect(r.record?.problems[0]?.reason.en).toContain('cross-reference');
    });

  // Session 12: the scan reads these headers as poppler does, and within a revision takes the
  // definition its xref points at (document/resolver.ts): both readers read the listed record.
  for (const header of ['10 000000 obj', '10 0 %c\nobj'])
    it(`defined twice in one update, the listed one as \`${header.replace('\n', ' ')}\`: both readers read the listed one, OK (round five: INVALID)`, async () => {
      const { checked, other } = await records();
      const file = sign(recordTwiceInOneUpdate(checked, other, header));
      const r = await verify(`rt5-record-twice-${header.replace(/\W+/g, '-')}`, file);
      expect(r.record?.status).toBe('OK');
      expect(r.record?.record?.student.fullName).toBe(shownToSigner(file));
    });

  it('defined twice in one update, the xref listing the last one: both readers agree, OK', async () => {
    const { checked, other } = await records();
    const r = await verify(
      'rt5-record-twice-agree',
      sign(recordTwiceInOneUpdate(checked, other, '10 0 obj')),
    );
    expect(r.record?.status).toBe('OK');
  });
});

describe('signature time-stamps that cannot stand are set aside, never the signing time', {
  timeout: 60_000,
}, () => {
  const now = () => `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const stamped = (
    name: string,
    token?: (signatureValue: Uint8Array) => Uint8Array,
    signer = team.pki.signers.gvcn,
  ) =>
    verifyPdf(
      keep(
        name,
        signField(basePdf(), 7, 'hocba.gvcn', signer, team.pki, {
          transformCms: (cms) => addSignatureTimestamp(cms, team.pki, token),
        }),
      ),
      { trust: team.own },
    );

  it('made by the TSA (openssl ts) or by hand with its key, now: the signing time (pyHanko: valid)', async () => {
    for (const r of [
      await stamped('rt5-ts-control'),
      await stamped('rt5-ts-hand-made', (v) => handMadeTimestamp(v, now(), team.pki.tsa, team.pki)),
    ]) {
      expect(r.verdict).toBe('valid');
      expect(r.signatures[0]?.timeSource).toBe('TIMESTAMP');
    }
  });

  const setAside: [string, (v: Uint8Array) => Uint8Array, string, string][] = [
    [
      'its imprint over other bytes (pyHanko: INVALID)',
      () => timestampToken(new Uint8Array([1, 2, 3]), team.pki),
      'ALTERED',
      '',
    ],
    [
      'genTime 2020, before the TSA certificate (pyHanko: valid, 2020 shown as the time)',
      (v) => handMadeTimestamp(v, '20200101000000Z', team.pki.tsa, team.pki),
      'INTACT',
      'NOT_YET_VALID',
    ],
    [
      'genTime 2040, after the TSA certificate (pyHanko: valid)',
      (v) => handMadeTimestamp(v, '20400101000000Z', team.pki.tsa, team.pki),
      'INTACT',
      'EXPIRED',
    ],
    [
      "the principal's certificate as the TSA, no timeStamping EKU (pyHanko: INVALID)",
      (v) => handMadeTimestamp(v, now(), team.pki.signers.principal, team.pki),
      'INTACT',
      'WRONG_KEY_USAGE',
    ],
  ];
  for (const [what, token, status, trust] of setAside)
    it(`${what}: set aside, the claimed time with the TIME_CLAIMED warning`, async () => {
      const r = await stamped(`rt5-ts-${status}-${trust}`, token);
      expect(r.verdict).toBe('valid');
      expect(r.warnings?.map((w) => w.code)).toContain('TIME_CLAIMED');
      const s = r.signatures[0];
      expect(s?.timeSource).toBe('CLAIMED_CMS');
      expect(s?.timestamp?.status).toBe(status);
      if (trust) expect(s?.timestamp?.trust).toBe(trust);
    });

  it("a trusted time-stamp proving the signer's certificate had expired: EXPIRED (pyHanko: INVALID)", async () => {
    const r = await stamped('rt5-ts-expired-signer', undefined, team.pki.signers.expired);
    expect(r.signatures[0]?.timeSource).toBe('TIMESTAMP');
    expect(r.signatures[0]?.subIndication).toBe('EXPIRED');
  });
});

describe('updates through object headers and sections a viewer reads otherwise', { timeout: 60_000 }, () => {
  const TEN = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
  const content = `<< /Length ${TEN.length} >>\nstream\n${TEN}\nendstream`;
  const signed = () => signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);

  // Session 12: these headers are read as poppler reads them, so the change is judged for what
  // it is (the page's content), not as a pointer "outside the update".
  const headers: [string, string, string?][] = [
    ['4 000000 obj', 'page-content'],
    ['4 0obj', 'page-content'],
    ['4 0 %c\nobj', 'page-content'],
    ['14 0 obj', 'update-xref'],
    ['4 1 obj', 'page-content', '00001'],
    ['4 70000 obj', 'page-content', '70000'],
  ];
  for (const [header, rule, gen] of headers)
    it(`the page content written as \`${header.replace('\n', ' ')}\` where the xref points: refused (${rule}; poppler draws "10 diem" or nothing)`, async () => {
      const t0 = performance.now();
      const r = await verify(
        `rt5-header-${header.replace(/\W+/g, '-')}`,
        updateUnderHeader(signed(), header, content, 4, gen),
      );
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
      expect(r.signatures[0]?.modifications.changes.map((c) => c.rule)).toContain(rule);
    });

  it('a hybrid update: the page as it was in the table, the font swapped through /XRefStm only: refused (pyHanko: invalid)', async () => {
    const r = await verify(
      'rt5-hybrid-update',
      hybridUpdate(signed(), '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>'),
    );
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.rule)).toContain('page-content');
  });

  it('the font redefined in an object stream whose /Extends loops through another: refused (pyHanko: valid, "signature maintenance")', async () => {
    const r = await verify(
      'rt5-extends-loop',
      appendXrefStreamUpdate(signed(), {
        direct: [
          {
            num: 30,
            body: '<< /Type /ObjStm /N 1 /First 4 /Extends 31 0 R /Length 12 >>\nstream\n5 0 << >>  \nendstream',
          },
          {
            num: 31,
            body: '<< /Type /ObjStm /N 0 /First 0 /Extends 30 0 R /Length 0 >>\nstream\n\nendstream',
          },
        ],
      }),
    );
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.rule)).toContain('page-content');
  });
});

describe("an update's trailer as a viewer reads it, not the last word `trailer`", { timeout: 60_000 }, () => {
  const TEN = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
  const newDocument = [
    { num: 20, body: '<< /Type /Catalog /Pages 21 0 R /AcroForm 6 0 R >>' },
    { num: 21, body: '<< /Type /Pages /Kids [22 0 R] /Count 1 >>' },
    {
      num: 22,
      body: '<< /Type /Page /Parent 21 0 R /MediaBox [0 0 595 842] /Contents 23 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    },
    { num: 23, body: `<< /Length ${TEN.length} >>\nstream\n${TEN}\nendstream` },
  ];
  const signed = () => signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  const updates: [string, () => Uint8Array][] = [
    ['classic', () => appendUpdate(signed(), newDocument, '20 0 R')],
    ['xref stream', () => appendXrefStreamUpdate(signed(), { direct: newDocument }, '20 0 R')],
  ];
  it('a new catalog and page, the update\'s trailer without /Root, `trailer << /Root 20 0 R >>` a line of a stream: refused (poppler rebuilds and draws "10 diem"; pyHanko: valid)', async () => {
    const fake = 'x\ntrailer\n<< /Root 20 0 R /Size 25 >>\n';
    const lure = [
      ...newDocument,
      { num: 24, body: `<< /Length ${fake.length} >>\nstream\n${fake}\nendstream` },
    ];
    const kept = await verify('rt5-trailer-root-kept', appendUpdate(signed(), newDocument, '1 0 R'));
    expect(kept.verdict).toBe('valid');
    const r = await verify('rt5-trailer-no-root', withoutRoot(appendUpdate(signed(), lure, '1 0 R')));
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.modifications.changes.map((c) => c.detail)).toContainEqual(
      expect.stringContaining('names no document catalog'),
    );
  });

  it('a `trailer << /Root 20 0 R >>` line after the real trailer, or in a stream, of an update adding a new page tree: refused (poppler, rebuilding a file whose signed catalog entry is one byte off, draws "10 diem")', async () => {
    const base = Buffer.from(basePdf()).toString('latin1');
    const catalogAt = String(base.indexOf('1 0 obj')).padStart(10, '0');
    const offByOne = String(base.indexOf('1 0 obj') + 1).padStart(10, '0');
    // Signed as it is (a viewer repairs the entry and shows the signed page): valid.
    const repaired = new Uint8Array(
      Buffer.from(base.replace(`${catalogAt} 00000 n`, `${offByOne} 00000 n`), 'latin1'),
    );
    const signedRepaired = signField(repaired, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
    expect((await verify('rt5-catalog-off-by-one', signedRepaired)).verdict).toBe('valid');
    const fake = 'trailer\n<< /Root 20 0 R /Size 25 >>\n';
    const update = Buffer.from(appendUpdate(signedRepaired, newDocument, '1 0 R')).toString('latin1');
    const after = update.replace(/(>>\n)(startxref\n\d+\n%%EOF\n)$/, `$1%x\n${fake}$2`);
    const inStream = Buffer.from(
      appendUpdate(
        signedRepaired,
        [
          ...newDocument,
          { num: 24, body: `<< /Length ${fake.length + 2} >>\nstream\nx\n${fake}\nendstream` },
        ],
        '1 0 R',
      ),
    ).toString('latin1');
    for (const [name, file] of [
      ['after', after],
      ['in-stream', inStream],
    ] as const) {
      const r = await verify(`rt5-stray-trailer-${name}`, new Uint8Array(Buffer.from(file, 'latin1')));
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]?.modifications.changes.map((c) => c.detail)).toContainEqual(
        expect.stringContaining("a second 'trailer'"),
      );
    }
  });

  for (const [kind, update] of updates)
    it(`${kind === 'classic' ? 'a classic' : 'an xref-stream'} update's new catalog and page, the old /Root in a comment after its trailer: refused (poppler draws "10 diem"; pyHanko: invalid)`, async () => {
      for (const [name, file] of [
        ['plain', update()],
        ['comment', withTrailerInComment(update())],
      ] as const) {
        const r = await verify(`rt5-trailer-${kind.replace(' ', '-')}-${name}`, file);
        expect(r.verdict).toBe('invalid');
        expect(r.signatures[0]?.modifications.changes.map((c) => c.rule)).toContain('catalog');
      }
    });
});

describe('a signature time-stamp token with two SignerInfos', { timeout: 60_000 }, () => {
  it('is set aside, the claimed time with TIME_CLAIMED (RFC 3161 §2.4.2; pyHanko: processing error; we took the first)', async () => {
    const r = await verifyPdf(
      keep(
        'rt5-ts-two-signers',
        signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
          transformCms: (cms) =>
            addSignatureTimestamp(cms, team.pki, (v) => signerInfoTwice(timestampToken(v, team.pki))),
        }),
      ),
      { trust: team.own },
    );
    expect(r.signatures[0]?.timeSource).toBe('CLAIMED_CMS');
    expect(r.signatures[0]?.timestamp?.status).toBe('MALFORMED');
    expect(r.warnings?.map((w) => w.code)).toContain('TIME_CLAIMED');
  });

  it('in the signature itself: FORMAT_FAILURE (unchanged; pyHanko: processing error)', async () => {
    const r = await verify(
      'rt5-cms-two-signers',
      signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki, {
        transformCms: signerInfoTwice,
      }),
    );
    expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
  });
});
