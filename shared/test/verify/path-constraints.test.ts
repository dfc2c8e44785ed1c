/**
 * RFC 5280 §6.1 constraints, in the style of NIST PKITS sections 4.6 (basic constraints),
 * 4.13 (name constraints), 4.8/4.10 (policies) and critical extensions, with chains made by
 * openssl here (PKITS itself is not reachable offline).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validatePath } from '../../src/verify/path/index.js';
import { createTrustStore } from '../../src/verify/trust/index.js';
import { type Certificate, parseCertificate } from '../../src/x509/index.js';
import { der, tempDir } from './helpers.js';

let dir: string;
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

interface Made {
  cert: Certificate;
  pem: string;
  key: string;
  path: string;
}

/** A certificate for `subject` with these v3 extension lines, signed by `issuer` (self-signed if none). */
function make(label: string, subject: string, ext: string[], issuer?: Made): Made {
  const key = join(dir, `${label}.key`);
  const csr = join(dir, `${label}.csr`);
  const path = join(dir, `${label}.pem`);
  const extFile = join(dir, `${label}.ext`);
  writeFileSync(extFile, `[v3]\n${ext.join('\n')}\n[dir_sect]\nO = Truong Tieu hoc A\n`);
  openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-subj',
    subject,
    '-out',
    csr,
  ]);
  const signing = issuer ? ['-CA', issuer.path, '-CAkey', issuer.key] : ['-signkey', key];
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    ...signing,
    '-days',
    '3650',
    '-extfile',
    extFile,
    '-extensions',
    'v3',
    '-out',
    path,
    '-set_serial',
    String(Date.now() % 1e9),
  ]);
  openssl(['x509', '-in', path, '-outform', 'DER', '-out', `${path}.der`]);
  return { cert: parseCertificate(der(`${path}.der`)), pem: path, key, path };
}

const CA = [
  'basicConstraints = critical, CA:true',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
];
const LEAF = [
  'basicConstraints = critical, CA:false',
  'keyUsage = critical, digitalSignature, nonRepudiation',
];

async function check(root: Made, chain: Made[]) {
  const [signer, ...rest] = chain;
  return validatePath((signer as Made).cert, {
    time: new Date(),
    timeProven: false,
    trust: createTrustStore({ bundled: false, anchors: [der(`${root.path}.der`)] }),
    pool: rest.map((m) => m.cert),
    revocation: { crls: [], ocsps: [] },
  });
}

beforeAll(() => {
  dir = tempDir();
});

describe('RFC 5280 §6.1 constraints', () => {
  it('basicConstraints pathLen: 0 below the root refuses an intermediate CA; 1 allows it', async () => {
    const tight = make('root0', '/C=VN/O=Test/CN=Root pathlen 0', [
      ...CA,
      'basicConstraints = critical, CA:true, pathlen:0',
    ]);
    const inter = make('inter0', '/C=VN/O=Test/CN=Issuing', CA, tight);
    const leaf = make('leaf0', '/C=VN/O=Test/CN=Signer', LEAF, inter);
    const bad = await check(tight, [leaf, inter]);
    expect(bad.status).toBe('CONSTRAINTS_FAILED');
    expect(bad.problems.join()).toContain('path length constraint 0');
    const loose = make('root1', '/C=VN/O=Test/CN=Root pathlen 1', [
      ...CA,
      'basicConstraints = critical, CA:true, pathlen:1',
    ]);
    const inter1 = make('inter1', '/C=VN/O=Test/CN=Issuing 1', CA, loose);
    expect((await check(loose, [make('leaf1', '/C=VN/O=Test/CN=Signer', LEAF, inter1), inter1])).status).toBe(
      'TRUSTED',
    );
  });

  it('an unknown critical extension on an intermediate fails the path', async () => {
    const root = make('rootc', '/C=VN/O=Test/CN=Root C', CA);
    const inter = make(
      'interc',
      '/C=VN/O=Test/CN=Issuing C',
      [...CA, '1.3.6.1.4.1.99999.1 = critical, DER:05:00'],
      root,
    );
    const p = await check(root, [make('leafc', '/C=VN/O=Test/CN=Signer', LEAF, inter), inter]);
    expect(p.status).toBe('CONSTRAINTS_FAILED');
    expect(p.problems.join()).toContain('unknown critical extension 1.3.6.1.4.1.99999.1');
  });

  it('name constraints: a signer outside the permitted directory subtree or in an excluded email domain fails', async () => {
    const root = make('rootn', '/C=VN/O=Test/CN=Root N', CA);
    const inter = make(
      'intern',
      '/C=VN/O=Test/CN=Issuing N',
      [...CA, 'nameConstraints = critical, permitted;dirName:dir_sect, excluded;email:.gian.vn'],
      root,
    );
    const inside = make('leafn1', '/O=Truong Tieu hoc A/CN=Nguyen Thi Lan', LEAF, inter);
    expect((await check(root, [inside, inter])).status).toBe('TRUSTED');
    const outside = make('leafn2', '/O=Truong Tieu hoc B/CN=Nguyen Thi Lan', LEAF, inter);
    const p = await check(root, [outside, inter]);
    expect(p.status).toBe('CONSTRAINTS_FAILED');
    expect(p.problems.join()).toContain('outside the permitted subtrees');
    const mail = make(
      'leafn3',
      '/O=Truong Tieu hoc A/CN=Ke Gian',
      [...LEAF, 'subjectAltName = email:a@mail.gian.vn'],
      inter,
    );
    expect((await check(root, [mail, inter])).problems.join()).toContain('excluded subtree');
  });

  it('policyConstraints requireExplicitPolicy:0 needs a policy on every certificate', async () => {
    const root = make('rootp', '/C=VN/O=Test/CN=Root P', CA);
    const inter = make(
      'interp',
      '/C=VN/O=Test/CN=Issuing P',
      [
        ...CA,
        'certificatePolicies = 2.16.704.1.1.1',
        'policyConstraints = critical, requireExplicitPolicy:0',
      ],
      root,
    );
    const without = make('leafp1', '/C=VN/O=Test/CN=Signer', LEAF, inter);
    expect((await check(root, [without, inter])).status).toBe('CONSTRAINTS_FAILED');
    const withPolicy = make(
      'leafp2',
      '/C=VN/O=Test/CN=Signer',
      [...LEAF, 'certificatePolicies = 2.16.704.1.1.1'],
      inter,
    );
    expect((await check(root, [withPolicy, inter])).status).toBe('TRUSTED');
  });
});
