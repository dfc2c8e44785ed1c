/**
 * Hostile encrypted files: what decryption reads is bounded and typed. Updates in the file's
 * own encryption (its /Encrypt and /ID repeated, so the file is opened) carry damaged
 * ciphertext: strings shorter than an IV, ragged or badly padded AES, a stream whose /Length
 * says a gigabyte, a /Crypt filter naming nothing, thousands of encrypted objects; and
 * /Encrypt dictionaries with oversized entries. Every one gets a report, never a throw or a
 * hang, and the signature over the original revision stays intact (the digest is over bytes).
 * And what encryption changes for the difference analysis: the same bytes under another
 * generation (other content), the same content under a fresh IV (other bytes).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cbcEncryptRaw } from '../../src/pdf/crypt/aes.js';
import { objectKey } from '../../src/pdf/crypt/standard.js';
import { streamData } from '../../src/verify/document/crypt.js';
import { dictOf, isRef, isStream, parseDocument, Resolver } from '../../src/verify/document/objects.js';
import { verifyPdf } from '../../src/verify/index.js';
import { CORPUS_NOW, openCorpus } from './corpus.js';
import { appendUpdate, nextObjectNumber } from './pdf-fixtures.js';

const interop2 = openCorpus('interop2');
const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: interop2.trust, now: CORPUS_NOW });
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const hex = (n: number) => `<${randomBytes(n).toString('hex')}>`;

/** The last trailer's /Encrypt and /ID, for an update that keeps the file's encryption. */
function keepEncryption(pdf: Uint8Array): string {
  const text = latin1(pdf);
  const t = text.slice(text.lastIndexOf('trailer'));
  const e = /\/Encrypt \d+ \d+ R/.exec(t)?.[0];
  const id = /\/ID \[[^\]]*\]/.exec(t)?.[0];
  expect(e && id).toBeTruthy();
  return ` ${e} ${id}`;
}

/** CPU milliseconds of `f` (the machine is shared: wall time would measure the neighbours). */
async function cpuMs<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const before = process.cpuUsage();
  const value = await f();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}

const typed = (r: Awaited<ReturnType<typeof verify>>) => {
  expect(['valid', 'invalid', 'indeterminate']).toContain(r.verdict);
  expect(r.reason.vi.length).toBeGreaterThan(0);
  expect(r.reason.en.length).toBeGreaterThan(0);
};

describe.each(['enc-rc4-128.pdf', 'enc-aes-128.pdf', 'enc-aes-256.pdf'])(
  '%s, updated with hostile ciphertext',
  (name) => {
    const pdf = interop2.read(name);
    const n = nextObjectNumber(pdf);
    const keep = keepEncryption(pdf);

    it('short, IV-less, ragged and badly padded strings; a gigabyte /Length; a /Crypt filter naming nothing', async () => {
      const strings = [0, 1, 5, 15, 16, 17, 31, 32, 33, 47, 48].map(hex).join(' ');
      const pdf2 = appendUpdate(
        pdf,
        [
          { num: n, body: `<< /A [${strings}] /B (\\000) /C <> >>` },
          { num: n + 1, body: `<< /Length 999999999 >>\nstream\n${'x'.repeat(37)}\nendstream` },
          {
            num: n + 2,
            body: `<< /Length 40 /Filter [/Crypt /FlateDecode] /DecodeParms [<< /Name /Nowhere >> null] >>\nstream\n${'y'.repeat(40)}\nendstream`,
          },
          { num: n + 3, body: `<< /Type /Sig /ByteRange [0 1 2 3] /Contents ${hex(7)} /M ${hex(3)} >>` },
          {
            num: n + 4,
            body: `<< /Type /ObjStm /N 3 /First 10 /Length 50 >>\nstream\n${'z'.repeat(50)}\nendstream`,
          },
        ],
        undefined,
        keep,
      );
      const { value: r, ms } = await cpuMs(() => verify(pdf2));
      typed(r);
      expect(r.problems[0]?.code).not.toBe('ENCRYPTED');
      expect(r.signatures[0]?.integrity.status).toBe('INTACT');
      expect(ms).toBeLessThan(5000);
    });

    it('5000 encrypted objects, each a string and a stream: bounded', async () => {
      const objects = Array.from({ length: 5000 }, (_, i) => ({
        num: n + i,
        body: `<< /T ${hex(32)} /Length 48 >>\nstream\n${'q'.repeat(48)}\nendstream`,
      }));
      const { value: r, ms } = await cpuMs(() => verify(appendUpdate(pdf, objects, undefined, keep)));
      typed(r);
      expect(r.problems[0]?.code).not.toBe('ENCRYPTED');
      expect(ms).toBeLessThan(10_000);
    });
  },
);

