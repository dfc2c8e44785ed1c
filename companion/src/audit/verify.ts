/**
 * `hocba audit verify`: the hash chain line by line, the head, every anchor (a head signed
 * by a signer's token) against the lines it names, heads kept elsewhere (the extension's),
 * and the log against the batch journals and the archive, which name every signed file the
 * log must mention. What this can and cannot detect: docs/audit.md.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { enCount } from '@hocba/shared/errors';
import { type AuditAnchor, checkAnchorSignature, parseAnchor } from './anchor.js';
import {
  type AuditLine,
  auditPaths,
  GENESIS,
  lineHash,
  MAX_HEAD_LAG,
  readHeadFile,
  safeParse,
} from './format.js';

export interface AuditProblem {
  /** The line the problem is at, when there is one. */
  line?: number;
  reason: string;
}

export interface AuditReport {
  status: 'intact' | 'broken' | 'missing';
  lines: number;
  /** Signs of tampering (any makes the log 'broken'). */
  problems: AuditProblem[];
  /** Traces of interrupted writes that the next start repairs: not tampering. */
  notes: string[];
  anchors: { count: number; lastSeq: number; signers: string[] };
  /** Lines after the last anchor: cutting them is detectable only against a head kept elsewhere. */
  unanchoredLines: number;
  /** The first problem, for one-line messages. */
  line?: number;
  reason?: string;
}

export interface VerifyAuditOptions {
  log: string;
  /** The batch journals folder and the archive folder, for the cross-checks. */
  journals?: string;
  archive?: string;
  /** Heads kept elsewhere (e.g. exported from the extension), as parsed JSON. */
  heads?: unknown[];
}

const MAX_PROBLEMS = 50;

function listFiles(dir: string | undefined, suffix: string): string[] {
  if (!dir || !existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(suffix) && !f.split(sep).at(-1)!.startsWith('.'))
    .map((f) => join(dir, f));
}

function jsonLines(path: string): unknown[] {
  if (!existsSync(path)) return [];
  const out: unknown[] = [];
  for (const text of readFileSync(path, 'utf8').split('\n')) if (text) out.push(safeParse(text) ?? text);
  return out;
}

