/** OCSP (RFC 6960) client: one request per certificate, answers checked for status and match. */

import { isHocbaError } from '../../errors/index.js';
import { type CertificateInfo, readCertificate } from '../cms/certificate.js';
import {
  asn1,
  bytesOf,
  children,
  encodeDer,
  equalBytes,
  intBytes,
  nul,
  OID,
  octets,
  oid,
  oidOf,
  parseDer,
  seq,
} from '../cms/der.js';
import { pdfError } from '../errors.js';

export type OcspCertStatus = 'good' | 'revoked' | 'unknown';

export interface OcspResult {
  url: string;
  /** The DER OCSPResponse, as embedded in /DSS /OCSPs. */
  response: Uint8Array;
  status: OcspCertStatus;
  /** DER certificates the responder included (its own, usually). */
  responderCertificates: Uint8Array[];
}

async function sha1(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', data as Uint8Array<ArrayBuffer>));
}

/** The issuer's subjectPublicKey BIT STRING contents without the unused-bits byte. */
function publicKeyBits(issuer: CertificateInfo): Uint8Array {
  const spki = children(parseDer(issuer.spkiDer));
  return bytesOf(spki[1]).subarray(1);
}

export async function buildOcspRequest(cert: CertificateInfo, issuer: CertificateInfo): Promise<Uint8Array> {
  const certId = seq([
    seq([oid('1.3.14.3.2.26'), nul()]),
    octets(await sha1(issuer.subjectDer)),
    octets(await sha1(publicKeyBits(issuer))),
    intBytes(cert.serial),
  ]);
  return encodeDer(seq([seq([seq([seq([certId])])])]));
}

export async function fetchOcsp(
  certDer: Uint8Array,
  issuerDer: Uint8Array,
  options: { url?: string; fetch?: typeof fetch } = {},
): Promise<OcspResult> {
  const cert = readCertificate(certDer);
  const issuer = readCertificate(issuerDer);
  const url = options.url ?? cert.ocspUrls[0];
  if (!url) throw pdfError('PDF_REVOCATION_FAILED', { url: '-', reason: 'no OCSP URL in the certificate' });
  const fail = (reason: string) => pdfError('PDF_REVOCATION_FAILED', { url, reason });
  let body: Uint8Array;
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/ocsp-request' },
      body: (await buildOcspRequest(cert, issuer)) as Uint8Array<ArrayBuffer>,
    });
    if (!res.ok) throw fail(`HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    // Ours (HTTP status) as is; anything else, a DOMException TimeoutError included, typed.
    if (isHocbaError(e)) throw e;
    throw fail((e as Error).message);
  }
  const top = children(parseDer(body));
  const status = bytesOf(top[0])[0];
  if (status !== 0) throw fail(`responder status ${status}`);
  const rb = children(children(top[1])[0]);
  if (oidOf(rb[0]) !== OID.ocspBasic) throw fail('not a basic OCSP response');
  const basic = children(parseDer(bytesOf(rb[1])));
  const tbs = children(basic[0]);
  const responsesIdx = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && tbs[0].type === 0 ? 3 : 2;
  let certStatus: OcspCertStatus | undefined;
  for (const single of children(tbs[responsesIdx])) {
    const [certId, st] = children(single);
    if (!equalBytes(bytesOf(children(certId)[3]), cert.serial)) continue;
    certStatus = st?.type === 0 ? 'good' : st?.type === 1 ? 'revoked' : 'unknown';
  }
  if (!certStatus) throw fail('the answer does not cover this certificate');
  const certsNode = basic.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const responderCertificates = children(children(certsNode)[0]).map((c) => encodeDer(c));
  return { url, response: body, status: certStatus, responderCertificates };
}
