/**
 * Reading the companion's technical log back (`hocba logs`, `hocba doctor`): the current file
 * and its rotations, oldest first, one entry per line as `createFileLogger` writes them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '../log/index.js';

export interface LogEntry {
  time: string;
  level: LogLevel;
  message: string;
  fields?: Record<string, unknown>;
  file: string;
  line: string;
}

const LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (DEBUG|INFO|WARN|ERROR)\s+(.*)$/;

function parseLine(line: string, file: string): LogEntry | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  let message = match[3]!;
  let fields: Record<string, unknown> | undefined;
  const brace = message.indexOf(' {');
  if (brace >= 0) {
    try {
      fields = JSON.parse(message.slice(brace + 1)) as Record<string, unknown>;
      message = message.slice(0, brace);
    } catch {
      // A message that merely contains " {": keep it whole.
    }
  }
  return {
    time: match[1]!,
    level: match[2]!.toLowerCase() as LogLevel,
    message,
    ...(fields ? { fields } : {}),
    file,
    line,
  };
}

/** Log files of `name` in `dir`, oldest first: companion.5.log … companion.1.log, companion.log. */
export function logFiles(dir: string, name = 'companion'): string[] {
  if (!existsSync(dir)) return [];
  const rotated = readdirSync(dir)
    .map((f) => ({ f, n: new RegExp(`^${name}\\.(\\d+)\\.log$`).exec(f)?.[1] }))
    .filter((x): x is { f: string; n: string } => x.n !== undefined)
    .sort((a, b) => Number(b.n) - Number(a.n))
    .map((x) => join(dir, x.f));
  const current = join(dir, `${name}.log`);
  return existsSync(current) ? [...rotated, current] : rotated;
}

export function readLogEntries(
  dir: string,
  options: { errorsOnly?: boolean; lines?: number } = {},
): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const file of logFiles(dir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const entry = parseLine(line, file);
      if (!entry) continue;
      if (options.errorsOnly && entry.level !== 'error') continue;
      entries.push(entry);
    }
  }
  return options.lines !== undefined ? entries.slice(-options.lines) : entries;
}

/** One readable line: local-looking time, level in both languages, message, fields. */
export function formatLogEntry(entry: LogEntry): string {
  const level: Record<LogLevel, string> = {
    debug: 'gỡ lỗi/debug',
    info: 'tin/info',
    warn: 'CẢNH/WARN',
    error: 'LỖI/ERROR',
  };
  const time = entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const fields = entry.fields
    ? ` ${Object.entries(entry.fields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ')}`
    : '';
  return `${time}  ${level[entry.level].padEnd(12)} ${entry.message}${fields}`;
}
