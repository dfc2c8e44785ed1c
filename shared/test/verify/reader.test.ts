/**
 * The verifier's reader parses the original revision lazily, through its own xref: these
 * tests hold it to what the full scan saw (every object of every revision, resolved the same
 * way), and to the attacks that target the xref: an entry lying about an offset, an object
 * hidden between revisions, a hybrid file (classic table + /XRefStm with an object stream).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import { LazyObject } from '../../src/verify/document/lazy.js';
import { parseDocument, Resolver, valuesEqual } from '../../src/verify/document/objects.js';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { der, tempDir, testPki } from './helpers.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';

let pki: TestPki;
let trust: TrustStore;
let signedOnce: Uint8Array;
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const verify = (b: Uint8Array) => verifyPdf(b, { trust });
const disallowed = (r: DocumentReport) =>
  r.signatures.flatMap((s) => s.modifications.changes.filter((c) => c.verdict === 'DISALLOWED'));

beforeAll(async () => {
  pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  signedOnce = signField(basePdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
}, 60_000);

/** Every object number, resolved in every revision, the same lazily as eagerly. */
function expectSameAsFullScan(file: Uint8Array) {
  const lazy = parseDocument(file);
  const full = parseDocument(file, { defer: false });
  expect(lazy.revisions.length).toBe(full.revisions.length);
  const nums = new Set(full.objects.map((o) => o.num));
  for (let r = 0; r < full.revisions.length; r++) {
    const a = new Resolver(lazy, r);
    const b = new Resolver(full, r);
    for (const n of nums) {
      const x = a.object(n);
      const y = b.object(n);
      expect([n, r, x?.start, x?.revision]).toEqual([n, r, y?.start, y?.revision]);
      expect(valuesEqual(full, x?.value, y?.value)).toBe(true);
    }
    expect(a.rootRef()).toEqual(b.rootRef());
  }
  // Once everything was read, the same problems were found.
  expect([...lazy.problems].sort()).toEqual([...full.problems].sort());
  return lazy;
}

/** Rewrites the xref entry of object `num` in the first revision to `offset`. */
function lieInXref(file: Uint8Array, num: number, offset: number): Uint8Array {
  const text = latin(file);
  const xrefAt = text.indexOf('\nxref\n') + 1;
  const firstEntry = text.indexOf('\n', text.indexOf('\n', xrefAt) + 1) + 1; // after "xref\n0 N\n"
  const at = firstEntry + num * 20;
  return bytes(`${text.slice(0, at)}${String(offset).padStart(10, '0')}${text.slice(at + 10)}`);
}

