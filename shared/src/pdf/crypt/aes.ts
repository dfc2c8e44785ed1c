/**
 * AES (FIPS-197) with 128-, 192- and 256-bit keys, and the CBC mode (SP 800-38A) that PDF
 * encryption uses: /AESV2 and /AESV3 strings and streams (ISO 32000-1 §7.6.2: a 16-byte IV,
 * then PKCS#5 padding), and the R5/R6 key checks (ISO 32000-2 §7.6.4.3). Synchronous and
 * table-driven: the verifier decrypts while it reads, in the browser as in Node.
 */

const SBOX = new Uint8Array(256);
const INV = new Uint8Array(256);
const xtime = (a: number) => ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
function mul(a: number, b: number): number {
  let r = 0;
  for (; b; b >>= 1, a = xtime(a)) if (b & 1) r ^= a;
  return r;
}
{
  // The S-box from the multiplicative inverse (3 generates GF(2^8)*) and the affine map.
  let p = 1;
  let q = 1;
  const rotl = (x: number, s: number) => ((x << s) | (x >> (8 - s))) & 0xff;
  do {
    p = p ^ xtime(p);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    SBOX[p] = q ^ rotl(q, 1) ^ rotl(q, 2) ^ rotl(q, 3) ^ rotl(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) INV[SBOX[i] as number] = i;
}
const rot = (x: number) => (x >>> 8) | (x << 24);
const T0 = new Int32Array(256);
const D0 = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const s = SBOX[i] as number;
  T0[i] = ((mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3)) >>> 0;
  const v = INV[i] as number;
  D0[i] = ((mul(v, 14) << 24) | (mul(v, 9) << 16) | (mul(v, 13) << 8) | mul(v, 11)) >>> 0;
}
const T1 = T0.map(rot);
const T2 = T1.map(rot);
const T3 = T2.map(rot);
const D1 = D0.map(rot);
const D2 = D1.map(rot);
const D3 = D2.map(rot);

const subWord = (w: number) =>
  ((SBOX[w >>> 24] as number) << 24) |
  ((SBOX[(w >>> 16) & 255] as number) << 16) |
  ((SBOX[(w >>> 8) & 255] as number) << 8) |
  (SBOX[w & 255] as number);

export class Aes {
  private readonly enc: Int32Array;
  private readonly dec: Int32Array;
  private readonly rounds: number;

  constructor(key: Uint8Array) {
    const nk = key.length / 4;
    if (nk !== 4 && nk !== 6 && nk !== 8) throw new RangeError(`AES key of ${key.length} bytes`);
    this.rounds = nk + 6;
    const n = 4 * (this.rounds + 1);
    const w = new Int32Array(n);
    for (let i = 0; i < nk; i++)
      w[i] =
        ((key[4 * i] as number) << 24) |
        ((key[4 * i + 1] as number) << 16) |
        ((key[4 * i + 2] as number) << 8) |
        (key[4 * i + 3] as number);
    for (let i = nk, rcon = 1; i < n; i++) {
      let t = w[i - 1] as number;
      if (i % nk === 0) {
        t = subWord((t << 8) | (t >>> 24)) ^ (rcon << 24);
        rcon = xtime(rcon);
      } else if (nk > 6 && i % nk === 4) t = subWord(t);
      w[i] = (w[i - nk] as number) ^ t;
    }
    this.enc = w;
    // The equivalent inverse cipher's schedule: rounds reversed, InvMixColumns on the middle ones.
    const d = new Int32Array(n);
    for (let r = 0; r <= this.rounds; r++)
      for (let c = 0; c < 4; c++) {
        const x = w[4 * (this.rounds - r) + c] as number;
        d[4 * r + c] =
          r === 0 || r === this.rounds
            ? x
            : (D0[SBOX[x >>> 24] as number] as number) ^
              (D1[SBOX[(x >>> 16) & 255] as number] as number) ^
              (D2[SBOX[(x >>> 8) & 255] as number] as number) ^
              (D3[SBOX[x & 255] as number] as number);
      }
    this.dec = d;
  }

