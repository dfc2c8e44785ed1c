/**
 * Red team, session 7: updates after signing that make a viewer show something else than the
 * definitions the difference analysis compared, by file structure alone. A page's content stream
 * redefined under `/Type /XRef` or `/Type /ObjStm` (skipped as "file structure"), and an xref
 * stream, `startxref` or `/Prev` leading a viewer back to an earlier definition in the signed
 * bytes (the grade before it was corrected), or marking an object free. Each was "valid" here;
 * poppler (pdftotext) shows the old or new grade. pyHanko: invalid for the disguised content
 * stream (by hand, on pyhanko-visible-2.pdf).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { testPki } from './helpers.js';
import { appendUpdate, basePdf, nextObjectNumber, signField } from './pdf-fixtures.js';

const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const content = (grade: number) => {
  const s = `BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan ${grade} diem) Tj ET`;
  return `<< /Length ${s.length} >>\nstream\n${s}\nendstream`;
};

let trust: TrustStore;
/** Written "Toan 5", corrected to "Toan 9" in an update, then signed by the teacher. */
let signed: Uint8Array;
/** Where the first revision's definition of the content stream (Toan 5) starts, and its xref. */
let oldContentAt: number;
let firstXrefAt: number;

beforeAll(async () => {
  const pki = await testPki();
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  const original = basePdf('Hoc ba: Nguyen Van An, lop 5A, Toan 5 diem');
  oldContentAt = latin(original).indexOf('4 0 obj');
  firstXrefAt = Number(/startxref\s+(\d+)/.exec(latin(original))?.[1]);
  const corrected = appendUpdate(original, [{ num: 4, body: content(9) }]);
  signed = signField(corrected, 7, 'hocba.gvcn', pki.signers.gvcn, pki);
}, 60_000);

const verify = (bytes: Uint8Array) => verifyPdf(bytes, { trust, now: new Date('2026-12-01T00:00:00Z') });
function expectRefused(r: DocumentReport) {
  expect(r.verdict).toBe('invalid');
  expect(r.signatures[0]?.subIndication).toBe('MODIFIED_AFTER_SIGNING');
}

/** The offset of the last `startxref` value. */
const lastStartxref = (pdf: Uint8Array) => {
  const all = [...latin(pdf).matchAll(/startxref\s+(\d+)/g)];
  return Number(all[all.length - 1]?.[1]);
};

/**
 * An incremental update whose cross-reference is an uncompressed xref stream (W [1 4 2]):
 * `objects` are written and listed; `extra` entries are listed as given (type, field 2, field 3).
 */
