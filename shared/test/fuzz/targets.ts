/**
 * The fuzz targets: every parser of outside input, each with the inputs it is fed (a corpus
 * and a seeded mutation of it) and the contract its answer must keep. A broken contract is a
 * FuzzFailure; anything else thrown is one too (the contract is "never throws" or "throws only
 * its typed error"). Time and memory are bounded by the runner (scripts/fuzz), which runs a
 * target in a worker with resourceLimits; the unit pass (quick.test.ts) runs a fixed slice.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DerError, readDer } from '../../src/asn1/index.js';
import { HocbaError } from '../../src/errors/index.js';
import { generateClass } from '../../src/generator/index.js';
import {
  decodePreAuthMessage,
  decodeRequest,
  decodeServerMessage,
  protocolError,
} from '../../src/protocol/index.js';
import {
  decodeRecordBytes,
  type HocBaRecord,
  MAX_RECORDS_FILE_BYTES,
  parseRecord,
  parseRecordsBytes,
  parseRecordsText,
  parseRecordText,
} from '../../src/record/index.js';
import { checkAcrossYears, checkClass, checkFilledRecord, completeness } from '../../src/rules/index.js';
import { parseSignedData, verifySignerInfo, verifyTimestampToken } from '../../src/verify/cms/index.js';
import {
  createTrustStore,
  type DocumentReport,
  readCrlFile,
  type TrustStore,
  verifyPdf,
} from '../../src/verify/index.js';
import { parseCertificate, pemToDer } from '../../src/x509/index.js';
import { walkDer } from './der-walk.js';
import { flipOnly, mutateFile } from './mutate-bytes.js';
import { mutateDer, spans } from './mutate-der.js';
import { type Json, jsonText, mutateJson } from './mutate-json.js';
import { type Rand, rand } from './random.js';

export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

export interface SetupOptions {
  /** A smaller corpus, for the unit pass. */
  small: boolean;
}

export interface FuzzTarget<C = unknown> {
  readonly name: string;
  readonly about: string;
  /** What inputs are made from, built once per process. `small` for the unit pass. */
  setup(options: SetupOptions): Promise<C>;
  /** The input for one seed (the same seed gives the same bytes with the same corpus). */
  input(ctx: C, seed: number): Uint8Array;
  /** Runs the parsers on one input; throws FuzzFailure when an answer breaks the contract. */
  run(ctx: C, input: Uint8Array): Promise<void>;
}

const FIXTURES = new URL('../verify/fixtures/', import.meta.url).pathname;
const DIRS = ['interop', 'outside'].map((d) => join(FIXTURES, d));

export function files(ext: string): { name: string; bytes: Uint8Array }[] {
  return DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith(ext))
      .sort()
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) })),
  );
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function fail(what: string, detail?: unknown): never {
  throw new FuzzFailure(
    detail === undefined
      ? what
      : `${what}: ${detail instanceof Error ? (detail.stack ?? detail.message) : String(detail)}`,
  );
}

export function bilingual(m: unknown, where: string): void {
  const b = m as { vi?: unknown; en?: unknown } | undefined;
  if (!b || typeof b.vi !== 'string' || !b.vi.trim() || typeof b.en !== 'string' || !b.en.trim())
    fail(`${where}: not a message in Vietnamese and English`, JSON.stringify(m));
}

export function typedError(e: HocbaError, known: Set<string>, where: string): void {
  if (!(e instanceof HocbaError)) fail(`${where}: error is not a HocbaError`, e);
  if (!known.has(e.code)) fail(`${where}: unknown error code`, e.code);
  bilingual({ vi: e.vi, en: e.en }, where);
}

// ---------------------------------------------------------------------------------------------
// PDF: the verifier on whole files.

interface PdfCorpus {
  files: {
    name: string;
    bytes: Uint8Array;
    verdict: DocumentReport['verdict'];
    signed: [number, number][];
  }[];
  trust: TrustStore;
}

