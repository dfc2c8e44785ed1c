// PDF: render a five-year record, then sign it (PAdES B-B, software RSA key, the visible
// stamp drawn as the companion draws it) as a batch: per-record time split into our own
// work and the key operation, the process's CPU time per record, and peak memory.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { createSoftwareSigner, pemToDer, renderRecordPdf, signPdf } from '@hocba/shared/pdf';
import { makeTestPki } from '../../pki/index.mjs';
import { measure, row, summarize } from '../harness.mjs';

export const name = 'pdf';
export const title = 'Hiển thị và ký PDF / render and sign PDFs';

export async function run({ quick }) {
  const require = createRequire(import.meta.url);
  const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const fonts = {
    regular: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans.ttf'))),
    bold: new Uint8Array(readFileSync(join(fontDir, 'DejaVuSans-Bold.ttf'))),
  };
  const record = generateClass({ seed: 5, grade: 5, size: 1, defectRate: 0 }).records[0];
  let rendered;
  const renderStat = await measure(
    async () => {
      rendered = await renderRecordPdf(record, { fonts });
    },
    { runs: quick ? 3 : 7 },
  );

  const pki = await makeTestPki(join(tmpdir(), 'hocba-bench-pki'));
  const signer = await createSoftwareSigner({
    privateKey: pki.signers.gvcn.keyPem,
    certificate: pki.signers.gvcn.certPem,
    chain: [pemToDer(pki.ca.certPem), pemToDer(pki.root.certPem)],
  });
  // The byte-range hash as the companion's engine does it (node:crypto, streamed over the ranges).
  const sha256 = (parts) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return new Uint8Array(hash.digest());
  };
  const batch = quick ? 50 : 1000;
  const own = [];
  const key = [];
  const cpu = [];
  let peakRss = process.memoryUsage().rss;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < batch; i++) {
    const before = process.cpuUsage();
    // The stamp as the companion's engine draws it (DejaVu Sans, shaped and subset).
    const res = await signPdf(rendered.pdf, { role: 'gvcn', signer, stamp: { font: fonts.regular }, sha256 });
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    own.push(res.timing.ownMs);
    key.push(res.timing.keyMs);
    if (i % 25 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const total = performance.now() - started;
  const totalCpu = process.cpuUsage(cpuStart);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return [
    row(
      'pdf',
      `renderRecordPdf, 5 school years (${rendered.pageCount} pages, ${Math.round(rendered.pdf.length / 1024)} KB)`,
      renderStat,
      'ms',
    ),
    row('pdf', `sign B-B with stamp, our work per record (batch of ${batch})`, summarize(own), 'ms'),
    row('pdf', 'sign B-B, key operation per record (WebCrypto RSA 2048)', summarize(key), 'ms'),
    row('pdf', 'sign B-B with stamp, CPU time per record (process, key included)', summarize(cpu), 'ms CPU', {
      note: 'user + system, all threads (GC, WebCrypto)',
    }),
    row('pdf', `sign B-B with stamp, batch of ${batch} five-year records`, summarize([total]), 'ms', {
      note: `CPU ${Math.round((totalCpu.user + totalCpu.system) / 1000)} ms; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
    }),
  ];
}
