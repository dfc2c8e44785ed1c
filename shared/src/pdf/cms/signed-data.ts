/**
 * CMS SignedData for PAdES (ETSI.CAdES.detached), built with forge's ASN.1 because
 * forge's pkcs7 cannot add ESS signingCertificateV2. No signing-time attribute: PAdES
 * puts the claimed time in the signature dictionary's /M.
 */
import type { SignatureAlgorithm } from '../signer.js';
import type { CertificateInfo } from './certificate.js';
import {
  type Asn1,
  asn1,
  ctx,
  encodeDer,
  equalBytes,
  int,
  intBytes,
  nul,
  OID,
  octets,
  oid,
  raw,
  seq,
  set,
  sha256,
} from './der.js';

const sha256AlgId = () => seq([oid(OID.sha256)]);

export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): Asn1 {
  if (algorithm === 'ecdsa-p256-sha256') return seq([oid(OID.ecdsaWithSha256)]);
  if (algorithm === 'rsa-pss-sha256')
    return seq([
      oid(OID.rsassaPss),
      seq([
        ctx(0, true, [seq([oid(OID.sha256), nul()])]),
        ctx(1, true, [seq([oid(OID.mgf1), seq([oid(OID.sha256), nul()])])]),
        ctx(2, true, [int(32)]),
      ]),
    ]);
  return seq([oid(OID.sha256WithRSA), nul()]);
}

/** DER SET OF: elements sorted by their encodings. */
function derSet(items: Asn1[]): Asn1 {
  const encoded = items.map((i) => ({ i, der: encodeDer(i) }));
  encoded.sort((a, b) => {
    const n = Math.min(a.der.length, b.der.length);
    for (let k = 0; k < n; k++) if (a.der[k] !== b.der[k]) return a.der[k]! - b.der[k]!;
    return a.der.length - b.der.length;
  });
  return set(encoded.map((e) => e.i));
}

const attribute = (type: string, value: Asn1) => seq([oid(type), set([value])]);

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
    seq([seq([ctx(4, true, [raw(options.signer.issuerDer)])]), intBytes(options.signer.serial)]),
  ]);
  return encodeDer(
    derSet([
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(options.documentDigest)),
      attribute(OID.signingCertificateV2, seq([seq([essCertIdV2])])),
    ]),
  );
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

/**
 * A batch embeds the same certificates in every signature: each is parsed into a node once
 * (forge only reads a node when encoding it). Keyed by the array, checked by its bytes.
 */
const certificateNodes = new WeakMap<Uint8Array, { der: Uint8Array; node: Asn1 }>();

function certificateNode(der: Uint8Array): Asn1 {
  const known = certificateNodes.get(der);
  if (known && equalBytes(known.der, der)) return known.node;
  const node = raw(der);
  certificateNodes.set(der, { der: der.slice(), node });
  return node;
}

export function buildSignedData(input: SignedDataInput): Uint8Array {
  const signedAttrsNode = raw(input.signedAttributes);
  // Same contents, tag [0] IMPLICIT instead of SET.
  const implicitAttrs = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttrsNode.value as Asn1[]);
  const signerInfo: Asn1[] = [
    int(1),
    seq([raw(input.signer.issuerDer), intBytes(input.signer.serial)]),
    sha256AlgId(),
    implicitAttrs,
    signatureAlgorithmIdentifier(input.algorithm),
    octets(input.signatureValue),
  ];
  if (input.timeStampToken)
    signerInfo.push(ctx(1, true, [attribute(OID.signatureTimeStampToken, raw(input.timeStampToken))]));
  const seen = new Set<string>();
  const certs: Asn1[] = [];
  for (const c of [input.signer.der, ...input.chain]) {
    const key = Array.from(c.subarray(0, 64)).join(',') + c.length;
    if (seen.has(key)) continue;
    seen.add(key);
    certs.push(certificateNode(c));
  }
  const signedData = seq([
    int(1),
    set([sha256AlgId()]),
    seq([oid(OID.data)]),
    ctx(0, true, certs),
    set([seq(signerInfo)]),
  ]);
  return encodeDer(seq([oid(OID.signedData), ctx(0, true, [signedData])]));
}
