/**
 * Comparing a value as one revision saw it with the same value as a later revision sees it,
 * following references on each side. A container kept in its own object (`/Annots`,
 * `/Resources`, a form XObject) compares by what it holds, whether the page or the container
 * was rewritten. Objects the later revision did not touch are equal without reading them.
 */
import {
  dictOf,
  isRef,
  isStream,
  type PdfDict,
  type PdfValue,
  type Resolver,
  valuesEqual,
} from '../document/objects.js';

export interface Across {
  before: Resolver;
  after: Resolver;
  /** Objects (re)defined in the later revision with a different value, or new there. */
  changed: ReadonlySet<number>;
  /** Changed objects a comparison went through: a rule looked at them. */
  covered: Set<number>;
}

/** Back-pointers: comparing them would walk the whole document from every node. */
const BACK_POINTERS = new Set(['Parent', 'P']);
const MAX_DEPTH = 48;
const MAX_STEPS = 20_000;

/**
 * Where `a` (before) and `b` (after) first differ, as a key path (`/Resources/XObject/Im1`),
 * or undefined when they are equal. `skip` keys are not compared at the top level.
 */
export function firstDifference(
  x: Across,
  a: PdfValue | undefined,
  b: PdfValue | undefined,
  skip: ReadonlySet<string> = new Set(),
): string | undefined {
  const steps = { n: 0 };
  const seen = new Set<string>();
  return diff(x, a, b, '', 0, seen, steps, skip);
}

function diff(
  x: Across,
  a: PdfValue | undefined,
  b: PdfValue | undefined,
  path: string,
  depth: number,
  seen: Set<string>,
  steps: { n: number },
  skip: ReadonlySet<string>,
): string | undefined {
  if (++steps.n > MAX_STEPS || depth > MAX_DEPTH) return `${path || '/'} (too deep to compare)`;
  if (isRef(a) && isRef(b) && a.num === b.num && a.gen === b.gen) {
    if (!x.changed.has(b.num)) return undefined;
    const key = `${a.num}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    x.covered.add(b.num);
  }
  if (isRef(b) && x.changed.has(b.num)) x.covered.add(b.num);
  const ra = isRef(a) ? x.before.resolve(a) : a;
  const rb = isRef(b) ? x.after.resolve(b) : b;
  if (ra === undefined || rb === undefined) return ra === rb ? undefined : path || '/';
  if (Array.isArray(ra) || Array.isArray(rb)) {
    if (!Array.isArray(ra) || !Array.isArray(rb) || ra.length !== rb.length) return path || '/';
    for (let i = 0; i < ra.length; i++) {
      const d = diff(x, ra[i], rb[i], `${path}[${i}]`, depth + 1, seen, steps, new Set());
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isStream(ra) || isStream(rb)) {
    if (!isStream(ra) || !isStream(rb)) return path || '/';
    const da = new Map(ra.dict.entries);
    const db = new Map(rb.dict.entries);
    da.delete('Length');
    db.delete('Length');
    const d = diffDict(
      x,
      { kind: 'dict', entries: da },
      { kind: 'dict', entries: db },
      path,
      depth,
      seen,
      steps,
      skip,
    );
    if (d !== undefined) return d;
    const doc = x.after.doc;
    const bytesA = doc.bytes.subarray(ra.start, ra.end);
    const bytesB = doc.bytes.subarray(rb.start, rb.end);
    if (bytesA.length !== bytesB.length) return `${path || '/'} (stream data)`;
    for (let i = 0; i < bytesA.length; i++)
      if (bytesA[i] !== bytesB[i]) return `${path || '/'} (stream data)`;
    return undefined;
  }
  const da = dictOf(ra);
  const db = dictOf(rb);
  if (da || db) {
    if (!da || !db) return path || '/';
    return diffDict(x, da, db, path, depth, seen, steps, skip);
  }
  return valuesEqual(x.after.doc, ra, rb) ? undefined : path || '/';
}

function diffDict(
  x: Across,
  a: PdfDict,
  b: PdfDict,
  path: string,
  depth: number,
  seen: Set<string>,
  steps: { n: number },
  skip: ReadonlySet<string>,
): string | undefined {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  for (const k of keys) {
    if (skip.has(k) || BACK_POINTERS.has(k)) continue;
    const d = diff(x, a.entries.get(k), b.entries.get(k), `${path}/${k}`, depth + 1, seen, steps, new Set());
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Object numbers reachable from a value in one revision (bounded), without back-pointers. */
export function reachable(res: Resolver, v: PdfValue | undefined, into: Set<number>, depth = 0): void {
  if (depth > 24 || into.size > 50_000 || v === undefined || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const item of v) reachable(res, item, into, depth + 1);
    return;
  }
  if (isRef(v)) {
    if (into.has(v.num)) return;
    into.add(v.num);
    reachable(res, res.object(v.num)?.value, into, depth + 1);
    return;
  }
  const d = isStream(v) ? v.dict : dictOf(v);
  if (d) for (const [k, item] of d.entries) if (!BACK_POINTERS.has(k)) reachable(res, item, into, depth + 1);
}

/** Object numbers a value refers to directly or through direct containers (no dereferencing). */
export function refsIn(v: PdfValue | undefined, into: number[], depth = 0): void {
  if (depth > 64 || v === undefined || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const item of v) refsIn(item, into, depth + 1);
    return;
  }
  if (isRef(v)) {
    into.push(v.num);
    return;
  }
  const d = isStream(v) ? v.dict : dictOf(v);
  if (d) for (const item of d.entries.values()) refsIn(item, into, depth + 1);
}