  /** One block, `input[at..at+16)` into `out[to..to+16)`. */
  encryptBlock(input: Uint8Array, at: number, out: Uint8Array, to: number): void {
    const k = this.enc;
    let s0 = word(input, at) ^ (k[0] as number);
    let s1 = word(input, at + 4) ^ (k[1] as number);
    let s2 = word(input, at + 8) ^ (k[2] as number);
    let s3 = word(input, at + 12) ^ (k[3] as number);
    let r = 4;
    for (let round = 1; round < this.rounds; round++, r += 4) {
      const t0 =
        (T0[s0 >>> 24] as number) ^
        (T1[(s1 >>> 16) & 255] as number) ^
        (T2[(s2 >>> 8) & 255] as number) ^
        (T3[s3 & 255] as number) ^
        (k[r] as number);
      const t1 =
        (T0[s1 >>> 24] as number) ^
        (T1[(s2 >>> 16) & 255] as number) ^
        (T2[(s3 >>> 8) & 255] as number) ^
        (T3[s0 & 255] as number) ^
        (k[r + 1] as number);
      const t2 =
        (T0[s2 >>> 24] as number) ^
        (T1[(s3 >>> 16) & 255] as number) ^
        (T2[(s0 >>> 8) & 255] as number) ^
        (T3[s1 & 255] as number) ^
        (k[r + 2] as number);
      s3 =
        (T0[s3 >>> 24] as number) ^
        (T1[(s0 >>> 16) & 255] as number) ^
        (T2[(s1 >>> 8) & 255] as number) ^
        (T3[s2 & 255] as number) ^
        (k[r + 3] as number);
      s0 = t0;
      s1 = t1;
      s2 = t2;
    }
    put(out, to, last(SBOX, s0, s1, s2, s3) ^ (k[r] as number));
    put(out, to + 4, last(SBOX, s1, s2, s3, s0) ^ (k[r + 1] as number));
    put(out, to + 8, last(SBOX, s2, s3, s0, s1) ^ (k[r + 2] as number));
    put(out, to + 12, last(SBOX, s3, s0, s1, s2) ^ (k[r + 3] as number));
  }

  /** The equivalent inverse cipher (FIPS-197 §5.3.5): rows taken the other way round. */
  decryptBlock(input: Uint8Array, at: number, out: Uint8Array, to: number): void {
    const k = this.dec;
    let s0 = word(input, at) ^ (k[0] as number);
    let s1 = word(input, at + 4) ^ (k[1] as number);
    let s2 = word(input, at + 8) ^ (k[2] as number);
    let s3 = word(input, at + 12) ^ (k[3] as number);
    let r = 4;
    for (let round = 1; round < this.rounds; round++, r += 4) {
      const t0 =
        (D0[s0 >>> 24] as number) ^
        (D1[(s3 >>> 16) & 255] as number) ^
        (D2[(s2 >>> 8) & 255] as number) ^
        (D3[s1 & 255] as number) ^
        (k[r] as number);
      const t1 =
        (D0[s1 >>> 24] as number) ^
        (D1[(s0 >>> 16) & 255] as number) ^
        (D2[(s3 >>> 8) & 255] as number) ^
        (D3[s2 & 255] as number) ^
        (k[r + 1] as number);
      const t2 =
        (D0[s2 >>> 24] as number) ^
        (D1[(s1 >>> 16) & 255] as number) ^
        (D2[(s0 >>> 8) & 255] as number) ^
        (D3[s3 & 255] as number) ^
        (k[r + 2] as number);
      s3 =
        (D0[s3 >>> 24] as number) ^
        (D1[(s2 >>> 16) & 255] as number) ^
        (D2[(s1 >>> 8) & 255] as number) ^
        (D3[s0 & 255] as number) ^
        (k[r + 3] as number);
      s0 = t0;
      s1 = t1;
      s2 = t2;
    }
    put(out, to, last(INV, s0, s3, s2, s1) ^ (k[r] as number));
    put(out, to + 4, last(INV, s1, s0, s3, s2) ^ (k[r + 1] as number));
    put(out, to + 8, last(INV, s2, s1, s0, s3) ^ (k[r + 2] as number));
    put(out, to + 12, last(INV, s3, s2, s1, s0) ^ (k[r + 3] as number));
  }
}

