/**
 * The test PKI's CMS signatures, RFC 3161 tokens and OCSP responses, made by the openssl
 * CLI at test time: one place for the arguments, so the tests' own copies cannot drift apart.
 * (The fixtures' generation scripts, make*.mjs beside each fixture folder, stay apart on purpose.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';

const scratch = () => mkdtempSync(join(tmpdir(), 'hocba-openssl-'));
const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const read = (path: string) => new Uint8Array(readFileSync(path));

export interface CmsOptions {
  /** RSA-PSS (salt 32) instead of PKCS#1 v1.5. */
  pss?: boolean;
  /** The issuing CA in the CMS certificates (default true). */
  certfile?: boolean;
  /** ESS signing-certificate-v2 (`-cades`, default true). */
  cades?: boolean;
  /** Further `openssl cms -sign` arguments (e.g. `-econtent_type OID`). */
  extra?: string[];
}

/** `openssl cms -sign -binary -outform DER -md sha256` over `data`, detached. */
export function opensslCms(
  data: Uint8Array,
  signer: TestEntity,
  pki: TestPki,
  opts: CmsOptions = {},
): Uint8Array {
  const dir = scratch();
  writeFileSync(join(dir, 'data.bin'), data);
  const args = ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', join(dir, 'data.bin')];
  args.push('-signer', signer.certPath, '-inkey', signer.keyPath, '-out', join(dir, 'sig.p7'));
  if (opts.certfile !== false) args.push('-certfile', pki.ca.certPath);
  if (opts.cades !== false) args.push('-cades');
  if (opts.pss) args.push('-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32');
  args.push(...(opts.extra ?? []));
  run(args);
  return read(join(dir, 'sig.p7'));
}

/** The `openssl ts -reply` arguments of the test TSA, for a query file. */
export function tsaReplyArgs(pki: TestPki, queryPath: string): string[] {
  return ['ts', '-reply', '-config', pki.tsaConfigPath, '-queryfile', queryPath];
}

/** An RFC 3161 TimeStampToken over `data` (SHA-256, with the TSA's certificate) from the test TSA. */
export function timestampToken(data: Uint8Array, pki: TestPki): Uint8Array {
  const dir = scratch();
  writeFileSync(join(dir, 'data.bin'), data);
  run([
    'ts',
    '-query',
    '-data',
    join(dir, 'data.bin'),
    '-sha256',
    '-cert',
    '-no_nonce',
    '-out',
    join(dir, 'q.tsq'),
  ]);
  run([...tsaReplyArgs(pki, join(dir, 'q.tsq')), '-token_out', '-out', join(dir, 't.der')]);
  return read(join(dir, 't.der'));
}

/** The responder side of `openssl ocsp` for the issuing CA: its index, certificate and OCSP key. */
export function ocspResponderArgs(pki: TestPki): string[] {
  return [
    '-index',
    pki.caIndexPath,
    '-CA',
    pki.ca.certPath,
    '-rsigner',
    pki.ocsp.certPath,
    '-rkey',
    pki.ocsp.keyPath,
  ];
}

/** A DER OCSPResponse for the certificate at `subjectCertPath` from the test responder (no nonce). */
export function ocspResponse(pki: TestPki, subjectCertPath: string): Uint8Array {
  const dir = scratch();
  const req = join(dir, 'req.der');
  const resp = join(dir, 'resp.der');
  run(['ocsp', '-issuer', pki.ca.certPath, '-cert', subjectCertPath, '-reqout', req, '-no_nonce']);
  run(['ocsp', ...ocspResponderArgs(pki), '-reqin', req, '-respout', resp]);
  return read(resp);
}