/** The byte ranges of the earliest revision's signature: every later signature covers them too. */
export function firstSignedRanges(pdf: Uint8Array): [number, number][] {
  const all = [
    ...Buffer.from(pdf)
      .toString('latin1')
      .matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g),
  ].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  if (!all.length) return [];
  const [a, b, c, d] = all.reduce((x, y) => (y[2] + y[3] < x[2] + x[3] ? y : x));
  return [
    [a, a + b],
    [c, c + d],
  ];
}

/**
 * Our own signer's file, committed (so the same seed makes the same input everywhere): a
 * generated record rendered and signed by the three roles (B-B) with the test PKI, whose root
 * is kept beside it. Made again by deleting the two files and running the target once.
 */
const CORPUS = new URL('./corpus/', import.meta.url).pathname;

export async function generatorSigned(): Promise<{ pdf: Uint8Array; root: string }> {
  const pdfPath = join(CORPUS, 'generator-three-signers.pdf');
  const rootPath = join(CORPUS, 'generator-root.pem');
  if (existsSync(pdfPath) && existsSync(rootPath))
    return { pdf: new Uint8Array(readFileSync(pdfPath)), root: readFileSync(rootPath, 'utf8') };
  const { renderRecordPdf } = await import('../../src/pdf/render/index.js');
  const { signPdf } = await import('../../src/pdf/sign/index.js');
  const { dejavuFonts } = await import('../support/fonts.js');
  const { setupPki } = await import('../support/pki.js');
  const { signerFor } = await import('../support/signers.js');
  const pki = await setupPki();
  const fonts = dejavuFonts();
  const record = generateClass({ seed: 7, grade: 4, size: 1, defectRate: 0 }).records[0]!;
  let pdf = (await renderRecordPdf(record, { fonts })).pdf;
  for (const role of ['gvcn', 'principal', 'seal'] as const) {
    const signer = await signerFor(pki, pki.signers[role]);
    pdf = (await signPdf(pdf, { role, signer, stamp: { font: fonts.regular } })).pdf;
  }
  mkdirSync(CORPUS, { recursive: true });
  writeFileSync(pdfPath, pdf);
  writeFileSync(rootPath, pki.root.certPem);
  return { pdf, root: pki.root.certPem };
}

export const pdfTarget: FuzzTarget<PdfCorpus> = {
  name: 'pdf',
  about: "verifyPdf on mutated signed PDFs (ours, other signers', pyHanko's)",
  async setup({ small }) {
    const pems = [
      ...files('.pem')
        .filter((f) => /root/.test(f.name))
        .map((f) => text(f.bytes)),
    ];
    let pdfs = files('.pdf');
    if (small)
      pdfs = pdfs.filter((f) =>
        /^(bb-rsa-sha256|bb-p256-sha256|three-signers|certify-p2|qpdf-objstm-signed|blt|pyhanko-3-dss-ts)\.pdf$/.test(
          f.name,
        ),
      );
    const ours = await generatorSigned();
    pems.push(ours.root);
    const all = [{ name: 'generator-three-signers.pdf', bytes: ours.pdf }, ...pdfs];
    const trust = createTrustStore({ anchors: pems });
    const corpus: PdfCorpus = { files: [], trust };
    for (const f of all) {
      const report = await verifyPdf(f.bytes, { trust });
      corpus.files.push({ ...f, verdict: report.verdict, signed: firstSignedRanges(f.bytes) });
    }
    return corpus;
  },
  input(ctx, seed) {
    const r = rand(seed);
    const f = r.pick(ctx.files);
    return mutateFile(f.bytes, r, r.pick(ctx.files).bytes);
  },
  async run(ctx, input) {
    let report: DocumentReport;
    try {
      report = await verifyPdf(input, { trust: ctx.trust });
    } catch (e) {
      fail('verifyPdf threw', e);
    }
    checkReport(report);
  },
};

export function checkReport(report: DocumentReport): void {
  if (!['valid', 'invalid', 'indeterminate'].includes(report.verdict)) fail('no verdict', report.verdict);
  bilingual(report.reason, 'reason');
  for (const p of report.problems) {
    if (typeof p.code !== 'string' || !p.code) fail('problem without a code', JSON.stringify(p));
    bilingual(p.message, `problem ${p.code}`);
  }
}

