/**
 * Who signed in what role: the field's name is the signer's claim, the certificate's subject
 * is what the CA certified. A teacher's certificate in the principal's field is reported as the
 * teacher, with a warning, never as "Hiệu trưởng".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import {
  createTrustStore,
  type DocumentReport,
  type SignatureReport,
  type SignerInWords,
  type TrustStore,
  verifyPdf,
} from '../../src/verify/index.js';
import { acceptDeclaredDelegation, roleOf } from '../../src/verify/signer.js';
import { testPki } from './helpers.js';
import { basePdf, signField } from './pdf-fixtures.js';

const person = (title: string | null, unit: string | null = null): SignerInWords => ({
  name: 'Nguyễn Thị Lan',
  organization: 'Trường Tiểu học Kim Đồng',
  title,
  unit,
  id: 'CCCD:001190012345',
  idType: 'CCCD',
  subject: '',
  issuer: '',
  serialNumber: '01',
  validFrom: '2025-01-01T00:00:00Z',
  validTo: '2030-01-01T00:00:00Z',
});
const organisation: SignerInWords = {
  ...person(null),
  name: 'Trường Tiểu học Kim Đồng',
  id: 'MST:0101234567',
  idType: 'MST',
};

describe('roleOf: the claimed role (field) beside the certified one (certificate)', () => {
  it('agreeing sources: the role, from the field, confirmed', () => {
    expect(roleOf('HocBa_HieuTruong', person('Hiệu trưởng'))).toMatchObject({
      role: 'principal',
      roleSource: 'FIELD',
      roleEvidence: {
        claimed: 'principal',
        certified: 'principal',
        certifiedBy: 'TITLE',
        agreement: 'MATCH',
      },
    });
    expect(roleOf('HocBa_ConDau', organisation).roleEvidence?.agreement).toBe('MATCH');
    // A teacher's title fits the homeroom field: "chủ nhiệm" is a yearly assignment.
    expect(roleOf('HocBa_GVCN', person('Giáo viên')).roleEvidence?.agreement).toBe('MATCH');
    expect(roleOf('hocba.gvcn', person('Giáo viên chủ nhiệm')).roleEvidence?.agreement).toBe('MATCH');
  });

  it("a teacher's certificate in the principal's field is the teacher's signature", () => {
    expect(roleOf('HocBa_HieuTruong', person('Giáo viên chủ nhiệm'))).toEqual({
      role: 'gvcn',
      roleSource: 'CERTIFICATE',
      roleEvidence: {
        claimed: 'principal',
        certified: 'gvcn',
        certifiedBy: 'TITLE',
        certificateSays: 'Giáo viên chủ nhiệm',
        agreement: 'MISMATCH',
      },
    });
  });

  it('a title naming no role, a deputy, an organisation in a person’s field: no role shown, never the claim', () => {
    for (const [field, signer] of [
      ['HocBa_HieuTruong', person('Phó hiệu trưởng')],
      ['HocBa_HieuTruong', person('Kế toán')],
      ['HocBa_HieuTruong', person('Giáo viên')],
      ['HocBa_ConDau', person('Hiệu trưởng')],
    ] as const) {
      const r = roleOf(field, signer);
      expect(r.roleEvidence?.agreement, `${field} / ${signer.title}`).toBe('MISMATCH');
      expect(r.role).not.toBe(r.roleEvidence?.claimed);
    }
    expect(roleOf('HocBa_GVCN', organisation)).toMatchObject({
      role: 'seal',
      roleSource: 'CERTIFICATE',
      roleEvidence: { certifiedBy: 'ORGANISATION_ID', agreement: 'MISMATCH' },
    });
  });

  it('no title: the field’s role as today, marked as the claim only; an OU speaks only when it names a role', () => {
    expect(roleOf('HocBa_HieuTruong', person(null))).toMatchObject({
      role: 'principal',
      roleSource: 'FIELD',
      roleEvidence: { claimed: 'principal', certified: null, agreement: 'CLAIMED_ONLY' },
    });
    expect(roleOf('HocBa_HieuTruong', person(null, 'Tổ chuyên môn 1')).roleEvidence?.agreement).toBe(
      'CLAIMED_ONLY',
    );
    expect(roleOf('HocBa_HieuTruong', person(null, 'Giáo viên chủ nhiệm lớp 5A'))).toMatchObject({
      role: 'gvcn',
      roleEvidence: { certifiedBy: 'UNIT', agreement: 'MISMATCH' },
    });
    expect(roleOf('Signature1', person('Hiệu trưởng'))).toMatchObject({
      role: 'principal',
      roleSource: 'CERTIFICATE',
      roleEvidence: { agreement: 'CERTIFIED_ONLY' },
    });
    expect(roleOf('Signature1', person(null))).toMatchObject({ role: null, roleSource: null });
  });
});

describe('a deputy signing for the principal (KT. HIỆU TRƯỞNG)', () => {
  const reportWith = (title: string, delegation: object | null, signed = true): DocumentReport =>
    ({
      verdict: 'valid',
      signatures: [
        {
          field: 'HocBa_HieuTruong',
          kind: 'SIGNATURE',
          signer: person(title),
          ...roleOf('HocBa_HieuTruong', person(title)),
          message: { vi: '', en: '' },
        } as unknown as SignatureReport,
      ],
      record: { signed, record: { years: [{ signatures: { principal: { name: 'x', delegation } } }] } },
    }) as unknown as DocumentReport;

  it('counts for the principal, as delegated, when the signed record declares it', () => {
    const r = reportWith('Phó Hiệu trưởng', { kind: 'KT', signerTitle: 'Phó hiệu trưởng' });
    acceptDeclaredDelegation(r);
    expect(r.signatures[0]).toMatchObject({ role: 'principal', roleEvidence: { agreement: 'DELEGATED' } });
  });

  it('stays a mismatch when the record declares none, is not signed, or the title is another', () => {
    for (const r of [
      reportWith('Phó hiệu trưởng', null),
      reportWith('Phó hiệu trưởng', { kind: 'KT', signerTitle: 'Phó hiệu trưởng' }, false),
      reportWith('Kế toán', { kind: 'KT', signerTitle: 'Phó hiệu trưởng' }),
    ]) {
      acceptDeclaredDelegation(r);
      expect(r.signatures[0]?.roleEvidence?.agreement).toBe('MISMATCH');
      expect(r.signatures[0]?.role).toBeNull();
    }
  });
});

describe('a signed file: a teacher signing in the principal’s field', () => {
  let pki: TestPki;
  let trust: TrustStore;
  beforeAll(async () => {
    pki = await testPki();
    trust = createTrustStore({ anchors: [pki.root.certPem] });
  }, 60_000);

  it('is valid with a ROLE_MISMATCH warning, and the signature reads as the teacher’s', async () => {
    const r = await verifyPdf(signField(basePdf(), 8, 'HocBa_HieuTruong', pki.signers.gvcn, pki), { trust });
    expect(r.verdict).toBe('valid');
    expect(r.level).toBe('valid_with_warnings');
    expect(r.warnings?.[0]?.code).toBe('ROLE_MISMATCH');
    expect(r.warnings?.[0]?.message.vi).toContain('ô dành cho Hiệu trưởng');
    expect(r.warnings?.[0]?.message.vi).toContain('"Giáo viên chủ nhiệm"');
    expect(r.warnings?.[0]?.message.en).toContain("signed in the Principal's field");
    const s = r.signatures[0];
    expect(s?.role).toBe('gvcn');
    expect(s?.roleSource).toBe('CERTIFICATE');
    expect(s?.message.vi).toContain('Nguyễn Thị Lan (giáo viên chủ nhiệm)');
    expect(s?.message.vi).not.toContain('(hiệu trưởng)');
    expect(s?.message.vi).toContain('Vai trò không khớp');
  });

  it('an empty field is named by its role, never by an internal name like hocba.seal', async () => {
    const r = await verifyPdf(signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki), { trust });
    const empty = r.problems.filter((p) => p.code === 'UNSIGNED_FIELD').map((p) => p.message);
    expect(empty.map((m) => m.vi)).toEqual([
      'Ô chữ ký dành cho hiệu trưởng chưa được ký',
      'Ô chữ ký dành cho con dấu nhà trường chưa được ký',
    ]);
    expect(empty.map((m) => m.en)).toEqual([
      "The principal's signature field is not signed",
      "The school seal's signature field is not signed",
    ]);
    expect(JSON.stringify(r.problems)).not.toMatch(/hocba\.|HocBa_/);
  });

  it('the principal in the principal’s field: no role warning', async () => {
    const r = await verifyPdf(signField(basePdf(), 8, 'HocBa_HieuTruong', pki.signers.principal, pki), {
      trust,
    });
    expect(r.signatures[0]?.roleEvidence?.agreement).toBe('MATCH');
    expect(r.warnings?.map((w) => w.code)).not.toContain('ROLE_MISMATCH');
  });
});
