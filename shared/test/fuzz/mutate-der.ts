/**
 * Mutations of DER (certificates, CMS SignedData, time-stamp tokens) that know its shape:
 * lengths made wrong, long-form or indefinite, elements nested deep, OIDs with huge arcs,
 * times that are not times, tags changed, elements dropped or repeated. The tree is walked
 * leniently here (never with the reader under test) so that a mutation lands on an element.
 */
import type { Rand } from './random.js';
import { skewed } from './random.js';

export interface Span {
  tag: number;
  start: number;
  /** Start of content. */
  body: number;
  end: number;
}

/** Every element we can find, by a lenient walk (definite lengths, up to depth 40). */
export function spans(b: Uint8Array, from = 0, to = b.length, depth = 0, out: Span[] = []): Span[] {
  let pos = from;
  while (pos + 2 <= to && depth < 40 && out.length < 20_000) {
    const tag = b[pos]!;
    let p = pos + 1;
    let len = b[p++]!;
    if (len === 0x80) return out;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n > 4) return out;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (b[p++] ?? 0);
    }
    const end = p + len;
    if (end > to) return out;
    out.push({ tag, start: pos, body: p, end });
    if (tag & 0x20) spans(b, p, end, depth + 1, out);
    pos = end;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

function tlv(tag: number, body: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), lengthBytes(body.length), body);
}

/** Replaces element `s` by `by`, and fixes the lengths of every element that held it. */
export function replaceElement(b: Uint8Array, all: Span[], s: Span, by: Uint8Array): Uint8Array {
  let out = concat(b.subarray(0, s.start), by, b.subarray(s.end));
  const delta = by.length - (s.end - s.start);
  // Outer elements, innermost first (largest start), rewritten with their new length.
  const outers = all
    .filter((o) => o.start < s.start && o.end >= s.end && o.tag & 0x20)
    .sort((x, y) => y.start - x.start);
  for (const o of outers) {
    const newLen = o.end - o.body + delta;
    const head = concat(Uint8Array.of(o.tag), lengthBytes(newLen));
    const oldHead = o.body - o.start;
    out = concat(out.subarray(0, o.start), head, out.subarray(o.start + oldHead));
    // Every later element moved; for simplicity later outers are shifted by the head change too.
    const headDelta = head.length - oldHead;
    for (const p of outers) if (p.start < o.start) p.end += headDelta;
  }
  return out;
}