/**
 * Flips in the signed bytes of the earliest revision: every signature covers them, so the
 * file must never be called valid. (Its input says which bytes changed: [4-byte count, offsets, file].)
 */
export const signedBytesTarget: FuzzTarget<PdfCorpus> = {
  name: 'signed-bytes',
  about: "verifyPdf on files with bytes changed inside every signature's range: never valid",
  setup: (o) => pdfTarget.setup(o),
  input(ctx, seed) {
    const r = rand(seed);
    const valid = ctx.files.filter((f) => f.verdict === 'valid' && f.signed.length);
    const f = r.pick(valid.length ? valid : ctx.files);
    const inSigned = (at: number) => f.signed.some(([a, b]) => at >= a && at < b);
    const { bytes, changed } = flipOnly(f.bytes, r);
    const touched = changed.some((at) => inSigned(at) && bytes[at] !== f.bytes[at]);
    return concatFlag(touched, bytes);
  },
  async run(ctx, input) {
    const touched = input[0] === 1;
    const bytes = input.subarray(1);
    let report: DocumentReport;
    try {
      report = await verifyPdf(bytes, { trust: ctx.trust });
    } catch (e) {
      fail('verifyPdf threw', e);
    }
    checkReport(report);
    if (touched && report.verdict === 'valid') fail('a file with changed signed bytes was called valid');
  },
};

export function concatFlag(flag: boolean, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out[0] = flag ? 1 : 0;
  out.set(bytes, 1);
  return out;
}

// ---------------------------------------------------------------------------------------------
// DER: certificates, CMS SignedData, time-stamp tokens, CRLs.

interface DerCorpus {
  blobs: Uint8Array[];
}

/** The CMS blobs in a PDF's /Contents, cut to their DER length (the hole is zero-padded). */
export function cmsBlobs(pdf: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of Buffer.from(pdf)
    .toString('latin1')
    .matchAll(/\/Contents\s*<([0-9A-Fa-f]{200,})>/g)) {
    const der = new Uint8Array(Buffer.from(m[1]!, 'hex'));
    const top = spans(der)[0];
    if (top) out.push(der.slice(0, top.end));
  }
  return out;
}

/** Nested SignedData (time-stamp tokens) found inside a CMS blob. */
export function nestedSignedData(der: Uint8Array): Uint8Array[] {
  const SIGNED_DATA = Buffer.from('06092a864886f70d010702', 'hex');
  return spans(der)
    .filter(
      (s) =>
        s.start > 0 && s.tag === 0x30 && Buffer.from(der.subarray(s.body, s.body + 11)).equals(SIGNED_DATA),
    )
    .map((s) => der.slice(s.start, s.end));
}

