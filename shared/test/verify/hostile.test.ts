/**
 * Hostile files from outside (red-team, session 6): each gets a verdict that is never
 * "valid", in bounded CPU time. Built here by hand; the reader-level bombs (flate, xref
 * /Index) are committed in shared/test/fixtures/bombs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from './helpers.js';
import { appendUpdate, basePdf, nextObjectNumber, signField } from './pdf-fixtures.js';

let trust: TrustStore;
let signedOnce: Uint8Array;

beforeAll(async () => {
  const pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  signedOnce = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
}, 60_000);

/** A one-revision file with a classic xref: objects [num, body] in order. */
function pdf(objects: [number, string][]): Uint8Array {
  let out = '%PDF-1.7\n';
  const offsets = new Map<number, number>();
  for (const [n, body] of objects) {
    offsets.set(n, out.length);
    out += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = out.length;
  const size = objects.reduce((m, [n]) => Math.max(m, n), 0) + 1;
  const rows = ['0000000000 65535 f '];
  for (let i = 1; i < size; i++) {
    const at = offsets.get(i);
    rows.push(at === undefined ? '0000000000 65535 f ' : `${String(at).padStart(10, '0')} 00000 n `);
  }
  out += `xref\n0 ${size}\n${rows.join('\n')}\ntrailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const SIG = '<< /Type /Sig /ByteRange [0 10 20 30] /Contents <3082> >>';
const PAGES: [number, string][] = [
  [2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'],
  [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'],
];

/** Verifies with the CPU time it took (the machine is shared: wall time says little). */
async function timed(bytes: Uint8Array): Promise<{ r: DocumentReport; cpuMs: number }> {
  const t0 = process.cpuUsage();
  const r = await verifyPdf(bytes, { trust });
  const t = process.cpuUsage(t0);
  return { r, cpuMs: (t.user + t.system) / 1000 };
}

describe('hostile files from outside finish with a verdict, never valid', () => {
  it('an embedded-files name tree whose node is its own kid three times (820 bytes held it minutes)', async () => {
    const { r, cpuMs } = await timed(
      pdf([
        [1, '<< /Type /Catalog /Pages 2 0 R /Names 9 0 R /AcroForm 6 0 R >>'],
        ...PAGES,
        [6, '<< /Fields [7 0 R] >>'],
        [7, '<< /FT /Sig /T (a) /V 8 0 R >>'],
        [8, SIG],
        [9, '<< /EmbeddedFiles 10 0 R >>'],
        [10, '<< /Kids [10 0 R 10 0 R 10 0 R] >>'],
      ]),
    );
    expect(r.verdict).toBe('invalid');
    expect(cpuMs).toBeLessThan(2000);
  });

  it('a name tree of distinct nodes, each listing the next three times', async () => {
    const nodes: [number, string][] = [];
    for (let i = 10; i < 60; i++) nodes.push([i, `<< /Kids [${i + 1} 0 R ${i + 1} 0 R ${i + 1} 0 R] >>`]);
    nodes.push([60, '<< /Names [(x.json) 61 0 R] >>'], [61, '<< /Type /Filespec /F (x.json) >>']);
    const { r, cpuMs } = await timed(
      pdf([[1, '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 10 0 R >> >>'], ...PAGES, ...nodes]),
    );
    expect(r.verdict).not.toBe('valid');
    expect(cpuMs).toBeLessThan(2000);
  });

  it('5,000 signature fields naming signatures: not checked one by one', async () => {
    const n = 5000;
    const fields: [number, string][] = [];
    for (let i = 0; i < n; i++) fields.push([10 + i, `<< /FT /Sig /T (f${i}) /V 7 0 R >>`]);
    const refs = fields.map(([num]) => `${num} 0 R`).join(' ');
    const { r, cpuMs } = await timed(
      pdf([
        [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>'],
        ...PAGES,
        [6, `<< /Fields [${refs}] >>`],
        [7, SIG],
        ...fields,
      ]),
    );
    expect(r.verdict).toBe('indeterminate');
    expect(r.problems.map((p) => p.code)).toContain('TOO_MANY_SIGNATURES');
    expect(r.signatures).toEqual([]);
    expect(cpuMs).toBeLessThan(2000);
  });

  it('more objects than the reader keeps: cannot decide, before parsing them', async () => {
    const objs: [number, string][] = [[1, '<< /Type /Catalog /Pages 2 0 R >>'], ...PAGES];
    for (let i = 4; i < 200_010; i++) objs.push([i, 'null']);
    const { r, cpuMs } = await timed(pdf(objs));
    expect(r.verdict).toBe('indeterminate');
    expect(r.problems.map((p) => p.code)).toEqual(['TOO_MANY_OBJECTS']);
    expect(cpuMs).toBeLessThan(3000);
  }, 30_000);

  it('an update whose object stream cannot be read (members unseen) is a change nobody can judge', async () => {
    const inner = `4 0 << /Length 9 >>`;
    const data = zlibSync(new TextEncoder().encode(inner));
    const n = nextObjectNumber(signedOnce);
    const objstm = Buffer.concat([
      Buffer.from(
        `<< /Type /ObjStm /N 100001 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
        'latin1',
      ),
      data,
      Buffer.from('\nendstream', 'latin1'),
    ]);
    const r = await verifyPdf(appendUpdate(signedOnce, [{ num: n, body: new Uint8Array(objstm) }]), {
      trust,
    });
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.modifications.changes.some((c) => c.verdict === 'DISALLOWED')).toBe(true);
  });
});

