// One measured signing run of a folder of PDFs: ours (sign-batch.mjs in a child process,
// the SoftHSM token) or pdfsig (one process per file, one after the other, like a batch).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pdfsigSign } from './pdfsig.mjs';
import { run } from './proc.mjs';

const SIGN_BATCH = fileURLToPath(new URL('./sign-batch.mjs', import.meta.url));

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
  const r = await run(process.execPath, [SIGN_BATCH, JSON.stringify(options)], {
    env: { ...process.env, ...ids.token.env },
  });
  if (r.code !== 0) throw new Error(`sign-batch failed (${r.code}): ${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  if (result.failed > 0 || result.signed !== result.n)
    throw new Error(`sign-batch: ${result.failed} of ${result.n} failed: ${r.stderr}`);
  return result;
}

/** pdfsig -add-signature on every PDF of `inDir`, one process after the other: wall ms. */
export async function signWithPdfsig(ids, role, inDir, outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(inDir).filter((f) => f.endsWith('.pdf'));
  const start = performance.now();
  for (const f of files) await pdfsigSign(ids, role, `pdfsig.${role}`, join(inDir, f), join(outDir, f));
  return performance.now() - start;
}
