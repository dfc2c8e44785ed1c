/**
 * CMS SignedData for PAdES (ETSI.CAdES.detached), built with our DER writer (a PAdES
 * signature needs ESS signingCertificateV2, which generic PKCS#7 builders lack). No
 * signing-time attribute: PAdES puts the claimed time in the signature dictionary's /M.
 */
import { int, intBytes, nul, OID, octets, oid, raw, retag, seq, set, tagged } from '../../asn1/index.js';
import type { SignatureAlgorithm } from '../signer.js';
import type { CertificateInfo } from './certificate.js';
import { sha256 } from './der.js';

const sha256AlgId = () => seq([oid(OID.sha256)]);

export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): Uint8Array {
  if (algorithm === 'ecdsa-p256-sha256') return seq([oid(OID.ecdsaSha256)]);
  if (algorithm === 'rsa-pss-sha256')
    return seq([
      oid(OID.rsassaPss),
      seq([
        tagged(0, [seq([oid(OID.sha256), nul()])]),
        tagged(1, [seq([oid(OID.mgf1), seq([oid(OID.sha256), nul()])])]),
        tagged(2, [int(32)]),
      ]),
    ]);
  return seq([oid(OID.sha256WithRSA), nul()]);
}

const attribute = (type: string, value: Uint8Array) => seq([oid(type), set([value])]);

/**
 * The signed attributes, DER-encoded as a SET (tag 0x31): these exact bytes are what
 * the key signs. In the SignerInfo they appear with the tag [0] IMPLICIT.
 */
export async function buildSignedAttributes(options: {
  documentDigest: Uint8Array;
  signer: CertificateInfo;
  /** The signer certificate's SHA-256, when the caller has it (a batch signs with one certificate). */
  certificateSha256?: Uint8Array;
}): Promise<Uint8Array> {
  const certHash = options.certificateSha256 ?? (await sha256(options.signer.der));
  const essCertIdV2 = seq([
    // hashAlgorithm DEFAULT sha256: omitted, as DER requires for defaults.
    octets(certHash),
    seq([seq([tagged(4, [raw(options.signer.issuerDer)])]), intBytes(options.signer.serial)]),
  ]);
  // A SET OF: `set` puts the attributes in DER order, the encoding a verifier re-creates.
  return set([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(options.documentDigest)),
    attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
  ]);
}

export interface SignedDataInput {
  signedAttributes: Uint8Array;
  signatureValue: Uint8Array;
  algorithm: SignatureAlgorithm;
  signer: CertificateInfo;
  /** DER certificates to embed after the signer's (its chain). */
  chain: readonly Uint8Array[];
  /** DER TimeStampToken (ContentInfo) for B-T, as the signatureTimeStampToken attribute. */
  timeStampToken?: Uint8Array;
}

export function buildSignedData(input: SignedDataInput): Uint8Array {
  const signerInfo: Uint8Array[] = [
    int(1),
    seq([raw(input.signer.issuerDer), intBytes(input.signer.serial)]),
    sha256AlgId(),
    // The signed SET's very bytes, under [0] IMPLICIT.
    retag(input.signedAttributes, 0xa0),
    signatureAlgorithmIdentifier(input.algorithm),
    octets(input.signatureValue),
  ];
  if (input.timeStampToken)
    signerInfo.push(tagged(1, [attribute(OID.timeStampToken, raw(input.timeStampToken))]));
  const seen = new Set<string>();
  const certs: Uint8Array[] = [];
  for (const c of [input.signer.der, ...input.chain]) {
    const key = Array.from(c.subarray(0, 64)).join(',') + c.length;
    if (seen.has(key)) continue;
    seen.add(key);
    // Embedded as they are: a certificate is never re-encoded.
    certs.push(raw(c));
  }
  const signedData = seq([
    int(1),
    set([sha256AlgId()]),
    seq([oid(OID.data)]),
    tagged(0, certs),
    set([seq(signerInfo)]),
  ]);
  return seq([oid(OID.signedData), tagged(0, [signedData])]);
}
