/** OCSP (RFC 6960) client: one request per certificate, answers checked for status and match. */

import {
  bytesOf,
  childrenOf,
  intBytes,
  nul,
  OID,
  octets,
  oid,
  oidOf,
  readDer,
  seq,
  whole,
} from '../../asn1/index.js';
import { isHocbaError } from '../../errors/index.js';
import { type CertificateInfo, readCertificate } from '../cms/certificate.js';
import { equalBytes } from '../cms/der.js';
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
  const spki = childrenOf(readDer(issuer.spkiDer));
  return bytesOf(spki[1]).subarray(1);
}

export async function buildOcspRequest(cert: CertificateInfo, issuer: CertificateInfo): Promise<Uint8Array> {
  const certId = seq([
    seq([oid(OID.sha1), nul()]),
    octets(await sha1(issuer.subjectDer)),
    octets(await sha1(publicKeyBits(issuer))),
    intBytes(cert.serial),
  ]);
  // OCSPRequest { TBSRequest { requestList { Request { reqCert } } } }, no nonce.
  return seq([seq([seq([seq([certId])])])]);
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
  let certStatus: OcspCertStatus | undefined;
  let responderCertificates: Uint8Array[];
  try {
    const top = childrenOf(readDer(body));
    const status = bytesOf(top[0])[0];
    if (status !== 0) throw fail(`responder status ${status}`);
    const rb = childrenOf(childrenOf(top[1])[0]);
    if (oidOf(rb[0]) !== OID.ocspBasic) throw fail('not a basic OCSP response');
    const basic = childrenOf(readDer(bytesOf(rb[1])));
    const tbs = childrenOf(basic[0]);
    // responseData: [0] version is optional, then responderID, producedAt, responses.
    const responsesIdx = tbs[0]?.tag === 0xa0 ? 3 : 2;
    for (const single of childrenOf(tbs[responsesIdx])) {
      const [certId, st] = childrenOf(single);
      if (!equalBytes(bytesOf(childrenOf(certId)[3]), cert.serial)) continue;
      // CertStatus CHOICE: good [0], revoked [1], unknown [2].
      const choice = st ? st.tag & 0x1f : -1;
      certStatus = choice === 0 ? 'good' : choice === 1 ? 'revoked' : 'unknown';
    }
    const certsNode = basic.find((n) => n.tag === 0xa0);
    responderCertificates = childrenOf(childrenOf(certsNode)[0]).map((c) => whole(c).slice());
  } catch (e) {
    // Whatever the responder sent: a typed answer, never the reader's error.
    if (isHocbaError(e)) throw e;
    throw fail((e as Error).message);
  }
  if (!certStatus) throw fail('the answer does not cover this certificate');
  return { url, response: body, status: certStatus, responderCertificates };
}
