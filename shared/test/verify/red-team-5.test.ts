/**
 * Red team, round five (session 11): attack files a red team brings after round four (see
 * docs/verification.md, "Attack files, round five", for the table with pyHanko's and pdfsig's
 * verdicts). Each `it` names what pyHanko said where it can read the file (our field names
 * hold periods; the same attacks were written with `hocba_gvcn` for it by hand).
 */
import { describe, expect, it } from 'vitest';
import { readAttachedRecord } from '../../src/pdf/reader/index.js';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { attributeOf, attributeOid, resignAttributes } from '../support/cms-surgery.js';
import { basePdf, signField } from './pdf-fixtures.js';
import { keep, NOW, redTeam } from './red-team.js';
import {
  asciiJson,
  portalRecordPdf,
  recordHiddenBetweenRevisions,
  recordTwiceInOneUpdate,
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
    [
      'defined twice in one update, the listed one as `10 000000 obj`',
      (c, o) => recordTwiceInOneUpdate(c, o, '10 000000 obj'),
    ],
    [
      'defined twice in one update, the listed one as `10 0 %c obj`',
      (c, o) => recordTwiceInOneUpdate(c, o, '10 0 %c\nobj'),
    ],
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

  it('defined twice in one update, the xref listing the last one: both readers agree, OK', async () => {
    const { checked, other } = await records();
    const r = await verify(
      'rt5-record-twice-agree',
      sign(recordTwiceInOneUpdate(checked, other, '10 0 obj')),
    );
    expect(r.record?.status).toBe('OK');
  });
});
