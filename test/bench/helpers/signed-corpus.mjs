/**
 * Signed records for the verify benchmarks: the distinct rendered records of both kinds
 * signed by the GVCN, then the principal, then the seal (the companion's engine and the
 * SoftHSM token), so each record exists with one, two and three signatures. Memoized.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KINDS, renderKind, writeBatch } from './corpus.mjs';
import { signWithCompanion } from './signing.mjs';
import { benchIdentities } from './token.mjs';

const made = new Map();

/** { levels: [dir with 1 signature, 2, 3], files: per level the sorted file names } */
export async function signedRecords(work, distinct) {
  if (made.has(distinct)) return made.get(distinct);
  const ids = benchIdentities();
  const unsigned = join(work, 'unsigned');
  for (const kind of Object.keys(KINDS))
    writeBatch(unsigned, kind, (await renderKind(kind, distinct)).pdfs, distinct);
  const levels = [];
  let input = unsigned;
  for (const role of ['gvcn', 'principal', 'seal']) {
    const out = join(work, `signed-${role}`);
    await signWithCompanion(ids, role, input, out, join(work, `data-${role}`));
    levels.push(out);
    input = out;
  }
  const result = { levels, files: readdirSync(unsigned).sort() };
  made.set(distinct, result);
  return result;
}

/** `n` files in `dir`: file i has (i mod 3) + 1 signatures, cycling through the records. */
export function verifySet(corpus, dir, n) {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (let i = 0; i < n; i++) {
    const level = i % 3;
    const name = corpus.files[Math.floor(i / 3) % corpus.files.length];
    const path = join(dir, `hs-${String(i + 1).padStart(4, '0')}-${level + 1}sig.pdf`);
    copyFileSync(join(corpus.levels[level], name), path);
    out.push({ path, signatures: level + 1 });
  }
  return out;
}
