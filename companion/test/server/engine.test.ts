/**
 * The real engine behind the real protocol: `defaultEngine()` (shared renderer, record
 * attached, PAdES with the stamp) in a companion driven over its socket, signing with a
 * SoftHSM2 token. What comes back is checked by the shared verifier (what the receiving
 * school runs) and by poppler's pdfsig (an independent implementation), and the record
 * inside is compared with the one sent. Also: `hocba sign` with a record file.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PdfDocument, readAttachedRecord, readSignatureFields, renderRecordPdf } from '@hocba/shared/pdf';
import { requireRecord } from '@hocba/shared/record';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '@hocba/shared/verify';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPki } from '../../../test/pki/index.mjs';
import type { Pairing } from '../../src/pairing/index.js';
import { SOFTHSM_MODULE } from '../../src/pkcs11/index.js';
import { defaultEngine, loadDejaVuFonts } from '../../src/signing/default-engine.js';
import { EXTENSION_ORIGIN, TestClient } from '../support/client.js';
import { startTestCompanion, type TestCompanion } from '../support/companion.js';
import { makeNssDb, pdfsig } from '../support/pdfsig.js';
import { validRecords } from '../support/records.js';
import { IDS, makeTestToken, TEST_PIN } from '../support/token.js';

const hocba = fileURLToPath(new URL('../../bin/hocba.js', import.meta.url));
let t: TestCompanion;
let pki: TestPki;
let pairing: Pairing;
let serial: string;
let tokenDir: string;
let confPath: string;
let client: TestClient;
let trust: TrustStore;
let nssdir: string;
let work: string;

const [recordA, recordB, recordC] = validRecords(3, 7) as [
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
];
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
type Message = Awaited<ReturnType<TestClient['request']>>;

beforeAll(async () => {
  const made = await makeTestToken('HOCBA-ENGINE');
  tokenDir = made.dir;
  serial = made.token.serial;
  confPath = made.token.confPath;
  pki = made.pki;
  trust = createTrustStore({ anchors: [pki.root.certPem] });
  work = mkdtempSync(join(tmpdir(), 'hocba-engine-'));
  nssdir = makeNssDb(join(work, 'nss'), pki);
  t = await startTestCompanion({ engine: await defaultEngine() });
  pairing = t.companion.pairings.add(EXTENSION_ORIGIN, 'test');
  client = await TestClient.open(t.companion.port);
  await client.auth(pairing);
}, 60_000);

afterAll(async () => {
  client?.close();
  await t?.companion.close();
  rmSync(tokenDir, { recursive: true, force: true });
  rmSync(t.dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Logs in, sends one batch, returns the result and each document's progress message. */
function signBatch(batchId: string, role: 'gvcn' | 'principal' | 'seal', documents: object[]) {
  return client.signBatch({ serial, pin: TEST_PIN, batchId, certificateId: IDS[role], role, documents });
}

function pdfOf(progress: Message): Uint8Array {
  return new Uint8Array(Buffer.from(progress.pdfBase64 as string, 'base64'));
}

function checkWithPdfsig(name: string, pdf: Uint8Array, signatures: number) {
  const file = join(work, name);
  writeFileSync(file, pdf);
  const result = pdfsig(nssdir, file);
  // Unsigned fields are listed too ("not signed"); every signed one must be valid.
  expect((result.output.match(/Signature Validation:/g) ?? []).length, result.output).toBe(signatures);
  expect(result.valid, result.output).toBe(signatures);
}

function expectIntactWithRecord(report: DocumentReport, record: Record<string, unknown>, signatures: number) {
  expect(report.signatures).toHaveLength(signatures);
  for (const s of report.signatures) {
    expect(s.integrity.status).toBe('INTACT');
    expect(s.trust.status).toBe('TRUSTED');
  }
  expect(report.signatures.at(-1)?.coversWholeDocument).toBe(true);
  expect(report.modifiedAfterSigning).toBe(false);
  expect(report.record).toMatchObject({ status: 'OK', signed: true, file: 'hocba-record.json' });
  expect(report.record?.record).toEqual(record);
}

/** A portal's own PDF (one page, no record, no form), as a vendor portal exports it. */
async function portalPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Hoc ba - ban xuat tu cong thong tin', {
    x: 60,
    y: 780,
    size: 14,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return doc.save({ useObjectStreams: false });
}

