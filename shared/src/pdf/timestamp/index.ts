/** RFC 3161 client: asks a TSA to time-stamp a SHA-256 hash, returns the TimeStampToken DER. */

import {
  bool,
  bytesOf,
  childrenOf,
  DerError,
  int,
  intBytes,
  latin1,
  OID,
  octets,
  oid,
  oidOf,
  readDer,
  seq,
  TAG,
  whole,
} from '../../asn1/index.js';
import { isHocbaError } from '../../errors/index.js';
import { equalBytes } from '../cms/der.js';
import { pdfError } from '../errors.js';

export interface TimestampRequestOptions {
  fetch?: typeof fetch | undefined;
}

export function buildTimestampRequest(hash: Uint8Array, nonce: Uint8Array): Uint8Array {
  // TimeStampReq: version 1, messageImprint, nonce, certReq TRUE (the TSA's certificate in the token).
  return seq([int(1), seq([seq([oid(OID.sha256)]), octets(hash)]), intBytes(nonce), bool(true)]);
}

export async function requestTimestamp(
  url: string,
  hash: Uint8Array,
  options: TimestampRequestOptions = {},
): Promise<Uint8Array> {
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(8));
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  const fail = (reason: string) => pdfError('PDF_TIMESTAMP_FAILED', { url, reason });
  let body: Uint8Array;
  try {
    const res = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/timestamp-query' },
      body: buildTimestampRequest(hash, nonce) as Uint8Array<ArrayBuffer>,
    });
    if (!res.ok) throw fail(`HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    // Ours (HTTP status) as is; anything else, a DOMException TimeoutError included, typed.
    if (isHocbaError(e)) throw e;
    throw fail((e as Error).message);
  }
  let token: Uint8Array;
  let tst: TstInfo;
  try {
    const resp = childrenOf(readDer(body));
    const status = bytesOf(childrenOf(resp[0])[0])[0];
    if (status !== 0 && status !== 1) throw fail(`TSA status ${status}`);
    if (!resp[1]) throw fail('no token in the response');
    token = whole(resp[1]).slice();
    tst = readTstInfo(token);
  } catch (e) {
    // Whatever the TSA sent: a typed answer, never the reader's error.
    if (isHocbaError(e)) throw e;
    throw fail((e as Error).message);
  }
  // Check the token answers our request: TSTInfo's imprint and nonce.
  if (!equalBytes(tst.imprint, hash)) throw fail('token covers a different hash');
  if (!equalBytes(tst.nonce, nonce)) throw fail('nonce mismatch');
  return token;
}

export interface TstInfo {
  genTime: Date;
  imprint: Uint8Array;
  nonce: Uint8Array;
  serial: Uint8Array;
}

/** Reads the TSTInfo inside a TimeStampToken (no signature check: the verifier does that). */
export function readTstInfo(token: Uint8Array): TstInfo {
  const ci = childrenOf(readDer(token));
  if (oidOf(ci[0]) !== OID.signedData) throw new DerError('time-stamp token is not SignedData');
  const sd = childrenOf(childrenOf(ci[1])[0]);
  const encap = childrenOf(sd[2]);
  if (oidOf(encap[0]) !== OID.tstInfo) throw new DerError('time-stamp token without TSTInfo');
  const content = childrenOf(encap[1])[0];
  const tst = childrenOf(readDer(bytesOf(content)));
  const gen = latin1(bytesOf(tst[4]));
  let nonce: Uint8Array = new Uint8Array();
  for (const n of tst.slice(5)) if (n.tag === TAG.INTEGER) nonce = bytesOf(n).slice();
  return {
    imprint: bytesOf(childrenOf(tst[2])[1]).slice(),
    serial: bytesOf(tst[3]).slice(),
    genTime: generalizedTime(gen),
    nonce,
  };
}

function generalizedTime(s: string): Date {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) throw new DerError(`bad GeneralizedTime ${s}`);
  return new Date(
    Date.UTC(
      +m[1]!,
      +m[2]! - 1,
      +m[3]!,
      +m[4]!,
      +m[5]!,
      +m[6]!,
      m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0,
    ),
  );
}