const word = (b: Uint8Array, at: number) =>
  ((b[at] as number) << 24) |
  ((b[at + 1] as number) << 16) |
  ((b[at + 2] as number) << 8) |
  (b[at + 3] as number);
function put(b: Uint8Array, at: number, x: number): void {
  b[at] = x >>> 24;
  b[at + 1] = (x >>> 16) & 255;
  b[at + 2] = (x >>> 8) & 255;
  b[at + 3] = x & 255;
}
/** The last round's byte substitution, one output column from four state words. */
const last = (box: Uint8Array, a: number, b: number, c: number, d: number) =>
  ((box[a >>> 24] as number) << 24) |
  ((box[(b >>> 16) & 255] as number) << 16) |
  ((box[(c >>> 8) & 255] as number) << 8) |
  (box[d & 255] as number);

/** CBC decryption of whole blocks, no padding removed; undefined unless `data` is whole blocks. */
export function cbcDecryptRaw(
  key: Uint8Array | Aes,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array | undefined {
  if (data.length % 16 !== 0 || iv.length !== 16) return undefined;
  const aes = key instanceof Aes ? key : new Aes(key);
  const out = new Uint8Array(data.length);
  for (let at = 0; at < data.length; at += 16) {
    aes.decryptBlock(data, at, out, at);
    // XOR with the previous ciphertext block (the IV first), by index: no view per block.
    if (at === 0) for (let i = 0; i < 16; i++) out[i] = (out[i] as number) ^ (iv[i] as number);
    else for (let i = at; i < at + 16; i++) out[i] = (out[i] as number) ^ (data[i - 16] as number);
  }
  return out;
}

/** CBC encryption of whole blocks, no padding (the R6 hash, ISO 32000-2 algorithm 2.B). */
export function cbcEncryptRaw(key: Uint8Array | Aes, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 16 !== 0 || iv.length !== 16) throw new RangeError('CBC input is not whole blocks');
  const aes = key instanceof Aes ? key : new Aes(key);
  const out = new Uint8Array(data.length);
  const x = new Uint8Array(16);
  for (let at = 0; at < data.length; at += 16) {
    if (at === 0) for (let i = 0; i < 16; i++) x[i] = (data[i] as number) ^ (iv[i] as number);
    else for (let i = 0; i < 16; i++) x[i] = (data[at + i] as number) ^ (out[at - 16 + i] as number);
    aes.encryptBlock(x, 0, out, at);
  }
  return out;
}

/**
 * A PDF AES string or stream: the IV, then CBC with PKCS#5 padding. Lenient as pdf.js is:
 * a short tail is dropped and a padding that does not check is kept, so a damaged string
 * reads as damaged text rather than stopping the whole file. `ok` says whether it was clean.
 */
export function pdfAesDecrypt(key: Uint8Array | Aes, data: Uint8Array): { data: Uint8Array; ok: boolean } {
  if (data.length < 32) return { data: new Uint8Array(0), ok: data.length === 0 };
  const whole = data.length - ((data.length - 16) % 16);
  const plain = cbcDecryptRaw(key, data.subarray(0, 16), data.subarray(16, whole)) as Uint8Array;
  const pad = plain[plain.length - 1] as number;
  let ok = whole === data.length && pad >= 1 && pad <= 16;
  for (let i = plain.length - pad; ok && i < plain.length; i++) if (plain[i] !== pad) ok = false;
  return { data: ok ? plain.subarray(0, plain.length - pad) : plain, ok };
}
