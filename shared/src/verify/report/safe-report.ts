/**
 * The last pass over a finished report: every string in it made safe to show (display-text.ts),
 * whatever step wrote it. The values a step takes from the file are already made safe and
 * bounded where they enter (field names, /Reason, certificate names, attachment names); this
 * pass is for the ones quoted further in (a PDF name in a change's detail, a problem's text),
 * so no sentence of a report carries a direction override or an escape sequence to a reader.
 * The record's own data (the parsed JSON) is left as it is: the record view shows it apart.
 */
import { safeText } from './display-text.js';
import type { DocumentReport } from './index.js';

/** Deeper than any report goes: a cycle or a freak shape stops here instead of the stack. */
const MAX_DEPTH = 32;

function safeStrings(value: unknown, depth: number, skip: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || value === skip) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = safeStrings(value[i], depth + 1, skip);
    return value;
  }
  // Plain data only: bytes or a date are no text to show.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) object[key] = safeStrings(object[key], depth + 1, skip);
  return value;
}

/** Makes every string of `report` safe to show, in place, but the record's own data. */
export function safeReport(report: DocumentReport): DocumentReport {
  return safeStrings(report, 0, report.record?.record) as DocumentReport;
}