describe('a record sent over the protocol', () => {
  it('comes back as a signed PDF of that record: verifier intact with the record inside, pdfsig valid', {
    timeout: 60_000,
  }, async () => {
    const { result, progress } = await signBatch('rec-1', 'gvcn', [
      { docId: 'a', name: 'Học sinh A, lớp 5A', kind: 'record', record: recordA },
    ]);
    expect(result).toMatchObject({ type: 'sign.result', status: 'completed', signed: ['a'], notSigned: [] });
    expect(progress).toHaveLength(1);
    const signed = pdfOf(progress[0]!);
    expect(progress[0]!.sha256).toBe(sha256(signed));

    // The companion signed what the shared renderer makes of this record as parsed (NFC, schema
    // key order), byte for byte, so the extension can preview the same PDF and send its SHA-256.
    const rendered = (await renderRecordPdf(requireRecord(recordA), { fonts: loadDejaVuFonts() })).pdf;
    expect(progress[0]!.inputSha256).toBe(sha256(rendered));
    expect(signed.subarray(0, rendered.length)).toEqual(rendered);

    const report = await verifyPdf(signed, { trust });
    expectIntactWithRecord(report, recordA, 1);
    expect(report.signatures[0]).toMatchObject({ role: 'gvcn', roleSource: 'FIELD', status: 'TOTAL_PASSED' });
    checkWithPdfsig('record-gvcn.pdf', signed, 1);

    // The next role signs the PDF the first one produced; the record stays inside.
    const second = await signBatch('rec-2', 'principal', [
      { docId: 'a', name: 'Học sinh A, lớp 5A', kind: 'pdf', pdfBase64: progress[0]!.pdfBase64 },
    ]);
    expect(second.result).toMatchObject({ status: 'completed', signed: ['a'] });
    const both = pdfOf(second.progress[0]!);
    const report2 = await verifyPdf(both, { trust });
    expectIntactWithRecord(report2, recordA, 2);
    expect(report2.signatures.map((s) => [s.role, s.modifications.status])).toEqual([
      ['gvcn', 'ALLOWED'],
      ['principal', 'NONE'],
    ]);
    checkWithPdfsig('record-gvcn-principal.pdf', both, 2);
  });

  it('a malformed record is RECORD_INVALID with path and reason (vi + en), and nothing is signed', async () => {
    const faults = t.faults()!;
    faults.signs = 0;
    const auditBefore = readFileSync(join(t.dataDir, 'audit.jsonl'), 'utf8').split('\n').length;
    const broken = structuredClone(recordB) as { student: Record<string, unknown> };
    broken.student.dateOfBirth = 42;
    const { result, progress } = await signBatch('rec-bad', 'gvcn', [
      { docId: 'bad', name: 'Hỏng', kind: 'record', record: broken },
    ]);
    expect(result).toMatchObject({ status: 'completed', signed: [], notSigned: [{ docId: 'bad' }] });
    const [{ error }] = result.notSigned as [
      { error: { code: string; message: { vi: string; en: string }; details: Record<string, unknown> } },
    ];
    expect(error.code).toBe('RECORD_INVALID');
    expect(error.details).toMatchObject({ path: '/student/dateOfBirth', count: 1 });
    expect(error.message.vi).toContain('/student/dateOfBirth');
    expect(error.message.vi).toContain(String(error.details.reason));
    expect(error.message.en).toContain('/student/dateOfBirth');
    expect(error.message.en).toContain(String(error.details.reasonEn));
    expect(error.message.en).toMatch(/Wrong type/);
    expect(error.message.vi).toMatch(/Sai kiểu dữ liệu/);
    expect(progress).toMatchObject([{ docId: 'bad', status: 'failed', error: { code: 'RECORD_INVALID' } }]);
    expect(progress[0]!.pdfBase64).toBeUndefined();
    // The token was never asked to sign, nothing was archived, the audit says it failed.
    expect(faults.signs).toBe(0);
    expect(
      existsSync(join(t.dataDir, 'archive')) ? readdirSync(join(t.dataDir, 'archive')) : [],
    ).not.toContain(expect.stringMatching(/^rec-bad/));
    const audit = readFileSync(join(t.dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .slice(auditBefore - 1)
      .map((l) => JSON.parse(l));
    expect(audit.filter((l) => l.batchId === 'rec-bad').map((l) => l.event)).toEqual([
      'document.failed',
      'batch.finished',
    ]);
  });
});

describe('a portal PDF with attachRecord', () => {
  let withRecord: Uint8Array;

  it('carries the record, attached before the signature, and verifies', { timeout: 60_000 }, async () => {
    const portal = await portalPdf();
    const { result, progress } = await signBatch('portal-1', 'gvcn', [
      {
        docId: 'p',
        name: 'Học sinh B (PDF của cổng)',
        kind: 'pdf',
        pdfBase64: Buffer.from(portal).toString('base64'),
        sha256: sha256(portal),
        attachRecord: recordB,
      },
    ]);
    expect(result).toMatchObject({ status: 'completed', signed: ['p'], notSigned: [] });
    withRecord = pdfOf(progress[0]!);
    // The portal's bytes are untouched; the user previewed exactly them.
    expect(progress[0]!.inputSha256).toBe(sha256(portal));
    expect(withRecord.subarray(0, portal.length)).toEqual(portal);
    const report = await verifyPdf(withRecord, { trust });
    expectIntactWithRecord(report, recordB, 1);
    expect(report.revisions).toBe(3); // the portal's, the record's, the signature's
    checkWithPdfsig('portal-attached.pdf', withRecord, 1);
  });

  it('a later signer with the same record leaves it alone; another record or a signed PDF without one is refused', {
    timeout: 60_000,
  }, async () => {
    const b64 = Buffer.from(withRecord).toString('base64');
    const plainSigned = pdfOf(
      (
        await signBatch('portal-plain', 'gvcn', [
          {
            docId: 'q',
            name: 'PDF không kèm học bạ',
            kind: 'pdf',
            pdfBase64: Buffer.from(await portalPdf()).toString('base64'),
          },
        ])
      ).progress[0]!,
    );
    expect(readAttachedRecord(plainSigned)).toBeUndefined();
    const { result, progress } = await signBatch('portal-2', 'principal', [
      { docId: 'same', name: 'B', kind: 'pdf', pdfBase64: b64, attachRecord: recordB },
      { docId: 'other', name: 'B/C', kind: 'pdf', pdfBase64: b64, attachRecord: recordC },
      {
        docId: 'late',
        name: 'Đã ký',
        kind: 'pdf',
        pdfBase64: Buffer.from(plainSigned).toString('base64'),
        attachRecord: recordC,
      },
    ]);
    expect(result).toMatchObject({
      status: 'completed',
      signed: ['same'],
      notSigned: [
        { docId: 'other', error: { code: 'RECORD_ATTACHMENT_DIFFERS' } },
        { docId: 'late', error: { code: 'ATTACH_AFTER_SIGNATURE' } },
      ],
    });
    const twice = pdfOf(progress.find((p) => p.docId === 'same')!);
    const report = await verifyPdf(twice, { trust });
    expectIntactWithRecord(report, recordB, 2);
    expect(readSignatureFields(new PdfDocument(twice)).map((f) => [f.name, f.signed])).toEqual([
      ['HocBa_GVCN', true],
      ['HocBa_HieuTruong', true],
    ]);
    checkWithPdfsig('portal-attached-twice.pdf', twice, 2);
  });
});

describe('hocba sign', () => {
  it('signs a record file (.json) with the token and refuses a malformed one before the PIN', {
    timeout: 60_000,
  }, async () => {
    const dataDir = join(work, 'cli-data');
    const out = join(work, 'cli-out');
    const good = join(work, 'hoc-sinh-c.json');
    const bad = join(work, 'hong.json');
    writeFileSync(good, JSON.stringify(recordC));
    writeFileSync(bad, '{"format": "hocba-tieuhoc",');
    const env = { ...process.env, SOFTHSM2_CONF: confPath };
    const args = [
      'sign',
      '--role',
      'teacher',
      '--out',
      out,
      '--data-dir',
      dataDir,
      '--pin-stdin',
      '--module',
      SOFTHSM_MODULE,
    ];
    const ok = spawnSync('node', [hocba, ...args, good], {
      env,
      input: `${TEST_PIN}\n`,
      encoding: 'utf8',
    });
    expect(ok.status, ok.stderr).toBe(0);
    const signed = new Uint8Array(readFileSync(join(out, 'hoc-sinh-c.signed.pdf')));
    const report = await verifyPdf(signed, { trust });
    expectIntactWithRecord(report, recordC, 1);
    checkWithPdfsig('cli-record.pdf', signed, 1);

    const refused = spawnSync('node', [hocba, ...args, bad], {
      env,
      input: `${TEST_PIN}\n`,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('RECORD_NOT_JSON');
    expect(refused.stderr).not.toContain('Ký bằng / signing with');

    // PDFs are read when their turn comes, but one that cannot be opened still fails before the PIN.
    const missing = spawnSync('node', [hocba, ...args, join(work, 'khong-co.pdf')], {
      env,
      input: `${TEST_PIN}\n`,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('FILE_UNREADABLE');
    expect(missing.stderr).toContain('Không đọc được tệp');
    expect(missing.stderr).not.toContain('Ký bằng / signing with');
  });
});

describe('a batch of 100 portal PDFs', () => {
  it('one login, 100 signed PDFs; pdfsig and our verifier accept every one', {
    timeout: 240_000,
  }, async () => {
    // One rendered record, served as 100 students' portal PDFs (each a distinct document id):
    // rendering is not what this measures, signing and verifying are.
    const fonts = loadDejaVuFonts();
    const base = (await renderRecordPdf(recordA as never, { fonts })).pdf;
    const documents = Array.from({ length: 100 }, (_, i) => ({
      docId: `hs-${i}`,
      name: `Học sinh ${i}`,
      kind: 'pdf',
      pdfBase64: Buffer.from(base).toString('base64'),
    }));
    const { result, progress } = await signBatch('hundred', 'gvcn', documents);
    expect(result).toMatchObject({ status: 'completed', notSigned: [] });
    const signed = progress.filter((p) => p.status === 'signed');
    expect(signed).toHaveLength(100);
    const files = signed.map((p, i) => {
      const file = join(work, `hundred-${i}.pdf`);
      writeFileSync(file, pdfOf(p));
      return file;
    });
    // pdfsig checks one file per process: 100 runs, each must say "Signature is Valid".
    let valid = 0;
    for (const file of files) valid += pdfsig(nssdir, file).valid;
    expect(valid).toBe(100);
    for (const p of signed.slice(0, 10)) {
      const report = await verifyPdf(pdfOf(p), { trust });
      expect(report.verdict).toBe('valid');
      expect(report.signatures[0]?.role).toBe('gvcn');
    }
  });
});