describe('hostile /Encrypt dictionaries', () => {
  /** enc-aes-256.pdf's /Encrypt object with `entry` replaced or added. */
  function withEntry(name: string, key: string, value: string): Uint8Array {
    const text = latin1(interop2.read(name));
    const at = text.lastIndexOf(' obj', text.indexOf('/Filter /Standard'));
    const end = text.indexOf('endobj', at);
    const dict = text.slice(at, end);
    const re = new RegExp(`/${key} (<[0-9a-f]*>|[^/>]+)`);
    const changed = re.test(dict)
      ? dict.replace(re, `/${key} ${value}`)
      : dict.replace('<<', `<< /${key} ${value}`);
    return new Uint8Array(Buffer.from(text.slice(0, at) + changed + text.slice(end), 'latin1'));
  }

  it.each([
    ['a 1 MB /O', 'enc-aes-256.pdf', 'O', hex(1 << 20)],
    ['a 1 MB /U', 'enc-rc4-128.pdf', 'U', hex(1 << 20)],
    ['/UE of 3 bytes', 'enc-aes-256.pdf', 'UE', hex(3)],
    ['/Perms of 3 bytes', 'enc-aes-256.pdf', 'Perms', hex(3)],
    ['/P a name', 'enc-aes-128.pdf', 'P', '/Four'],
    ['/R a huge number', 'enc-aes-128.pdf', 'R', '1e300'],
    ['/Length negative', 'enc-rc4-128.pdf', 'Length', '-128'],
    ['/CF not a dictionary', 'enc-aes-128.pdf', 'CF', '[1 2 3]'],
    ['/StrF naming nothing', 'enc-aes-128.pdf', 'StrF', '/Missing'],
  ])('%s: typed, within bounds', async (_what, name, key, value) => {
    const { value: r, ms } = await cpuMs(() => verify(withEntry(name, key, value)));
    typed(r);
    expect(r.verdict).not.toBe('valid');
    expect(ms).toBeLessThan(5000);
  });
});

describe('an object repeated byte for byte under another generation', () => {
  /** The page's content stream, its bytes unchanged, redefined as `N 1 obj` in an update. */
  function regenerated(name: string): Uint8Array {
    const pdf = interop2.read(name);
    const doc = parseDocument(pdf);
    const res = Resolver.at(doc, doc.revisions.length - 1);
    const kids = res.get(dictOf(res.get(res.catalog(), 'Pages')), 'Kids');
    const page = dictOf(res.resolve(Array.isArray(kids) ? kids[0] : undefined));
    const ref = page?.entries.get('Contents');
    if (!isRef(ref)) throw new Error('no content stream');
    const o = res.object(ref.num);
    if (!o) throw new Error('no content stream');
    const text = latin1(pdf);
    const body = text
      .slice(o.start, o.end)
      .replace(/^\d+ \d+ obj\s*/, '')
      .replace(/\s*endobj$/, '');
    const out = latin1(appendUpdate(pdf, [{ num: ref.num, body }], undefined, keepEncryption(pdf)));
    const at = out.lastIndexOf(`${ref.num} 0 obj`);
    return new Uint8Array(
      Buffer.from(
        `${out.slice(0, at)}${ref.num} 1 obj${out.slice(at + `${ref.num} 1 obj`.length)}`,
        'latin1',
      ),
    );
  }

  // RC4 and AESV2 keys take the generation: the same bytes now decrypt to other content.
  it.each(['enc-rc4-128.pdf', 'enc-aes-128.pdf'])(
    '%s: a change to what the page shows, invalid',
    async (name) => {
      const r = await verify(regenerated(name));
      expect(r.verdict).toBe('invalid');
      expect(r.signatures.map((s) => [s.integrity.status, s.modifications.status])).toEqual([
        ['INTACT', 'DISALLOWED'],
      ]);
    },
  );

  // AESV3 uses the file key alone: the same bytes, the same content (as in a plain file).
  it('enc-aes-256.pdf: the same content, no change', async () => {
    const r = await verify(regenerated('enc-aes-256.pdf'));
    expect(r.signatures.map((s) => [s.integrity.status, s.modifications.status])).toEqual([
      ['INTACT', 'ALLOWED'],
    ]);
  });
});

