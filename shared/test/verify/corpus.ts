/**
 * A folder of other signers' files with pyHanko's recorded verdicts (pyhanko.json, made by
 * the folder's make.sh; the tests never run pyHanko) and the two Vietnamese roots it was
 * made under, and the test that puts our verdict beside pyHanko's on every file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTrustStore, type TrustStore, verifyPdf } from '../../src/verify/index.js';

export type Verdict = 'valid' | 'invalid' | 'indeterminate';
/** The corpora's certificates are valid on this day; fixed so the verdicts do not age. */
export const CORPUS_NOW = new Date('2026-12-01T00:00:00Z');

export interface Corpus {
  here: string;
  read: (name: string) => Uint8Array;
  pyhanko: Record<string, { verdict: Verdict }>;
  trust: TrustStore;
  verify: (name: string) => ReturnType<typeof verifyPdf>;
}

/** `now`: the day verdicts are given (CORPUS_NOW unless the files were signed after it). A file
 * kept as NAME.gz (over the 300 KB a committed file may weigh) reads as NAME: the same bytes. */
export function openCorpus(folder: string, now = CORPUS_NOW): Corpus {
  const here = join(import.meta.dirname, 'fixtures', folder);
  const read = (name: string) => {
    const path = join(here, name);
    if (!existsSync(path) && existsSync(`${path}.gz`))
      return new Uint8Array(gunzipSync(readFileSync(`${path}.gz`)));
    return new Uint8Array(readFileSync(path));
  };
  const trust = createTrustStore({
    anchors: ['root-gov.pem', 'root-neac.pem'].map((f) => readFileSync(join(here, f), 'utf8')),
  });
  return {
    here,
    read,
    pyhanko: JSON.parse(readFileSync(join(here, 'pyhanko.json'), 'utf8')),
    trust,
    verify: (name) => verifyPdf(read(name), { trust, now }),
  };
}

/** Every file gets pyHanko's verdict, or ours where `disagree` says why we differ. */
export function agreesWithPyhanko(
  title: string,
  corpus: Corpus,
  disagree: Record<string, { ours: Verdict; why: string }>,
  atLeast: number,
  timeout?: number,
): void {
  describe(title, () => {
    const files = Object.keys(corpus.pyhanko);
    it('the corpus is all there', () => {
      expect(files.length).toBeGreaterThanOrEqual(atLeast);
    });
    for (const name of files) {
      const theirs = corpus.pyhanko[name]?.verdict;
      const expected = disagree[name]?.ours ?? theirs;
      it(
        `${name}: ${expected}${disagree[name] ? ` (pyHanko: ${theirs}; ${disagree[name]?.why})` : ''}`,
        async () => {
          const r = await corpus.verify(name);
          const why = r.signatures.map(
            (s) => `${s.field} ${s.status} ${s.modifications.changes.map((c) => c.detail)}`,
          );
          expect([r.verdict, why]).toEqual([expected, why]);
        },
        timeout,
      );
    }
  });
}
