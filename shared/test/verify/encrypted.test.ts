/**
 * Encrypted files (ISO 32000-1 §7.6) read with the empty user password, as every reader opens
 * them: each standard handler revision (R2–R6, RC4, AESV2, AESV3, /EncryptMetadata false,
 * object streams) gives the record the plain file gives; the digest stays over the bytes as
 * they are; a change after signing in the same encryption is found; and what cannot be
 * opened keeps "cannot be decided" with what to ask the sender for. Fixtures: qpdf-made
 * (fixtures/encrypted/make.sh) and pyHanko-signed (fixtures/interop2).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeStream, dictOf, isRef, parseDocument, Resolver } from '../../src/verify/document/objects.js';
import { createTrustStore, verifyPdf } from '../../src/verify/index.js';
import { CORPUS_NOW, openCorpus } from './corpus.js';
import { appendUpdate } from './pdf-fixtures.js';

const interop2 = openCorpus('interop2');
const dir = new URL('./fixtures/encrypted/', import.meta.url);
const interop2Dir = new URL('./fixtures/interop2/', import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const verify = (pdf: Uint8Array) => verifyPdf(pdf, { trust: interop2.trust, now: CORPUS_NOW });
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const SIGNED = ['enc-rc4-128.pdf', 'enc-aes-128.pdf', 'enc-aes-256.pdf'];

describe('every standard security handler, opened with the empty user password', () => {
  it.each([
    'record-rc4-40.pdf',
    'record-rc4-128.pdf',
    'record-aes-128.pdf',
    'record-aes-128-clear-meta.pdf',
    'record-aes-256-r5.pdf',
    'record-aes-256.pdf',
  ])('%s: the record inside reads as in the plain file (object streams decrypted too)', async (name) => {
    const plain = await verify(file('record-plain.pdf'));
    expect(plain.record?.status).toBe('OK');
    const r = await verify(file(name));
    expect(latin1(file(name))).toContain('/Encrypt');
    expect(latin1(file(name))).toContain('/ObjStm');
    expect([r.verdict, r.problems.map((p) => p.code)]).toEqual([
      plain.verdict,
      plain.problems.map((p) => p.code),
    ]);
    expect(r.record).toEqual(plain.record);
  });
});

describe('signed, then read: decryption changes what is read, never what is hashed', () => {
  it.each(SIGNED)('%s: the field name and page content decrypted, the signature intact', async (name) => {
    const pdf = interop2.read(name);
    // The name is encrypted in the file: only decryption can give it.
    expect(latin1(pdf)).not.toContain('ChuKyGVCN');
    const r = await interop2.verify(name);
    expect(r.signatures.map((s) => [s.field, s.integrity.status, s.modifications.status])).toEqual([
      ['ChuKyGVCN', 'INTACT', 'NONE'],
    ]);
    const pageContent = (bytes: Uint8Array) => {
      const doc = parseDocument(bytes);
      const res = Resolver.at(doc, doc.revisions.length - 1);
      const pages = dictOf(res.get(res.catalog(), 'Pages'));
      const kids = res.get(pages, 'Kids');
      const page = dictOf(res.resolve(Array.isArray(kids) ? kids[0] : undefined));
      const c = page?.entries.get('Contents');
      const s = res.resolve(isRef(c) ? c : Array.isArray(c) ? c[0] : undefined);
      return s && typeof s === 'object' && !Array.isArray(s) && s.kind === 'stream'
        ? decodeStream(doc, s)
        : undefined;
    };
    const expected = pageContent(interop2.read('base-fields.pdf'));
    expect(expected?.length).toBeGreaterThan(20);
    expect(pageContent(pdf)).toEqual(expected);
  });

  it.each(['enc-aes-256-two-signers.pdf', 'enc-rc4-128-two-signers.pdf'])(
    '%s: a second signer in the same encryption (new strings, new IVs): both valid, as pyHanko says',
    async (name) => {
      // pyHanko: ChuKyGVCN INTACT:TRUSTED,EXTENDED_WITH_FORM_FILLING; ChuKyHT INTACT:TRUSTED,UNTOUCHED.
      const anchors = [
        ...['root-gov.pem', 'root-neac.pem'].map((f) => readFileSync(new URL(f, interop2Dir), 'utf8')),
        readFileSync(new URL('second-root.pem', dir), 'utf8'),
      ];
      const r = await verifyPdf(file(name), { trust: createTrustStore({ anchors }), now: CORPUS_NOW });
      expect(r.verdict).toBe('valid');
      expect(r.signatures.map((s) => [s.field, s.status, s.modifications.status])).toEqual([
        ['ChuKyGVCN', 'TOTAL_PASSED', 'ALLOWED'],
        ['ChuKyHT', 'TOTAL_PASSED', 'NONE'],
      ]);
      expect(r.signatures[0]?.modifications.changes.map((c) => c.kind)).toEqual(['SIGNATURE', 'METADATA']);
    },
  );

  it.each(['enc-aes-256-modified.pdf', 'enc-rc4-128-modified.pdf'])(
    '%s: page content rewritten in an update in the same encryption: invalid, as pyHanko says',
    async (name) => {
      const r = await interop2.verify(name);
      expect(r.verdict).toBe('invalid');
      expect(r.signatures.map((s) => [s.integrity.status, s.modifications.status])).toEqual([
        ['INTACT', 'DISALLOWED'],
      ]);
      expect(r.reason.vi).toContain('nội dung trang bị thay');
    },
  );
});

describe('what cannot be opened: indeterminate, ENCRYPTED, and what to ask the sender for', () => {
  const NOT_FORGED = 'Tệp chưa bị coi là giả mạo';
  it('a user password: ENCRYPTED_PASSWORD, "needs a password to open"', async () => {
    const r = await verify(file('record-user-password.pdf'));
    expect([r.verdict, r.problems.map((p) => p.code)]).toEqual([
      'indeterminate',
      ['ENCRYPTED', 'ENCRYPTED_PASSWORD'],
    ]);
    expect(r.reason.vi).toBe(
      'Tệp PDF cần mật khẩu mới mở được, nên chưa kiểm tra được chữ ký. Tệp chưa bị coi là giả mạo; đề nghị nơi gửi gửi lại bản đã ký không đặt mật khẩu mở tệp.',
    );
  });

  /** The signed file with its /Encrypt dictionary edited (only the dictionary: found by its /Filter). */
  const edited = (name: string, from: RegExp, to: string) => {
    const text = latin1(interop2.read(name));
    const at = text.lastIndexOf(' obj', text.indexOf('/Filter /Standard'));
    const end = text.indexOf('endobj', at);
    const dict = text.slice(at, end);
    expect(dict).toMatch(from);
    const changed = dict.replace(from, to);
    expect(changed).not.toBe(dict);
    return bytes(text.slice(0, at) + changed + text.slice(end));
  };
  it.each([
    ['public-key security', 'enc-aes-256.pdf', /\/Filter \/Standard/, '/Filter /Adobe.PubSec', 'handler'],
    ['an unknown /V', 'enc-aes-256.pdf', /\/V 5/, '/V 7', 'unsupported'],
    ['an unknown /R', 'enc-aes-256.pdf', /\/R 6/, '/R 9', 'unsupported'],
    ['a /Perms that does not check', 'enc-aes-256.pdf', /\/Perms <[0-9a-e]/, '/Perms <f', 'perms'],
    ['an unknown crypt filter method', 'enc-aes-128.pdf', /\/AESV2/, '/AESV9', 'unsupported'],
    ['a key length that lies', 'enc-rc4-128.pdf', /\/Length 128/, '/Length 4096', 'malformed'],
    ['an /O too short', 'enc-rc4-128.pdf', /\/O <[0-9a-f]+>/, '/O <00>', 'malformed'],
    ['a /U the empty password does not give', 'enc-rc4-128.pdf', /\/U <./, '/U <0', 'password'],
  ])('%s', async (_what, name, from, to, reason) => {
    const pdf = edited(name, from, to);
    const r = await verify(pdf);
    expect([r.verdict, r.problems[0]?.code, r.signatures]).toEqual(['indeterminate', 'ENCRYPTED', []]);
    expect(r.reason.vi).toContain('có 1 chữ ký nhưng');
    expect(r.reason.vi).toContain(NOT_FORGED);
    expect(r.problems.some((p) => p.code === 'ENCRYPTED_PASSWORD')).toBe(reason === 'password');
  });

  it('an /Encrypt added after the first revision, or dropped by an update: not opened', async () => {
    const plain = file('record-plain.pdf');
    const added = appendUpdate(
      plain,
      [{ num: 90, body: '<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>' }],
      undefined,
      ' /Encrypt 90 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]',
    );
    const a = await verify(added);
    expect([a.verdict, a.problems[0]?.code]).toEqual(['indeterminate', 'ENCRYPTED']);
    expect(a.problems[0]?.message.en).toContain('changed after the first revision');
    const dropped = appendUpdate(interop2.read('enc-aes-128.pdf'), [{ num: 90, body: '<< >>' }]);
    const d = await verify(dropped);
    expect([d.verdict, d.problems[0]?.code]).toEqual(['indeterminate', 'ENCRYPTED']);
  });
});
