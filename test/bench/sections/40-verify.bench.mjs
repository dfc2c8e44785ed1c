// Verifying: records with one, two and three signatures (GVCN, principal, seal) through
// `hocba verify <dir>` (worker threads on every core, process start-up included) against
// pdfsig on the same files in the same run (one process per file, `cores` at a time).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { progress, ratio, row, summarize, workDir } from '../harness.mjs';
import { distinctRecords } from '../helpers/corpus.mjs';
import { pdfsigVerify } from '../helpers/pdfsig.mjs';
import { pool, runTimed } from '../helpers/proc.mjs';
import { signedRecords, verifySet } from '../helpers/signed-corpus.mjs';
import { benchIdentities } from '../helpers/token.mjs';

export const name = 'verify';
export const title = 'Xác minh học bạ đã ký / verifying signed records, vs pdfsig';

const HOCBA = fileURLToPath(new URL('../../../companion/bin/hocba.js', import.meta.url));

export async function run({ quick }) {
  const n = quick ? 30 : 1000;
  const runs = quick ? 2 : 3;
  const cores = availableParallelism();
  const ids = benchIdentities();
  const work = workDir('verify');
  const corpus = await signedRecords(work, distinctRecords(quick));
  const files = verifySet(corpus, join(work, 'set'), n);
  const expectedSignatures = files.reduce((s, f) => s + f.signatures, 0);

  const ours = [];
  const theirs = [];
  const oursCpu = [];
  const theirsCpu = [];
  for (let r = 0; r < runs; r++) {
    const res = await runTimed(process.execPath, [
      HOCBA,
      'verify',
      join(work, 'set'),
      '--json',
      '--anchors',
      ids.rootPemPath,
    ]);
    ours.push(res.wallMs);
    oursCpu.push(res.cpuMs);
    const report = JSON.parse(res.stdout);
    const valid = report.files.filter((f) => f.verdict === 'valid').length;
    if (valid !== n) throw new Error(`hocba verify: ${valid} of ${n} valid (exit ${res.code})`);

    const start = performance.now();
    const results = await pool(files, cores, (f) => pdfsigVerify(ids, f.path));
    theirs.push(performance.now() - start);
    theirsCpu.push(results.reduce((s, x) => s + x.cpuMs, 0));
    const validSigs = results.reduce((s, x) => s + x.valid, 0);
    if (validSigs !== expectedSignatures)
      throw new Error(`pdfsig: ${validSigs} of ${expectedSignatures} signatures valid`);
    progress(
      `run ${r + 1}/${runs}: hocba verify ${(ours[r] / 1000).toFixed(1)} s (CPU ${(oursCpu[r] / 1000).toFixed(1)} s), pdfsig ${(theirs[r] / 1000).toFixed(1)} s (CPU ${(theirsCpu[r] / 1000).toFixed(1)} s)`,
    );
  }

  // In process, one thread: what one file costs by its number of signatures.
  const trust = createTrustStore({ anchors: [ids.rootPem] });
  const perLevel = [[], [], []];
  for (const f of files.slice(0, quick ? 30 : 105)) {
    const bytes = new Uint8Array(readFileSync(f.path));
    const start = performance.now();
    const report = await verifyPdf(bytes, { trust });
    perLevel[f.signatures - 1].push(performance.now() - start);
    if (report.verdict !== 'valid') throw new Error(`verifyPdf: ${f.path} ${report.verdict}`);
  }

  const set = `${n} files (⅓ each with 1, 2, 3 signatures; one-year and five-year)`;
  return [
    row('verify', `hocba verify <dir>, ${set}`, summarize(ours.map((t) => (n / t) * 1000)), 'files/s', {
      note: `${cores} worker threads; start-up included; all valid`,
    }),
    row(
      'verify',
      `pdfsig per file, ${cores} at a time, same files`,
      summarize(theirs.map((t) => (n / t) * 1000)),
      'files/s',
      {
        note: `all ${expectedSignatures} signatures "Signature is Valid"`,
      },
    ),
    row('verify', 'ratio pdfsig time / hocba verify time', ratio(theirs, ours), '×', {
      note: '>1: we are faster',
    }),
    row(
      'verify',
      'hocba verify CPU time per file (user + system, all threads)',
      summarize(oursCpu.map((c) => c / n)),
      'ms CPU',
    ),
    row(
      'verify',
      'pdfsig CPU time per file (its processes)',
      summarize(theirsCpu.map((c) => c / n)),
      'ms CPU',
    ),
    row('verify', 'ratio pdfsig CPU time / hocba verify CPU time', ratio(theirsCpu, oursCpu), '×', {
      note: '>1: we are faster; what to compare on a loaded machine',
    }),
    ...perLevel.map((ms, i) =>
      row(
        'verify',
        `verifyPdf in process, one thread, file with ${i + 1} signature${i ? 's' : ''}`,
        summarize(ms),
        'ms',
      ),
    ),
  ];
}
