/**
 * X.509 Names (RFC 5280 §4.1.2.4) as lists of attributes, and the one rule for reading an
 * attribute a name holds more than once.
 */
import { children, DerError, type DerNode, expectTag, readOid, readString, TAG } from '../asn1/index.js';
import { NAME_ATTRIBUTE_LABELS } from '../asn1/oids.js';

export interface NameAttribute {
  oid: string;
  /** Short label (CN, O, UID...) or the OID when unknown. */
  type: string;
  value: string;
}

export function readName(node: DerNode): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(expectTag(node, TAG.SEQUENCE, 'Name'))) {
    for (const atv of children(rdn)) {
      const [oidNode, valueNode] = children(atv);
      if (!oidNode || !valueNode) throw new DerError('bad name attribute');
      const oid = readOid(oidNode);
      out.push({ oid, type: NAME_ATTRIBUTE_LABELS[oid] ?? oid, value: readString(valueNode) });
    }
  }
  return out;
}

/** The name in DER order (most general first), `CN=…, O=…` labels. */
export function nameToString(name: readonly NameAttribute[]): string {
  return name.map((a) => `${a.type}=${a.value}`).join(', ');
}

/**
 * The value of attribute `oid`; of one named twice (two CNs), the LAST in DER order. That is
 * the most specific RDN, the one an RFC 4514 string puts first (`CN=Last,CN=First,O=…`) and
 * the one a PDF viewer names the signer by (poppler's pdfsig: "Signer Certificate Common
 * Name: Last"; pyHanko lists "Common Name: Last, First"). Signing (the stamp), the companion
 * (the certificate list) and the verifier (who signed) all read names with this rule, so the
 * person a principal picks is the person the receiving school is shown.
 */
export function nameValue(name: readonly NameAttribute[], oid: string): string | undefined {
  for (let i = name.length - 1; i >= 0; i--) if (name[i]?.oid === oid) return name[i]?.value;
  return undefined;
}
