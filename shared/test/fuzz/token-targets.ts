/**
 * The `timestamp` and `ocsp` targets: RFC 3161 time-stamp tokens and OCSP responses, mutated
 * and fed to the verify steps that read them.
 *
 * - timestamp: the tokens inside signed files (a signature's time-stamp in its unsigned
 *   attributes, a document time-stamp's whole /Contents) mutated where they are and the file
 *   verified whole. A token whose TSTInfo bytes were changed must never count as intact.
 * - ocsp: the OCSP responses of the fixtures (/DSS, the signer's revocation archive) given to
 *   checkRevocation with the certificate they answer for. One whose signed response data was
 *   changed must never say GOOD or REVOKED.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parseSignedData } from '../../src/verify/cms/index.js';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { checkRevocation, type RevocationResult } from '../../src/verify/revocation/index.js';
import { type Certificate, parseCertificate, pemToDer } from '../../src/x509/index.js';
import { mutateDer, replaceElement, type Span, spans } from './mutate-der.js';
import { type Rand, rand, skewed } from './random.js';
import { checkReport, concatFlag, type FuzzTarget, fail, files, text } from './targets.js';

const TST_INFO_OID = Buffer.from('060b2a864886f70d0109100104', 'hex');
const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');
const OCSP_BASIC_OID = Buffer.from('06092b0601050507300101', 'hex');

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  return Buffer.from(hay.buffer, hay.byteOffset, hay.length).indexOf(needle, from);
}

const startsWith = (b: Uint8Array, at: number, prefix: Uint8Array): boolean =>
  Buffer.from(b.buffer, b.byteOffset + at, Math.min(prefix.length, b.length - at)).equals(prefix);

/** Flips a few bytes in [from, to) of `b` (a copy); whether any byte changed. */
function flipIn(b: Uint8Array, from: number, to: number, r: Rand): { bytes: Uint8Array; changed: boolean } {
  const out = b.slice();
  if (to <= from) return { bytes: out, changed: false };
  for (let n = 1 + skewed(r, 6); n > 0; n--) {
    const at = from + r.int(to - from);
    out[at] = (out[at] ?? 0) ^ (1 + r.int(255));
  }
  // Two flips of one byte by the same value undo each other: changed only if a byte differs.
  return { bytes: out, changed: out.some((v, i) => v !== b[i]) };
}

// ---------------------------------------------------------------------------------------------
// Time-stamp tokens in signed files.

interface TokenSite {
  pdf: Uint8Array;
  /** Where the hex of /Contents starts, and how many hex digits the hole holds. */
  holeAt: number;
  holeLength: number;
  cms: Uint8Array;
  /** The token inside the CMS (the whole CMS for a document time-stamp). */
  token: Span;
  /** The TSTInfo bytes (eContent) in CMS coordinates: covered by the token's signature. */
  tstInfo: [number, number];
  /** Time-stamps called intact in the file as it is. */
  intact: number;
}

interface TokenCorpus {
  sites: TokenSite[];
  trust: TrustStore;
}

const intactStamps = (r: DocumentReport): number =>
  r.signatures.filter((s) =>
    s.kind === 'DOCUMENT_TIMESTAMP' ? s.integrity.status === 'INTACT' : s.timestamp?.status === 'INTACT',
  ).length;

/** Every time-stamp token in a file's /Contents holes. */
function tokenSites(pdf: Uint8Array, intact: number): TokenSite[] {
  const out: TokenSite[] = [];
  for (const m of Buffer.from(pdf)
    .toString('latin1')
    .matchAll(/\/Contents\s*<([0-9A-Fa-f]{200,})>/g)) {
    const holeAt = m.index + m[0].length - 1 - m[1]!.length;
    const all = new Uint8Array(Buffer.from(m[1]!, 'hex'));
    const top = spans(all)[0];
    if (!top) continue;
    const cms = all.slice(0, top.end);
    const list = spans(cms);
    for (let oid = indexOf(cms, TST_INFO_OID); oid >= 0; oid = indexOf(cms, TST_INFO_OID, oid + 1)) {
      // The eContent (TSTInfo) is the first OCTET STRING after its content type; the token the
      // innermost ContentInfo (a SEQUENCE starting with the signedData OID) around it.
      const e = list.find((p) => p.tag === 0x04 && p.start > oid);
      const token = list
        .filter(
          (p) => p.tag === 0x30 && p.start < oid && p.end > oid && startsWith(cms, p.body, SIGNED_DATA_OID),
        )
        .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      if (!e || !token) continue;
      out.push({ pdf, holeAt, holeLength: m[1]!.length, cms, token, tstInfo: [e.body, e.end], intact });
    }
  }
  return out;
}

/** The file with `cms` in the hole (hex, zero-padded), or undefined when it does not fit. */
function withCms(site: TokenSite, cms: Uint8Array): Uint8Array | undefined {
  const hex = Buffer.from(cms).toString('hex');
  if (hex.length > site.holeLength) return undefined;
  const out = site.pdf.slice();
  out.set(Buffer.from(hex.padEnd(site.holeLength, '0'), 'latin1'), site.holeAt);
  return out;
}

