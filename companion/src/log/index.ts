/**
 * The companion's technical log: one readable line per event, in `<dataDir>/logs/`, rotated
 * by size (companion.log → companion.1.log → ...). Callers pass short messages and named
 * fields; there is no field for a PIN, and `redact` masks any value under a key that looks
 * like one, as a second line of defence.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS = /pin|secret|proof|password|code/i;
/** Fields that would carry a document or a student's data: the log says that, not what. */
const CONTENT_KEYS = /(pdf|base64|record|content|document|bytes)s?$|^der$/i;
/** Longer strings are cut: no path, name or error message needs more, a document always does. */
export const MAX_LOGGED_STRING = 300;

function clip(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_LOGGED_STRING)
    return `${value.slice(0, 80)}… [${value.length - 80} ký tự bỏ bớt / characters omitted]`;
  if (value !== null && typeof value === 'object') {
    const json = JSON.stringify(value);
    if (json !== undefined && json.length > MAX_LOGGED_STRING)
      return `[${Array.isArray(value) ? 'array' : 'object'}, ${json.length} ký tự bỏ bớt / characters omitted]`;
  }
  return value;
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key) && key !== 'errorCode') out[key] = '***';
    else if (CONTENT_KEYS.test(key)) out[key] = '[nội dung không ghi / content not logged]';
    else out[key] = clip(value);
  }
  return out;
}

export interface FileLoggerOptions {
  dir: string;
  name?: string;
  maxBytes?: number;
  keep?: number;
  /** Also print to stderr (foreground runs). */
  echo?: boolean;
}

export function createFileLogger(options: FileLoggerOptions): Logger {
  const { dir, name = 'companion', maxBytes = 1024 * 1024, keep = 5, echo = false } = options;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.log`);
  const rotate = () => {
    if (!existsSync(file) || statSync(file).size < maxBytes) return;
    rmSync(join(dir, `${name}.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = join(dir, `${name}.${i}.log`);
      if (existsSync(from)) renameSync(from, join(dir, `${name}.${i + 1}.log`));
    }
    renameSync(file, join(dir, `${name}.1.log`));
  };
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    const extra = Object.keys(fields).length ? ` ${JSON.stringify(redact(fields))}` : '';
    // One entry, one line: a newline in a message would forge a second entry.
    const text = String(clip(message)).replace(/[\r\n]+/g, ' ');
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${text}${extra}\n`;
    rotate();
    appendFileSync(file, line, { mode: 0o600 });
    if (echo) process.stderr.write(line);
  };
  return {
    log,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** For tests and library use: keeps lines in memory. */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    lines.push(`${level} ${message} ${JSON.stringify(redact(fields))}`);
  };
  return {
    lines,
    log,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
