#!/usr/bin/env node
// Red team round six (session 12): the real companion (`hocba serve`, built dist/) attacked
// from outside, by hand. Not part of the default test run (minutes of CPU); the figures it
// prints are the ones in docs/security.md, "Round six".
//
//   node companion/test/trials/redteam6-trial.mjs <trial> [--n N] [--docs N]
//
// trials:
//   kill        SIGKILL the companion at random moments of a real batch (records rendered and
//               signed with the SoftHSM demo token), N times; after each kill: every archived
//               file whole and verifying, nothing reported signed missing, the audit log
//               verifying; a restart resumes the batch: what was reported comes back
//               `alreadySigned`, never signed again; counts files signed twice (killed
//               between archive and journal: recorded `archive.unrecorded`).
//   kill-cli    SIGKILL `hocba sign` at random moments, N times, then run it again: counts what
//               the re-run signed again and what it took from the archive.
//   diskfull    the data folder on a 2 MiB tmpfs (needs root for mount): a batch until the disk
//               is full; typed answers, nothing reported lost, the companion still serving.
//   readonly    `hocba sign --out` a read-only folder.
//   backpressure  a paired client sending listTokens and reading nothing; the child's RSS.
//   flood       connection floods (many at once, half-open, slowloris, huge and compressed
//               frames, pings, requests in flight) while the extension is timed; the RSS.
//   origins     every request from page origins, another extension, rebinding Hosts.
//   token       the token's store taken away mid-batch (SoftHSM's token folder moved) and
//               put back; a wrong PIN; the companion answers typed and recovers unrestarted.
//
// Needs: SoftHSM2 (/usr/lib/softhsm/libsofthsm2.so), openssl, a built companion (npm run build).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateClass } from '@hocba/shared/generator';
import { computeClientProof, randomToken } from '@hocba/shared/protocol';
import { verifyPdf } from '@hocba/shared/verify';
import WebSocket from 'ws';

const HOCBA = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const PIN = '12345678';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string' }, docs: { type: 'string' }, keep: { type: 'boolean' } },
});
const trial = positionals[0] ?? 'help';
const N = Number(values.n ?? 10);
const DOCS = Number(values.docs ?? 12);
const cleanup = [];

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...a) => console.log(...a);

