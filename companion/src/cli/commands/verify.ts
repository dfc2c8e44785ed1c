/**
 * `hocba verify <file|dir>... [--json] [--anchors DIR|PEM] [--trust DIR|PEM] [--crl FILE] [--at DATE]`:
 * verifies every signature of each PDF, offline, with the bundled Vietnamese roots plus the
 * anchors given. --at verifies as of another time (an archive in 2045): certificates expired
 * by then count only with a time-stamp proving the signature came before. Exit 0 when every file is valid, 1 otherwise, 2 on bad usage.
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { isHocbaError } from '@hocba/shared/errors';
import {
  createTrustStore,
  DEFAULT_MAX_BYTES,
  readCrlFile,
  type TrustStore,
  verifyPdf,
} from '@hocba/shared/verify';
import type { Command } from '../command.js';
import { readBoundedFile } from '../files.js';
import { parseCommand, usageError } from './args.js';
import { ReportSink } from './verify-output.js';
import {
  cpuSnapshot,
  type Lane,
  localLane,
  nodeVerifyCrypto,
  verifyFiles,
  workersWhenIdle,
} from './verify-pool.js';

interface Args {
  files: string[];
  json: boolean;
  anchors: string[];
  crls: string[];
  /** Verification time (default now). */
  at?: Date;
}

const USAGE = `Cách dùng / usage: hocba verify <tệp.pdf|thư mục>... [--json] [--anchors DIR|PEM] [--crl FILE] [--at YYYY-MM-DD]
  xác minh chữ ký số trong học bạ PDF / verify the signatures of record PDFs
  --anchors DIR|PEM  chứng thư gốc tin cậy thêm (nhiều lần được; --trust cũng vậy) / extra trusted roots (repeatable; --trust too)
  --crl FILE         danh sách thu hồi (PEM hoặc DER, nhiều lần được) / a revocation list (PEM or DER, repeatable)
  --at DATE          xác minh như vào ngày đó (2045-06-01 hoặc giờ ISO 8601) / verify as of that time
  --json             báo cáo máy đọc được / machine-readable report
  Thiết bị, ống dẫn (FIFO) và tệp quá 50 MB không được đọc / devices, FIFOs and files over 50 MB are not read.
  mã thoát / exit: 0 hợp lệ / valid, 1 có tệp không hợp lệ / some file not valid, 2 sai cách dùng / usage error
Ví dụ / examples:
  hocba verify da-ky                               # mọi tệp PDF trong thư mục / every PDF in the folder
  hocba verify da-ky/hoc-ba-5a.pdf --json          # báo cáo máy đọc được / machine-readable report
  hocba verify da-ky --anchors goc-truong.pem      # tin thêm một chứng thư gốc / also trust another root
  hocba verify da-ky --at 2045-06-01               # như khi mở lại năm 2045 / as if opened in 2045`;

const OPTIONS = {
  json: { type: 'boolean' },
  at: { type: 'string' },
  anchors: { type: 'string', multiple: true },
  trust: { type: 'string', multiple: true },
  crl: { type: 'string', multiple: true },
} as const;

const list = (v: string | string[] | boolean | undefined): string[] =>
  Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];

function parseVerifyArgs(argv: string[]): Args | number {
  const parsed = parseCommand(argv, OPTIONS, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const out: Args = {
    files: positionals,
    json: values.json === true,
    anchors: [...list(values.anchors), ...list(values.trust)],
    crls: list(values.crl),
  };
  if (typeof values.at === 'string') {
    const v = values.at;
    // A date (YYYY-MM-DD, start of that day UTC) or a full ISO 8601 time.
    const at = /^\d{4}-\d\d-\d\d$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
    if (!/^\d{4}-\d\d-\d\d/.test(v) || Number.isNaN(at.getTime()))
      return usageError(
        {
          vi: `--at cần ngày dạng 2045-06-01 hoặc 2045-06-01T08:00:00Z, không phải "${v}"`,
          en: `--at needs a date like 2045-06-01 or 2045-06-01T08:00:00Z, got "${v}"`,
        },
        USAGE,
      );
    out.at = at;
  }
  if (out.files.length === 0)
    return usageError(
      { vi: 'Cần ít nhất một tệp hoặc thư mục', en: 'at least one file or directory is needed' },
      USAGE,
    );
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
    const bytes = Buffer.from(readBoundedFile(f, DEFAULT_MAX_BYTES));
    anchors.push(bytes.includes('-----BEGIN') ? bytes.toString('utf8') : new Uint8Array(bytes));
  }
  return anchors;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: { vi: 'Xác minh chữ ký số trong tệp PDF học bạ', en: 'Verify the signatures of record PDFs' },
  async run(argv) {
    // The machine is watched from here: idle cores get worker threads (verify-pool.ts).
    const since = { ...cpuSnapshot(), at: performance.now() };
    const args = parseVerifyArgs(argv);
    if (typeof args === 'number') return args;
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
          return readCrlFile(readBoundedFile(f, DEFAULT_MAX_BYTES));
        } catch (e) {
          if (isHocbaError(e)) throw e;
          throw new Error(`${f}: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    } catch (e) {
      console.error(
        isHocbaError(e)
          ? `${e.vi}\n${e.en}`
          : `Không đọc được / cannot read: ${e instanceof Error ? e.message : String(e)}`,
      );
      return 2;
    }
    if (files.length === 0) {
      // An empty folder must not read as "every file valid".
      console.error(
        `Không có tệp PDF nào trong ${args.files.join(', ')} / no PDF file in ${args.files.join(', ')}`,
      );
      return 2;
    }
    const options = {
      trust,
      revocation: { crls },
      crypto: nodeVerifyCrypto,
      ...(args.at ? { now: args.at } : {}),
    };
    const local = localLane((bytes) => verifyPdf(bytes, options), args.json);
    const input = { anchors, crls, json: args.json, ...(args.at ? { at: args.at.toISOString() } : {}) };
    let workers: Promise<Lane[]> = Promise.resolve([]);
    const sink = new ReportSink(args.json);
    try {
      await verifyFiles(
        files,
        [local],
        (_, rendered) => sink.add(rendered),
        (undealt) =>
          (workers = workersWhenIdle(since, undealt, availableParallelism(), () => loadavg()[0] ?? 0, input)),
      );
    } finally {
      await Promise.all((await workers.catch(() => [])).map((l) => l.close()));
    }
    return sink.end();
  },
};
