import type { CertificateInfo } from '@hocba/shared/protocol';
import { describe, expect, it } from 'vitest';
import { compareForPeople } from '../../src/pkcs11/certificate-order.js';

function cert(id: string, over: Partial<CertificateInfo> & { name?: string } = {}): CertificateInfo {
  return {
    id,
    label: id,
    subject: { commonName: over.name ?? 'Nguyễn Văn An' },
    validity: 'valid',
    keyUsage: 'signing',
    notAfter: '2027-01-01T00:00:00.000Z',
    ...over,
  } as CertificateInfo;
}

const ids = (list: CertificateInfo[]) => [...list].sort(compareForPeople).map((c) => c.id);

describe('the order a token offers its certificates in', () => {
  it('puts those fit to sign first, then valid ones of other use, then not yet valid, then expired', () => {
    const list = [
      cert('expired', { validity: 'expired' }),
      cert('later', { validity: 'notYetValid' }),
      cert('seal', { keyUsage: 'noSigning' }),
      cert('sign'),
    ];
    expect(ids(list)).toEqual(['sign', 'seal', 'later', 'expired']);
  });

  it('then by holder name in Vietnamese order, the longest valid first, the id last', () => {
    const list = [
      cert('c', { name: 'Trần Thị Bình' }),
      cert('b2', { name: 'Đặng Văn Cường', notAfter: '2026-06-01T00:00:00.000Z' }),
      cert('b1', { name: 'Đặng Văn Cường', notAfter: '2028-06-01T00:00:00.000Z' }),
      cert('z', { name: 'Lê An' }),
      cert('y', { name: 'Lê An' }),
    ];
    expect(ids(list)).toEqual(['b1', 'b2', 'y', 'z', 'c']);
  });

  it('gives the same order whatever order the driver listed them in', () => {
    const list = ['e', 'a', 'd', 'b', 'c'].map((id, i) => cert(id, { name: i % 2 ? 'Lê An' : 'Hà Mai' }));
    expect(ids(list)).toEqual(ids([...list].reverse()));
  });
});
