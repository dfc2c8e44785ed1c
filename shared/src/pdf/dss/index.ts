/**
 * PAdES B-LT: a Document Security Store (/DSS) with the certificates and revocation data
 * (OCSP responses, CRLs) a verifier needs later without network access. Added as its own
 * incremental update after the signature, which every lock level permits (ISO 32000-2
 * 12.8.4.4, ETSI EN 319 142-1 5.4).
 */
import { childrenOf, expectTag, OID, oidOf, readDer, readNode, TAG, whole } from '../../asn1/index.js';
import { readCertificate } from '../cms/certificate.js';
import { equalBytes, sha256 } from '../cms/der.js';
import { IncrementalUpdate } from '../incremental/update.js';
import { PdfDocument } from '../reader/document.js';
import { PdfDict, type PdfObject, PdfStream, PdfString } from '../reader/objects.js';
import { fetchOcsp, type OcspResult } from './ocsp.js';

export { buildOcspRequest, fetchOcsp, type OcspCertStatus, type OcspResult } from './ocsp.js';

export interface ValidationData {
  certificates: Uint8Array[];
  ocspResponses: Uint8Array[];
  crls: Uint8Array[];
}

/** Appends (or extends) the /DSS in a new revision. Duplicate entries are skipped. */
export async function addValidationData(pdf: Uint8Array, data: ValidationData): Promise<Uint8Array> {
  const doc = new PdfDocument(pdf);
  const update = new IncrementalUpdate(doc);
  const catalog = doc.catalog().clone();
  const old = doc.resolveDict(catalog.get('DSS'));
  const dss = old ? old.clone() : new PdfDict();
  const addAll = (key: string, items: Uint8Array[]) => {
    const existing = (doc.resolve(dss.get(key)) as PdfObject[] | undefined) ?? [];
    const have = existing.map((r) => doc.resolve(r)).filter((s): s is PdfStream => s instanceof PdfStream);
    const refs: PdfObject[] = [...existing];
    for (const item of items) {
      if (have.some((s) => equalBytes(s.raw, item))) continue;
      refs.push(update.add(new PdfStream(new PdfDict(), item)));
      have.push(new PdfStream(new PdfDict(), item));
    }
    if (refs.length) dss.set(key, refs);
  };
  addAll('Certs', data.certificates);
  addAll('OCSPs', data.ocspResponses);
  addAll('CRLs', data.crls);
  // /VRI (ETSI EN 319 142-1 5.4.2.3): per signature, keyed by the uppercase hex SHA-1 of its
  // /Contents string as stored (iText, pyHanko), the validation data it relies on. Ours holds
  // the whole store's entries: the chain and the TSA's are shared by every signature.
  const vri = doc.resolveDict(dss.get('VRI'))?.clone() ?? new PdfDict();
  const entry = new PdfDict();
  for (const [from, to] of [
    ['Certs', 'Cert'],
    ['OCSPs', 'OCSP'],
    ['CRLs', 'CRL'],
  ] as const) {
    const refs = dss.get(from);
    if (refs !== undefined) entry.set(to, refs);
  }
  for (const contents of rawSignatureContents(doc)) {
    const key = hexUpper(await sha1(contents));
    if (!vri.get(key)) vri.set(key, update.add(entry.clone()));
  }
  dss.set('VRI', vri);
  catalog.set('DSS', update.add(dss));
  update.set(doc.catalogRef, catalog);
  const id = (await sha256(pdf)).subarray(0, 16);
  return update.build(id);
}

async function sha1(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', data as Uint8Array<ArrayBuffer>));
}

const hexUpper = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0').toUpperCase()).join('');

/** Each signature's /Contents bytes as stored (padding included): the /VRI key's input. */
function rawSignatureContents(doc: PdfDocument): Uint8Array[] {
  const out: Uint8Array[] = [];
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = (doc.resolve(acro?.get('Fields')) as PdfObject[] | undefined) ?? [];
  for (const f of fields) {
    const c = doc.resolveDict(doc.resolveDict(f)?.get('V'))?.get('Contents');
    if (c instanceof PdfString) out.push(c.bytes);
  }
  return out;
}

