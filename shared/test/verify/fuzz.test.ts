import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from './helpers.js';
import { basePdf, signField } from './pdf-fixtures.js';

let original: Uint8Array;
let trust: TrustStore;
/** The /Contents holes: a byte changed there may leave the signature as it was (same hex value). */
let holes: [number, number][];

beforeAll(async () => {
  const pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  const one = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
  original = signField(one, 9, 'hocba.seal', pki.signers.seal, pki);
  const text = Buffer.from(original).toString('latin1');
  holes = [...text.matchAll(/\/ByteRange \[0 (\d+) (\d+) \d+\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}, 60_000);

/** Deterministic PRNG (mulberry32) so a failure can be replayed by its index. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = { bytes: Uint8Array; touchesSigned: boolean };

function mutate(src: Uint8Array, seed: number): Mutation {
  const r = rng(seed);
  const at = Math.floor(r() * src.length);
  const inHole = holes.some(([a, b]) => at >= a && at < b);
  switch (seed % 5) {
    case 0: {
      const out = src.slice();
      out[at] = (out[at] ?? 0) ^ (1 + Math.floor(r() * 255));
      return { bytes: out, touchesSigned: !inHole };
    }
    case 1:
      return { bytes: src.slice(0, at), touchesSigned: true };
    case 2: {
      const junk = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      return {
        bytes: new Uint8Array(Buffer.concat([src.subarray(0, at), junk, src.subarray(at)])),
        touchesSigned: true,
      };
    }
    case 3: {
      // Delete a run of bytes.
      const n = 1 + Math.floor(r() * 200);
      return {
        bytes: new Uint8Array(Buffer.concat([src.subarray(0, at), src.subarray(at + n)])),
        touchesSigned: true,
      };
    }
    default: {
      // Copy a chunk of the file over another place (duplicated objects, shifted structures).
      const from = Math.floor(r() * src.length);
      const n = 1 + Math.floor(r() * 400);
      const out = src.slice();
      out.set(src.subarray(from, Math.min(src.length, from + n)).slice(0, out.length - at), at);
      const changed = out.some((b, i) => b !== src[i] && !holes.some(([a, e]) => i >= a && i < e));
      return { bytes: out, touchesSigned: changed };
    }
  }
}

describe('fuzz: mutated signed PDFs', () => {
  it('3000 mutations: no crash, a verdict and reason each, never valid when signed bytes changed', async () => {
    const counts: Record<string, number> = {};
    for (let seed = 1; seed <= 3000; seed++) {
      const m = mutate(original, seed);
      const report = await verifyPdf(m.bytes, { trust });
      expect(['valid', 'invalid', 'indeterminate'], `seed ${seed}`).toContain(report.verdict);
      expect(report.reason.vi.length, `seed ${seed}`).toBeGreaterThan(0);
      if (m.touchesSigned) expect(report.verdict, `seed ${seed}`).not.toBe('valid');
      counts[report.verdict] = (counts[report.verdict] ?? 0) + 1;
    }
    expect(counts.invalid ?? 0).toBeGreaterThan(2000);
  }, 300_000);
});

describe('hostile shapes finish with a verdict', () => {
  it('thousands of %%EOF markers, and thousands of streams with indirect lengths', async () => {
    const many = new Uint8Array(Buffer.concat([Buffer.from(original), Buffer.from('%%EOF\n'.repeat(5000))]));
    const r1 = await verifyPdf(many, { trust });
    expect(r1.verdict).toBe('indeterminate');
    expect(r1.problems[0]?.code).toBe('TOO_MANY_REVISIONS');
    let body = '%PDF-1.7\n';
    for (let i = 1; i <= 20000; i++)
      body += `${2 * i} 0 obj\n<< /Length ${2 * i + 1} 0 R >>\nstream\nxx\nendstream\nendobj\n${2 * i + 1} 0 obj\n2\nendobj\n`;
    body += 'trailer\n<< /Root 1 0 R >>\n%%EOF\n';
    const r2 = await verifyPdf(new Uint8Array(Buffer.from(body, 'latin1')), { trust });
    expect(r2.verdict).toBe('indeterminate');
    expect(r2.reason.vi).toBe('Tệp không có chữ ký số nào.');
  }, 60_000);
});
