// Signing: batches of generated records (one-year and five-year), rendered once, then signed
// by the companion's BatchSigner with the SoftHSM token and, on the same files in the same
// run, by `pdfsig -add-signature` with the same key from an NSS database.
import { join } from 'node:path';
import { progress, ratio, row, summarize, workDir } from '../harness.mjs';
import { distinctRecords, KINDS, renderKind, writeBatch } from '../helpers/corpus.mjs';
import { signWithCli, signWithCompanion, signWithPdfsig } from '../helpers/signing.mjs';
import { benchIdentities } from '../helpers/token.mjs';

export const name = 'sign';
export const title = 'Ký lô học bạ bằng token / signing batches with the token, vs pdfsig';

export async function run({ quick }) {
  const sizes = quick
    ? [{ n: 10, runs: 2 }]
    : [
        { n: 35, runs: 5 },
        { n: 1000, runs: 3 },
      ];
  const distinct = distinctRecords(quick);
  const ids = benchIdentities();
  const work = workDir('sign');
  const rows = [];
  for (const kind of Object.keys(KINDS)) {
    const rendered = await renderKind(kind, distinct);
    const pages = rendered.pageCount;
    const kb = Math.round(rendered.pdfs.reduce((s, p) => s + p.length, 0) / rendered.pdfs.length / 1024);
    const label = `${KINDS[kind].label}, ${pages} pages, ${kb} KB`;
    rows.push(
      row('sign', `render ${label}, per record`, summarize(rendered.ms), 'ms', {
        note: `${distinct} distinct records on ${rendered.threads} threads, ${Math.round(rendered.wallMs / 1000)} s wall`,
      }),
    );
    for (const { n, runs } of sizes) {
      const inDir = join(work, `${kind}-${n}`);
      writeBatch(inDir, kind, rendered.pdfs, n);
      const ours = [];
      const cli = [];
      const theirs = [];
      // Warm the page cache and the token once; not measured.
      if (!quick && n <= 100)
        await signWithCompanion(ids, 'gvcn', inDir, join(work, 'out'), join(work, 'data'));
      for (let r = 0; r < runs; r++) {
        ours.push(await signWithCompanion(ids, 'gvcn', inDir, join(work, 'out'), join(work, 'data')));
        cli.push(await signWithCli(ids, 'gvcn', inDir, join(work, 'out-cli'), join(work, 'data-cli')));
        theirs.push(await signWithPdfsig(ids, 'gvcn', inDir, join(work, 'out-pdfsig')));
        progress(
          `${kind} N=${n} run ${r + 1}/${runs}: ours ${(ours[r].totalMs / 1000).toFixed(1)} s (CPU ${(ours[r].cpuMs / 1000).toFixed(1)} s), hocba sign ${(cli[r].wallMs / 1000).toFixed(1)} s (CPU ${(cli[r].cpuMs / 1000).toFixed(1)} s), pdfsig ${(theirs[r].wallMs / 1000).toFixed(1)} s (CPU ${(theirs[r].cpuMs / 1000).toFixed(1)} s)`,
        );
      }
      rows.push(...signRows(kind, n, ours, cli, theirs));
    }
  }
  return rows;
}

/** The rows of one batch size of one kind; each row also carries `kind` and `n` in the JSON. */
function signRows(kind, n, ours, cli, theirs) {
  const at = `${KINDS[kind].label}, N=${n}`;
  const r = (name, values, unit, extra = {}) =>
    row('sign', name, summarize(values), unit, { kind, n, ...extra });
  const perRecord = ours.map((o) => o.totalMs / n);
  const perRecordPdfsig = theirs.map((t) => t.wallMs / n);
  const cpuPerRecordPdfsig = theirs.map((t) => t.cpuMs / n);
  const cliWall = cli.map((c) => c.wallMs / n);
  const cliCpu = cli.map((c) => c.cpuMs / n);
  return [
    r(
      `ours: records/s, ${at}`,
      ours.map((o) => (n / o.totalMs) * 1000),
      'rec/s',
    ),
    r(`ours: total per record, ${at}`, perRecord, 'ms'),
    r(
      '  CPU time per record (user + system, C_Sign included)',
      ours.map((o) => o.cpuMs / n),
      'ms CPU',
    ),
    r(
      '  CPU time per record once warm (C_Sign included)',
      ours.map((o) => o.steadyCpuMs),
      'ms CPU',
      { note: `records after the first ${ours[0].steadyAfter}` },
    ),
    r(
      'ours: own time (total − C_Sign) per record',
      ours.map((o) => (o.totalMs - o.cSignMs) / n),
      'ms',
    ),
    r(
      '  of which PDF engine (prepare, CMS, write)',
      ours.map((o) => (o.engineMs - o.cSignMs) / n),
      'ms',
    ),
    r(
      '  of which batch: archive, journal, audit (fsync)',
      ours.map((o) => (o.totalMs - o.engineMs) / n),
      'ms',
    ),
    r(
      'token C_SignInit+C_Sign per record (SoftHSM, RSA 2048)',
      ours.map((o) => o.cSignMs / o.cSignCalls),
      'ms',
    ),
    r(
      `ours: peak RSS, ${at}`,
      ours.map((o) => o.maxRssMiB),
      'MiB',
      {
        note: `login ${summarize(ours.map((o) => o.loginMs)).median.toFixed(0)} ms (not in the totals)`,
      },
    ),
    r(`hocba sign (the CLI as a user runs it) per record, ${at}`, cliWall, 'ms', {
      note: 'whole process: start-up, token, login, batch, atomic writes',
    }),
    r('  CPU time per record (whole process)', cliCpu, 'ms CPU'),
    r(`pdfsig -add-signature per record, ${at}`, perRecordPdfsig, 'ms', {
      note: 'one process per file, sequential',
    }),
    r('  CPU time per record (its processes)', cpuPerRecordPdfsig, 'ms CPU'),
    row('sign', `ratio pdfsig / ours (time per record), ${at}`, ratio(perRecordPdfsig, perRecord), '×', {
      kind,
      n,
      note: '>1: we are faster',
    }),
    row('sign', `ratio pdfsig / hocba sign, wall time, ${at}`, ratio(perRecordPdfsig, cliWall), '×', {
      kind,
      n,
      note: '>1: we are faster; runs paired',
    }),
    row('sign', `ratio pdfsig / hocba sign, CPU time, ${at}`, ratio(cpuPerRecordPdfsig, cliCpu), '×', {
      kind,
      n,
      note: '>1: we are faster; what to compare on a loaded machine',
    }),
  ];
}