export const timestampTarget: FuzzTarget<TokenCorpus> = {
  name: 'timestamp',
  about: 'verifyPdf on signed files whose RFC 3161 tokens (signature and document time-stamps) are mutated',
  async setup({ small }) {
    const trust = createTrustStore({
      anchors: files('.pem')
        .filter((f) => /root/.test(f.name))
        .map((f) => text(f.bytes)),
    });
    const names = small
      ? /^(bt|bt-openssl-tsa-doc-ts)\.pdf$/
      : /^(bt|blt|blta|bt-ltvfix|bt-ltvfix-doc-ts|bt-openssl-tsa-doc-ts|certify-p1-doc-ts|qpdf-objstm-lta|pyhanko-3-dss-ts)\.pdf$/;
    const sites: TokenSite[] = [];
    for (const f of files('.pdf').filter((f) => names.test(f.name))) {
      const report = await verifyPdf(f.bytes, { trust });
      sites.push(...tokenSites(f.bytes, intactStamps(report)));
    }
    if (!sites.length) throw new Error('no time-stamp token in the fixtures');
    return { sites, trust };
  },
  input(ctx, seed) {
    const r = rand(seed);
    const site = r.pick(ctx.sites);
    const mode = r.int(3);
    if (mode === 1) {
      // Reshaped: lengths, tags, nesting, times changed; the lengths around it fixed up.
      const token = site.cms.subarray(site.token.start, site.token.end);
      const mutated = mutateDer(token, r);
      const cms =
        site.token.start === 0 && site.token.end === site.cms.length
          ? mutated
          : replaceElement(site.cms, spans(site.cms), site.token, mutated);
      const pdf = withCms(site, cms);
      if (pdf) return concatFlag(false, pdf);
    }
    // In place: the signed TSTInfo (never intact after) or anywhere in the token.
    const [from, to] = mode === 0 ? site.tstInfo : [site.token.start, site.token.end];
    const flipped = flipIn(site.cms, from, to, r);
    const pdf = withCms(site, flipped.bytes) ?? site.pdf;
    return concatFlag(mode === 0 && site.intact > 0, pdf);
  },
  async run(ctx, input) {
    let report: DocumentReport;
    try {
      report = await verifyPdf(input.subarray(1), { trust: ctx.trust });
    } catch (e) {
      fail('verifyPdf threw', e);
    }
    checkReport(report);
    if (input[0] === 1) {
      const site = ctx.sites.find((s) => s.pdf.length === input.length - 1);
      const before = site ? site.intact : Number.POSITIVE_INFINITY;
      if (intactStamps(report) >= before)
        fail('a time-stamp whose TSTInfo was changed still counts as intact');
    }
  },
};

// ---------------------------------------------------------------------------------------------
// OCSP responses given to checkRevocation.

interface OcspCase {
  response: Uint8Array;
  cert: Certificate;
  issuer: Certificate;
  /** tbsResponseData in the response: signed by the responder. */
  tbs: [number, number];
}

const OCSP_CORPUS = new URL('./corpus/ocsp/', import.meta.url).pathname;

interface OcspCorpus {
  cases: OcspCase[];
}

/** OCSPResponse elements (SEQUENCE { ENUMERATED 0, [0] { ... id-pkix-ocsp-basic ... } }) in a blob. */
function ocspResponses(der: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const s of spans(der)) {
    if (s.tag !== 0x30 || der[s.body] !== 0x0a || der[s.body + 1] !== 1 || der[s.body + 2] !== 0) continue;
    const oid = indexOf(der, OCSP_BASIC_OID, s.body);
    if (oid > 0 && oid < s.body + 12) out.push(der.slice(s.start, s.end));
  }
  return out;
}

/** Data of every stream in a file, inflated when it inflates. */
function streamData(pdf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const t = Buffer.from(pdf).toString('latin1');
  for (const m of t.matchAll(/stream\r?\n/g)) {
    const from = m.index + m[0].length;
    const to = t.indexOf('endstream', from);
    if (to < 0) continue;
    const raw = pdf.subarray(from, to);
    try {
      out.push(new Uint8Array(inflateSync(raw)));
    } catch {
      out.push(raw);
    }
  }
  return out;
}

/** tbsResponseData of an OCSPResponse: the first SEQUENCE inside the BasicOCSPResponse. */
function tbsOf(response: Uint8Array): [number, number] | undefined {
  const oid = indexOf(response, OCSP_BASIC_OID);
  // The BasicOCSPResponse is inside the OCTET STRING after the OID (a lenient walk stops at it).
  const octets = spans(response).find((s) => s.tag === 0x04 && s.start > oid);
  if (!octets) return undefined;
  const tbs = spans(response, octets.body, octets.end)[1]; // [0] BasicOCSPResponse, [1] tbsResponseData
  return tbs ? [tbs.start, tbs.end] : undefined;
}

