/**
 * A token's certificate in words (what the sign window, `hocba sign` and the doctor show):
 * names are read with the engine's one ASN.1 reader, so they read as the verifier reads
 * them. Real Vietnamese CA shapes from the verifier's fixtures: a name in BMPString (UTF-16)
 * and one in T61String holding UTF-8, both shown as garbage when node-forge read them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { twoNameCertificate } from '../../../shared/test/support/certificates.js';
import { readCertificate, roleHints } from '../../src/pkcs11/certificate.js';

const fixtures = new URL('../../../shared/test/verify/fixtures/', import.meta.url);

function certificate(path: string): Uint8Array {
  const pem = readFileSync(new URL(path, fixtures), 'utf8');
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

const school = 'Trường Tiểu học Nguyễn Văn Trỗi';
const issuer = 'CA thử nghiệm phục vụ các cơ quan Nhà nước G2 · Ban Cơ yếu Chính phủ (thử nghiệm)';

describe('readCertificate: names as the verifier reads them', () => {
  it('a BMPString name reads as Vietnamese', () => {
    const d = readCertificate(certificate('interop2/bmp.pem'));
    expect([d.subject.commonName, d.subject.title, d.subject.organization, d.subject.province]).toEqual([
      'Đặng Hữu Phước',
      'Giáo viên bộ môn',
      school,
      'Đồng Tháp',
    ]);
    expect(d.subject.text).toBe(
      `Đặng Hữu Phước · Giáo viên bộ môn · ${school} · Đồng Tháp · CCCD 087092002222`,
    );
    expect(d.issuer.text).toBe(issuer);
  });

  it('UTF-8 in a T61String (as Vietnamese CA software writes it) reads as Vietnamese', () => {
    const d = readCertificate(certificate('interop2/t61.pem'));
    expect(d.subject.text).toBe(`Huỳnh Thị Mỹ Duyên · Giáo viên · ${school} · Đồng Tháp · CCCD 087196004444`);
    expect(d.subject.uid).toBe('CCCD:087196004444');
    expect(roleHints(d)).toEqual(['gvcn', 'principal']);
  });

  it('a UTF8String name, key usage, CA flag and the Names kept as their DER bytes', () => {
    const leaf = readCertificate(certificate('interop/principal.pem'));
    const ca = readCertificate(certificate('interop/ca-gov.pem'));
    expect(leaf.keyUsage).toBe('signing');
    expect([leaf.isCa, ca.isCa]).toEqual([false, true]);
    // The chain is built by comparing these: the leaf's issuer is the CA's subject, byte for byte.
    expect(leaf.issuerDer).toBe(ca.subjectDer);
    expect(leaf.subjectDer.charCodeAt(0)).toBe(0x30);
  });

  it('two CNs and two Os: the last of each, the name the verifier will show the receiving school', () => {
    const d = readCertificate(twoNameCertificate());
    expect([d.subject.commonName, d.subject.organization]).toEqual(['Trần Thị Cuối', 'Trường B (last)']);
    expect(d.subject.text).toBe('Trần Thị Cuối · Trường B (last) · CCCD 001190000001');
  });
});

describe('readCertificate: an attribute named twice', () => {
  it('two CNs: the last, as the stamp, the verifier and pdfsig name the signer (before: the first)', () => {
    // openssl-made (session 12, red team): subject C, O, title, CN=Nguyễn Thị Lan, CN=Trần Văn Minh.
    const pem = readFileSync(
      new URL('../../../shared/test/fixtures/asn1/two-cn.pem', import.meta.url),
      'utf8',
    );
    const d = readCertificate(new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')));
    expect(d.subject.commonName).toBe('Trần Văn Minh');
  });
});