export function verifyAudit(options: VerifyAuditOptions): AuditReport {
  const paths = auditPaths(options.log);
  const problems: AuditProblem[] = [];
  const notes: string[] = [];
  const problem = (reason: string, line?: number) => {
    if (problems.length < MAX_PROBLEMS) problems.push(line === undefined ? { reason } : { line, reason });
  };
  const archived = listFiles(options.archive, '.pdf').map((f) => relative(options.archive!, f));
  const journals = listFiles(options.journals, '.jsonl');
  const anchorFile = jsonLines(paths.anchors);

  if (!existsSync(paths.log)) {
    const head = readHeadFile(paths.head);
    if (head !== undefined && head !== 'unreadable' && head.seq > 0)
      problem(`the log is missing but audit.head says it had ${enCount(head.seq, 'line', 'lines')}`);
    if (anchorFile.length > 0)
      problem(
        `the log is missing but ${enCount(anchorFile.length, 'signed head exists', 'signed heads exist')}`,
      );
    if (archived.length > 0)
      problem(
        `the log is missing but the archive holds ${enCount(archived.length, 'signed file', 'signed files')}`,
      );
    if (journals.length > 0) problem(`the log is missing but ${journals.length} batch journals exist`);
    for (const h of options.heads ?? []) {
      const a = parseAnchor(h);
      if (a) problem(`the log is missing but a kept head names line ${a.seq}`);
    }
    return finish('missing', 0);
  }

  // The chain.
  const text = readFileSync(paths.log, 'utf8');
  const raw = text.split('\n');
  const torn = raw.pop();
  if (torn)
    notes.push(
      `the last line is unfinished (${torn.length} bytes, an interrupted write): the next start cuts it off and records it`,
    );
  const hashes: string[] = [];
  const parsed: (AuditLine | undefined)[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const entry = safeParse(line);
    parsed.push(entry);
    const prev = i === 0 ? GENESIS : hashes[i - 1]!;
    hashes.push(lineHash(line));
    if (!entry) problem('not JSON', i + 1);
    else if (entry.seq !== i + 1) problem(`sequence ${String(entry.seq)}, expected ${i + 1}`, i + 1);
    else if (entry.prev !== prev) problem('previous-line hash differs', i + 1);
  }
  const n = raw.length;

  // The head.
  const head = readHeadFile(paths.head);
  if (head === undefined) {
    if (n > 0) problem('audit.head is missing', n);
  } else if (head === 'unreadable') problem('audit.head is unreadable', n);
  else if (head.seq === n && head.hash === (hashes[n - 1] ?? GENESIS)) {
    /* in step */
  } else if (
    head.seq >= 0 &&
    head.seq < n &&
    n - head.seq <= MAX_HEAD_LAG &&
    head.hash === (head.seq === 0 ? GENESIS : hashes[head.seq - 1])
  )
    // The lines after it are checked above, one by one: the chain links from the head.
    notes.push(
      `audit.head is ${n - head.seq === 1 ? 'one line' : `${n - head.seq} lines`} behind (an interrupted write): the next start moves it up`,
    );
  else problem(`head says ${enCount(head.seq, 'line', 'lines')}, the log ends at ${n} or differs`, n);

  // Anchors: the anchors file, the anchored lines in the log, and heads kept elsewhere.
  // Two copies of an anchor are the same only if every field is.
  const keyOf = (a: AuditAnchor) =>
    JSON.stringify([a.seq, a.hash, a.time, a.batchId, a.algorithm, a.certificate, a.signature]);
  const inLog = new Set<string>();
  const anchors: { anchor: AuditAnchor; from: string }[] = [];
  parsed.forEach((entry, i) => {
    if (entry?.event !== 'audit.anchored') return;
    const a = parseAnchor(entry.anchor);
    if (!a) {
      problem('unreadable anchor', i + 1);
      return;
    }
    inLog.add(keyOf(a));
    anchors.push({ anchor: a, from: `line ${i + 1}` });
  });
  anchorFile.forEach((value, i) => {
    const a = parseAnchor(value);
    if (!a) {
      problem(`audit.anchors.jsonl line ${i + 1} is unreadable`);
      return;
    }
    if (!inLog.has(keyOf(a)))
      problem(
        `the signed head of line ${a.seq} (batch ${a.batchId}, ${a.time}) is not recorded in the log: lines were removed after it`,
      );
    anchors.push({ anchor: a, from: `audit.anchors.jsonl line ${i + 1}` });
  });
  if (inLog.size > 0 && anchorFile.length === 0)
    problem('audit.anchors.jsonl is missing or empty while the log records signed heads');
  (options.heads ?? []).forEach((value, i) => {
    const a = parseAnchor(value);
    if (!a) {
      problem(`kept head ${i + 1} is unreadable`);
      return;
    }
    anchors.push({ anchor: a, from: `kept head ${i + 1}` });
  });
  const seen = new Set<string>();
  const signers = new Set<string>();
  let lastSeq = 0;
  for (const { anchor: a, from } of anchors) {
    if (seen.has(keyOf(a))) continue;
    seen.add(keyOf(a));
    const check = checkAnchorSignature(a);
    if (!check.ok) {
      problem(`signed head from ${from}: ${check.reason}`);
      continue;
    }
    signers.add(check.subject);
    if (a.seq > n)
      problem(
        `the log ends at line ${n}, but line ${a.seq} was signed at ${a.time} (${from}): the log was cut`,
        n,
      );
    else if (hashes[a.seq - 1] !== a.hash)
      problem(`line ${a.seq} differs from the one signed at ${a.time} (${from}): rewritten`, a.seq);
    else lastSeq = Math.max(lastSeq, a.seq);
  }

  // Cross-checks: every signed file a journal or the archive names must be in the log.
  const signedKeys = new Set<string>();
  const archivedInLog = new Set<string>();
  for (const entry of parsed) {
    if (entry?.event === 'document.signed') {
      signedKeys.add(`${String(entry.docId)}\n${String(entry.sha256)}`);
      archivedInLog.add(String(entry.archived));
    } else if (entry?.event === 'archive.unrecorded') archivedInLog.add(String(entry.archived));
  }
  for (const journal of journals)
    for (const value of jsonLines(journal)) {
      const e = value as { docId?: unknown; sha256?: unknown; batchId?: unknown };
      if (typeof e?.docId !== 'string' || typeof e.sha256 !== 'string') continue;
      if (!signedKeys.has(`${e.docId}\n${e.sha256}`))
        problem(
          `document ${e.docId} (SHA-256 ${e.sha256.slice(0, 16)}…) is in a batch journal but has no document.signed line`,
        );
    }
  for (const file of archived)
    if (!archivedInLog.has(file))
      problem(
        `the archive holds ${file}, which the log does not mention (if the companion was killed, start it once: it records such files)`,
      );

  return finish(problems.length > 0 ? 'broken' : 'intact', n, lastSeq, [...signers], seen.size);

  function finish(
    status: AuditReport['status'],
    lines: number,
    last = 0,
    who: string[] = [],
    count = 0,
  ): AuditReport {
    const s: AuditReport['status'] = problems.length > 0 ? 'broken' : status;
    return {
      status: s,
      lines,
      problems,
      notes,
      anchors: { count, lastSeq: last, signers: who },
      unanchoredLines: lines - last,
      ...(problems[0]
        ? {
            reason: problems[0].reason,
            ...(problems[0].line !== undefined ? { line: problems[0].line } : {}),
          }
        : {}),
    };
  }
}

/** The log alone (no journals or archive beside it to cross-check). */
export function verifyAuditLog(path: string): AuditReport {
  return verifyAudit({ log: path });
}
