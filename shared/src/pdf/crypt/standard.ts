/**
 * The standard security handler opened with the empty user password (ISO 32000-1 §7.6.3,
 * ISO 32000-2 §7.6.4): what vendors and Adobe users write when an owner password only
 * restricts printing or editing, so any reader opens the file without asking. It yields the
 * file key and each crypt filter's method; a password that is not empty, another handler, an
 * unknown /V, /R or method, or a /Perms that does not check is refused with a reason.
 */
import { Aes, cbcDecryptRaw, cbcEncryptRaw } from './aes.js';
import { md5 } from './md5.js';
import { rc4 } from './rc4.js';
import { sha256, sha384, sha512 } from './sha2.js';

/** The /Encrypt dictionary's entries, read by the caller from its own value model. */
export interface EncryptParams {
  filter?: string;
  subFilter?: string;
  v?: number;
  r?: number;
  /** /Length in bits (V 2–3; V 4 may give it in the crypt filter, in bytes or bits). */
  length?: number;
  o?: Uint8Array;
  u?: Uint8Array;
  oe?: Uint8Array;
  ue?: Uint8Array;
  perms?: Uint8Array;
  p?: number;
  encryptMetadata?: boolean;
  /** /CF: each crypt filter's /CFM and /Length. */
  cf?: Map<string, { cfm?: string; length?: number }>;
  stmF?: string;
  strF?: string;
  /** The first element of the trailer's /ID (empty when absent). */
  id0: Uint8Array;
}

export type CryptMethod = 'none' | 'rc4' | 'aesv2' | 'aesv3';

/** Why a file cannot be opened here; `password` when it needs one (the usual case). */
export type CryptRefusal = {
  reason: 'password' | 'handler' | 'unsupported' | 'perms' | 'malformed';
  detail: string;
};

export interface FileKey {
  key: Uint8Array;
  /** The method of strings, of streams, and of each named crypt filter (for /Crypt stream filters). */
  strings: CryptMethod;
  streams: CryptMethod;
  named: Map<string, CryptMethod>;
  encryptMetadata: boolean;
}