const HUGE_OIDS = [
  Uint8Array.of(0x06, 0x0a, 0x2a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
  concat(Uint8Array.of(0x06, 0x81, 0xc8), new Uint8Array(200).fill(0xff)),
  Uint8Array.of(0x06, 0x00),
  Uint8Array.of(0x06, 0x02, 0x2a, 0x80),
  Uint8Array.of(0x06, 0x03, 0x80, 0x80, 0x01),
  Uint8Array.of(0x06, 0x01, 0xff),
  concat(Uint8Array.of(0x06, 0x82, 0x10, 0x00), new Uint8Array(4096).fill(0x81)),
];

const BAD_TIMES = [
  '',
  'Z',
  '991231235959',
  '9912312359Z',
  '000000000000Z',
  '991399999999Z',
  '20261301000000Z',
  '99999999999999Z',
  '2026-12-01T00:00:00Z',
  '261201000000+0700',
  '261201000000.5Z',
  '20261201000000.999999999Z',
  '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000Z',
  '-1-1-1-1-1-1Z',
  '29991231235959Z',
];

const TIME_TAGS = [0x17, 0x18];

export function mutateDer(src: Uint8Array, r: Rand): Uint8Array {
  const all = spans(src);
  if (!all.length) return r.bytes(1 + r.int(64));
  const s = r.pick(all);
  const body = src.subarray(s.body, s.end);
  switch (r.int(13)) {
    case 0: {
      // Length byte(s) changed, contents not: the element claims more or less than it has.
      const out = src.slice();
      const at = s.start + 1;
      out[at] =
        r.pick([0x00, 0x7f, 0x80, 0x81, 0x84, 0x85, 0x88, 0xff, (out[at] ?? 0) + 1, (out[at] ?? 0) - 1]) &
        0xff;
      return out;
    }
    case 1: {
      // Long form where short would do, or 4-byte lengths near 2^32.
      const head = r.chance(0.5)
        ? Uint8Array.of(s.tag, 0x84, 0, 0, 0, s.end - s.body)
        : Uint8Array.of(s.tag, 0x84, 0xff, 0xff, 0xff, 0xff);
      return replaceElement(src, all, s, concat(head, body));
    }
    case 2: {
      // Indefinite length (BER), with or without its end-of-contents octets.
      const tag = s.tag | (r.chance(0.8) ? 0x20 : 0);
      const eoc = r.chance(0.8) ? Uint8Array.of(0, 0) : new Uint8Array();
      return replaceElement(src, all, s, concat(Uint8Array.of(tag, 0x80), body, eoc));
    }
    case 3: {
      // Nested deep: SEQUENCE { SEQUENCE { ... } } or indefinite-length nests.
      const n = skewed(r, 5000);
      let inner = concat(Uint8Array.of(s.tag, ...lengthBytes(body.length)), body);
      if (r.chance(0.5)) {
        const open = new Uint8Array(n * 2);
        for (let i = 0; i < n; i++) open.set([0x30, 0x80], i * 2);
        inner = concat(open, inner, new Uint8Array(n * 2));
      } else for (let i = 0; i < Math.min(n, 2000); i++) inner = tlv(r.chance(0.5) ? 0x30 : 0xa0, inner);
      return replaceElement(src, all, s, inner);
    }
    case 4: {
      const oids = all.filter((x) => x.tag === 0x06);
      const target = oids.length ? r.pick(oids) : s;
      return replaceElement(src, all, target, r.pick(HUGE_OIDS));
    }
    case 5: {
      const times = all.filter((x) => TIME_TAGS.includes(x.tag));
      const target = times.length ? r.pick(times) : s;
      const text = Buffer.from(r.pick(BAD_TIMES), 'latin1');
      return replaceElement(src, all, target, tlv(r.pick(TIME_TAGS), new Uint8Array(text)));
    }
    case 6: {
      // Tag changed (class, constructed bit, high-tag form).
      const out = src.slice();
      out[s.start] = r.pick([
        0x1f,
        0x3f,
        0xff,
        0x00,
        s.tag ^ 0x20,
        s.tag ^ 0x80,
        0x04,
        0x02,
        0x30,
        0x31,
        0xa0,
        0xa1,
        0x05,
        0x03,
      ]);
      return out;
    }
    case 7:
      // Element dropped.
      return replaceElement(src, all, s, new Uint8Array());
    case 8: {
      // Element repeated, a few or many times.
      const el = src.subarray(s.start, s.end);
      return replaceElement(src, all, s, concat(...Array.from({ length: 1 + skewed(r, 3000) }, () => el)));
    }
    case 9: {
      // Contents replaced by random bytes of another length.
      return replaceElement(src, all, s, tlv(s.tag, r.bytes(skewed(r, 300))));
    }
    case 10: {
      // INTEGERs and BIT STRINGs made odd: empty, huge, negative, bad unused-bit count.
      const target = all.filter((x) => x.tag === 0x02 || x.tag === 0x03);
      const t = target.length ? r.pick(target) : s;
      const value = r.pick([
        new Uint8Array(),
        Uint8Array.of(0xff),
        Uint8Array.of(0x08),
        Uint8Array.of(0x09, 0xff),
        new Uint8Array(10_000).fill(0x7f),
        Uint8Array.of(0x80, 0, 0, 0, 0, 0, 0, 0, 0),
      ]);
      return replaceElement(src, all, t, tlv(t.tag, value));
    }
    case 11: {
      // Truncated, or trailing bytes.
      return r.chance(0.5) ? src.slice(0, r.int(src.length)) : concat(src, r.bytes(1 + r.int(16)));
    }
    default: {
      const out = src.slice();
      for (let n = 1 + skewed(r, 16); n > 0; n--) out[r.int(out.length)] = r.int(256);
      return out;
    }
  }
}
