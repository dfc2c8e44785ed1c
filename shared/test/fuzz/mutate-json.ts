/**
 * Structured-random mutations of JSON values (records, protocol messages): fields dropped,
 * added or retyped, arrays made huge, prototype keys (__proto__, constructor, prototype),
 * strings with control characters, lone surrogates, odd normalisation, numbers at the edges.
 * The result goes out as JSON text (JSON.stringify escapes lone surrogates), so a saved
 * input replays exactly, `__proto__` included (JSON.parse makes it an own key).
 */
import type { Rand } from './random.js';
import { skewed } from './random.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u001f\u007f',
  '\ud800',
  '\udc00x',
  'a\ud83dz',
  '\ufeff',
  '\u202eevil',
  'Nguye\u0302\u0303n',
  'e\u0301'.repeat(1000),
  '__proto__',
  'constructor',
  'toString',
  '2015-02-30',
  '0000-00-00',
  '2015-13-01',
  '99999-01-01',
  '2020-2021',
  '2021-2020',
  '10',
  'NaN',
  'null',
  '𝕏'.repeat(100),
  '\n\r\t',
  'x'.repeat(70_000),
];

const NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  10,
  10.000001,
  11,
  -10,
  1e308,
  -1e308,
  2 ** 53 + 1,
  5e-324,
  4294967296,
  1e21,
];

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '',
  ' ',
  'id',
  'type',
  'v',
];

function strange(r: Rand, depth: number): Json {
  switch (r.int(8)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(NUMBERS);
    case 3:
      return r.pick(STRINGS);
    case 4:
      return depth > 3 ? [] : Array.from({ length: skewed(r, 8) }, () => strange(r, depth + 1));
    case 5: {
      if (depth > 3) return {};
      const o: { [key: string]: Json } = {};
      for (let n = skewed(r, 6); n > 0; n--) o[r.pick(KEYS)] = strange(r, depth + 1);
      return o;
    }
    case 6: {
      // Nested past any sane bound.
      let v: Json = 1;
      // Past every bound we set (32 for messages), within what JSON.stringify can recurse.
      for (let n = skewed(r, 2_000); n > 0; n--) v = r.chance(0.5) ? [v] : { a: v };
      return v;
    }
    default:
      return Array.from({ length: skewed(r, 50_000) }, () => 0);
  }
}

type Container = Json[] | { [key: string]: Json };

const huge = (v: Json | undefined): boolean => Array.isArray(v) && v.length > 1000;

/** Every container in the value with the keys it holds (for picking a place to mutate). */
function places(v: Json, out: [Container, string | number][] = []): [Container, string | number][] {
  if (out.length > 5000 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v))
    for (const [i, x] of v.entries()) {
      out.push([v, i]);
      places(x, out);
    }
  else
    for (const k of Object.keys(v)) {
      out.push([v, k]);
      places(v[k] as Json, out);
    }
  return out;
}

function set(c: Container, k: string | number, value: Json | undefined): void {
  if (Array.isArray(c)) {
    if (value === undefined) c.splice(Number(k), 1);
    else c[Number(k)] = value;
  } else if (value === undefined) delete c[k as string];
  else Object.defineProperty(c, k, { value, enumerable: true, writable: true, configurable: true });
}

/** One to several mutations of a deep copy of `value`. */
export function mutateJson(value: Json, r: Rand): Json {
  const root: Json = structuredClone(value);
  const wrapper: { [key: string]: Json } = { root };
  let grown = false;
  for (let n = r.chance(0.6) ? 1 : 1 + skewed(r, 12); n > 0; n--) {
    const all = places(wrapper.root as Json);
    const [c, k] = all.length ? r.pick(all) : [wrapper as Container, 'root'];
    const current = (c as Record<string, Json>)[k as string] as Json;
    switch (r.int(10)) {
      case 0:
        set(c, k, undefined);
        break;
      case 1:
        set(c, k, null);
        break;
      case 2:
        set(c, k, strange(r, 0));
        break;
      case 3:
        // Added key, prototype keys first among them.
        if (!Array.isArray(c)) set(c, r.chance(0.6) ? r.pick(KEYS) : `x${r.int(100)}`, strange(r, 1));
        else c.push(strange(r, 1));
        break;
      case 4:
        // Retyped: a string as a number, an object as an array...
        set(
          c,
          k,
          typeof current === 'string'
            ? Number(current) || r.pick(NUMBERS)
            : typeof current === 'number'
              ? String(current)
              : Array.isArray(current)
                ? { ...current }
                : current && typeof current === 'object'
                  ? Object.values(current)
                  : r.pick(STRINGS),
        );
        break;
      case 5:
        // A huge array of copies (many subjects, many records).
        if (grown) break;
        grown = true;
        {
          // Copies by reference: small in memory; once per input, so the text stays within tens of MB.
          const item = Array.isArray(current) && current.length ? (current[0] as Json) : current;
          // At most ~70 MB of text: past every size bound, within a heap.
          const max = Math.max(1, Math.min(50_000, Math.floor(70e6 / (JSON.stringify(item)?.length ?? 4))));
          set(
            c,
            k,
            Array.from({ length: skewed(r, max) }, () => item),
          );
        }
        break;
      case 6:
        if (typeof current === 'string') {
          const at = r.int(current.length + 1);
          set(c, k, current.slice(0, at) + r.pick(STRINGS) + current.slice(at));
        } else set(c, k, r.pick(STRINGS));
        break;
      case 7:
        set(c, k, r.pick(NUMBERS));
        break;
      case 8: {
        // Swapped with another value in the tree (not a huge one: copies of copies outgrow any heap).
        if (all.length < 2) break;
        const [c2, k2] = r.pick(all);
        const other = (c2 as Record<string, Json>)[k2 as string] as Json;
        if (!huge(other)) set(c, k, structuredClone(other));
        break;
      }
      default:
        // Duplicated sibling under another key.
        if (!Array.isArray(c) && !huge(current))
          set(c, `${String(k)}${r.pick(['', ' ', '\u0000', '2'])}`, current);
        break;
    }
  }
  return wrapper.root as Json;
}

/** JSON text, sometimes damaged as text (cut, bytes changed, duplicate keys spliced in). */
export function jsonText(value: Json, r: Rand): string {
  let text = JSON.stringify(value) ?? 'null';
  if (r.chance(0.15)) {
    const at = r.int(text.length + 1);
    text = r.pick([
      () => text.slice(0, at),
      () =>
        `${text.slice(0, at)}${r.pick([',', '}', ']', '"', '\\', '\\u12', '{"__proto__":{"x":1}}', ' ', '\u0000'])}${text.slice(at)}`,
      () => `\ufeff${text}`,
      () => text.replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},'),
      () => `${text}${text}`,
      () => `${'['.repeat(skewed(r, 100_000))}${text}`,
    ])();
  }
  return text;
}