const PAD = new Uint8Array([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e,
  0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

const refuse = (reason: CryptRefusal['reason'], detail: string): { refused: CryptRefusal } => ({
  refused: { reason, detail },
});

/** Opens the handler with the empty user password, or says why not. Bounded: the R6 loop ends by its rule, ≤ 288 rounds. */
export function openWithEmptyPassword(e: EncryptParams): FileKey | { refused: CryptRefusal } {
  if (e.filter !== 'Standard')
    return refuse('handler', `security handler /${e.filter ?? '?'}${e.subFilter ? ` (${e.subFilter})` : ''}`);
  const v = e.v ?? 0;
  const r = e.r;
  if (typeof r !== 'number' || !Number.isInteger(r)) return refuse('malformed', 'no /R');
  if (typeof e.p !== 'number') return refuse('malformed', 'no /P');
  const methods = cryptFilters(e, v);
  if ('refused' in methods) return methods;
  if (v >= 1 && v <= 4 && r >= 2 && r <= 4) {
    if (v === 4 && r !== 4) return refuse('unsupported', `/V 4 with /R ${r}`);
    const bits = v === 1 ? 40 : keyBits(e, v);
    if (bits === undefined) return refuse('malformed', `key length /Length ${e.length}`);
    if (r === 2 && bits !== 40) return refuse('malformed', `/R 2 with a ${bits}-bit key`);
    const o = e.o;
    const u = e.u;
    if (!o || o.length < 32 || !u || u.length < 32)
      return refuse('malformed', '/O or /U shorter than 32 bytes');
    const encryptMetadata = e.encryptMetadata !== false;
    const key = legacyKey(o.subarray(0, 32), e.p, e.id0, bits / 8, r, encryptMetadata);
    if (!legacyUserMatches(key, u, e.id0, r))
      return refuse('password', 'the empty user password does not open it');
    return { key, ...methods, encryptMetadata };
  }
  if (v === 5 && (r === 5 || r === 6)) {
    const { o, u, ue } = e;
    if (!o || o.length < 48 || !u || u.length < 48 || !ue || ue.length < 32)
      return refuse('malformed', '/O, /U or /UE too short');
    const hash = (salt: Uint8Array) => (r === 5 ? sha256(salt) : hardenedHash(salt));
    const expected = u.subarray(0, 32);
    if (!sameBytes(hash(u.subarray(32, 40)), expected))
      return refuse('password', 'the empty user password does not open it');
    const ivZero = new Uint8Array(16);
    const key = cbcDecryptRaw(hash(u.subarray(40, 48)), ivZero, ue.subarray(0, 32)) as Uint8Array;
    const encryptMetadata = e.encryptMetadata !== false;
    if (r === 6 && e.perms !== undefined) {
      if (e.perms.length < 16) return refuse('perms', '/Perms shorter than 16 bytes');
      const p = new Uint8Array(16);
      new Aes(key).decryptBlock(e.perms, 0, p, 0);
      const pv = new DataView(p.buffer);
      const marker = String.fromCharCode(p[9] as number, p[10] as number, p[11] as number);
      const meta = String.fromCharCode(p[8] as number);
      if (marker !== 'adb') return refuse('perms', '/Perms does not decrypt to its marker');
      if (pv.getInt32(0, true) !== (e.p | 0)) return refuse('perms', '/Perms does not repeat /P');
      if ((meta === 'T') !== encryptMetadata || (meta !== 'T' && meta !== 'F'))
        return refuse('perms', '/Perms does not repeat /EncryptMetadata');
    }
    return { key, ...methods, encryptMetadata };
  }
  return refuse('unsupported', `/V ${v} /R ${r}`);
}

/** Each crypt filter's method: V 1–3 are RC4 throughout; V 4–5 name them in /CF (ISO 32000-1 §7.6.5). */
function cryptFilters(
  e: EncryptParams,
  v: number,
): Pick<FileKey, 'strings' | 'streams' | 'named'> | { refused: CryptRefusal } {
  const named = new Map<string, CryptMethod>([['Identity', 'none']]);
  if (v < 4) return { strings: 'rc4', streams: 'rc4', named };
  for (const [name, f] of e.cf ?? []) {
    if (name === 'Identity') continue;
    const m = ({ None: 'none', V2: 'rc4', AESV2: 'aesv2', AESV3: 'aesv3' } as const)[f.cfm ?? 'None'];
    if (m === undefined) return refuse('unsupported', `crypt filter /${name} /CFM /${f.cfm}`);
    if ((v === 5) !== (m === 'aesv3') && m !== 'none')
      return refuse('unsupported', `crypt filter /${name} /CFM /${f.cfm} under /V ${v}`);
    named.set(name, m);
  }
  const pick = (name: string | undefined) => named.get(name ?? 'Identity');
  const strings = pick(e.strF);
  const streams = pick(e.stmF);
  if (strings === undefined || streams === undefined)
    return refuse('unsupported', `crypt filter /${strings === undefined ? e.strF : e.stmF} not in /CF`);
  return { strings, streams, named };
}

/** The key length in bits: 40–128 in steps of 8 (ISO 32000-1 table 20); V 4 defaults to 128. */
function keyBits(e: EncryptParams, v: number): number | undefined {
  let bits = e.length;
  if (bits === undefined && v === 4) {
    const std = e.cf?.get(e.stmF ?? '') ?? e.cf?.get(e.strF ?? '');
    bits = std?.length !== undefined ? (std.length <= 16 ? std.length * 8 : std.length) : 128;
  }
  bits ??= 40;
  return Number.isInteger(bits) && bits >= 40 && bits <= 128 && bits % 8 === 0 ? bits : undefined;
}

/** Algorithm 2: the file key from the (empty, so padded) password, /O, /P and the file's /ID. */
function legacyKey(
  o: Uint8Array,
  p: number,
  id0: Uint8Array,
  n: number,
  r: number,
  encryptMetadata: boolean,
): Uint8Array {
  const pb = new Uint8Array(4);
  new DataView(pb.buffer).setInt32(0, p | 0, true);
  const tail = r >= 4 && !encryptMetadata ? new Uint8Array([0xff, 0xff, 0xff, 0xff]) : new Uint8Array(0);
  let h = md5(PAD, o, pb, id0, tail);
  if (r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  return h.slice(0, n);
}

/** Algorithms 4 and 5: /U as the empty password would make it (R 3–4 compare 16 bytes). */
function legacyUserMatches(key: Uint8Array, u: Uint8Array, id0: Uint8Array, r: number): boolean {
  if (r === 2) return sameBytes(rc4(key, PAD), u.subarray(0, 32));
  let x = rc4(key, md5(PAD, id0));
  const k = new Uint8Array(key.length);
  for (let i = 1; i <= 19; i++) {
    for (let j = 0; j < key.length; j++) k[j] = (key[j] as number) ^ i;
    x = rc4(k, x);
  }
  return sameBytes(x, u.subarray(0, 16));
}

/** ISO 32000-2 algorithm 2.B for the empty password and no /U data (the user's side). */
function hardenedHash(salt: Uint8Array): Uint8Array {
  let k = sha256(salt);
  for (let i = 0; ; ) {
    const k1 = new Uint8Array(64 * k.length);
    for (let j = 0; j < 64; j++) k1.set(k, j * k.length);
    const e = cbcEncryptRaw(k.subarray(0, 16), k.subarray(16, 32), k1);
    let mod = 0;
    for (let j = 0; j < 16; j++) mod += e[j] as number;
    mod %= 3;
    k = mod === 0 ? sha256(e) : mod === 1 ? sha384(e) : sha512(e);
    i++;
    if (i >= 64 && (e[e.length - 1] as number) <= i - 32) break;
  }
  return k.subarray(0, 32);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Algorithm 1: the key of one object's strings and streams (AES-256 uses the file key as is). */
export function objectKey(fileKey: Uint8Array, method: CryptMethod, num: number, gen: number): Uint8Array {
  if (method === 'aesv3') return fileKey;
  const salt = new Uint8Array(method === 'aesv2' ? 9 : 5);
  salt.set([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255]);
  if (method === 'aesv2') salt.set([0x73, 0x41, 0x6c, 0x54], 5);
  return md5(fileKey, salt).subarray(0, Math.min(fileKey.length + 5, 16));
}
