/**
 * Whether a SignerInfo that names no certificate here names one of them wrongly encoded: the
 * case of node-forge (node-signpdf), which writes a UTF8String issuer's UTF-8 encoded a second
 * time ("Ban CÆ¡ yáº¿u"), so its `sid` matches no certificate's issuer byte for byte. Only then
 * may the report say "a signing software error": the serial number alone (small serials like 01
 * are common, and anyone can add a certificate with one) proves nothing.
 */
import { readNode } from '../../asn1/index.js';
import { type Certificate, type NameAttribute, readName } from '../../x509/index.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A value whose characters are bytes forming UTF-8 (more than ASCII), read as that UTF-8; else as it is. */
export function undoDoubleUtf8(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return strictUtf8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
  } catch {
    return value;
  }
}

/** The same attributes in the same order, each value equal once the double encoding is undone. */
function sameName(named: readonly NameAttribute[], issuer: readonly NameAttribute[]): boolean {
  return (
    named.length === issuer.length &&
    named.every((a, i) => a.oid === issuer[i]?.oid && undoDoubleUtf8(a.value) === issuer[i]?.value)
  );
}

/**
 * True when one of `pool` has the `sid`'s serial number and an issuer equal to the `sid`'s
 * issuer as decoded names (after undoing the double encoding): the certificate is here, named
 * wrongly. An unreadable `sid` issuer, or another issuer with the same serial: false.
 */
export function signerMisnamed(
  sid: { issuerDer: Uint8Array; serialHex: string },
  pool: readonly Certificate[],
): boolean {
  const sameSerial = pool.filter((c) => c.serialHex === sid.serialHex);
  if (sameSerial.length === 0) return false;
  let named: NameAttribute[];
  try {
    named = readName(readNode(sid.issuerDer));
  } catch {
    return false;
  }
  return sameSerial.some((c) => sameName(named, c.issuer));
}
