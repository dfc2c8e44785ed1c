/**
 * The teachers' step in the eDoc replica, done as they would with their token: `hocba sign
 * --role teacher` on each submitted PDF (the demo token, SoftHSM2). Used by `npm run demo`
 * and the e2e story, so the principal's batch follows real GVCN signatures.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOCBA = fileURLToPath(new URL('../../companion/bin/hocba.js', import.meta.url));

/** `(files) => Map<id, signed pdf>` for EdocReplica.prepareSubmissions. */
export function signAsTeacher({ env, module, pin }) {
  return async (files) => {
    const dir = mkdtempSync(join(tmpdir(), 'hocba-edoc-gvcn-'));
    try {
      const out = join(dir, 'out');
      mkdirSync(out);
      const paths = files.map((f) => {
        const path = join(dir, `${f.id}.pdf`);
        writeFileSync(path, f.pdf);
        return path;
      });
      execFileSync(
        'node',
        [
          HOCBA,
          'sign',
          ...paths,
          '--role',
          'teacher',
          '--out',
          out,
          '--module',
          module,
          '--data-dir',
          join(dir, 'cli'),
          '--pin-stdin',
        ],
        { env, input: `${pin}\n`, stdio: ['pipe', 'ignore', 'pipe'] },
      );
      return new Map(files.map((f) => [f.id, new Uint8Array(readFileSync(join(out, `${f.id}.signed.pdf`)))]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
