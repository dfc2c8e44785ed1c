/**
 * `hocba verify <file|dir>... [--json] [--anchors DIR|PEM] [--trust DIR|PEM] [--crl FILE]`:
 * verifies every signature of each PDF, offline, with the bundled Vietnamese roots plus the
 * anchors given. Exit 0 when every file is valid, 1 otherwise, 2 on bad usage.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  createTrustStore,
  type DocumentReport,
  groupTransferSet,
  readCrlFile,
  type TrustStore,
  VERDICT_LEVEL_WORDS,
  verifyPdf,
  vietnamTime,
} from '@hocba/shared/verify';
import type { Command } from '../main.js';
import type { VerifyWorkerInput } from './verify-worker.js';

interface Args {
  files: string[];
  json: boolean;
  anchors: string[];
  crls: string[];
}

function parseArgs(argv: string[]): Args | string {
  const out: Args = { files: [], json: false, anchors: [], crls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') out.json = true;
    else if (a === '--anchors' || a === '--trust' || a === '--crl') {
      const v = argv[++i];
      if (!v) return `${a} cần một đường dẫn / ${a} needs a path`;
      (a === '--crl' ? out.crls : out.anchors).push(v);
    } else if (a.startsWith('--')) return `Tuỳ chọn không có: ${a} / unknown option: ${a}`;
    else out.files.push(a);
  }
  if (out.files.length === 0)
    return 'Cần ít nhất một tệp hoặc thư mục / at least one file or directory is needed';
  return out;
}

/** PDF files under the paths given (directories recursively, sorted for stable output). */
function collect(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, depth: number) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      if (depth > 16) return;
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (statSync(child).isDirectory() || name.toLowerCase().endsWith('.pdf')) walk(child, depth + 1);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(p, 0);
  return out;
}

function pemFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort())
        if (/\.(pem|crt|cer|der)$/i.test(name)) out.push(join(p, name));
    } else out.push(p);
  }
  return out;
}

function loadAnchors(paths: string[]): Array<string | Uint8Array> {
  const anchors: Array<string | Uint8Array> = [];
  for (const f of pemFiles(paths)) {
    const bytes = readFileSync(f);
    anchors.push(bytes.includes('-----BEGIN') ? bytes.toString('utf8') : new Uint8Array(bytes));
  }
  return anchors;
}

/** Directories of many files: one worker thread per core, files dealt round-robin. */
const WORKER_THRESHOLD = 16;

