/**
 * PAdES B-LTA for the archive. A time-stamp proves a signature existed at its time only
 * while the TSA's certificate is valid; before it expires, a document time-stamp over the
 * file (with the /DSS proving the earlier ones) renews the proof, and so on for decades.
 * `archiveStatus` says which files need it and by when; `restampFile` adds it, keeping the
 * earlier version under `.versions/` (written before the new one replaces it).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toHocbaError } from '@hocba/shared/errors';
import {
  addDocumentTimestamp,
  addLtv,
  cmsCertificates,
  PdfDocument,
  readCertificate,
  readTstInfo,
  signatureContents,
  timestampTokens,
} from '@hocba/shared/pdf';
import { writeFileAtomic } from './index.js';

export type ArchiveLevel = 'unsigned' | 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface StampState {
  file: string;
  level: ArchiveLevel;
  /** The newest time-stamp in the file (signature or document time-stamp). */
  lastTimestamp?: string;
  /** When that time-stamp's certificates stop proving anything. */
  expires?: string;
  /** Restamp before this date (expiry minus the margin); absent when there is nothing to prove. */
  dueBy?: string;
  needsRestamp: boolean;
  problem?: string;
}

const VERSIONS = '.versions';

export function stampState(file: string, pdf: Uint8Array, now: Date, marginDays: number): StampState {
  try {
    const contents = signatureContents(pdf);
    if (contents.length === 0) return { file, level: 'unsigned', needsRestamp: false };
    const doc = new PdfDocument(pdf);
    const hasDss = Boolean(doc.resolveDict(doc.catalog().get('DSS')));
    let documentStamp = false;
    let signatureStamp = false;
    let newest: { time: Date; expires: Date } | undefined;
    for (const cms of contents) {
      for (const token of timestampTokens(cms)) {
        if (token.length === cms.length && token.every((b, i) => b === cms[i])) documentStamp = true;
        else signatureStamp = true;
        const time = readTstInfo(token).genTime;
        // Conservative: the earliest end among the token's certificates (TSA, its CA).
        const ends = cmsCertificates(token).map((c) => readCertificate(c).notAfter.getTime());
        const expires = new Date(ends.length ? Math.min(...ends) : time.getTime());
        if (!newest || time > newest.time) newest = { time, expires };
      }
    }
    // B-LTA builds on B-LT (ETSI EN 319 142-1): a B-B file under a document time-stamp is
    // proven to exist since that stamp, but stays B-B (pyHanko's pades-lta says the same).
    const level: ArchiveLevel = !signatureStamp ? 'B-B' : documentStamp ? 'B-LTA' : hasDss ? 'B-LT' : 'B-T';
    if (!newest) return { file, level, needsRestamp: true };
    const dueBy = new Date(newest.expires.getTime() - marginDays * 86400_000);
    return {
      file,
      level,
      lastTimestamp: newest.time.toISOString(),
      expires: newest.expires.toISOString(),
      dueBy: dueBy.toISOString(),
      needsRestamp: now >= dueBy,
    };
  } catch (error) {
    return { file, level: 'B-B', needsRestamp: false, problem: toHocbaError(error).en };
  }
}

/** Signed PDFs under the folder (not the kept versions), sorted. */
export function archiveFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 16) return;
    for (const name of readdirSync(dir).sort()) {
      if (name === VERSIONS || name.startsWith('.')) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile() && name.toLowerCase().endsWith('.pdf')) out.push(p);
    }
  };
  walk(folder, 0);
  return out;
}

export function archiveStatus(
  folder: string,
  options: { now?: Date; marginDays?: number } = {},
): StampState[] {
  const now = options.now ?? new Date();
  return archiveFiles(folder).map((f) =>
    stampState(relative(folder, f), new Uint8Array(readFileSync(f)), now, options.marginDays ?? 365),
  );
}

export interface RestampResult {
  file: string;
  previous: string;
  previousSha256: string;
  sha256: string;
  /** Revocation data could not be added (the time-stamp still is): why. */
  revocationProblem?: string;
}

/**
 * Keeps the current version under `.versions/`, then replaces the file with: the revocation
 * data of every signature and time-stamp in /DSS, and a document time-stamp over all of it.
 */
export async function restampFile(
  folder: string,
  file: string,
  options: { timestampUrl: string; fetch?: typeof fetch; now?: Date },
): Promise<RestampResult> {
  const path = join(folder, file);
  const before = new Uint8Array(readFileSync(path));
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  const previous = join(VERSIONS, `${file}.${stamp}.pdf`);
  // Never over an existing version: a second restamp the same second fails rather than loses one.
  writeFileAtomic(join(folder, previous), before, 0o644, 'never');
  let withDss: Uint8Array = before;
  let revocationProblem: string | undefined;
  try {
    withDss = (await addLtv(before, options.fetch ? { fetch: options.fetch } : {})).pdf;
  } catch (error) {
    revocationProblem = toHocbaError(error).en;
  }
  const { pdf } = await addDocumentTimestamp(withDss, {
    timestampUrl: options.timestampUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  writeFileAtomic(path, pdf, 0o644);
  return {
    file,
    previous,
    previousSha256: createHash('sha256').update(before).digest('hex'),
    sha256: createHash('sha256').update(pdf).digest('hex'),
    ...(revocationProblem ? { revocationProblem } : {}),
  };
}
