/**
 * Malformed messages for the fuzz suite, from a seeded generator: the same seed gives the
 * same 10,000 frames, so a failure is replayed by its seed and index. Each frame starts as
 * a valid request and is broken one way or several: bytes flipped, cut or inserted; fields
 * dropped, added, retyped; values out of range; nesting far past the bound; prototype keys;
 * invalid UTF-8 (in binary frames: a browser's text frames are always valid UTF-8).
 */
import { seededRandom as prng } from '@hocba/shared/generator';
import { decodeRequest, LIMITS } from '@hocba/shared/protocol';

/** The generator's mulberry32: the same seed gives the same frames everywhere. */
export { prng };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export interface Frame {
  data: string | Buffer;
  /** What the frame was made by (shown when an answer is wrong). */
  how: string;
}

export function fuzzer(seed: number, deepRecord: string) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  let counter = 0;
  const id = () => `f${(counter++).toString(36)}`;

  const record = (): Obj => ({
    schema: 'hocba/1',
    hocSinh: { hoTen: 'Nguyễn Thị Hoa', ngaySinh: '2015-03-02', lop: '5A' },
    monHoc: [
      { ten: 'Toán', diem: 9 },
      { ten: 'Tiếng Việt', diem: 8 },
    ],
  });
  const valid = (): Obj =>
    pick<() => Obj>([
      () => ({ v: 1, type: 'status', id: id() }),
      () => ({ v: 1, type: 'listTokens', id: id() }),
      () => ({ v: 1, type: 'logout', id: id() }),
      () => ({ v: 1, type: 'cancel', id: id(), batchId: 'b1' }),
      () => ({ v: 1, type: 'login', id: id(), token: { serial: 'S1' }, pin: '12345678' }),
      () => ({
        v: 1,
        type: 'sign',
        id: id(),
        batchId: `b${int(5)}`,
        token: { serial: 'S1' },
        certificateId: '01',
        role: pick(['principal', 'teacher', 'homeroom']),
        total: 2,
        documents: [
          { docId: 'd1', name: 'Nguyễn Thị Hoa', kind: 'record', record: record() },
          { docId: 'd2', name: 'Trần Văn B', kind: 'pdf', pdfBase64: 'JVBERi0xLjcK', sha256: 'a'.repeat(64) },
        ],
      }),
    ])();

  const strange = (): Json =>
    pick<() => Json>([
      () => null,
      () => true,
      () => -0,
      () => 1e308,
      () => 2 ** 53 + 1,
      () => -1,
      () => 0.5,
      () => '',
      () => 'x'.repeat(int(3) === 0 ? 70_000 : 300),
      () => '\u0000\ud800\udfff\ufeff',
      () => '../../etc/passwd',
      () => [],
      () => {
        const a: Json[] = [];
        for (let i = 0; i < 1000; i++) a.push(i);
        return a;
      },
      () => ({}),
      () => ({ __proto__: { admin: true } }) as unknown as Json,
      () => JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}') as Json,
    ])();

  /** A path of keys into an object, to break one field somewhere inside. */
  const paths = (value: Json, prefix: string[] = [], out: string[][] = []): string[][] => {
    if (value && typeof value === 'object')
      for (const [key, child] of Object.entries(value)) {
        out.push([...prefix, key]);
        if (out.length < 200) paths(child as Json, [...prefix, key], out);
      }
    return out;
  };
  const setAt = (root: Obj, path: string[], next: Json | undefined) => {
    let node: Json = root;
    for (const key of path.slice(0, -1)) node = (node as Obj)[key]!;
    const last = path.at(-1)!;
    if (next === undefined) delete (node as Obj)[last];
    else (node as Obj)[last] = next;
  };
  const nest = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

  const structural: Record<string, (m: Obj) => string> = {
    retype: (m) => {
      setAt(m, pick(paths(m)), strange());
      return JSON.stringify(m);
    },
    drop: (m) => {
      setAt(m, pick(paths(m)), undefined);
      return JSON.stringify(m);
    },
    extra: (m) => {
      const path = pick(paths(m));
      const parent = path.slice(0, -1);
      const target = parent.reduce<Json>((n, k) => (n as Obj)[k]!, m);
      if (target && typeof target === 'object' && !Array.isArray(target))
        (target as Obj)[pick(['postTo', '__proto__', 'constructor', 'then', 'x'])] = strange();
      else m.unexpected = strange();
      return JSON.stringify(m);
    },
    version: (m) => JSON.stringify({ ...m, v: pick([0, 2, '1', null, 1.5]) }),
    type: (m) =>
      JSON.stringify({ ...m, type: pick(['auth', 'pair.start', 'pair.confirm', 'hello', 'STATUS', '', 7]) }),
    deep: (m) => {
      const json = JSON.stringify(m);
      const at = json.lastIndexOf('}');
      return `${json.slice(0, at)},"deep":${nest(LIMITS.messageDepth + 1 + int(5000))}}`;
    },
    deepRecord: (m) => {
      if (m.type !== 'sign') return `{"v":1,"type":"sign","id":"${id()}","record":${deepRecord}}`;
      const json = JSON.stringify(m);
      return json.replace(/"record":\{/, `"record":{"deep":${deepRecord},`);
    },
    batchBounds: (m) =>
      JSON.stringify({
        ...m,
        type: 'sign',
        batchId: 'b',
        token: { serial: 'S1' },
        certificateId: '01',
        role: 'principal',
        total: pick([0, 1, LIMITS.documentsPerBatch + 1]),
        documents: [
          { docId: 'd', name: 'a', kind: 'record', record: {} },
          { docId: 'd', name: 'b', kind: 'record', record: {} },
        ],
      }),
    duplicateKeys: (m) => JSON.stringify(m).replace(/^\{/, '{"type":"nope","id":"dup",'),
    notObject: () => pick(['null', '[]', '1', '"status"', 'true', '[{"v":1,"type":"status","id":"a"}]']),
  };
  const textual: Record<string, (json: string) => string> = {
    truncate: (json) => json.slice(0, int(json.length)),
    flip: (json) => {
      const chars = [...json];
      for (let n = 1 + int(4); n > 0; n--)
        chars[int(chars.length)] = pick(['"', '{', '}', '[', ']', ',', ':', '\\', 'x', ' ']);
      return chars.join('');
    },
    insert: (json) => {
      const at = int(json.length);
      return (
        json.slice(0, at) +
        pick(['\u0000', '\ud800', ',', '}}', '"', 'NaN', 'Infinity', '/*x*/', '\n']) +
        json.slice(at)
      );
    },
    trailing: (json) => `${json}${pick([',', '}', ' x', '{}'])}`,
  };
  const binary: Record<string, (json: string) => Buffer> = {
    invalidUtf8: (json) => {
      const bytes = Buffer.from(json);
      const at = int(bytes.length);
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]])),
        bytes.subarray(at),
      ]);
    },
    randomBytes: () => Buffer.from(Array.from({ length: 1 + int(200) }, () => int(256))),
    utf16: (json) => Buffer.from(json, 'utf16le'),
  };

  /** The next malformed frame (retries until the shared decoder indeed refuses it). */
  return function next(): Frame {
    for (;;) {
      const kinds = ['structural', 'structural', 'textual', 'binary', 'mixed'] as const;
      const kind = pick(kinds);
      let how: string;
      let data: string | Buffer;
      if (kind === 'structural') {
        const name = pick(Object.keys(structural));
        how = `structural:${name}`;
        data = structural[name]!(valid());
      } else if (kind === 'textual') {
        const name = pick(Object.keys(textual));
        how = `textual:${name}`;
        data = textual[name]!(JSON.stringify(valid()));
      } else if (kind === 'binary') {
        const name = pick(Object.keys(binary));
        how = `binary:${name}`;
        data = binary[name]!(JSON.stringify(valid()));
      } else {
        const a = pick(Object.keys(structural));
        const b = pick(Object.keys(textual));
        how = `mixed:${a}+${b}`;
        data = textual[b]!(structural[a]!(valid()));
      }
      if (typeof data === 'string' && LONE_SURROGATE.test(data)) {
        // A browser sends text frames as UTF-8: a lone surrogate arrives as U+FFFD. Keep it binary.
        data = Buffer.from(data);
        how += ':binary';
      }
      if (decodeRequest(typeof data === 'string' ? data : new Uint8Array(data)).status === 'error')
        return { data, how };
    }
  };
}
