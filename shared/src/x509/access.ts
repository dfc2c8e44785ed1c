/**
 * Where a certificate says its revocation status is served: the OCSP responders of its
 * authorityInfoAccess and the URIs of its CRL distribution points. Read on demand from the
 * kept extension bytes (signing asks for them to embed revocation data; path validation does
 * not), so a malformed one fails the reader that asks, as a DerError.
 */
import { bytesOf, childrenOf, type DerNode, latin1, oidOf, readDer } from '../asn1/index.js';
import { OID } from '../asn1/oids.js';
import type { Extension } from './extensions.js';

/** URIs (GeneralName [6]) anywhere under a node. */
function generalNameUris(node: DerNode | undefined): string[] {
  const out: string[] = [];
  const walk = (n: DerNode) => {
    if (n.tag === 0x86) out.push(latin1(bytesOf(n)));
    else for (const c of childrenOf(n)) walk(c);
  };
  if (node) walk(node);
  return out;
}

export function ocspUrls(extensions: readonly Extension[]): string[] {
  const out: string[] = [];
  for (const ext of extensions) {
    if (ext.oid !== OID.authorityInfoAccess) continue;
    for (const ad of childrenOf(readDer(ext.value)))
      if (oidOf(childrenOf(ad)[0]) === OID.ocsp) out.push(...generalNameUris(childrenOf(ad)[1]));
  }
  return out;
}

export function crlUrls(extensions: readonly Extension[]): string[] {
  const out: string[] = [];
  for (const ext of extensions)
    if (ext.oid === OID.crlDistributionPoints) out.push(...generalNameUris(readDer(ext.value)));
  return out;
}