export const derTarget: FuzzTarget<DerCorpus> = {
  name: 'der',
  about: 'DER reader, X.509 certificates, CMS SignedData and time-stamp tokens, CRL files',
  async setup({ small }) {
    const blobs: Uint8Array[] = [];
    for (const f of files('.pem')) for (const der of pemToDer(text(f.bytes))) blobs.push(der);
    for (const f of files('.crl')) blobs.push(f.bytes);
    for (const f of files('.pdf').slice(0, small ? 8 : undefined))
      for (const cms of cmsBlobs(f.bytes)) blobs.push(cms, ...nestedSignedData(cms));
    return { blobs };
  },
  input(ctx, seed) {
    const r = rand(seed);
    let der = r.pick(ctx.blobs);
    for (let n = r.chance(0.7) ? 1 : 2 + r.int(4); n > 0; n--) der = mutateDer(der, r);
    return der;
  },
  async run(_ctx, input) {
    const typed = (what: string, f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (!(e instanceof DerError))
          fail(`${what} threw ${e instanceof Error ? e.name : typeof e}, not DerError`, e);
      }
    };
    typed('readDer + walk', () => walkDer(readDer(input)));
    typed('parseCertificate', () => parseCertificate(input));
    let sd: ReturnType<typeof parseSignedData> | undefined;
    typed('parseSignedData', () => {
      sd = parseSignedData(input);
    });
    if (sd) {
      const zero = new Uint8Array(64);
      for (const si of sd.signerInfos.slice(0, 4)) {
        try {
          await verifySignerInfo(sd, si, () => zero);
        } catch (e) {
          if (!(e instanceof DerError)) fail('verifySignerInfo threw, not DerError', e);
        }
      }
    }
    try {
      await verifyTimestampToken(input, [new Uint8Array(32)]);
    } catch (e) {
      fail('verifyTimestampToken threw', e);
    }
    // readCrlFile refuses a file that is not a CRL with a plain Error on purpose (its message is shown).
    try {
      readCrlFile(input);
    } catch (e) {
      if (!(e instanceof DerError) && (!(e instanceof Error) || e.name !== 'Error'))
        fail(`readCrlFile threw ${e instanceof Error ? e.name : typeof e}`, e);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Records and the Thông tư 27 checks.

interface RecordCorpus {
  values: Json[];
}

const RECORD_FIXTURES = new URL('../record/fixtures/', import.meta.url).pathname;

export const recordTarget: FuzzTarget<RecordCorpus> = {
  name: 'record',
  about: 'record parser (text, bytes, files of many) and the Thông tư 27 checks on what it accepts',
  async setup() {
    const values: Json[] = [];
    for (const grade of [1, 3, 5] as const) {
      const cls = generateClass({ seed: grade, grade, size: 3, defectRate: 0.5, crossYearRate: 0.5 });
      values.push(...(cls.records as unknown as Json[]));
      values.push(cls.records as unknown as Json);
    }
    for (const f of readdirSync(RECORD_FIXTURES)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      try {
        values.push(
          JSON.parse(readFileSync(join(RECORD_FIXTURES, f), 'utf8').replace(/^\ufeff/, '')) as Json,
        );
      } catch {
        /* a fixture that is not JSON on purpose */
      }
    }
    return { values };
  },
  input(ctx, seed) {
    const r = rand(seed);
    return utf8(jsonText(mutateJson(r.pick(ctx.values), r), r));
  },
  async run(_ctx, input) {
    const before = Object.getOwnPropertyNames(Object.prototype).length;
    const source = text(input);
    const records: HocBaRecord[] = [];
    const check = (what: string, f: () => unknown) => {
      let result: unknown;
      try {
        result = f();
      } catch (e) {
        fail(`${what} threw`, e);
      }
      const res = result as {
        status?: string;
        issues?: { path: unknown; reason: unknown }[];
        record?: HocBaRecord;
      };
      if (res.status === 'invalid' || res.status === 'error') {
        if (!res.issues?.length) fail(`${what}: refused without a reason`);
        for (const i of res.issues) {
          if (typeof i.path !== 'string') fail(`${what}: issue without a JSON Pointer`, JSON.stringify(i));
          bilingual(i.reason, `${what} issue ${i.path}`);
        }
      } else if (res.status === 'ok' && res.record) records.push(res.record);
      return result;
    };
    check('parseRecordText', () => parseRecordText(source));
    check('parseRecordText fillMissing', () => parseRecordText(source, { fillMissing: true }));
    try {
      const file = parseRecordsText(source);
      if (file.status === 'ok')
        for (const e of file.entries) if (e.result.status === 'ok') records.push(e.result.record);
    } catch (e) {
      fail('parseRecordsText threw', e);
    }
    try {
      parseRecordsBytes(input);
      decodeRecordBytes(input);
    } catch (e) {
      fail('parseRecordsBytes threw', e);
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      value = undefined;
    }
    // The value API has no size bound of its own (its callers bound the bytes first), so only
    // a value from a text the file API would read.
    if (value !== undefined && input.length <= MAX_RECORDS_FILE_BYTES)
      check('parseRecord', () => parseRecord(value, { fillMissing: true }));
    for (const record of records.slice(0, 6)) {
      try {
        const findings = checkFilledRecord(record);
        completeness(findings);
        checkAcrossYears(record);
        for (const f of findings) bilingual(f.message, `finding ${f.rule}`);
      } catch (e) {
        fail('a Thông tư 27 check threw on a parsed record', e);
      }
    }
    if (records.length) {
      try {
        checkClass(records.slice(0, 40));
      } catch (e) {
        fail('checkClass threw', e);
      }
    }
    if (
      Object.getOwnPropertyNames(Object.prototype).length !== before ||
      ({} as Record<string, unknown>).polluted !== undefined
    )
      fail('Object.prototype was changed');
  },
};

// ---------------------------------------------------------------------------------------------
// Protocol messages (what the companion reads off the socket, and what the extension reads back).

interface ProtocolCorpus {
  values: Json[];
}

function validMessages(): Json[] {
  const record = generateClass({ seed: 2, grade: 2, size: 1 }).records[0] as unknown as Json;
  const b64 = Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64');
  return [
    { v: 1, type: 'status', id: 's1' },
    { v: 1, type: 'listTokens', id: 'l1' },
    { v: 1, type: 'logout', id: 'o1' },
    { v: 1, type: 'cancel', id: 'c1', batchId: 'b1' },
    { v: 1, type: 'login', id: 'g1', token: { serial: 'S1' }, pin: '12345678' },
    {
      v: 1,
      type: 'auth',
      id: 'a1',
      extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      pairingId: 'p'.repeat(22),
      proof: 'A'.repeat(43),
    },
    {
      v: 1,
      type: 'pair.start',
      id: 'p1',
      extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      label: 'Chrome',
    },
    { v: 1, type: 'pair.confirm', id: 'p2', code: '123456' },
    {
      v: 1,
      type: 'sign',
      id: 'x1',
      batchId: 'b1',
      token: { serial: 'S1' },
      certificateId: '01',
      role: 'principal',
      level: 'B-T',
      total: 2,
      documents: [
        { docId: 'd1', name: 'Nguyễn Thị Hoa', kind: 'record', record },
        { docId: 'd2', name: 'Trần Văn B', kind: 'pdf', pdfBase64: b64, sha256: 'a'.repeat(64) },
      ],
    },
    { v: 1, type: 'error', id: 'e1', error: { code: 'BAD_MESSAGE', message: { vi: 'Sai', en: 'Bad' } } },
    { v: 1, type: 'status.result', id: 's1', version: '0.1.0', modules: [], tokens: 0 },
  ];
}

const PROTOCOL_CODES = new Set(Object.keys(protocolError.catalog));

export const protocolTarget: FuzzTarget<ProtocolCorpus> = {
  name: 'protocol',
  about: 'protocol frames: pre-auth, requests (text and binary frames), server messages',
  async setup() {
    return { values: validMessages() };
  },
  input(ctx, seed) {
    const r = rand(seed);
    const base = r.chance(0.1) ? (null as Json) : r.pick(ctx.values);
    const bytes = utf8(jsonText(base === null ? mutateJson({}, r) : mutateJson(base, r), r));
    // Now and then bytes that are not UTF-8 (a binary frame).
    if (r.chance(0.1)) for (let n = 1 + r.int(4); n > 0; n--) bytes[r.int(bytes.length)] = 0x80 + r.int(128);
    return bytes;
  },
  async run(_ctx, input) {
    const answers: [string, () => { status: string; id?: string | null; error?: HocbaError }][] = [
      ['decodeRequest(text)', () => decodeRequest(text(input))],
      ['decodeRequest(binary)', () => decodeRequest(input)],
      ['decodePreAuthMessage', () => decodePreAuthMessage(text(input))],
      ['decodeServerMessage', () => decodeServerMessage(text(input))],
    ];
    for (const [what, f] of answers) {
      let d: ReturnType<typeof f>;
      try {
        d = f();
      } catch (e) {
        fail(`${what} threw`, e);
      }
      if (d.status === 'ok') continue;
      if (d.status !== 'error' || !d.error) fail(`${what}: neither ok nor a typed error`, JSON.stringify(d));
      typedError(d.error, PROTOCOL_CODES, what);
      if (d.id !== null && (typeof d.id !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(d.id)))
        fail(`${what}: bad id echoed`, d.id);
    }
  },
};

export const TARGETS: Record<string, FuzzTarget<never>> = Object.fromEntries(
  [pdfTarget, signedBytesTarget, derTarget, recordTarget, protocolTarget].map((t) => [
    t.name,
    t as FuzzTarget<never>,
  ]),
);

export type { Rand };
