/** DejaVu Sans from the dejavu-fonts-ttf package (what the companion and extension ship). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export function dejavuFonts(): { regular: Uint8Array; bold: Uint8Array } {
  return {
    regular: new Uint8Array(readFileSync(join(dir, 'DejaVuSans.ttf'))),
    bold: new Uint8Array(readFileSync(join(dir, 'DejaVuSans-Bold.ttf'))),
  };
}
