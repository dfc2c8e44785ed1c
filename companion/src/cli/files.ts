import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineErrors, isHocbaError } from '@hocba/shared/errors';

/**
 * The files named on a command line: plain files as given, directories walked recursively
 * for files ending in `extension` (sorted, so reports are stable). Throws a Node error
 * (ENOENT, EACCES) for a path that cannot be read; commands turn that into exit code 2.
 */
export function collectFiles(paths: readonly string[], extension: string): string[] {
  const out: string[] = [];
  const walk = (path: string, depth: number, named: boolean) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (depth > 16) return;
      for (const name of readdirSync(path).sort()) walk(join(path, name), depth + 1, false);
    } else if (named || path.toLowerCase().endsWith(extension)) {
      out.push(path);
    }
  };
  for (const path of paths) walk(path, 0, true);
  return out;
}

export const fileErrors = defineErrors({
  FILE_NOT_REGULAR: {
    vi: '"{file}" không phải một tệp thông thường (là {kind}): không đọc.',
    en: '"{file}" is not a regular file (it is {kindEn}): not read.',
  },
  FILE_TOO_LARGE: {
    vi: 'Tệp "{file}" quá lớn ({size} byte, tối đa {max} byte): không đọc.',
    en: 'The file "{file}" is too large ({size} bytes, at most {max}): not read.',
  },
  FILE_UNREADABLE: {
    vi: 'Không đọc được tệp "{file}" ({reason}).',
    en: 'Could not read the file "{file}" ({reason}).',
  },
});

function kindOf(stat: ReturnType<typeof statSync>): { kind: string; kindEn: string } {
  if (stat?.isDirectory()) return { kind: 'thư mục', kindEn: 'a folder' };
  if (stat?.isFIFO()) return { kind: 'ống dẫn FIFO', kindEn: 'a FIFO' };
  if (stat?.isCharacterDevice() || stat?.isBlockDevice()) return { kind: 'thiết bị', kindEn: 'a device' };
  if (stat?.isSocket()) return { kind: 'socket', kindEn: 'a socket' };
  return { kind: 'không phải tệp', kindEn: 'not a file' };
}

/**
 * Checks `path` is a regular file of at most `max` bytes, without opening it: opening a FIFO
 * waits for a writer, and /dev/zero or /dev/urandom never end. Throws a typed error.
 */
export function checkRegularFile(path: string, max: number): number {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    throw fileErrors('FILE_UNREADABLE', {
      file: path,
      reason: (error as NodeJS.ErrnoException).code ?? String(error),
    });
  }
  if (!stat?.isFile()) throw fileErrors('FILE_NOT_REGULAR', { file: path, ...kindOf(stat) });
  if (stat.size > max) throw fileErrors('FILE_TOO_LARGE', { file: path, size: stat.size, max });
  return stat.size;
}

/**
 * A whole file's bytes, refused before reading when it is not a regular file or is past `max`,
 * and read with a bound (its size when checked, plus one byte to see it grew). Synchronous:
 * the commands read one input at a time, and a sync read is a few syscalls a file.
 */
export function readBoundedFile(path: string, max: number): Uint8Array {
  checkRegularFile(path, max);
  let fd: number | undefined;
  try {
    // Non-blocking: were the path swapped for a FIFO since the check, the open still returns.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw fileErrors('FILE_NOT_REGULAR', { file: path, ...kindOf(stat) });
    if (stat.size > max) throw fileErrors('FILE_TOO_LARGE', { file: path, size: stat.size, max });
    const buf = Buffer.allocUnsafe(stat.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got)
      got = readSync(fd, buf, n, buf.length - n, null);
    if (n > stat.size)
      throw fileErrors('FILE_UNREADABLE', {
        file: path,
        reason: 'tệp đổi trong khi đọc / changed while read',
      });
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } catch (error) {
    if (isHocbaError(error)) throw error;
    throw fileErrors('FILE_UNREADABLE', {
      file: path,
      reason: (error as NodeJS.ErrnoException).code ?? String(error),
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
