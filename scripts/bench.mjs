// `npm run bench [-- --quick] [-- --only=<section>] [-- --keep]`: runs every benchmark section in
// test/bench/sections/, prints one table and writes the figures as JSON to .bench/
// (results.json; results-quick.json; results[-quick]-<section>.json with --only). Run through scripts/bench.sh, which builds first.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machine, markdownTable, printTable, removeWorkDirs } from '../test/bench/harness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const sectionsDir = join(root, 'test/bench/sections');
const files = readdirSync(sectionsDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort();
const env = machine();
const loadBefore = load();
console.log(`Máy / machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}`);
console.log(`${env.chromium}; ${env.pdfsig}; ${env.openssl}; SoftHSM ${env.softhsm}`);
console.log(`load average (1, 5, 15 min): ${loadBefore}`);
console.log(quick ? 'Chế độ nhanh / quick mode\n' : '');

const started = Date.now();
const rows = [];
const sections = [];
for (const file of files) {
  const section = await import(pathToFileURL(join(sectionsDir, file)).href);
  if (only && section.name !== only) continue;
  console.log(`== ${section.name}: ${section.title}`);
  const sectionStart = Date.now();
  let ok = true;
  try {
    const sectionRows = await section.run({ quick, root });
    rows.push(...sectionRows);
  } catch (error) {
    ok = false;
    console.error(`  thất bại / failed: ${error?.stack ?? error}`);
    process.exitCode = 1;
  }
  const seconds = (Date.now() - sectionStart) / 1000;
  sections.push({ name: section.name, seconds, ok });
  console.log(`   (${seconds.toFixed(1)} s)`);
}
const totalSeconds = (Date.now() - started) / 1000;
const loadAfter = load();
console.log('');
printTable(rows);
console.log(
  `\n${quick ? 'quick run' : 'full run'}: ${totalSeconds.toFixed(0)} s; load average before ${loadBefore}, after ${loadAfter}`,
);
mkdirSync(join(root, '.bench'), { recursive: true });
const out = join(root, '.bench', `results${quick ? '-quick' : ''}${only ? `-${only}` : ''}.json`);
writeFileSync(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      quick,
      machine: { ...env, loadBefore, loadAfter },
      totalSeconds,
      sections,
      rows,
    },
    null,
    2,
  ),
);
writeFileSync(out.replace(/\.json$/, '.md'), `${markdownTable(rows)}\n`);
console.log(`JSON: ${out} (and the table as Markdown: .md)`);
// The PDFs and token of the run live in temp folders: gone unless --keep.
if (!keep) removeWorkDirs();
// Chromium, worker threads or sockets left behind must not keep the bench alive.
process.exit(process.exitCode ?? 0);
