import { readdirSync, readFileSync } from 'node:fs';
import { createTrustStore, verifyPdf } from '@hocba/shared/verify';

const d = '/tmp/hocba-bench-verify-W6tM3Y/set';
const files = readdirSync(d)
  .filter((f) => f.includes('3sig'))
  .map((f) => new Uint8Array(readFileSync(d + '/' + f)));
const trust = createTrustStore({ anchors: [] });
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  for (const b of files) await verifyPdf(b, { trust });
  console.log((performance.now() - t) / files.length);
}
