/**
 * The signing identities for the benchmarks, made the way `hocba demo-token` makes them: the
 * demo PKI (root, school CA, GVCN, principal, seal) in a SoftHSM2 token of its own (its own
 * SOFTHSM2_CONF in a temp dir), and the same keys and certificates imported as PKCS#12 into
 * an NSS database for poppler's pdfsig, which trusts the demo root.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoPki, createSoftHsmToken } from '../../../companion/dist/pkcs11/index.js';
import { workDir } from '../harness.mjs';

export const PIN = '12345678';
export const ROLES = ['gvcn', 'principal', 'seal'];

let made;

/** { dir, token: { confPath, modulePath, pin, label, serial }, certIds, nssDir, nicks, rootPemPath } */
export function benchIdentities() {
  if (made) return made;
  const dir = workDir('id');
  const pki = createDemoPki(join(dir, 'pki'));
  const byRole = Object.fromEntries(pki.entities.map((e) => [e.role, e]));
  const token = createSoftHsmToken({
    dir: join(dir, 'softhsm'),
    label: 'HOCBA-BENCH',
    pin: PIN,
    objects: pki.entities
      .filter((e) => e.role !== 'root')
      .map((e) => ({
        id: e.id,
        label: e.label,
        certDerPath: e.certDerPath,
        ...(e.role === 'ca' ? {} : { keyPath: e.keyPath }),
      })),
  });

  const nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  const quiet = { stdio: ['ignore', 'pipe', 'pipe'] };
  const db = `sql:${nssDir}`;
  execFileSync('certutil', ['-N', '-d', db, '--empty-password'], quiet);
  execFileSync(
    'certutil',
    ['-A', '-d', db, '-n', 'demo-root', '-t', 'CT,C,C', '-i', byRole.root.certPath],
    quiet,
  );
  const nicks = {};
  for (const role of ROLES) {
    const p12 = join(dir, `${role}.p12`);
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', byRole[role].certPath, '-inkey', byRole[role].keyPath].concat([
        '-certfile',
        byRole.ca.certPath,
        '-name',
        `hocba-${role}`,
        '-passout',
        'pass:x',
        '-out',
        p12,
      ]),
      quiet,
    );
    execFileSync('pk12util', ['-i', p12, '-d', db, '-W', 'x'], quiet);
    nicks[role] = `hocba-${role}`;
  }
  made = {
    dir,
    token,
    certIds: Object.fromEntries(ROLES.map((r) => [r, byRole[r].id])),
    nssDir,
    nicks,
    rootPemPath: pki.rootPemPath,
    rootPem: readFileSync(pki.rootPemPath, 'utf8'),
  };
  return made;
}
