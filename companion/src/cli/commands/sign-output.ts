/**
 * Where `hocba sign` writes each signed file: `<name>.signed.pdf` in --out, one `.signed`
 * however many people signed before (the principal signs `x.signed.pdf` into `x.signed.pdf`
 * of another folder, not `x.signed.signed.pdf`). Never over a file that is already there,
 * nor over another output of the same run (two `an.json` of two classes): `-2`, `-3`... is
 * added instead, so nothing signed is overwritten. A file a run interrupted before (killed)
 * already wrote, byte for byte the same, is kept and not written twice (`findSame`).
 *
 * And which batch a run is: the same files, the same certificate, the same role are the same
 * batch (`cliBatchId`), so running the command again after a kill resumes it: what the
 * journal holds comes back from the archive, not signed again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/**
 * The batch of these files (in this order) signed with this certificate in this role, at
 * these settings (the time-stamp server and level, or none: another level is another
 * signature, not a resume).
 */
export function cliBatchId(
  role: string,
  certificateSha256: string,
  files: readonly string[],
  settings = '',
): string {
  const hash = createHash('sha256').update(`${role}|${certificateSha256}|${settings}`);
  for (const file of files) hash.update(`|${resolve(file)}`);
  return `cli-${hash.digest('hex').slice(0, 24)}`;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class SignedFileNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly outDir: string,
    private readonly exists: (path: string) => boolean = existsSync,
  ) {}

  private candidate(input: string, n: number): string {
    const stem = basename(input).replace(/(\.signed)?\.(pdf|json)$/i, '') || 'hoc-ba';
    return join(this.outDir, `${stem}${n === 1 ? '' : `-${n}`}.signed.pdf`);
  }

  /** A free path for the signed copy of `input`, reserved for this run. */
  next(input: string): string {
    for (let n = 1; ; n++) {
      const path = this.candidate(input, n);
      if (this.taken.has(path) || this.exists(path)) continue;
      this.taken.add(path);
      return path;
    }
  }

  /** A signed copy of `input` already in --out holding exactly these bytes, if any (reserved for this run). */
  findSame(
    input: string,
    bytesSha256: string,
    read: (path: string) => Uint8Array = readFileSync,
  ): string | undefined {
    for (let n = 1; ; n++) {
      const path = this.candidate(input, n);
      if (!this.exists(path)) return undefined;
      if (this.taken.has(path)) continue;
      if (sha256(read(path)) === bytesSha256) {
        this.taken.add(path);
        return path;
      }
    }
  }
}