describe('a stream rewritten in an update, re-encrypted under a fresh IV', () => {
  /** The page's content stream redefined with `edit` of its plain data, encrypted again (new IV). */
  function reEncrypted(name: string, edit: (plain: Uint8Array) => Uint8Array): Uint8Array {
    const pdf = interop2.read(name);
    const doc = parseDocument(pdf);
    const res = Resolver.at(doc, doc.revisions.length - 1);
    const kids = res.get(dictOf(res.get(res.catalog(), 'Pages')), 'Kids');
    const page = dictOf(res.resolve(Array.isArray(kids) ? kids[0] : undefined));
    const ref = page?.entries.get('Contents');
    const o = isRef(ref) ? res.object(ref.num) : undefined;
    const crypt = doc.crypt;
    if (!o || !isStream(o.value) || !crypt?.decryptor) throw new Error('no encrypted content stream');
    const plain = edit(streamData(crypt, o.value, pdf.subarray(o.value.start, o.value.end)) as Uint8Array);
    const file = crypt.decryptor.file;
    const key = objectKey(file.key, file.streams, o.num, o.gen);
    const pad = 16 - (plain.length % 16);
    const padded = new Uint8Array(plain.length + pad).fill(pad);
    padded.set(plain);
    const iv = new Uint8Array(randomBytes(16));
    const data = Buffer.concat([iv, cbcEncryptRaw(key, iv, padded)]);
    const text = latin1(pdf);
    const dict = text
      .slice(o.start, text.indexOf('stream', o.start))
      .replace(/^\d+ \d+ obj\s*/, '')
      .replace(/\/Length \d+( \d+ R)?/, `/Length ${data.length}`);
    const body = Buffer.concat([Buffer.from(`${dict}stream\n`, 'latin1'), data, Buffer.from('\nendstream')]);
    return appendUpdate(pdf, [{ num: o.num, body: new Uint8Array(body) }], undefined, keepEncryption(pdf));
  }

  it.each(['enc-aes-128.pdf', 'enc-aes-256.pdf'])('%s: the same plain data is no change', async (name) => {
    const r = await verify(reEncrypted(name, (p) => p));
    expect(r.signatures.map((s) => [s.integrity.status, s.modifications.status])).toEqual([
      ['INTACT', 'ALLOWED'],
    ]);
  });

  it.each(['enc-aes-128.pdf', 'enc-aes-256.pdf'])(
    '%s: one byte of it changed is a change, invalid',
    async (name) => {
      const r = await verify(
        reEncrypted(name, (p) => {
          const q = p.slice();
          q[q.length - 1] = (q[q.length - 1] as number) ^ 1;
          return q;
        }),
      );
      expect(r.verdict).toBe('invalid');
      expect(r.signatures.map((s) => s.modifications.status)).toEqual(['DISALLOWED']);
    },
  );
});
