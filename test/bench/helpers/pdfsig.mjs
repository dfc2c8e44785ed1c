// poppler's pdfsig, the tool a school's IT person would reach for instead of ours.
import { runTimed } from './proc.mjs';

/** `pdfsig -add-signature`: a new invisible field `field` signed with the role's key (adbe.pkcs7.detached: poppler 22.12 has no -etsi with -add-signature); resolves the process's { wallMs, cpuMs } (bash's start excluded). */
export async function pdfsigSign(ids, role, field, input, output) {
  const r = await runTimed('pdfsig', [
    '-nssdir',
    `sql:${ids.nssDir}`,
    '-add-signature',
    '-new-signature-field-name',
    field,
    '-nick',
    ids.nicks[role],
    input,
    output,
  ]);
  if (r.code !== 0)
    throw new Error(`pdfsig -add-signature ${field} ${input}: ${r.code} ${r.stderr || r.stdout}`);
  return { wallMs: r.wallMs, cpuMs: r.cpuMs };
}

/** Verifies every signature of `file`: { signatures, valid, trusted } counts from pdfsig's report, and its CPU ms. */
export async function pdfsigVerify(ids, file) {
  const r = await runTimed('pdfsig', ['-nssdir', `sql:${ids.nssDir}`, '-no-ocsp', file]);
  const text = r.stdout;
  return {
    signatures: (text.match(/^Signature #\d+:/gm) ?? []).length,
    valid: (text.match(/Signature Validation: Signature is Valid\./g) ?? []).length,
    trusted: (text.match(/Certificate Validation: Certificate is Trusted\./g) ?? []).length,
    cpuMs: r.cpuMs,
  };
}