async function verifyInWorkers(
  files: string[],
  anchors: Array<string | Uint8Array>,
  crls: Uint8Array[],
): Promise<DocumentReport[]> {
  const n = Math.min(availableParallelism(), Math.ceil(files.length / 4));
  const results: DocumentReport[] = new Array(files.length);
  const url = new URL('./verify-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: n }, (_, w) => {
      const share = files.map((path, index) => ({ index, path })).filter((f) => f.index % n === w);
      const input: VerifyWorkerInput = { files: share, anchors, crls };
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(url, { workerData: input });
        worker.on('message', (m: { index: number; report?: DocumentReport; error?: string }) => {
          results[m.index] = m.report ?? {
            verdict: 'indeterminate',
            reason: { vi: 'Không đọc được tệp.', en: 'The file could not be read.' },
            signatures: [],
            modifiedAfterSigning: false,
            problems: [{ code: 'UNREADABLE', message: { vi: m.error ?? '', en: m.error ?? '' } }],
            size: 0,
            revisions: 0,
            record: null,
          };
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exit ${code}`))));
      });
    }),
  );
  return results;
}

/** The `--json` shape of one file (issue 5). */
export function jsonForFile(file: string, r: DocumentReport) {
  return {
    file,
    verdict: r.verdict,
    // Added (issue 17): four levels, and why a valid file is only "valid with warnings".
    level: r.level ?? null,
    warnings: (r.warnings ?? []).map((w) => ({
      code: w.code,
      message: w.message.vi,
      messageEn: w.message.en,
    })),
    reason: r.reason.vi,
    reasonEn: r.reason.en,
    modifiedAfterSigning: r.modifiedAfterSigning,
    signatures: r.signatures.map((s) => ({
      field: s.field,
      role: s.role,
      signer: s.signer ? { name: s.signer.name, organization: s.signer.organization, id: s.signer.id } : null,
      signedAt: s.signedAt,
      timeSource: s.timeSource,
      timestamp: s.timestamp,
      status: s.status,
      subIndication: s.subIndication,
      integrity: s.integrity.status,
      trust: s.trust.status,
      modifications: s.modifications.status,
      changes: s.modifications.changes,
      coversWholeDocument: s.coversWholeDocument,
      trustAnchor: s.trust.anchor,
      message: s.message,
    })),
    record: r.record,
    problems: r.problems.map((p) => ({ code: p.code, message: p.message.vi })),
  };
}

const VERDICT_WORDS: Record<DocumentReport['verdict'], string> = {
  valid: 'HỢP LỆ / valid',
  invalid: 'KHÔNG HỢP LỆ / invalid',
  indeterminate: 'CHƯA XÁC ĐỊNH / indeterminate',
};

function text(file: string, r: DocumentReport): string {
  const level = r.level ? VERDICT_LEVEL_WORDS[r.level] : undefined;
  const lines = [
    `${file}: ${level ? `${level.vi.toUpperCase()} / ${level.en.toLowerCase()}` : VERDICT_WORDS[r.verdict]}`,
    `  ${r.reason.vi}`,
    `  (${r.reason.en})`,
  ];
  for (const w of r.warnings ?? []) lines.push(`  ! ${w.message.vi}`);
  for (const s of r.signatures) {
    const who = s.signer
      ? `${s.signer.name}${s.signer.id ? ` [${s.signer.id}]` : ''}${s.signer.organization ? `, ${s.signer.organization}` : ''}`
      : '?';
    lines.push(`  - ${s.field}${s.role ? ` (${s.role})` : ''}: ${who}`);
    lines.push(
      `    ${s.status}${s.subIndication ? `/${s.subIndication}` : ''}; ${s.signedAt ? `${vietnamTime(s.signedAt)} giờ Việt Nam` : 'không rõ thời điểm'} (${s.timeSource})`,
    );
    lines.push(`    ${s.message.vi}`);
    for (const c of s.modifications.changes.filter((x) => x.verdict === 'DISALLOWED'))
      lines.push(`    ! ${c.kind}: ${c.detail}`);
  }
  if (r.record) {
    const who = r.record.record ? `${r.record.record.student.fullName}` : r.record.file;
    lines.push(
      `  Học bạ đính kèm / record: ${who}, ${r.record.status}${r.record.signed ? '' : ' (KHÔNG được ký / not signed)'}; ${r.record.findings.length} vấn đề theo Thông tư 27`,
    );
  }
  for (const p of r.problems) lines.push(`  * ${p.code}: ${p.message.vi}`);
  return lines.join('\n');
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: { vi: 'Xác minh chữ ký số trong tệp PDF học bạ', en: 'Verify the signatures of record PDFs' },
  async run(argv) {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      console.error(`${args}\nhocba verify <tệp|thư mục>... [--json] [--anchors DIR|PEM] [--crl FILE]`);
      return 2;
    }
    let files: string[];
    let anchors: Array<string | Uint8Array>;
    let trust: TrustStore;
    let crls: Uint8Array[];
    try {
      files = collect(args.files);
      anchors = loadAnchors(args.anchors);
      trust = createTrustStore({ anchors });
      // PEM or DER; a file that holds no CRL stops here rather than leaving a revoked signer "valid".
      crls = args.crls.flatMap((f) => {
        try {
          return readCrlFile(new Uint8Array(readFileSync(f)));
        } catch (e) {
          throw new Error(`${f}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    } catch (e) {
      console.error(`Không đọc được / cannot read: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    const results: { file: string; report: DocumentReport }[] = new Array(files.length);
    if (files.length >= WORKER_THRESHOLD && availableParallelism() > 1 && import.meta.url.endsWith('.js')) {
      const reports = await verifyInWorkers(files, anchors, crls);
      files.forEach((file, k) => {
        results[k] = { file, report: reports[k] as DocumentReport };
      });
      return output(args.json, results);
    }
    // WebCrypto work runs on libuv's pool; a few files in flight keep the cores busy.
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const k = next++;
        const file = files[k] as string;
        const report = await verifyPdf(new Uint8Array(readFileSync(file)), { trust, revocation: { crls } });
        results[k] = { file, report };
      }
    };
    await Promise.all(Array.from({ length: Math.min(availableParallelism(), files.length) }, worker));
    return output(args.json, results);
  },
};

function output(json: boolean, results: { file: string; report: DocumentReport }[]): number {
  // Several files with records: a transfer set, grouped by student.
  const students = results.filter((r) => r.report.record?.record).length > 1 ? groupTransferSet(results) : [];
  if (json) {
    const body: Record<string, unknown> = { files: results.map((r) => jsonForFile(r.file, r.report)) };
    if (students.length > 0) body.students = students;
    console.log(JSON.stringify(body, null, 2));
  } else {
    const blocks = results.map((r) => text(r.file, r.report));
    if (students.length > 0)
      blocks.push(['Học sinh / students:', ...students.map((s) => `  ${s.message.vi}`)].join('\n'));
    console.log(blocks.join('\n\n'));
  }
  return results.every((r) => r.report.verdict === 'valid') &&
    students.every((s) => s.status === 'CONSISTENT')
    ? 0
    : 1;
}
