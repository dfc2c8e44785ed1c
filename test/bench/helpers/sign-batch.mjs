#!/usr/bin/env node
/**
 * Child process for the signing benchmark: does what `hocba sign` does (the companion's
 * BatchSigner with the PAdES engine, archive, journal and audit, one login to the SoftHSM
 * token) on the PDFs of a folder, and prints one JSON line of timings:
 *
 *   node sign-batch.mjs '{"modulePath","serial","pin","certId","role","inDir","outDir","dataDir"}'
 *
 * The token's key operations (C_SignInit + C_Sign) are timed by wrapping the session's
 * signer, and the PDF engine by wrapping engine.sign. The next document is prepared while the
 * token signs the current one, so those wall times overlap: "our work" is measured in CPU
 * time instead, the batch's CPU per record once warm minus the CPU of one C_SignInit + C_Sign,
 * measured on its own after the batch (the same key, 100 signatures in a row).
 * As `hocba sign` does, each PDF is read when its turn comes and each signed file is written
 * atomically as it is reported. Peak memory is this process's maximum RSS (getrusage).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Archive, writeFileAtomic } from '../../../companion/dist/archive/index.js';
import { AuditLog } from '../../../companion/dist/audit/index.js';
import { Pkcs11Module } from '../../../companion/dist/pkcs11/index.js';
import { BatchSigner } from '../../../companion/dist/signing/batch.js';
import { defaultEngine } from '../../../companion/dist/signing/default-engine.js';

const opts = JSON.parse(process.argv[2]);

/**
 * CPU time (ms) of each thread of this process, by thread id (Linux `/proc/self/task`; empty
 * elsewhere): where a record's CPU goes, main thread against the check worker and the rest
 * (libuv's pool, where C_Sign runs, and V8's GC and compiler threads).
 */