describe('CMS that is not a PDF signature', () => {
  it('a SignedData whose content type is not id-data (here TSTInfo) over the right bytes', async () => {
    const pki = await testPki();
    const r = await verifyPdf(
      signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki, {
        opensslArgs: ['-econtent_type', '1.2.840.113549.1.9.16.1.4'],
      }),
      { trust },
    );
    expect(r.verdict).toBe('invalid');
    expect(r.signatures[0]?.subIndication).toBe('FORMAT_FAILURE');
    expect(r.signatures[0]?.integrity.detail).toContain('content type');
  });
});

describe('certificate paths from the signature', () => {
  it('20 CA certificates with one name and one key, each issuing the others: bounded, untrusted', async () => {
    const pki = await testPki();
    const dir = mkdtempSync(join(tmpdir(), 'hocba-loop-'));
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const key = join(dir, 'k.pem');
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    const cas: string[] = [];
    for (let i = 0; i < 20; i++) {
      const out = join(dir, `ca${i}.pem`);
      // Self-issued, self-signed, no key identifiers: each one "could issue" every other.
      run([
        'req',
        '-new',
        '-x509',
        '-key',
        key,
        '-subj',
        '/CN=Loop CA',
        '-days',
        '30',
        '-set_serial',
        String(100 + i),
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
        '-addext',
        'subjectKeyIdentifier=none',
        '-addext',
        'authorityKeyIdentifier=none',
        '-out',
        out,
      ]);
      cas.push(readFileSync(out, 'utf8'));
    }
    const bundle = join(dir, 'cas.pem');
    writeFileSync(bundle, cas.join(''));
    const signer = join(dir, 'signer.pem');
    run([
      'req',
      '-new',
      '-x509',
      '-key',
      key,
      '-subj',
      '/CN=Loop Signer',
      '-days',
      '30',
      '-set_serial',
      '7',
      '-addext',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      '-addext',
      'subjectKeyIdentifier=none',
      '-addext',
      'authorityKeyIdentifier=none',
      '-out',
      signer,
    ]);
    // The signer names "Loop CA" as its issuer: re-sign it as issued by the first CA.
    const csr = join(dir, 'signer.csr');
    run(['req', '-new', '-key', key, '-subj', '/CN=Loop Signer', '-out', csr]);
    const issued = join(dir, 'issued.pem');
    writeFileSync(
      join(dir, 'ext.cnf'),
      'keyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n',
    );
    run([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(dir, 'ca0.pem'),
      '-CAkey',
      key,
      '-set_serial',
      '8',
      '-days',
      '30',
      '-extfile',
      join(dir, 'ext.cnf'),
      '-out',
      issued,
    ]);
    const entity = { ...pki.signers.gvcn, certPath: issued, keyPath: key };
    const bytes = signField(basePdf(), 7, 'hocba.gvcn', entity, pki, { opensslArgs: ['-certfile', bundle] });
    const { r, cpuMs } = await timed(bytes);
    expect(r.verdict).not.toBe('valid');
    expect(r.signatures[0]?.integrity.status).toBe('INTACT');
    expect(r.signatures[0]?.trust.status).toBe('UNTRUSTED');
    expect(cpuMs).toBeLessThan(2000);
  }, 120_000);
});
