/**
 * Reading the end of the audit log without reading all of it, and repairing a torn last
 * line (a process killed inside its write): the part after the last newline was never
 * acknowledged, so it is cut off, and its length and hash are kept for the log to record.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs';

export interface Tail {
  /** The last complete lines (at most `count`, two unless asked), oldest first, without their newline. */
  lines: string[];
  /** Bytes after the last newline that were cut off, if any. */
  torn?: { bytes: number; sha256: string };
}

const CHUNK = 64 * 1024;

function readRange(fd: number, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}

/** The last `wanted` lines of the file (default two); with `repair`, cuts a torn last line off first. */
export function readTail(path: string, repair: boolean, wanted = 2): Tail {
  let fd: number;
  try {
    fd = openSync(path, repair ? 'r+' : 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [] };
    throw error;
  }
  try {
    let size = fstatSync(fd).size;
    const tail: Tail = { lines: [] };
    // Grow the window until it holds wanted + 1 newlines (wanted whole lines) or the whole file.
    let start = Math.max(0, size - CHUNK);
    let text = readRange(fd, start, size);
    while (start > 0 && count(text, 0x0a) < wanted + 1) {
      start = Math.max(0, start - CHUNK * 4);
      text = readRange(fd, start, size);
    }
    const lastNewline = text.lastIndexOf(0x0a);
    if (lastNewline !== text.length - 1 && text.length > 0) {
      const torn = text.subarray(lastNewline + 1);
      if (repair) {
        tail.torn = { bytes: torn.length, sha256: createHash('sha256').update(torn).digest('hex') };
        size = start + lastNewline + 1;
        ftruncateSync(fd, size);
        fsyncSync(fd);
      }
      text = text.subarray(0, lastNewline + 1);
    }
    const lines = text.toString('utf8').split('\n');
    lines.pop(); // after the final newline
    if (start > 0) lines.shift(); // may be a partial line
    tail.lines = lines.slice(-wanted);
    return tail;
  } finally {
    closeSync(fd);
  }
}

function count(buffer: Buffer, byte: number): number {
  let n = 0;
  for (let at = buffer.indexOf(byte); at >= 0; at = buffer.indexOf(byte, at + 1)) n++;
  return n;
}
