/** RFC 3161 client: asks a TSA to time-stamp a SHA-256 hash, returns the TimeStampToken DER. */

import { isHocbaError } from '../../errors/index.js';
import {
  bool,
  bytesOf,
  children,
  encodeDer,
  equalBytes,
  int,
  intBytes,
  OID,
  octets,
  oid,
  oidOf,
  parseDer,
  seq,
} from '../cms/der.js';
import { pdfError } from '../errors.js';

export interface TimestampRequestOptions {
  fetch?: typeof fetch | undefined;
}

export function buildTimestampRequest(hash: Uint8Array, nonce: Uint8Array): Uint8Array {
  return encodeDer(seq([int(1), seq([seq([oid(OID.sha256)]), octets(hash)]), intBytes(nonce), bool(true)]));
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
  const resp = children(parseDer(body));
  const status = bytesOf(children(resp[0])[0])[0];
  if (status !== 0 && status !== 1) throw fail(`TSA status ${status}`);
  const token = resp[1];
  if (!token) throw fail('no token in the response');
  // Check the token answers our request: TSTInfo's imprint and nonce.
  const tst = readTstInfo(encodeDer(token));
  if (!equalBytes(tst.imprint, hash)) throw fail('token covers a different hash');
  if (!equalBytes(tst.nonce, nonce)) throw fail('nonce mismatch');
  return encodeDer(token);
}

export interface TstInfo {
  genTime: Date;
  imprint: Uint8Array;
  nonce: Uint8Array;
  serial: Uint8Array;
}

/** Reads the TSTInfo inside a TimeStampToken (no signature check: the verifier does that). */
export function readTstInfo(token: Uint8Array): TstInfo {
  const ci = children(parseDer(token));
  if (oidOf(ci[0]) !== OID.signedData) throw new Error('time-stamp token is not SignedData');
  const sd = children(children(ci[1])[0]);
  const encap = children(sd[2]);
  if (oidOf(encap[0]) !== OID.tstInfo) throw new Error('time-stamp token without TSTInfo');
  const content = children(encap[1])[0];
  const tst = children(parseDer(bytesOf(content)));
  const genNode = tst[4];
  const gen = typeof genNode?.value === 'string' ? genNode.value : '';
  let nonce: Uint8Array = new Uint8Array();
  for (const n of tst.slice(5)) if (n.type === 2 && n.tagClass === 0) nonce = bytesOf(n);
  return {
    imprint: bytesOf(children(tst[2])[1]),
    serial: bytesOf(tst[3]),
    genTime: generalizedTime(gen),
    nonce,
  };
}

function generalizedTime(s: string): Date {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) throw new Error(`bad GeneralizedTime ${s}`);
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
