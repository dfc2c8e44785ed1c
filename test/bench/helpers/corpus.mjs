/**
 * The unsigned PDFs the signing and verifying benchmarks share: generated records of two
 * kinds, rendered once per process on every core (worker threads), then copied to make a
 * batch of N files. Rendering a five-year record takes ~0.5–1 s, so a 1,000-file batch is
 * made of `distinct` rendered records, each copied N / distinct times (signing cost does not
 * depend on whether two files are byte-identical).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateClass } from '@hocba/shared/generator';

/** Grade 1: identity page and one school year (3 pages). Grade 5: five school years (11 pages). */
export const KINDS = {
  oneYear: { grade: 1, label: 'one-year (grade 1)' },
  fiveYear: { grade: 5, label: 'five-year (grade 5)' },
};

/** How many distinct records of each kind are rendered (the batches copy them). */
export function distinctRecords(quick) {
  return quick ? 2 : 35;
}

const rendered = new Map();

/** Renders `distinct` records of `kind` on every core: { pdfs, pageCount, ms[] } (memoized). */
export async function renderKind(kind, distinct) {
  const key = `${kind}:${distinct}`;
  if (rendered.has(key)) return rendered.get(key);
  const { grade } = KINDS[kind];
  const records = generateClass({ seed: 1000 + grade, grade, size: distinct, defectRate: 0 }).records;
  const threads = Math.max(1, Math.min(availableParallelism(), records.length));
  const pdfs = new Array(records.length);
  const ms = new Array(records.length);
  let pageCount = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const jobs = records.map((record, index) => ({ index, record })).filter((j) => j.index % threads === t);
      return new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), { workerData: { jobs } });
        worker.on('message', (m) => {
          pdfs[m.index] = m.pdf;
          ms[m.index] = m.ms;
          pageCount = m.pageCount;
        });
        worker.on('error', reject);
        worker.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`render worker exit ${code}`)),
        );
      });
    }),
  );
  const result = { kind, pdfs, pageCount, ms, wallMs: performance.now() - started, threads };
  rendered.set(key, result);
  return result;
}

/** Writes `n` files to `dir` (`<kind>-0001.pdf`…), cycling through the distinct PDFs. */
export function writeBatch(dir, kind, pdfs, n) {
  mkdirSync(dir, { recursive: true });
  const paths = [];
  for (let i = 0; i < n; i++) {
    const path = join(dir, `${kind}-${String(i + 1).padStart(4, '0')}.pdf`);
    if (i < pdfs.length) writeFileSync(path, pdfs[i]);
    else copyFileSync(paths[i % pdfs.length], path);
    paths.push(path);
  }
  return paths;
}
