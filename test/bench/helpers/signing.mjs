// One measured signing run of a folder of PDFs: ours (sign-batch.mjs in a child process,
// the SoftHSM token) or pdfsig (one process per file, one after the other, like a batch).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pdfsigSign } from './pdfsig.mjs';
import { runTimed } from './proc.mjs';

const SIGN_BATCH = fileURLToPath(new URL('./sign-batch.mjs', import.meta.url));
const HOCBA = fileURLToPath(new URL('../../../companion/bin/hocba.js', import.meta.url));
const CLI_ROLES = { gvcn: 'teacher', principal: 'principal', seal: 'seal' };

/** Signs every PDF of `inDir` into `outDir` as `role`: the child's JSON timings. */
export async function signWithCompanion(ids, role, inDir, outDir, dataDir) {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const options = {
    modulePath: ids.token.modulePath,
    serial: ids.token.serial,
    pin: ids.token.pin,
    certId: ids.certIds[role],
    role,
    inDir,
    outDir,
    dataDir,
  };
  const r = await runTimed(process.execPath, [SIGN_BATCH, JSON.stringify(options)], {
    env: { ...process.env, ...ids.token.env },
  });
  if (r.code !== 0) throw new Error(`sign-batch failed (${r.code}): ${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  if (result.failed > 0 || result.signed !== result.n)
    throw new Error(`sign-batch: ${result.failed} of ${result.n} failed: ${r.stderr}`);
  return { ...result, processCpuMs: r.cpuMs, processWallMs: r.wallMs };
}

/**
 * `hocba sign <every file> --role … --out … --pin-stdin` as a user runs it (process start-up,
 * module and token discovery, login, reading the files, the batch, each output written
 * atomically): { wallMs, cpuMs } of the whole process.
 */
export async function signWithCli(ids, role, inDir, outDir, dataDir) {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(inDir)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => join(inDir, f));
  const args = [HOCBA, 'sign', ...files, '--role', CLI_ROLES[role], '--out', outDir];
  args.push('--data-dir', dataDir, '--module', ids.token.modulePath, '--token', ids.token.serial);
  args.push('--cert', ids.certIds[role], '--pin-stdin');
  const r = await runTimed(process.execPath, args, {
    env: { ...process.env, ...ids.token.env },
    input: `${ids.token.pin}\n`,
  });
  const signed = readdirSync(outDir).filter((f) => f.endsWith('.signed.pdf')).length;
  if (r.code !== 0 || signed !== files.length)
    throw new Error(
      `hocba sign: exit ${r.code}, ${signed} of ${files.length} signed: ${r.stderr.slice(-2000)}`,
    );
  return { wallMs: r.wallMs, cpuMs: r.cpuMs };
}

/** pdfsig -add-signature on every PDF of `inDir`, one process after the other: { wallMs, cpuMs } summed. */
export async function signWithPdfsig(ids, role, inDir, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(inDir).filter((f) => f.endsWith('.pdf'));
  // Summed per process (bash's start excluded, as for ours): wall and CPU time.
  let cpuMs = 0;
  let wallMs = 0;
  for (const f of files) {
    const t = await pdfsigSign(ids, role, `pdfsig.${role}`, join(inDir, f), join(outDir, f));
    cpuMs += t.cpuMs;
    wallMs += t.wallMs;
  }
  return { wallMs, cpuMs };
}
