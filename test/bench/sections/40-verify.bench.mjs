// Verifying: records with one, two and three signatures (GVCN, principal, seal) through
// `hocba verify <dir>` (process start-up included, as a user runs it) against pdfsig on the
// same files in the same run (one process per file, `cores` at a time). Every paired figure
// has CPU time (user + system, all threads and processes) beside wall time: on a shared
// machine wall time tracks the load, CPU time tracks the code. Peak RSS of `hocba verify` on
// a tenth of the files and on all of them shows whether memory stays flat.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';
import { progress, ratio, row, summarize, workDir } from '../harness.mjs';
import { distinctRecords } from '../helpers/corpus.mjs';
import { pdfsigVerify } from '../helpers/pdfsig.mjs';
import { pool, run as runProcess, runTimed } from '../helpers/proc.mjs';
import { signedRecords, verifySet } from '../helpers/signed-corpus.mjs';
import { benchIdentities } from '../helpers/token.mjs';

export const name = 'verify';
export const title = 'Xác minh học bạ đã ký / verifying signed records, vs pdfsig';

const HOCBA = fileURLToPath(new URL('../../../companion/bin/hocba.js', import.meta.url));
const GNU_TIME = '/usr/bin/time';
const load = () => loadavg()[0].toFixed(1);

let timeDir;

/** `hocba verify <dir> --json`: { report, wallMs, cpuMs, rssMiB } (RSS when GNU time is there). */
async function hocbaVerify(dir, ids) {
  const args = [HOCBA, 'verify', dir, '--json', '--anchors', ids.rootPemPath];
  let res;
  let rssMiB = null;
  if (existsSync(GNU_TIME)) {
    timeDir ??= workDir('verify-time');
    const out = join(timeDir, 'time.txt');
    const start = performance.now();
    res = await runProcess(GNU_TIME, ['-f', '%U %S %M', '-o', out, process.execPath, ...args]);
    res.wallMs = performance.now() - start;
    const [user, sys, kb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    res.cpuMs = (user + sys) * 1000;
    rssMiB = kb / 1024;
  } else res = await runTimed(process.execPath, args);
  return { report: JSON.parse(res.stdout), code: res.code, wallMs: res.wallMs, cpuMs: res.cpuMs, rssMiB };
}

/** The first `n` files of `files` in their own folder (links, no copies). */
function subset(files, dir, n) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files.slice(0, n)) symlinkSync(f.path, join(dir, f.path.split('/').pop()));
  return dir;
}

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
  const rss = [];
  const loads = [];
  for (let r = 0; r < runs; r++) {
    loads.push(load());
    const res = await hocbaVerify(join(work, 'set'), ids);
    ours.push(res.wallMs);
    oursCpu.push(res.cpuMs);
    if (res.rssMiB !== null) rss.push(res.rssMiB);
    const valid = res.report.files.filter((f) => f.verdict === 'valid').length;
    if (valid !== n) throw new Error(`hocba verify: ${valid} of ${n} valid (exit ${res.code})`);

    const start = performance.now();
    const results = await pool(files, cores, (f) => pdfsigVerify(ids, f.path));
    theirs.push(performance.now() - start);
    theirsCpu.push(results.reduce((s, x) => s + x.cpuMs, 0));
    const validSigs = results.reduce((s, x) => s + x.valid, 0);
    if (validSigs !== expectedSignatures)
      throw new Error(`pdfsig: ${validSigs} of ${expectedSignatures} signatures valid`);
    progress(
      `run ${r + 1}/${runs} (load ${loads[r]}): hocba verify ${(ours[r] / 1000).toFixed(1)} s (CPU ${(oursCpu[r] / 1000).toFixed(1)} s), pdfsig ${(theirs[r] / 1000).toFixed(1)} s (CPU ${(theirsCpu[r] / 1000).toFixed(1)} s)`,
    );
  }

  // Memory: the same command on a tenth of the files; flat means within 1.5× of it.
  const small = Math.max(1, Math.round(n / 10));
  const smallDir = subset(files, join(work, 'small'), small);
  const rssSmall = [];
  const cpuSmall = [];
  for (let r = 0; r < runs; r++) {
    const res = await hocbaVerify(smallDir, ids);
    cpuSmall.push(res.cpuMs);
    if (res.rssMiB !== null) rssSmall.push(res.rssMiB);
  }

  // In process, one thread: what one file costs by its number of signatures.
  const trust = createTrustStore({ anchors: [ids.rootPem] });
  const perLevel = [[], [], []];
  const cpuLevel = [[], [], []];
  for (const f of files.slice(0, quick ? 30 : 105)) {
    const bytes = new Uint8Array(readFileSync(f.path));
    const start = performance.now();
    const cpu = process.cpuUsage();
    const report = await verifyPdf(bytes, { trust });
    const used = process.cpuUsage(cpu);
    perLevel[f.signatures - 1].push(performance.now() - start);
    // This process's CPU: the thread and libuv's pool, where WebCrypto works.
    cpuLevel[f.signatures - 1].push((used.user + used.system) / 1000);
    if (report.verdict !== 'valid') throw new Error(`verifyPdf: ${f.path} ${report.verdict}`);
  }

  const set = `${n} files (⅓ each with 1, 2, 3 signatures; one-year and five-year)`;
  const loadNote = `load average ${loads.join(', ')} at the runs' start (${cores} cores)`;
  const rows = [
    row('verify', `hocba verify <dir>, ${set}`, summarize(ours.map((t) => (n / t) * 1000)), 'files/s', {
      note: `start-up included; main thread + worker threads; all valid; ${loadNote}`,
    }),
    row(
      'verify',
      `pdfsig per file, ${cores} at a time, same files`,
      summarize(theirs.map((t) => (n / t) * 1000)),
      'files/s',
      { note: `all ${expectedSignatures} signatures "Signature is Valid"` },
    ),
    row('verify', 'ratio pdfsig wall time / hocba verify wall time', ratio(theirs, ours), '×', {
      note: `>1: we are faster; ${loadNote}`,
    }),
    row(
      'verify',
      'hocba verify CPU time per file (user + system, all threads, start-up included)',
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
    row(
      'verify',
      `hocba verify CPU time per file, ${small} files`,
      summarize(cpuSmall.map((c) => c / small)),
      'ms CPU',
      { note: 'start-up spread over fewer files' },
    ),
  ];
  if (rss.length > 0 && rssSmall.length > 0) {
    rows.push(
      row('verify', `hocba verify peak RSS, ${small} files`, summarize(rssSmall), 'MiB'),
      row('verify', `hocba verify peak RSS, ${n} files`, summarize(rss), 'MiB'),
      row('verify', `peak RSS ratio ${n} / ${small} files`, ratio(rss, rssSmall), '×', {
        note: '≤ 1.5: memory stays flat',
      }),
    );
  }
  rows.push(
    ...perLevel.map((ms, i) =>
      row(
        'verify',
        `verifyPdf in process, one thread, file with ${i + 1} signature${i ? 's' : ''}`,
        summarize(ms),
        'ms',
      ),
    ),
    ...cpuLevel.map((ms, i) =>
      row(
        'verify',
        `verifyPdf in process, CPU per file with ${i + 1} signature${i ? 's' : ''}`,
        summarize(ms),
        'ms CPU',
      ),
    ),
  );
  return rows;
}
