/**
 * Where the PKCS#11 module of a token is: from configuration, or found automatically in a
 * table of the modules that Vietnamese CAs and common tokens install (hoc-ba.md §6).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
}

/** Candidate paths for this platform; Windows DLL names are looked up in System32 and SysWOW64. */
export function moduleCandidates(platform: NodeJS.Platform = process.platform): ModuleCandidate[] {
  const windir = process.env.WINDIR ?? 'C:\\Windows';
  const out: ModuleCandidate[] = [];
  for (const known of KNOWN_MODULES) {
    for (const file of known.files[platform] ?? []) {
      if (platform === 'win32' && !file.includes('\\')) {
        out.push({ vendor: known.vendor, path: join(windir, 'System32', file) });
        out.push({ vendor: known.vendor, path: join(windir, 'SysWOW64', file) });
      } else out.push({ vendor: known.vendor, path: file });
    }
  }
  return out;
}

export type ModuleChoice =
  | { status: 'configured'; path: string }
  | { status: 'found'; path: string; vendor: string }
  | { status: 'notFound'; tried: string[] };

/** The configured module if any (used as given), else the first known module present on disk. */
export function chooseModule(
  configured?: string,
  exists: (path: string) => boolean = existsSync,
): ModuleChoice {
  if (configured) return { status: 'configured', path: configured };
  const candidates = moduleCandidates();
  const found = candidates.find((candidate) => exists(candidate.path));
  if (found) return { status: 'found', path: found.path, vendor: found.vendor };
  return { status: 'notFound', tried: candidates.map((c) => c.path) };
}