/** The CMS of every signature in the document: DER SignedData from each /Contents. */
export function signatureContents(pdf: Uint8Array): Uint8Array[] {
  const doc = new PdfDocument(pdf);
  const out: Uint8Array[] = [];
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = (doc.resolve(acro?.get('Fields')) as PdfObject[] | undefined) ?? [];
  for (const f of fields) {
    const v = doc.resolveDict(doc.resolveDict(f)?.get('V'));
    const c = v?.get('Contents');
    if (!(c instanceof PdfString)) continue;
    // The hole is zero-padded: the element's own length says where the CMS ends.
    out.push(whole(expectTag(readNode(c.bytes), TAG.SEQUENCE, 'CMS')).slice());
  }
  return out;
}

/** Certificates embedded in a CMS SignedData (and in its time-stamp tokens). */
export function cmsCertificates(cms: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const walkSignedData = (contentInfo: Uint8Array) => {
    const ci = childrenOf(readDer(contentInfo));
    if (oidOf(ci[0]) !== OID.signedData) return;
    const sd = childrenOf(childrenOf(ci[1])[0]);
    const certs = sd.find((n) => n.tag === 0xa0);
    for (const c of childrenOf(certs)) out.push(whole(c).slice());
    const signerInfos = sd[sd.length - 1];
    for (const si of childrenOf(signerInfos)) {
      const unsigned = childrenOf(si).find((n) => n.tag === 0xa1);
      for (const attr of childrenOf(unsigned))
        if (oidOf(childrenOf(attr)[0]) === OID.timeStampToken)
          for (const tok of childrenOf(childrenOf(attr)[1])) walkSignedData(whole(tok));
    }
  };
  walkSignedData(cms);
  return out;
}

/** The RFC 3161 tokens in a CMS: itself when it is one (a document time-stamp), else its signature time-stamps. */
export function timestampTokens(cms: Uint8Array): Uint8Array[] {
  const ci = childrenOf(readDer(cms));
  const sd = childrenOf(childrenOf(ci[1])[0]);
  if (oidOf(childrenOf(sd[2])[0]) === OID.tstInfo) return [cms];
  const out: Uint8Array[] = [];
  for (const si of childrenOf(sd[sd.length - 1])) {
    const unsigned = childrenOf(si).find((n) => n.tag === 0xa1);
    for (const attr of childrenOf(unsigned))
      if (oidOf(childrenOf(attr)[0]) === OID.timeStampToken)
        for (const tok of childrenOf(childrenOf(attr)[1])) out.push(whole(tok).slice());
  }
  return out;
}

export interface CollectOptions {
  fetch?: typeof fetch;
  /** Extra CRLs (DER) to embed, e.g. fetched by the companion. */
  crls?: Uint8Array[];
  /** Override the OCSP URL from the certificates (tests, proxies). */
  ocspUrl?: string;
}

export interface LtvResult {
  pdf: Uint8Array;
  ocsp: { subject: string; status: OcspResult['status']; url: string }[];
}

/**
 * B-LT for every signature in the document: collects the certificates from the CMS
 * (signers, chain, TSA), asks OCSP for each non-root certificate that names a responder,
 * and appends the /DSS.
 */
export async function addLtv(pdf: Uint8Array, options: CollectOptions = {}): Promise<LtvResult> {
  const certs: Uint8Array[] = [];
  for (const cms of signatureContents(pdf))
    for (const c of cmsCertificates(cms)) if (!certs.some((x) => equalBytes(x, c))) certs.push(c);
  const infos = certs.map((c) => readCertificate(c));
  const responses: Uint8Array[] = [];
  const ocsp: LtvResult['ocsp'] = [];
  for (const info of infos) {
    if (!info.ocspUrls.length && !options.ocspUrl) continue;
    const issuer = infos.find(
      (i) => equalBytes(i.subjectDer, info.issuerDer) && !equalBytes(i.der, info.der),
    );
    if (!issuer) continue;
    const r = await fetchOcsp(info.der, issuer.der, {
      ...(options.ocspUrl ? { url: options.ocspUrl } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    responses.push(r.response);
    ocsp.push({ subject: info.commonName, status: r.status, url: r.url });
    for (const rc of r.responderCertificates) if (!certs.some((x) => equalBytes(x, rc))) certs.push(rc);
  }
  const out = await addValidationData(pdf, {
    certificates: certs,
    ocspResponses: responses,
    crls: options.crls ?? [],
  });
  return { pdf: out, ocsp };
}
