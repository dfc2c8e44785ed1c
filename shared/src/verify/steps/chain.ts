/**
 * Step 3, the chain: what helps build and check the signer's path (certificates and revocation
 * data from the file's /DSS and the signature's archival attribute), and how the path's result
 * becomes the signature's trust and status.
 */
import { bytesEqual, children, ctx, whole } from '../../asn1/index.js';
import { OID } from '../../asn1/oids.js';
import { type Certificate, nameValue, parseCertificate } from '../../x509/index.js';
import { attribute, type parseSignedData, type SignerVerification } from '../cms/index.js';
import { decodeStream, dictOf, type ParsedDocument, type Resolver } from '../document/objects.js';
import type { PathValidation } from '../path/index.js';
import { displayText } from '../report/display-text.js';
import type { SignatureReport, SubIndication } from '../report/index.js';
import type { RevocationData } from '../revocation/index.js';
import { bundledTrustStore } from '../trust/index.js';

export interface DssData {
  certs: Certificate[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
}

/** Certificates and revocation data in the document's /DSS. */
export function dssData(doc: ParsedDocument, res: Resolver): DssData {
  const out = { certs: [] as Certificate[], crls: [] as Uint8Array[], ocsps: [] as Uint8Array[] };
  const dss = dictOf(res.get(res.catalog(), 'DSS'));
  if (!dss) return out;
  const streams = (key: string): Uint8Array[] => {
    const arr = res.get(dss, key);
    if (!Array.isArray(arr)) return [];
    const list: Uint8Array[] = [];
    for (const r of arr) {
      const v = res.resolve(r);
      if (v && typeof v === 'object' && !Array.isArray(v) && v.kind === 'stream') {
        const data = decodeStream(doc, v);
        if (data) list.push(data.slice());
      }
    }
    return list;
  };
  for (const der of streams('Certs')) {
    try {
      out.certs.push(parseCertificate(der));
    } catch {
      /* an unreadable certificate in /DSS only means less help building paths */
    }
  }
  out.crls = streams('CRLs');
  out.ocsps = streams('OCSPs');
  return out;
}

/** adbe-revocationInfoArchival signed attribute: [0] CRLs, [1] OCSP responses. */
export function adobeRevocation(
  v: SignerVerification | undefined,
  attrs: ReturnType<typeof parseSignedData>['signerInfos'][number],
): RevocationData {
  const out: RevocationData = { crls: [], ocsps: [] };
  void v;
  const a = attribute(attrs.signedAttrs, OID.adbeRevocationInfoArchival);
  if (!a?.values[0]) return out;
  try {
    for (const part of children(a.values[0])) {
      const [seq] = children(part);
      if (!seq) continue;
      for (const item of children(seq)) {
        if (part.tag === ctx(0)) out.crls.push(whole(item).slice());
        else if (part.tag === ctx(1)) out.ocsps.push(whole(item).slice());
      }
    }
  } catch {
    /* malformed archival attribute: ignored, revocation stays unknown */
  }
  return out;
}

/** The signature's status from its path (ETSI EN 319 102-1 indications). */
export function trustIndication(
  p: PathValidation,
  timeProven: boolean,
): [SignatureReport['status'], SubIndication | null] {
  switch (p.status) {
    case 'TRUSTED':
      return ['TOTAL_PASSED', null];
    case 'REVOKED':
      return ['TOTAL_FAILED', 'REVOKED'];
    case 'EXPIRED':
      // Proven time outside validity is a failure; a claimed time could be wrong either way.
      return [timeProven ? 'TOTAL_FAILED' : 'TOTAL_FAILED', 'EXPIRED'];
    case 'NOT_YET_VALID':
      return ['TOTAL_FAILED', 'NOT_YET_VALID'];
    case 'WRONG_KEY_USAGE':
    case 'CONSTRAINTS_FAILED':
      return ['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE'];
    case 'REVOCATION_UNKNOWN':
      return ['INDETERMINATE', 'TRY_LATER'];
    case 'UNTRUSTED':
      return ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND'];
  }
}

/** A certificate's common name made safe to show (whoever made the certificate chose it). */
export function shownName(cert: Certificate): string | null {
  const cn = nameValue(cert.subject, OID.commonName);
  return cn === undefined ? null : displayText(cn);
}

/** The path's result, in the report's words. */
export function fillTrust(s: SignatureReport, p: PathValidation): void {
  const anchor = p.anchor;
  s.trust = {
    status: p.status,
    anchor: anchor ? shownName(anchor) : null,
    anchorSource: anchor
      ? bundledTrustStore().anchors.some((b) => bytesEqual(b.der, anchor.der))
        ? 'BUNDLED'
        : 'ADDED'
      : null,
    chain: p.chain.map((c) => shownName(c) ?? c.serialHex),
    revocation: p.revocation.status,
    revocationSource: p.revocation.source ?? null,
    detail: [...p.problems, ...p.revocation.problems].join('; ') || null,
  };
}
