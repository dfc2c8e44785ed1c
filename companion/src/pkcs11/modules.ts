/**
 * Which PKCS#11 modules (token drivers) to load: the configured one, plus every known driver
 * present on disk, from a table of the modules that Vietnamese CAs and common tokens install
 * (hoc-ba.md §6). Every driver present is loaded, not the first one found: the ModuleSet
 * lists tokens across all of them.
 */
import { existsSync } from 'node:fs';
import { win32 } from 'node:path';

export interface KnownModule {
  vendor: string;
  /** File names per platform (process.platform). */
  files: Partial<Record<NodeJS.Platform, string[]>>;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  {
    vendor: 'VNPT-CA',
    files: {
      win32: [
        'vnpt-ca_csp11.dll',
        'vnptca_p11_v10.dll',
        'vnptca_p11_v9.dll',
        'vnptca_p11_v8.dll',
        'vnptca_p11_v7.dll',
        'vnptca_p11_v6.dll',
      ],
    },
  },
  {
    vendor: 'Viettel-CA',
    files: {
      win32: [
        'viettel-ca_v6.dll',
        'viettel-ca_v5.dll',
        'viettel-ca_v4.dll',
        'viettel-ca_v3.dll',
        'viettel-ca_v2.dll',
        'viettel-ca_v2_s.dll',
        'viettel-ca_v1.dll',
      ],
    },
  },
  { vendor: 'BKAV-CA', files: { win32: ['BkavCAv2S.dll', 'BkavCA.dll'] } },
  { vendor: 'FPT-CA', files: { win32: ['fptca_v3.dll', 'fpt-ca.dll'], linux: ['/usr/lib/fptca_v4.so'] } },
  { vendor: 'CA2 / Nacencomm', files: { win32: ['CA2_v34.dll', 'CA2_csp11.dll', 'ShuttleCsp11_3003.dll'] } },
  {
    vendor: 'SafeNet eToken (VGCA)',
    files: {
      win32: ['eTPKCS11.dll'],
      linux: ['/usr/lib/libeTPkcs11.so', '/usr/lib64/libeTPkcs11.so'],
      darwin: ['/usr/local/lib/libeTPkcs11.dylib'],
    },
  },
  {
    vendor: 'Bit4id xPKI (VGCA)',
    files: {
      win32: ['bit4xpki.dll'],
      linux: ['/usr/lib/libbit4xpki.so', '/usr/lib64/libbit4xpki.so'],
      darwin: ['/usr/local/lib/libbit4xpki.dylib'],
    },
  },
  { vendor: 'Feitian ePass2003', files: { win32: ['eps2003csp11.dll'] } },
  { vendor: 'WatchData', files: { win32: ['WDPKCS.dll'] } },
  {
    vendor: 'OpenSC',
    files: {
      win32: ['C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll'],
      linux: [
        '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
        '/usr/lib/opensc-pkcs11.so',
        '/usr/lib64/opensc-pkcs11.so',
      ],
      darwin: ['/Library/OpenSC/lib/opensc-pkcs11.so'],
    },
  },
];

/** SoftHSM2: development, tests and the demo only. Never chosen automatically. */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface ModuleCandidate {
  vendor: string;
  path: string;
  /** Named in the configuration (or --module), or found on disk in the table above. */
  source: 'configured' | 'found';
}

/**
 * Where a platform's known files are looked for, in order of preference per vendor. Windows
 * DLL names: System32 (64-bit drivers, what the 64-bit companion can load) before SysWOW64
 * (32-bit copies: loading one fails, which the doctor then reports).
 */
export function moduleCandidates(platform: NodeJS.Platform = process.platform): ModuleCandidate[] {
  const windir = process.env.WINDIR ?? 'C:\\Windows';
  const out: ModuleCandidate[] = [];
  for (const known of KNOWN_MODULES) {
    const files = known.files[platform] ?? [];
    if (platform !== 'win32') {
      for (const file of files) out.push({ vendor: known.vendor, path: file, source: 'found' });
      continue;
    }
    for (const folder of ['System32', 'SysWOW64'])
      for (const file of files)
        out.push({
          vendor: known.vendor,
          path: file.includes('\\') ? file : win32.join(windir, folder, file),
          source: 'found',
        });
  }
  // A full path is listed under both folders above; keep its first place.
  return out.filter((c, i) => out.findIndex((o) => o.path === c.path) === i);
}

export interface ModuleSearch {
  /**
   * What to load, in order: the configured module, then every vendor's driver found on disk
   * (one file per vendor: its newest name, 64-bit first). A school PC often has two: the Ban
   * Cơ yếu (VGCA) driver for the school's seal and a commercial CA's for the principal.
   */
  load: ModuleCandidate[];
  /** Other files of a vendor already chosen (older versions, the SysWOW64 copy): not loaded. */
  skipped: ModuleCandidate[];
  /** Every path looked at. */
  tried: string[];
}

/** Windows paths compare without case; others exactly. */
function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export interface FindModulesOptions {
  /** false: only the configured module (config `moduleSearch`). */
  search?: boolean;
  exists?: (path: string) => boolean;
  platform?: NodeJS.Platform;
}

export function findModules(configured?: string, options: FindModulesOptions = {}): ModuleSearch {
  const { search = true, exists = existsSync, platform = process.platform } = options;
  const candidates = search ? moduleCandidates(platform) : [];
  const load: ModuleCandidate[] = [];
  const skipped: ModuleCandidate[] = [];
  const chosenVendors = new Set<string>();
  if (configured) {
    // The technician's choice stands for its vendor (a version the table does not prefer).
    const known = candidates.find(
      (c) =>
        samePath(c.path, configured, platform) || samePath(fileName(c.path), fileName(configured), platform),
    );
    load.push({ vendor: known?.vendor ?? 'configured', path: configured, source: 'configured' });
    if (known) chosenVendors.add(known.vendor);
  }
  for (const candidate of candidates) {
    if (!exists(candidate.path)) continue;
    if (load.some((l) => samePath(l.path, candidate.path, platform))) continue;
    if (chosenVendors.has(candidate.vendor)) skipped.push(candidate);
    else {
      chosenVendors.add(candidate.vendor);
      load.push(candidate);
    }
  }
  return { load, skipped, tried: candidates.map((c) => c.path) };
}