export const ocspTarget: FuzzTarget<OcspCorpus> = {
  name: 'ocsp',
  about: 'checkRevocation on mutated OCSP responses (from /DSS and signers’ revocation archives)',
  async setup({ small }) {
    const certs: Certificate[] = [];
    const responses: Uint8Array[] = [];
    const seen = new Set<string>();
    const addCert = (der: Uint8Array) => {
      try {
        const c = parseCertificate(der);
        if (!seen.has(c.serialHex + c.issuerDer.length)) certs.push(c);
        seen.add(c.serialHex + c.issuerDer.length);
      } catch {
        /* not a certificate */
      }
    };
    for (const f of files('.pem')) for (const der of pemToDer(text(f.bytes))) addCert(der);
    // Responses of `openssl ocsp` for the test PKI (good, revoked; a delegated responder, the CA
    // itself), committed so a seed makes the same bytes everywhere; the fixtures' own come after.
    for (const name of readdirSync(OCSP_CORPUS).sort()) {
      const bytes = new Uint8Array(readFileSync(join(OCSP_CORPUS, name)));
      if (name.endsWith('.der')) responses.push(bytes);
      else for (const der of pemToDer(text(bytes))) addCert(der);
    }
    const pdfs = files('.pdf').filter((f) =>
      /^(blt|blta|bt-ltvfix|qpdf-objstm-lta|pyhanko-3-dss-ts)\.pdf$/.test(f.name),
    );
    for (const f of small ? pdfs.slice(0, 2) : pdfs) {
      for (const data of streamData(f.bytes)) {
        responses.push(...ocspResponses(data));
        if (data[0] === 0x30) addCert(data);
      }
      for (const m of Buffer.from(f.bytes)
        .toString('latin1')
        .matchAll(/\/Contents\s*<([0-9A-Fa-f]{200,})>/g)) {
        const der = new Uint8Array(Buffer.from(m[1]!, 'hex'));
        responses.push(...ocspResponses(der));
        try {
          for (const c of parseSignedData(der.slice(0, spans(der)[0]?.end ?? der.length)).certificates)
            addCert(c.der);
        } catch {
          /* not CMS */
        }
      }
    }
    const cases: OcspCase[] = [];
    const unique = [...new Map(responses.map((r) => [Buffer.from(r).toString('base64'), r])).values()];
    for (const response of unique) {
      const tbs = tbsOf(response);
      if (!tbs) continue;
      found: for (const cert of certs)
        for (const issuer of certs) {
          if (Buffer.compare(Buffer.from(cert.issuerDer), Buffer.from(issuer.subjectDer)) !== 0) continue;
          const r = await checkRevocation(cert, issuer, { crls: [], ocsps: [response] });
          if (r.status !== 'UNKNOWN') {
            cases.push({ response, cert, issuer, tbs });
            break found;
          }
        }
    }
    if (!cases.length) throw new Error('no OCSP response that answers for a certificate in the fixtures');
    return { cases };
  },
  input(ctx, seed) {
    const r = rand(seed);
    const k = r.int(ctx.cases.length);
    const c = ctx.cases[k]!;
    const mode = r.int(3);
    let bytes: Uint8Array;
    let signedChanged = false;
    if (mode === 0) {
      const f = flipIn(c.response, c.tbs[0], c.tbs[1], r);
      bytes = f.bytes;
      signedChanged = f.changed;
    } else {
      bytes = c.response;
      for (let n = r.chance(0.7) ? 1 : 2 + r.int(4); n > 0; n--) bytes = mutateDer(bytes, r);
    }
    // [flag, case index (2 bytes), response]
    const out = concatFlag(signedChanged, new Uint8Array(bytes.length + 2));
    out[1] = k >> 8;
    out[2] = k & 0xff;
    out.set(bytes, 3);
    return out;
  },
  async run(ctx, input) {
    const c = ctx.cases[((input[1] ?? 0) << 8) | (input[2] ?? 0)] ?? ctx.cases[0]!;
    let result: RevocationResult;
    try {
      result = await checkRevocation(c.cert, c.issuer, { crls: [], ocsps: [input.subarray(3)] });
    } catch (e) {
      fail('checkRevocation threw', e);
    }
    if (!['GOOD', 'REVOKED', 'UNKNOWN'].includes(result.status)) fail('no revocation status', result.status);
    if (!result.problems.every((p) => typeof p === 'string')) fail('a problem that is not text');
    if (input[0] === 1 && result.status !== 'UNKNOWN')
      fail(`an OCSP response with changed signed data said ${result.status}`);
    if (result.revokedAt && Number.isNaN(result.revokedAt.getTime())) fail('an invalid revocation date');
  },
};

export const TARGETS = { timestamp: timestampTarget, ocsp: ocspTarget };
