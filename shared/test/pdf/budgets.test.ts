/**
 * The PDF readers' budgets against the bomb fixtures (shared/test/fixtures/bombs, made by
 * make-bombs.mjs): the signing reader refuses them fast with a typed error, the verifier's
 * reader gives a report, and neither inflates past its cap.
 */
import { readFileSync } from 'node:fs';
import { unzlibSync, zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { isHocbaError } from '../../src/errors/index.js';
import { InflateBudget, inflateCapped, PdfDocument } from '../../src/pdf/reader/index.js';
import { parseDocument } from '../../src/verify/document/objects.js';
import { createTrustStore, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from '../verify/helpers.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/bombs/${name}`, import.meta.url)));

function refusal(bytes: Uint8Array): { code: string; ms: number } {
  const start = performance.now();
  try {
    new PdfDocument(bytes).pages();
  } catch (error) {
    if (!isHocbaError(error)) throw error;
    return { code: error.code, ms: performance.now() - start };
  }
  throw new Error('accepted');
}

let trust: TrustStore;
beforeAll(async () => {
  trust = createTrustStore({ anchors: [(await testPki()).root.certPem] });
}, 60_000);

describe('inflate with a cap', () => {
  it('gives the same bytes as unzlibSync below the cap, small and large', () => {
    const data = new Uint8Array(3_000_000).map((_, i) => (i * 7919) ^ (i >> 5));
    for (const input of [new Uint8Array(0), data.subarray(0, 100), data]) {
      const z = zlibSync(input);
      expect(Buffer.from(inflateCapped(z)).equals(Buffer.from(unzlibSync(z)))).toBe(true);
    }
  });

  it('stops at the cap and at the document budget', () => {
    const z = zlibSync(new Uint8Array(20 << 20));
    expect(() => inflateCapped(z, 1 << 20)).toThrow(/more than 1048576 bytes/);
    const budget = new InflateBudget(30 << 20);
    expect(inflateCapped(z, 64 << 20, budget).length).toBe(20 << 20);
    expect(() => inflateCapped(z, 64 << 20, budget)).toThrow(/more than/);
  });
});

describe('the signing reader (shared/src/pdf/reader)', () => {
  it('a 138-byte xref stream with a 2-billion-entry /Index fails fast with a typed error', () => {
    const bytes = fixture('xref-index-bomb.pdf');
    expect(bytes.length).toBeLessThan(200);
    const { code, ms } = refusal(bytes);
    expect(code).toBe('PDF_MALFORMED');
    expect(ms).toBeLessThan(100);
  });

  it('a 3 KB flate bomb (1 GiB inside) stops at the cap: PDF_LIMIT, memory flat', () => {
    const before = process.memoryUsage().rss;
    const { code, ms } = refusal(fixture('flate-bomb-xref.pdf'));
    expect(code).toBe('PDF_LIMIT');
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 << 20);
  });

  it('an object stream bomb: PDF_LIMIT when its object is read', () => {
    // /N 1 in a 128 MiB stream: reading object 2 from it stops at the cap.
    const bytes = fixture('flate-bomb-objstm.pdf');
    const doc = new PdfDocument(bytes);
    doc.xref.set(9, { type: 'compressed', stream: 1, index: 0 });
    let code = '';
    try {
      doc.getObject(9);
    } catch (error) {
      code = isHocbaError(error) ? error.code : String(error);
    }
    expect(code).toBe('PDF_LIMIT');
  });

  it('a page tree naming one node twice per level is refused, not walked 2^64 times', () => {
    const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>>'];
    for (let i = 3; i < 70; i++) objects.push(`<</Type/Pages/Kids[${i + 1} 0 R ${i + 1} 0 R]/Count 2>>`);
    objects.push('<</Type/Page>>');
    const { code, ms } = refusal(classicPdf(objects));
    expect(code).toBe('PDF_MALFORMED');
    expect(ms).toBeLessThan(1000);
  });

  it('objects nested 100,000 deep: a typed error, not a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(refusal(classicPdf(['<</Type/Catalog/Pages 2 0 R>>', deep])).code).toBe('PDF_MALFORMED');
  });

  it('an xref table announcing more entries than the file can hold: refused at once', () => {
    const text =
      '%PDF-1.7\nxref\n0 900000000\n0000000000 65535 f \ntrailer\n<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n';
    const { code, ms } = refusal(new TextEncoder().encode(text));
    expect(code).toBe('PDF_MALFORMED');
    expect(ms).toBeLessThan(100);
  });
});

describe("the verifier's reader (shared/src/verify/document)", () => {
  it.each(['xref-index-bomb.pdf', 'flate-bomb-xref.pdf', 'flate-bomb-objstm.pdf'])(
    '%s: a report within bounded time and memory',
    async (name) => {
      const before = process.memoryUsage().rss;
      const start = performance.now();
      const report = await verifyPdf(fixture(name), { trust });
      expect(report.verdict).not.toBe('valid');
      expect(performance.now() - start).toBeLessThan(15_000);
      expect(process.memoryUsage().rss - before).toBeLessThan(512 << 20);
    },
    30_000,
  );

  it('the object stream bomb is not inflated past its cap, and says so', () => {
    const doc = parseDocument(fixture('flate-bomb-objstm.pdf'));
    expect(doc.problems.join('\n')).toMatch(/inflates to more than/);
  });
});

function classicPdf(objects: string[]): Uint8Array {
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