function hocba(args, env = process.env, input) {
  return execFileSync('node', [HOCBA, ...args], {
    encoding: 'utf8',
    env,
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The demo token (SoftHSM) once, in its own folder: { confPath, root, serial }. */
function demoToken() {
  const dir = mkdtempSync(join(tmpdir(), 'rt6-token-'));
  cleanup.push(dir);
  return { dir, ...JSON.parse(hocba(['demo-token', '--data-dir', dir, '--json'])) };
}

function rss(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** `hocba serve` on a free port with the token; pairs the test extension origin once. */
async function serve(dataDir, token, extraEnv = {}) {
  const env = { ...process.env, SOFTHSM2_CONF: token.confPath, ...extraEnv };
  if (!existsSync(join(dataDir, 'rt6-pairing.json'))) {
    mkdirSync(dataDir, { recursive: true });
    const pairing = JSON.parse(
      hocba(['pair', '--add', ORIGIN, '--label', 'rt6', '--json', '--data-dir', dataDir], env),
    );
    writeFileSync(join(dataDir, 'rt6-pairing.json'), JSON.stringify(pairing));
  }
  const pairing = JSON.parse(readFileSync(join(dataDir, 'rt6-pairing.json'), 'utf8'));
  const child = spawn(
    'node',
    [HOCBA, 'serve', '--port', '0', '--data-dir', dataDir, '--module', MODULE, '--json'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) if (line.includes('"listening"')) resolve(JSON.parse(line).port);
    });
    child.once('exit', (code, signal) => reject(new Error(`serve exited ${code ?? signal}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, port, pairing, exited, env, stderr: () => stderr };
}

/** A paired, authenticated client like the extension's service worker. */
class Client {
  static async open(port, pairing, { origin = ORIGIN, headers = {} } = {}) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { origin, headers, maxPayload: 256 * 1024 * 1024 });
    const client = new Client(ws);
    // Closed before the challenge (pushed out of a full pool: 1013, or dropped before the upgrade).
    const challenge = await Promise.race([
      client.next((m) => m.type === 'challenge'),
      client.closed.then((code) => {
        throw Object.assign(new Error(`closed ${code} before the challenge`), { closeCode: code });
      }),
    ]);
    if (pairing) {
      const clientNonce = randomToken();
      const proof = await computeClientProof({
        secret: pairing.secret,
        origin,
        pairingId: pairing.pairingId,
        nonce: challenge.nonce,
        clientNonce,
      });
      const auth = await client.request({
        type: 'auth',
        id: 'auth',
        pairingId: pairing.pairingId,
        clientNonce,
        proof,
      });
      if (auth.type !== 'auth.result') throw new Error(`auth: ${JSON.stringify(auth)}`);
    }
    return client;
  }

  constructor(ws) {
    this.ws = ws;
    this.received = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      const i = this.waiters.findIndex((w) => w.predicate(m));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m);
      else this.received.push(m);
    });
  }

  next(predicate = () => true) {
    const i = this.received.findIndex(predicate);
    if (i >= 0) return Promise.resolve(this.received.splice(i, 1)[0]);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  request(message) {
    const reply = this.next((m) => m.id === message.id && m.type !== 'progress');
    this.ws.send(JSON.stringify({ v: 1, ...message }));
    return reply;
  }

  send(message) {
    this.ws.send(JSON.stringify({ v: 1, ...message }));
  }

  close() {
    this.ws.terminate();
  }
}

function records(count, seed = 6) {
  const out = [];
  for (let k = 0; out.length < count; k++)
    out.push(
      ...generateClass({ seed: seed * 1000 + k, grade: 5, size: 35, defectRate: 0, className: `5B${k}` })
        .records,
    );
  return out.slice(0, count);
}

function signMessage(id, batchId, serial, docs, role = 'gvcn', certificateId = '01') {
  return {
    type: 'sign',
    id,
    batchId,
    token: { serial },
    certificateId,
    role,
    total: docs.length,
    documents: docs.map((record, i) => ({ docId: `d${i}`, name: `Học sinh ${i}`, kind: 'record', record })),
  };
}

/** Every archived PDF (not temporaries), by batch folder. */
function archivedFiles(dataDir) {
  const root = join(dataDir, 'archive');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .filter((f) => f.endsWith('.pdf') && !f.split('/').at(-1).startsWith('.'))
    .map((f) => join(root, f));
}

/** Whole and verifying: every signature intact (the demo root is not trusted here). */
async function intact(path) {
  const report = await verifyPdf(new Uint8Array(readFileSync(path)));
  return report.signatures.length > 0 && report.signatures.every((s) => s.integrity.status === 'INTACT');
}

function auditVerify(dataDir, env) {
  try {
    hocba(['audit', 'verify', '--data-dir', dataDir, '--json'], env);
    return 'ok';
  } catch (error) {
    return `FAILED: ${String(error.stdout ?? error.message).slice(0, 300)}`;
  }
}

function auditEvents(dataDir) {
  const path = join(dataDir, 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return { event: '(torn)' };
      }
    });
}

const trials = {};

trials.help = async () => {
  log(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 30)
      .join('\n'),
  );
};

// ---- trials ----

/** A tmpfs of `size` at a fresh mount point (root only); unmounted at the end. */
function smallDisk(size) {
  const dir = mkdtempSync(join(tmpdir(), 'rt6-small-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  cleanupMounts.push(dir);
  return dir;
}
const cleanupMounts = [];

trials.diskfull = async () => {
  const token = demoToken();
  const disk = smallDisk('3m');
  const dataDir = join(disk, 'data');
  const s = await serve(dataDir, token);
  const client = await Client.open(s.port, s.pairing);
  const login = await client.request({ type: 'login', id: 'l', token: { serial: token.serial }, pin: PIN });
  log('login', login.type);
  const docs = records(DOCS);
  const t0 = Date.now();
  const result = await client.request(signMessage('s', 'full-batch', token.serial, docs));
  const progress = client.received.filter((m) => m.type === 'progress');
  const reported = progress.filter((m) => m.status === 'signed');
  log(
    'sign answer',
    result.type,
    result.status ?? '',
    JSON.stringify(result.error ?? result.notSigned?.[0]?.error ?? '').slice(0, 300),
  );
  log(
    `reported signed ${reported.length}/${DOCS} in ${Date.now() - t0} ms; notSigned ${result.notSigned?.length}`,
  );
  const files = archivedFiles(dataDir);
  let whole = 0;
  for (const f of files) if (await intact(f)) whole++;
  const missing = reported.filter((m) => !existsSync(join(dataDir, 'archive', m.archived)));
  log(
    `archive: ${files.length} files, ${whole} whole and verifying; reported but missing: ${missing.length}`,
  );
  log('df', execFileSync('df', ['-h', disk], { encoding: 'utf8' }).split('\n')[1]);
  const status = await client.request({ type: 'status', id: 'st' });
  log(
    'still serving:',
    status.type,
    'alive',
    s.child.exitCode === null,
    'rss',
    rss(s.child.pid).toFixed(0),
    'MiB',
  );
  client.close();
  s.child.kill('SIGTERM');
  await s.exited;
  log('stderr tail:', s.stderr().split('\n').slice(-5).join(' | ').slice(0, 600));
};

const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** Archive files per document id (the name starts with the safe id and a dash). */
function filesPerDoc(dataDir, docIds) {
  const files = archivedFiles(dataDir).map((f) => f.split('/').at(-1));
  return Object.fromEntries(docIds.map((id) => [id, files.filter((f) => f.startsWith(`${id}-`)).length]));
}

function temporaries(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.tmp-')).length;
}

trials.kill = async () => {
  const token = demoToken();
  const docs = records(DOCS);
  const ids = docs.map((_, i) => `d${i}`);
  const total = {
    trials: 0,
    reported: 0,
    archived: 0,
    broken: 0,
    reportedMissing: 0,
    temporaries: 0,
    resumedFromArchive: 0,
    resignedAfterReport: 0,
    signedTwice: 0,
    unrecordedLines: 0,
    auditBad: 0,
    resumeIncomplete: 0,
  };
  for (let t = 0; t < N; t++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt6-kill-'));
    cleanup.push(dataDir);
    const s = await serve(dataDir, token);
    const c = await Client.open(s.port, s.pairing);
    await c.request({ type: 'login', id: 'l', token: { serial: token.serial }, pin: PIN });
    const batchId = `kill-${t}`;
    const killAfter = rand(0, DOCS - 1);
    const extraMs = rand(0, 400);
    c.send(signMessage('s', batchId, token.serial, docs));
    const reported = [];
    const seen = async () => {
      while (reported.length < killAfter) {
        const m = await c.next((x) => x.type === 'progress');
        if (m.status === 'signed') reported.push(m);
      }
    };
    await seen();
    await sleep(extraMs);
    s.child.kill('SIGKILL');
    await s.exited;
    for (const m of c.received) if (m.type === 'progress' && m.status === 'signed') reported.push(m);
    const files = archivedFiles(dataDir);
    let broken = 0;
    for (const f of files) if (!(await intact(f))) broken++;
    const reportedMissing = reported.filter((m) => !existsSync(join(dataDir, 'archive', m.archived))).length;
    const temps = temporaries(join(dataDir, 'archive'));
    c.close();
    // Restart, resume the same batch.
    const s2 = await serve(dataDir, token);
    const c2 = await Client.open(s2.port, s2.pairing);
    await c2.request({ type: 'login', id: 'l2', token: { serial: token.serial }, pin: PIN });
    const result = await c2.request(signMessage('s2', batchId, token.serial, docs));
    const progress = c2.received.filter((m) => m.type === 'progress');
    const already = new Set(progress.filter((m) => m.status === 'alreadySigned').map((m) => m.docId));
    const resigned = reported.filter((m) => !already.has(m.docId)).length;
    const perDoc = filesPerDoc(dataDir, ids);
    const twice = Object.values(perDoc).filter((n) => n > 1).length;
    const unrecorded = auditEvents(dataDir).filter((e) => e.event === 'archive.unrecorded').length;
    const audit = auditVerify(dataDir, s2.env);
    c2.close();
    s2.child.kill('SIGTERM');
    await s2.exited;
    const complete =
      result.type === 'sign.result' && result.status === 'completed' && result.signed.length === DOCS;
    log(
      `trial ${t}: killed after ${reported.length} reported (+${extraMs} ms): ${files.length} archived, ${broken} broken, ${reportedMissing} reported-but-missing, ${temps} temporaries; resume ${complete ? 'completed' : `NOT completed ${JSON.stringify(result).slice(0, 200)}`}: ${already.size} from the archive, ${progress.filter((m) => m.status === 'signed').length} signed, ${resigned} reported ones signed again; docs with 2 files: ${twice} (archive.unrecorded lines ${unrecorded}); audit ${audit}`,
    );
    total.trials++;
    total.reported += reported.length;
    total.archived += files.length;
    total.broken += broken;
    total.reportedMissing += reportedMissing;
    total.temporaries += temps;
    total.resumedFromArchive += already.size;
    total.resignedAfterReport += resigned;
    total.signedTwice += twice;
    total.unrecordedLines += unrecorded;
    total.auditBad += audit === 'ok' ? 0 : 1;
    total.resumeIncomplete += complete ? 0 : 1;
  }
  log('TOTAL', JSON.stringify(total));
};

trials['kill-cli'] = async () => {
  const token = demoToken();
  const total = {
    trials: 0,
    outputs: 0,
    broken: 0,
    temporaries: 0,
    kept: 0,
    fromArchive: 0,
    signedOnRerun: 0,
    rerunFailed: 0,
    signatureLines: 0,
    docs: 0,
  };
  for (let t = 0; t < N; t++) {
    const work = mkdtempSync(join(tmpdir(), 'rt6-cli-'));
    cleanup.push(work);
    const out = join(work, 'out');
    const files = records(DOCS, 20 + t).map((r, i) => {
      const path = join(work, `hs-${i}.json`);
      writeFileSync(path, JSON.stringify(r));
      return path;
    });
    const args = [
      HOCBA,
      'sign',
      ...files,
      '--role',
      'teacher',
      '--out',
      out,
      '--data-dir',
      join(work, 'data'),
      '--module',
      MODULE,
      '--pin-stdin',
    ];
    const env = { ...process.env, SOFTHSM2_CONF: token.confPath, HOCBA_MODULE_SEARCH: '0' };
    const killAfter = rand(0, DOCS - 1);
    const extraMs = rand(0, 400);
    const child = spawn('node', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(`${PIN}\n`);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    let stdout = '';
    await new Promise((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if ((stdout.match(/^✓/gm) ?? []).length >= killAfter) resolve();
      });
      if (killAfter === 0) resolve();
      void exited.then(resolve);
    });
    await sleep(extraMs);
    child.kill('SIGKILL');
    const how = await exited;
    const outputs = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.pdf')) : [];
    let broken = 0;
    for (const f of outputs) if (!(await intact(join(out, f)))) broken++;
    const temps = temporaries(out);
    let rerun;
    try {
      rerun = {
        status: 0,
        stdout: execFileSync('node', args, {
          env,
          input: `${PIN}\n`,
          encoding: 'utf8',
          stdio: ['pipe', 'pipe', 'pipe'],
        }),
      };
    } catch (error) {
      rerun = { status: error.status, stdout: String(error.stdout) };
    }
    const kept = (rerun.stdout.match(/signed before, kept/g) ?? []).length;
    const fromArchive = (rerun.stdout.match(/from the archive, not signed again/g) ?? []).length;
    const signed = (rerun.stdout.match(/^✓/gm) ?? []).length - fromArchive;
    const lines = auditEvents(join(work, 'data')).filter((e) => e.event === 'document.signed').length;
    const finalOutputs = readdirSync(out).filter((f) => f.endsWith('.pdf')).length;
    log(
      `trial ${t}: killed (${how}) after ${(stdout.match(/^✓/gm) ?? []).length} written (+${extraMs} ms): ${outputs.length} outputs, ${broken} broken, ${temps} temporaries; re-run exit ${rerun.status}: ${kept} kept, ${fromArchive} from the archive, ${signed} signed; ${finalOutputs} outputs for ${DOCS} files; document.signed lines ${lines}`,
    );
    total.trials++;
    total.outputs += outputs.length;
    total.broken += broken;
    total.temporaries += temps;
    total.kept += kept;
    total.fromArchive += fromArchive;
    total.signedOnRerun += signed;
    total.rerunFailed += rerun.status === 0 && finalOutputs === DOCS ? 0 : 1;
    total.signatureLines += lines;
    total.docs += DOCS;
  }
  log('TOTAL', JSON.stringify(total));
};

trials.readonly = async () => {
  const token = demoToken();
  const work = mkdtempSync(join(tmpdir(), 'rt6-ro-'));
  cleanup.push(work);
  const out = join(work, 'out');
  mkdirSync(out);
  const file = join(work, 'hs.json');
  writeFileSync(file, JSON.stringify(records(1)[0]));
  // Root ignores permission bits: a read-only bind mount is read-only for root too.
  execFileSync('mount', ['--bind', '-o', 'ro', out, out]);
  try {
    const env = { ...process.env, SOFTHSM2_CONF: token.confPath, HOCBA_MODULE_SEARCH: '0' };
    const args = [
      HOCBA,
      'sign',
      file,
      '--role',
      'teacher',
      '--out',
      out,
      '--data-dir',
      join(work, 'data'),
      '--module',
      MODULE,
      '--pin-stdin',
    ];
    let r;
    try {
      r = {
        status: 0,
        out: execFileSync('node', args, {
          env,
          input: `${PIN}\n`,
          encoding: 'utf8',
          stdio: ['pipe', 'pipe', 'pipe'],
        }),
      };
    } catch (error) {
      r = { status: error.status, out: `${error.stdout}${error.stderr}` };
    }
    log(`--out read-only: exit ${r.status}; ${r.out.trim().split('\n').slice(-3).join(' | ')}`);
    log(
      `archive after: ${archivedFiles(join(work, 'data')).length} file(s), audit document.signed ${auditEvents(join(work, 'data')).filter((e) => e.event === 'document.signed').length}`,
    );
  } finally {
    execFileSync('umount', [out]);
  }
};

trials.backpressure = async () => {
  const token = demoToken();
  const dataDir = mkdtempSync(join(tmpdir(), 'rt6-bp-'));
  cleanup.push(dataDir);
  const s = await serve(dataDir, token);
  const c = await Client.open(s.port, s.pairing);
  const rss0 = rss(s.child.pid);
  c.ws._socket.pause();
  let sent = 0;
  let peak = rss0;
  const t0 = Date.now();
  const seconds = Number(values.docs ?? 20);
  while (Date.now() - t0 < seconds * 1000) {
    if (c.ws.bufferedAmount > 1 << 20) await sleep(5);
    else for (let i = 0; i < 200; i++) c.ws.send(`{"v":1,"type":"listTokens","id":"r${sent++}"}`);
    await new Promise((r) => setImmediate(r));
    peak = Math.max(peak, rss(s.child.pid));
  }
  log(
    `listTokens flood, nothing read, ${seconds} s: ${sent} requests written by the client; companion RSS ${rss0.toFixed(0)} -> peak ${peak.toFixed(0)} MiB`,
  );
  // Pings, not read either: ws answers each with a pong.
  const c2 = await Client.open(s.port, s.pairing);
  c2.ws._socket.pause();
  const p0 = rss(s.child.pid);
  let pings = 0;
  let ppeak = p0;
  const payload = randomBytes(125);
  const t1 = Date.now();
  while (Date.now() - t1 < seconds * 1000) {
    if (c2.ws.bufferedAmount > 1 << 20) await sleep(5);
    else for (let i = 0; i < 500; i++, pings++) c2.ws.ping(payload);
    await new Promise((r) => setImmediate(r));
    ppeak = Math.max(ppeak, rss(s.child.pid));
  }
  log(
    `ping flood (125-byte pings), pongs not read, ${seconds} s: ${pings} pings; companion RSS ${p0.toFixed(0)} -> peak ${ppeak.toFixed(0)} MiB`,
  );
  c.ws._socket.resume();
  c2.ws._socket.resume();
  const st = await Client.open(s.port, s.pairing).then((x) => x.request({ type: 'status', id: 'st' }));
  log('a third page still served:', st.type, 'alive', s.child.exitCode === null);
  s.child.kill('SIGKILL');
};

trials.flood = async () => {
  const token = demoToken();
  const dataDir = mkdtempSync(join(tmpdir(), 'rt6-flood-'));
  cleanup.push(dataDir);
  const s = await serve(dataDir, token);
  const rss0 = rss(s.child.pid);
  // As the extension connects (extension/src/companion/client.ts): up to 5 tries when pushed
  // out of the full pre-auth pool (1013), one more when dropped at once before the upgrade.
  const served = async (label) => {
    const t0 = Date.now();
    const closes = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      try {
        const c = await Promise.race([
          Client.open(s.port, s.pairing),
          sleep(15_000).then(() => {
            throw new Error('no challenge within 15 s');
          }),
        ]);
        const st = await c.request({ type: 'status', id: 'st' });
        c.close();
        return log(
          `  ${label}: extension served in ${Date.now() - t0} ms, try ${attempt} (${closes.join(', ') || 'no close'}) (${st.type}); RSS ${rss(s.child.pid).toFixed(0)} MiB`,
        );
      } catch (error) {
        closes.push(error.closeCode ?? error.message);
        await sleep(25 * attempt + Math.random() * 50);
      }
    }
    log(`  ${label}: extension NOT served after 6 tries in ${Date.now() - t0} ms (${closes.join(', ')})`);
  };
  // 1. 3,000 TCP connections at once, each sending nothing.
  const sockets = [];
  for (let i = 0; i < 3000; i++) {
    const sock = connect(s.port, '127.0.0.1');
    sock.on('error', () => {});
    sockets.push(sock);
  }
  await sleep(300);
  await served('3,000 silent TCP connections held');
  for (const sock of sockets.splice(0)) sock.destroy();
  // 2. 500 half-open upgrades (headers never finished) and 200 slowloris frames after the upgrade.
  for (let i = 0; i < 500; i++) {
    const sock = connect(s.port, '127.0.0.1', () =>
      sock.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nOrigin: ${ORIGIN}\r\n`),
    );
    sock.on('error', () => {});
    sockets.push(sock);
  }
  const slow = [];
  for (let i = 0; i < 200; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/`, { origin: ORIGIN });
    ws.on('error', () => {});
    ws.on('open', () => {
      // A frame header announcing 4 KiB, then a byte every 100 ms.
      ws._socket.write(Buffer.from([0x81, 0xfe, 0x10, 0x00, 1, 2, 3, 4]));
      const timer = setInterval(() => ws._socket.writable && ws._socket.write(Buffer.from([0x61])), 100);
      ws.on('close', () => clearInterval(timer));
    });
    slow.push(ws);
  }
  await sleep(500);
  await served('500 half-open upgrades + 200 slowloris frames');
  // 3. A frame announcing 1 GiB after the proof; a compressed frame (RSV1) though no extension was agreed.
  const big = await Client.open(s.port, s.pairing);
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0xff;
  header.writeBigUInt64BE(1n << 30n, 2);
  randomBytes(4).copy(header, 10);
  big.ws._socket.write(header);
  big.ws._socket.write(randomBytes(1 << 20));
  const bigClose = await Promise.race([big.closed, sleep(5000).then(() => 'open')]);
  const deflated = await Client.open(s.port, s.pairing);
  deflated.ws._socket.write(Buffer.from([0xc1, 0x85, 0, 0, 0, 0, 0xf3, 0x48, 0xcd, 0xc9, 0xc9]));
  const deflatedClose = await Promise.race([deflated.closed, sleep(5000).then(() => 'open')]);
  log(
    `  a 1 GiB frame after the proof: closed ${bigClose}; a compressed (RSV1) frame: closed ${deflatedClose}`,
  );
  await served('after the big and compressed frames');
  // 4. Requests in flight and pipelined: 20,000 status + 100 sign without a login on one socket.
  const pipe = await Client.open(s.port, s.pairing);
  const t0 = Date.now();
  for (let i = 0; i < 20_000; i++) pipe.ws.send(`{"v":1,"type":"status","id":"p${i}"}`);
  let answered = 0;
  while (answered < 20_000) {
    await pipe.next((m) => m.id?.startsWith?.('p'));
    answered++;
  }
  log(`  20,000 pipelined requests: all answered in ${Date.now() - t0} ms`);
  await served('after the pipelined flood');
  for (const sock of sockets) sock.destroy();
  for (const ws of slow) ws.terminate();
  log(`RSS ${rss0.toFixed(0)} -> ${rss(s.child.pid).toFixed(0)} MiB; alive ${s.child.exitCode === null}`);
  s.child.kill('SIGKILL');
};

trials.origins = async () => {
  const token = demoToken();
  const dataDir = mkdtempSync(join(tmpdir(), 'rt6-origins-'));
  cleanup.push(dataDir);
  const s = await serve(dataDir, token);
  const origins = [
    'https://evil.example',
    'null',
    'http://127.0.0.1',
    'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba',
    'moz-extension://0e4b6bb1-aaaa-bbbb-cccc-000000000000',
    'file://',
    `${ORIGIN}.evil.example`,
    undefined,
  ];
  const hosts = [
    `127.0.0.1:${s.port}`,
    `evil.example:${s.port}`,
    `127.0.0.1.nip.io:${s.port}`,
    `localhost.:${s.port}`,
    `[::1]:${s.port}`,
  ];
  const tally = {};
  for (const origin of [...origins, ORIGIN])
    for (const host of hosts) {
      const status = await new Promise((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.port}/`, {
          headers: { host },
          ...(origin ? { origin } : {}),
        });
        ws.on('unexpected-response', (_q, r) => {
          resolve(r.statusCode);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.terminate();
        });
        ws.on('error', () => resolve('error'));
      });
      const key = `${origin === ORIGIN ? 'paired extension' : 'other'} ${host.startsWith('127.0.0.1:') ? 'right host' : 'rebinding host'} -> ${status}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
  log(JSON.stringify(tally, null, 1));
  s.child.kill('SIGKILL');
};

trials.token = async () => {
  const token = demoToken();
  const dataDir = mkdtempSync(join(tmpdir(), 'rt6-token-data-'));
  cleanup.push(dataDir);
  const s = await serve(dataDir, token);
  const c = await Client.open(s.port, s.pairing);
  const wrong = await c.request({
    type: 'login',
    id: 'w1',
    token: { serial: token.serial },
    pin: '00000000',
  });
  const wrong2 = await c.request({
    type: 'login',
    id: 'w2',
    token: { serial: token.serial },
    pin: '00000001',
  });
  const list = await c.request({ type: 'listTokens', id: 'lt' });
  log(
    `wrong PIN twice: ${wrong.error?.code}, ${wrong2.error?.code}; pin status now ${list.tokens?.[0]?.pin?.status}`,
  );
  await c.request({ type: 'login', id: 'l', token: { serial: token.serial }, pin: PIN });
  const docs = records(DOCS);
  c.send(signMessage('s', 'pulled', token.serial, docs));
  const seenBefore = [];
  while (seenBefore.length < 2) seenBefore.push(await c.next((m) => m.type === 'progress'));
  // The token "pulled": SoftHSM's token folder taken away.
  const conf = readFileSync(token.confPath, 'utf8');
  const tokendir = /directories\.tokendir\s*=\s*(.+)/.exec(conf)[1].trim();
  renameSync(tokendir, `${tokendir}.away`);
  mkdirSync(tokendir);
  const t0 = Date.now();
  const result = await Promise.race([
    c.next((m) => m.type === 'sign.result' || (m.type === 'error' && m.id === 's')),
    sleep(120_000).then(() => ({ type: 'timeout' })),
  ]);
  log(
    `token folder taken away after 2 documents: answer ${result.type} ${result.status ?? ''} ${result.error?.code ?? ''} in ${Date.now() - t0} ms; signed ${result.signed?.length}, notSigned ${result.notSigned?.length} (${[...new Set((result.notSigned ?? []).map((n) => n.error.code))].join(', ')})`,
  );
  const st = await c.request({ type: 'status', id: 'st1' });
  const lt = await c.request({ type: 'listTokens', id: 'lt1' });
  const login = await c.request({ type: 'login', id: 'l2', token: { serial: token.serial }, pin: PIN });
  log(
    `while away: status ${st.type} token ${st.token} (${st.tokens}); listTokens ${lt.tokens?.length ?? lt.error?.code}; login ${login.type} ${login.error?.code ?? ''}`,
  );
  if (login.type === 'login.result') await c.request({ type: 'logout', id: 'lo' });
  rmSync(tokendir, { recursive: true });
  renameSync(`${tokendir}.away`, tokendir);
  // The companion looks for a token again at most every 2 s (RESCAN_INTERVAL_MS).
  await sleep(2500);
  const st2 = await c.request({ type: 'status', id: 'st2' });
  const login2 = await c.request({ type: 'login', id: 'l3', token: { serial: token.serial }, pin: PIN });
  log(
    `token back: status token ${st2.token} (${st2.tokens}); login ${login2.type} ${login2.error?.code ?? ''}`,
  );
  if (login2.type === 'login.result') {
    const again = await c.request(signMessage('s2', 'pulled', token.serial, docs));
    const progress = c.received.filter((m) => m.type === 'progress' && m.batchId === 'pulled');
    log(
      `resume without restart: ${again.status}; ${progress.filter((m) => m.status === 'alreadySigned').length} from the archive, ${progress.filter((m) => m.status === 'signed').length} signed; alive ${s.child.exitCode === null}`,
    );
  }
  s.child.kill('SIGTERM');
};

// ---- run ----
if (!trials[trial]) {
  console.error(`unknown trial ${trial}`);
  process.exitCode = 2;
}
try {
  await trials[trial]?.();
} finally {
  for (const dir of cleanupMounts) execFileSync('umount', [dir]);
  if (!values.keep)
    for (const dir of [...cleanup, ...cleanupMounts]) rmSync(dir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);