describe('lazy reading of the original revision', () => {
  it('defers the objects its xref claims, and resolves everything as the full scan did', () => {
    const doc = expectSameAsFullScan(signedOnce);
    expect(doc.objects.filter((o) => o instanceof LazyObject).length).toBeGreaterThan(3);
    expect(doc.objects.filter((o) => o.revision > 0).some((o) => o instanceof LazyObject)).toBe(false);
  });

  it('the same on files from pyHanko, qpdf object streams and the attack files', () => {
    const outside = join(import.meta.dirname, 'fixtures', 'outside');
    for (const name of [
      'pyhanko-3.pdf',
      'pyhanko-3-dss-ts.pdf',
      'pyhanko-p1-ts.pdf',
      'pyhanko-visible-2.pdf',
    ])
      expectSameAsFullScan(new Uint8Array(readFileSync(join(outside, name))));
    const dir = tempDir();
    writeFileSync(join(dir, 'in.pdf'), basePdf());
    execFileSync('qpdf', ['--object-streams=generate', join(dir, 'in.pdf'), join(dir, 'os.pdf')]);
    expectSameAsFullScan(der(join(dir, 'os.pdf')));
    for (const bomb of ['flate-bomb-objstm.pdf', 'flate-bomb-xref.pdf', 'xref-index-bomb.pdf'])
      expectSameAsFullScan(
        new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'bombs', bomb))),
      );
  });

  it('an xref entry lying about an offset: the object there is read as what its header says', async () => {
    const base = basePdf();
    const fontAt = latin(base).indexOf('5 0 obj');
    // The xref sends object 4 (the page content) to the font's bytes.
    const lying = lieInXref(base, 4, fontAt);
    const doc = expectSameAsFullScan(lying);
    const res = new Resolver(doc, 0);
    expect(res.object(4)?.start).toBe(latin(base).indexOf('4 0 obj'));
    expect(res.object(5)?.start).toBe(fontAt);
    // Signed as it is, it verifies: what the signer saw is what we analyse.
    const r = await verify(signField(lying, 7, 'hocba.gvcn', pki.signers.gvcn, pki));
    expect(r.signatures[0]?.integrity.status).toBe('INTACT');
  });

  it('an object hidden in the original revision, outside its xref, is still seen', () => {
    const base = latin(basePdf());
    const xrefAt = base.indexOf('\nxref\n') + 1;
    const text = 'BT /F1 12 Tf 50 750 Td (Toan 10 diem) Tj ET';
    const hidden = `4 0 obj\n<< /Length ${text.length} >>\nstream\n${text}\nendstream\nendobj\n`;
    const shift = hidden.length;
    // Insert before the xref and move startxref, so the file stays well formed.
    let out = `${base.slice(0, xrefAt)}${hidden}${base.slice(xrefAt)}`;
    out = out.replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) + shift}`);
    const doc = expectSameAsFullScan(bytes(out));
    expect(new Resolver(doc, 0).definitions(4)).toHaveLength(2);
  });

  it('a claimed definition that does not parse counts as absent, as in the full scan', async () => {
    const base = latin(basePdf());
    const xrefAt = base.indexOf('\nxref\n') + 1;
    // A second, broken definition of the font, where the xref points.
    const broken = '5 0 obj\n<< /Type /Font /BaseFont (unterminated\nendobj\n';
    let out = `${base.slice(0, xrefAt)}${broken}${base.slice(xrefAt)}`;
    out = out.replace(/startxref\n(\d+)/, (_, n: string) => `startxref\n${Number(n) + broken.length}`);
    const file = lieInXref(bytes(out), 5, xrefAt);
    const doc = expectSameAsFullScan(file);
    expect(new Resolver(doc, 0).object(5)?.start).toBe(base.indexOf('5 0 obj'));
    // Read (as the comparison above did): recorded like the full scan records it.
    expect(doc.problems.join('\n')).toMatch(/unterminated string/);
    expect(doc.unparsed.map((u) => u.start)).toContain(xrefAt);
    const r = await verify(signField(file, 7, 'hocba.gvcn', pki.signers.gvcn, pki));
    expect(r.signatures[0]?.integrity.status).toBe('INTACT');
  });

  it('an object hidden between revisions (in an update, outside its xref) is judged', async () => {
    const text = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    const prev = Number([...latin(signedOnce).matchAll(/startxref\s+(\d+)/g)].pop()?.[1]);
    const hidden = `4 0 obj\n<< /Length ${text.length} >>\nstream\n${text}\nendstream\nendobj\n`;
    const xrefAt = signedOnce.length + hidden.length;
    const tail = `${hidden}xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 20 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const attacked = new Uint8Array(Buffer.concat([signedOnce, Buffer.from(tail, 'latin1')]));
    expectSameAsFullScan(attacked);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r).map((c) => c.kind)).toContain('PAGE_CONTENT');
  });

  it('a hybrid file (classic table + /XRefStm naming an object stream) reads and verifies', async () => {
    const file = hybridPdf();
    const doc = expectSameAsFullScan(file);
    const font = new Resolver(doc, 0).object(5);
    expect(font?.inStream).toBe(10);
    expect(doc.objects.some((o) => o instanceof LazyObject)).toBe(true);
    const r = await verify(signField(file, 7, 'hocba.gvcn', pki.signers.gvcn, pki));
    expect(r.verdict).toBe('valid');
    expect(disallowed(r)).toEqual([]);
  });

  it('an update appending an object to a hybrid file is compared with the object stream member', async () => {
    const signed = signField(hybridPdf(), 7, 'hocba.gvcn', pki.signers.gvcn, pki);
    const attacked = appendUpdate(signed, [
      { num: 5, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>' },
    ]);
    expectSameAsFullScan(attacked);
    const r = await verify(attacked);
    expect(r.verdict).toBe('invalid');
    expect(disallowed(r).length).toBeGreaterThan(0);
  });
});

/**
 * basePdf with object 5 (the font) moved into object stream 10, listed by xref stream 11,
 * which the classic table's trailer names as /XRefStm (PDF 1.5 hybrid, ISO 32000 7.5.8.4).
 */
function hybridPdf(): Uint8Array {
  const base = latin(basePdf());
  const objs = new Map<number, string>();
  for (const m of base.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj\n/g)) objs.set(Number(m[1]), m[2] as string);
  const font = objs.get(5) as string;
  objs.delete(5);
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = new Map<number, number>();
  for (const [num, body] of objs) {
    offsets.set(num, out.length);
    out += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const header = '5 0 ';
  const osData = zlibSync(new Uint8Array(Buffer.from(`${header}${font}`, 'latin1')));
  offsets.set(10, out.length);
  out += `10 0 obj\n<< /Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode /Length ${osData.length} >>\nstream\n${latin(osData)}\nendstream\nendobj\n`;
  // Xref stream rows [type, offset/stream, gen/index] with /W [1 4 2]: 5 in 10, 10 at its offset.
  const row = (type: number, a: number, b: number) => [
    type,
    (a >>> 24) & 255,
    (a >>> 16) & 255,
    (a >>> 8) & 255,
    a & 255,
    (b >>> 8) & 255,
    b & 255,
  ];
  const rows = new Uint8Array([...row(2, 10, 0), ...row(1, offsets.get(10) as number, 0)]);
  const xs = zlibSync(rows);
  const xsAt = out.length;
  out += `11 0 obj\n<< /Type /XRef /Size 12 /W [1 4 2] /Index [5 1 10 1] /Filter /FlateDecode /Length ${xs.length} >>\nstream\n${latin(xs)}\nendstream\nendobj\n`;
  const tableAt = out.length;
  let table = 'xref\n0 12\n';
  for (let n = 0; n < 12; n++) {
    const off = n === 5 || n === 10 || n === 11 || n === 0 ? undefined : offsets.get(n);
    table +=
      off === undefined
        ? `0000000000 ${n === 0 ? '65535' : '00000'} f \n`
        : `${String(off).padStart(10, '0')} 00000 n \n`;
  }
  out += `${table}trailer\n<< /Size 12 /Root 1 0 R /XRefStm ${xsAt} >>\nstartxref\n${tableAt}\n%%EOF\n`;
  return bytes(out);
}