function threadCpuMs() {
  const out = new Map();
  let tasks = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (USER_HZ, 100 a second on Linux).
      out.set(tid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}
const files = readdirSync(opts.inDir)
  .filter((f) => f.endsWith('.pdf'))
  .sort();

const loginStart = performance.now();
const module = Pkcs11Module.load(opts.modulePath);
const session = module.login({ serial: opts.serial }, opts.pin);
const loginMs = performance.now() - loginStart;

let cSignMs = 0;
let cSignCalls = 0;
const makeSigner = session.signer.bind(session);
session.signer = (...args) => {
  const signer = makeSigner(...args);
  const sign = signer.sign.bind(signer);
  signer.sign = async (data, algorithm) => {
    const start = performance.now();
    try {
      return await sign(data, algorithm);
    } finally {
      cSignMs += performance.now() - start;
      cSignCalls++;
    }
  };
  return signer;
};

const engine = await defaultEngine();
let engineMs = 0;
const engineSign = engine.sign.bind(engine);
engine.sign = async (pdf, options) => {
  const start = performance.now();
  try {
    return await engineSign(pdf, options);
  } finally {
    engineMs += performance.now() - start;
  }
};

const batches = new BatchSigner(
  engine,
  new Archive(join(opts.dataDir, 'archive')),
  new AuditLog(join(opts.dataDir, 'audit.jsonl')),
  join(opts.dataDir, 'batches'),
);
const rssBefore = process.memoryUsage().rss;
const cpuStart = process.cpuUsage();
const start = performance.now();
// As `hocba sign` does: the request names the documents, each is read when its turn comes.
const request = {
  v: 1,
  type: 'sign',
  id: 'bench',
  batchId: `bench-${opts.role}-${Date.now()}`,
  token: { serial: opts.serial },
  certificateId: opts.certId,
  role: opts.role,
  total: files.length,
  documents: files.map((file, i) => ({
    docId: `f${i}`,
    name: file,
    kind: 'pdf',
    pdfBase64: '',
  })),
};
let failed = 0;
// CPU time at each record's end: the steady per-record cost, after the first records
// (module JIT, first parse of the font, the PDF checker's start) have warmed up.
const cpuAt = [];
const warmAt = Math.min(20, Math.floor(files.length / 5));
let threadsAtWarm;
const result = await batches.signPart(request, {
  pairingId: 'bench',
  session,
  chain: [],
  readPdf: (doc) => readFileSync(join(opts.inDir, files[Number(doc.docId.slice(1))])),
  signedBytes: true,
  emit: async (event) => {
    const used = process.cpuUsage(cpuStart);
    cpuAt.push((used.user + used.system) / 1000);
    if (cpuAt.length === warmAt + 1) threadsAtWarm = threadCpuMs();
    if (event.status === 'failed') {
      failed++;
      if (failed === 1) process.stderr.write(`failed: ${JSON.stringify(event.error)}\n`);
      return;
    }
    const file = files[Number(event.docId.slice(1))];
    writeFileAtomic(join(opts.outDir, file), event.pdf, 0o644);
  },
});
const totalMs = performance.now() - start;
// Per record once warm, by thread: the main thread, the busiest other (the check worker)
// and all the others together. Tick resolution (10 ms) is fine over hundreds of records.
const threadsCpuPerRecordMs = (() => {
  const records = cpuAt.length - 1 - warmAt;
  if (!threadsAtWarm || records <= 0) return undefined;
  const used = [...threadCpuMs()].map(([tid, ms]) => [tid, ms - (threadsAtWarm.get(tid) ?? 0)]);
  const main = used.find(([tid]) => tid === String(process.pid))?.[1] ?? 0;
  const others = used.filter(([tid]) => tid !== String(process.pid)).map(([, ms]) => ms);
  const busiest = others.length ? Math.max(...others) : 0;
  const rest = others.reduce((a, b) => a + b, 0) - busiest;
  return { main: main / records, checkWorker: busiest / records, others: rest / records };
})();
const cpu = process.cpuUsage(cpuStart);
const warm = Math.min(20, Math.floor(cpuAt.length / 5));
const steadyCpuMs =
  cpuAt.length - 1 > warm ? (cpuAt[cpuAt.length - 1] - cpuAt[warm]) / (cpuAt.length - 1 - warm) : undefined;
// C_SignInit + C_Sign alone: CPU and wall per signature, same key, data of the same size.
const keyOnly = makeSigner(opts.certId, []);
const probe = new Uint8Array(150).fill(7);
for (let i = 0; i < 10; i++) await keyOnly.sign(probe, keyOnly.algorithms.at(-1));
const keyCpuStart = process.cpuUsage();
const keyStart = performance.now();
const KEY_RUNS = 100;
for (let i = 0; i < KEY_RUNS; i++) await keyOnly.sign(probe, 'rsa-pkcs1-sha256');
const keyCpu = process.cpuUsage(keyCpuStart);
const cSignCpuMs = (keyCpu.user + keyCpu.system) / 1000 / KEY_RUNS;
const cSignAloneMs = (performance.now() - keyStart) / KEY_RUNS;
session.logout();
module.close();
console.log(
  JSON.stringify({
    n: files.length,
    signed: result.signed.length,
    failed,
    totalMs,
    // The batch's CPU time (user + system, every thread of this process, SoftHSM's C_Sign included).
    cpuMs: (cpu.user + cpu.system) / 1000,
    steadyCpuMs,
    steadyAfter: warm + 1,
    // Our work per record once warm, CPU: the batch's steady CPU minus one C_SignInit + C_Sign.
    ownSteadyCpuMs: steadyCpuMs === undefined ? undefined : steadyCpuMs - cSignCpuMs,
    cSignCpuMs,
    // Linux only: { main, checkWorker, others } ms of CPU a record once warm (others: C_Sign, GC).
    threadsCpuPerRecordMs,
    cSignAloneMs,
    cSignMs,
    cSignCalls,
    engineMs,
    loginMs,
    rssBeforeMiB: rssBefore / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
