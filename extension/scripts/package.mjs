// `npm run package -w extension`: the release builds, and a zip of each in extension/packages/
// (gitignored):
//   hocba-so-chromium-<version>.zip  Chrome Web Store upload, or IT's self-hosted CRX source
//   hocba-so-firefox-<version>.zip   AMO submission (an .xpi is the same zip, signed by AMO)
// A release build (vite --mode release / release-firefox → dist/release/<browser>) differs from
// `npm run build`'s dist/<browser> in one thing: its content script matches the vendors'
// portals only, not the demo portals on 127.0.0.1 / localhost (src/reach/vendor-portals.ts,
// contentScriptPatterns), so a school PC's extension never runs on the PC's own web apps.
// manifest.json at the root of each zip, files in a fixed order with a fixed date, so the
// same build gives the same bytes. --skip-build zips the release builds already there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'packages');
// 1980-01-01 is the earliest date a zip can hold; any fixed date keeps the bytes stable.
const mtime = new Date(1980, 0, 1, 12); // local time, as zip stores it: the same bytes in any time zone

function files(dir) {
  const list = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) list.push(...files(path));
    else list.push(path);
  }
  return list;
}

const MODES = { chromium: 'release', firefox: 'release-firefox' };
if (!process.argv.includes('--skip-build')) {
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  for (const mode of Object.values(MODES))
    execFileSync(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      // As shipped, whatever the caller's NODE_ENV (vitest sets `test`: preact's development code).
      env: { ...process.env, NODE_ENV: 'production' },
    });
}

mkdirSync(out, { recursive: true });
for (const browser of ['chromium', 'firefox']) {
  const dir = join(root, 'dist', 'release', browser);
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`${dir}/manifest.json is missing: run vite build --mode ${MODES[browser]} first`);
    process.exit(1);
  }
  const entries = {};
  for (const path of files(dir))
    entries[relative(dir, path).split('\\').join('/')] = [new Uint8Array(readFileSync(path)), { mtime }];
  const zip = join(out, `hocba-so-${browser}-${version}.zip`);
  writeFileSync(zip, zipSync(entries, { level: 9 }));
  console.log(`${relative(root, zip)}  ${Object.keys(entries).length} files, ${statSync(zip).size} bytes`);
}
