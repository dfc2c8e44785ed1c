// `npm run bench [-- --quick] [-- --only=<section>]`: runs every benchmark section in
// test/bench/sections/, prints one table and writes the figures as JSON to .bench/.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machine, printTable } from '../test/bench/harness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const sectionsDir = join(root, 'test/bench/sections');
const files = readdirSync(sectionsDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort();
const env = machine();
console.log(`Máy / machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}`);
console.log(`${env.chromium}; ${env.pdfsig}; ${env.openssl}; SoftHSM ${env.softhsm}`);
console.log(quick ? 'Chế độ nhanh / quick mode\n' : '');

const rows = [];
for (const file of files) {
  const section = await import(pathToFileURL(join(sectionsDir, file)).href);
  if (only && section.name !== only) continue;
  console.log(`== ${section.name}: ${section.title}`);
  const started = Date.now();
  try {
    const sectionRows = await section.run({ quick, root });
    rows.push(...sectionRows);
  } catch (error) {
    console.error(`  thất bại / failed: ${error?.stack ?? error}`);
    process.exitCode = 1;
  }
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log('');
printTable(rows);
mkdirSync(join(root, '.bench'), { recursive: true });
const out = join(root, '.bench', quick ? 'results-quick.json' : 'results.json');
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), quick, machine: env, rows }, null, 2));
console.log(`\nJSON: ${out}`);
