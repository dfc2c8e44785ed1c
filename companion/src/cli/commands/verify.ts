/**
 * `hocba verify <file|dir>... [--json] [--anchors DIR|PEM] [--trust DIR|PEM] [--crl FILE] [--at DATE]`:
 * verifies every signature of each PDF, offline, with the bundled Vietnamese roots plus the
 * anchors given. --at verifies as of another time (an archive in 2045): certificates expired
 * by then count only with a time-stamp proving the signature came before. Exit 0 when every file is valid, 1 otherwise, 2 on bad usage.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createTrustStore, readCrlFile, type TrustStore, verifyPdf } from '@hocba/shared/verify';
import type { Command } from '../command.js';
import { ReportSink } from './verify-output.js';
import { lanesFor, nodeRangeDigest, verifyFiles } from './verify-pool.js';

interface Args {
  files: string[];
  json: boolean;
  anchors: string[];
  crls: string[];
  /** Verification time (default now). */
  at?: Date;
}

function parseArgs(argv: string[]): Args | string {
  const out: Args = { files: [], json: false, anchors: [], crls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') out.json = true;
    else if (a === '--at') {
      const v = argv[++i] ?? '';
      // A date (YYYY-MM-DD, start of that day UTC) or a full ISO 8601 time.
      const at = /^\d{4}-\d\d-\d\d$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
      if (!/^\d{4}-\d\d-\d\d/.test(v) || Number.isNaN(at.getTime()))
        return `--at cần ngày dạng 2045-06-01 hoặc 2045-06-01T08:00:00Z / --at needs a date like 2045-06-01 or 2045-06-01T08:00:00Z, got "${v}"`;
      out.at = at;
    } else if (a === '--anchors' || a === '--trust' || a === '--crl') {
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

export const verifyCommand: Command = {
  name: 'verify',
  summary: { vi: 'Xác minh chữ ký số trong tệp PDF học bạ', en: 'Verify the signatures of record PDFs' },
  async run(argv) {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      console.error(
        `${args}\nhocba verify <tệp|thư mục>... [--json] [--anchors DIR|PEM] [--crl FILE] [--at YYYY-MM-DD]`,
      );
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
    const options = {
      trust,
      revocation: { crls },
      rangeDigest: nodeRangeDigest,
      ...(args.at ? { now: args.at } : {}),
    };
    const lanes = await lanesFor(
      files.length,
      availableParallelism(),
      { anchors, crls, json: args.json, ...(args.at ? { at: args.at.toISOString() } : {}) },
      (bytes) => verifyPdf(bytes, options),
    );
    const sink = new ReportSink(args.json);
    try {
      await verifyFiles(files, lanes, (_, rendered) => sink.add(rendered));
    } finally {
      await Promise.all(lanes.map((l) => l.close()));
    }
    return sink.end();
  },
};
