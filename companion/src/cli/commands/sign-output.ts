/**
 * Where `hocba sign` writes each signed file: `<name>.signed.pdf` in --out, one `.signed`
 * however many people signed before (the principal signs `x.signed.pdf` into `x.signed.pdf`
 * of another folder, not `x.signed.signed.pdf`). Never over a file that is already there,
 * nor over another output of the same run (two `an.json` of two classes): `-2`, `-3`... is
 * added instead, so nothing signed is overwritten.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';

export class SignedFileNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly outDir: string,
    private readonly exists: (path: string) => boolean = existsSync,
  ) {}

  /** A free path for the signed copy of `input`, reserved for this run. */
  next(input: string): string {
    const stem = basename(input).replace(/(\.signed)?\.(pdf|json)$/i, '') || 'hoc-ba';
    for (let n = 1; ; n++) {
      const path = join(this.outDir, `${stem}${n === 1 ? '' : `-${n}`}.signed.pdf`);
      if (this.taken.has(path) || this.exists(path)) continue;
      this.taken.add(path);
      return path;
    }
  }
}