function xrefStreamUpdate(
  pdf: Uint8Array,
  objects: { num: number; body: string }[],
  extra: { num: number; type: number; a: number; b?: number }[] = [],
  prev = lastStartxref(pdf),
): Uint8Array {
  let text = latin(pdf);
  if (!text.endsWith('\n')) text += '\n';
  const rows: { num: number; type: number; a: number; b: number }[] = [];
  for (const o of objects) {
    rows.push({ num: o.num, type: 1, a: text.length, b: 0 });
    text += `${o.num} 0 obj\n${o.body}\nendobj\n`;
  }
  const xrefNum = nextObjectNumber(new Uint8Array(Buffer.from(text, 'latin1')));
  rows.push({ num: xrefNum, type: 1, a: text.length, b: 0 });
  for (const e of extra) rows.push({ ...e, b: e.b ?? 0 });
  rows.sort((x, y) => x.num - y.num);
  const data = Buffer.alloc(rows.length * 7);
  rows.forEach((row, i) => {
    data.writeUInt8(row.type, i * 7);
    data.writeUInt32BE(row.a, i * 7 + 1);
    data.writeUInt16BE(row.b, i * 7 + 5);
  });
  const index = rows.flatMap((row) => [row.num, 1]).join(' ');
  const at = text.length;
  text += `${xrefNum} 0 obj\n<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${index}] /Root 1 0 R /Prev ${prev} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('the signed record as it stands', { timeout: 30_000 }, () => {
  it('is valid, and an xref-stream update adding nothing shown is allowed', async () => {
    expect((await verify(signed)).verdict).toBe('valid');
    const info = nextObjectNumber(signed);
    const r = await verify(xrefStreamUpdate(signed, [{ num: info, body: '<< /Producer (x) >>' }]));
    expect(r.verdict).toBe('valid');
  });
});

describe('a page content stream disguised as file structure', { timeout: 30_000 }, () => {
  it('redefined with /Type /XRef', async () => {
    const s = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    const r = await verify(
      appendUpdate(signed, [
        { num: 4, body: `<< /Type /XRef /Length ${s.length} >>\nstream\n${s}\nendstream` },
      ]),
    );
    expectRefused(r);
    expect(r.signatures[0]?.modifications.changes.some((c) => c.kind === 'PAGE_CONTENT')).toBe(true);
  });

  it('redefined with /Type /ObjStm /N 0', async () => {
    const s = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
    const r = await verify(
      appendUpdate(signed, [
        { num: 4, body: `<< /Type /ObjStm /N 0 /First 0 /Length ${s.length} >>\nstream\n${s}\nendstream` },
      ]),
    );
    expectRefused(r);
  });

  it('a font redefined as a /Type /XRef dictionary', async () => {
    const r = await verify(
      appendUpdate(signed, [{ num: 5, body: '<< /Type /XRef /Subtype /Type1 /BaseFont /Courier >>' }]),
    );
    expectRefused(r);
  });
});

describe("an update's xref chain leading back into the signed bytes (the grade before correction)", {
  timeout: 30_000,
}, () => {
  it('an xref stream entry pointing the content stream at its first definition', async () => {
    const r = await verify(xrefStreamUpdate(signed, [], [{ num: 4, type: 1, a: oldContentAt }]));
    expectRefused(r);
    expect(
      r.signatures[0]?.modifications.changes.some((c) => c.object === 4 && c.verdict === 'DISALLOWED'),
    ).toBe(true);
  });

  it('an xref stream entry marking the content stream free', async () => {
    const r = await verify(xrefStreamUpdate(signed, [], [{ num: 4, type: 0, a: 0, b: 1 }]));
    expectRefused(r);
  });

  it('an xref stream entry taking the font from an object stream that does not hold it', async () => {
    const r = await verify(xrefStreamUpdate(signed, [], [{ num: 5, type: 2, a: 4, b: 0 }]));
    expectRefused(r);
  });

  it("/Prev skipping the signed revisions' sections to the first one", async () => {
    const info = nextObjectNumber(signed);
    const r = await verify(
      xrefStreamUpdate(signed, [{ num: info, body: '<< /Producer (x) >>' }], [], firstXrefAt),
    );
    expectRefused(r);
  });

  it('a classic update whose /Prev skips to the first section', async () => {
    const info = nextObjectNumber(signed);
    const bytes = appendUpdate(signed, [{ num: info, body: '<< /Producer (x) >>' }]);
    const text = latin(bytes).replace(
      /\/Prev \d+ >>\nstartxref(?![\s\S]*startxref)/,
      `/Prev ${firstXrefAt} >>\nstartxref`,
    );
    expect(text).toContain(`/Prev ${firstXrefAt} >>`);
    expectRefused(await verify(new Uint8Array(Buffer.from(text, 'latin1'))));
  });

  it('an update whose /Prev points at its own section (a loop that never reaches the signed one)', async () => {
    const info = nextObjectNumber(signed);
    const text = latin(appendUpdate(signed, [{ num: info, body: '<< /Producer (x) >>' }]));
    const own = Number([...text.matchAll(/startxref\s+(\d+)/g)].slice(-1)[0]?.[1]);
    const looped = text.replace(/\/Prev \d+ >>\nstartxref(?![\s\S]*startxref)/, `/Prev ${own} >>\nstartxref`);
    expect(looped).toContain(`/Prev ${own} >>`);
    expectRefused(await verify(new Uint8Array(Buffer.from(looped, 'latin1'))));
  });

  it('an update that is only a startxref pointing at the first cross-reference', async () => {
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from(signed), Buffer.from(`startxref\n${firstXrefAt}\n%%EOF\n`)]),
    );
    expectRefused(await verify(bytes));
  });
});
