#!/usr/bin/env node
/**
 * Verification throughput: our verifier (in-process, and `hocba verify` on a directory with
 * worker threads) against poppler `pdfsig` (one process per file), on the same signed files.
 *
 *   npm run build && node scripts/bench-verify.mjs [count=200]
 *
 * The files: a one-page record signed with pdfsig -add-signature by a test-PKI signer,
 * copied `count` times. Prints files per second for each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '../test/pki/index.mjs';

const count = Number(process.argv[2] ?? 200);
const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hocba-bench-verify-'));
const pki = await makeTestPki(join(work, 'pki'));

function onePagePdf() {
  const content = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A) Tj ET';
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n';
  const offsets = [];
  objs.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return out;
}

const nss = join(work, 'nss');
mkdirSync(nss);
const quiet = { stdio: ['ignore', 'pipe', 'pipe'] };
execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password'], quiet);
const s = pki.signers.principal;
const p12 = join(work, 'p.p12');
execFileSync(
  'openssl',
  [
    'pkcs12',
    '-export',
    '-in',
    s.certPath,
    '-inkey',
    s.keyPath,
    '-certfile',
    pki.ca.certPath,
    '-name',
    'signer',
    '-passout',
    'pass:x',
    '-out',
    p12,
  ],
  quiet,
);
execFileSync('pk12util', ['-i', p12, '-d', `sql:${nss}`, '-W', 'x'], quiet);
execFileSync(
  'certutil',
  ['-A', '-d', `sql:${nss}`, '-n', 'root', '-t', 'CT,C,C', '-i', pki.root.certPath],
  quiet,
);
writeFileSync(join(work, 'base.pdf'), onePagePdf());
spawnSync(
  'pdfsig',
  [
    '-nssdir',
    `sql:${nss}`,
    '-no-ocsp',
    '-add-signature',
    '-nick',
    'signer',
    '-new-signature-field-name',
    'hocba.principal',
    join(work, 'base.pdf'),
    join(work, 'signed.pdf'),
  ],
  quiet,
);
const files = join(work, 'files');
mkdirSync(files);
for (let i = 0; i < count; i++) copyFileSync(join(work, 'signed.pdf'), join(files, `hs-${i}.pdf`));
const paths = readdirSync(files).map((f) => join(files, f));
const size = readFileSync(paths[0]).length;

const { verifyPdf, createTrustStore } = await import(join(root, 'shared/dist/verify/index.js'));
const trust = createTrustStore({ anchors: [pki.root.certPem] });
let t = performance.now();
let valid = 0;
for (const p of paths)
  if ((await verifyPdf(new Uint8Array(readFileSync(p)), { trust })).verdict === 'valid') valid++;
const inProcess = count / ((performance.now() - t) / 1000);

t = performance.now();
const cli = spawnSync(
  'node',
  [join(root, 'companion/bin/hocba.js'), 'verify', files, '--json', '--anchors', pki.root.certPath],
  {
    maxBuffer: 1 << 28,
  },
);
const cliRate = count / ((performance.now() - t) / 1000);
const cliValid = JSON.parse(cli.stdout.toString()).files.filter((f) => f.verdict === 'valid').length;

t = performance.now();
let pdfsigValid = 0;
for (const p of paths) {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, '-no-ocsp', p], quiet);
  if (r.stdout.toString().includes('Signature is Valid')) pdfsigValid++;
}
const pdfsigRate = count / ((performance.now() - t) / 1000);

console.log(`files: ${count} × ${size} bytes, ${availableParallelism()} cores`);
console.log(`verifyPdf in-process      ${inProcess.toFixed(0).padStart(6)} files/s  (${valid} valid)`);
console.log(
  `hocba verify <dir>        ${cliRate.toFixed(0).padStart(6)} files/s  (${cliValid} valid, incl. start-up)`,
);
console.log(
  `pdfsig, one process each  ${pdfsigRate.toFixed(0).padStart(6)} files/s  (${pdfsigValid} "Signature is Valid")`,
);
