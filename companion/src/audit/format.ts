/**
 * The audit log's format on disk: its lines, their hash chain and the head file. Kept apart
 * from the writer (index.ts) so the verifier (verify.ts) reads the same format without
 * importing the writer.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface AuditLine {
  seq: number;
  time: string;
  prev: string;
  [field: string]: unknown;
}

export const GENESIS = '0'.repeat(64);

export const lineHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * How far behind the log a head may be and still be moved up (when the chain links): a
 * group's lines share one head write (GROUP_MAX in companion/src/signing/batch/group.ts caps
 * a group far below this), so a kill leaves the head that many lines behind.
 */
export const MAX_HEAD_LAG = 4096;

/** The files that make up the audit log, beside the log itself. */
export function auditPaths(path: string) {
  const dir = dirname(path);
  return {
    log: path,
    head: join(dir, 'audit.head'),
    anchors: join(dir, 'audit.anchors.jsonl'),
    lock: join(dir, 'audit.lock'),
  };
}

export function readHeadFile(path: string): AuditHead | 'unreadable' | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const head = JSON.parse(readFileSync(path, 'utf8')) as Partial<AuditHead>;
    if (typeof head.seq === 'number' && typeof head.hash === 'string')
      return { seq: head.seq, hash: head.hash };
  } catch {
    /* unreadable */
  }
  return 'unreadable';
}

export function safeParse(text: string): AuditLine | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AuditLine) : undefined;
  } catch {
    return undefined;
  }
}
