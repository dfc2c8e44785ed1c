/**
 * What the red-team files share: the test PKI our own fixtures are signed under, the root of
 * the outside signers' files (fixtures/outside), a fixed "now", and keeping attack files for
 * checking by hand (HOCBA_DUMP_ATTACKS=<dir>: pyHanko, pdftoppm).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { createTrustStore, type TrustStore } from '../../src/verify/index.js';
import { type TestPki, testPki } from '../support/pki.js';

export const OUTSIDE_DIR = join(import.meta.dirname, 'fixtures', 'outside');
export const NOW = new Date('2026-12-01T00:00:00Z');

export interface RedTeam {
  pki: TestPki;
  /** Our test root only. */
  own: TrustStore;
  /** The outside signers' root only. */
  outside: TrustStore;
  /** Both roots: files where our signers and outside signers meet. */
  both: TrustStore;
}

/** Makes the test PKI and the trust stores once per file (filled in before the first test). */
export function redTeam(): RedTeam {
  const team = {} as RedTeam;
  beforeAll(async () => {
    const outsideRoot = readFileSync(join(OUTSIDE_DIR, 'root.pem'), 'utf8');
    team.pki = await testPki();
    team.own = createTrustStore({ anchors: [team.pki.root.certPem] });
    team.outside = createTrustStore({ anchors: [outsideRoot] });
    team.both = createTrustStore({ anchors: [team.pki.root.certPem, outsideRoot] });
  }, 60_000);
  return team;
}

/** Writes the attack file to HOCBA_DUMP_ATTACKS when set; returns it unchanged. */
export function keep(name: string, bytes: Uint8Array): Uint8Array {
  const dir = process.env.HOCBA_DUMP_ATTACKS;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.pdf`), bytes);
  }
  return bytes;
}
