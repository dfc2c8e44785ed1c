/**
 * Red team, round six (session 12): attack files a red team brings after round five (see
 * docs/verification.md, "Attack files, round six", for the table with pyHanko's and pdfsig's
 * verdicts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/verify/document/objects.js';
import { type DocumentReport, verifyPdf } from '../../src/verify/index.js';
import { jsonAttachmentsAsXrefReads } from '../../src/verify/record/xref-view.js';
import { appendUpdate, basePdf, signField } from './pdf-fixtures.js';
import { keep, NOW, redTeam } from './red-team.js';
import { asciiJson, updateUnderHeader } from './red-team-5-files.js';
import {
  contentTwice,
  encryptedRecordHidden,
  issueSigner,
  laterVisibleSignature,
  OVER_THE_GRADE,
} from './red-team-6-files.js';

const team = redTeam();
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/encrypted/${name}`, import.meta.url)));

async function verify(name: string, bytes: Uint8Array): Promise<DocumentReport> {
  return verifyPdf(keep(name, bytes), { trust: team.own, now: NOW });
}

describe('the record read two ways in an encrypted file', { timeout: 60_000 }, () => {
  it.each([
    'record-rc4-40.pdf',
    'record-rc4-128.pdf',
    'record-aes-128.pdf',
    'record-aes-128-clear-meta.pdf',
    'record-aes-256-r5.pdf',
    'record-aes-256.pdf',
  ])(
    "%s: the xref reader opens it with the scan's handler (object streams, names, data decrypted)",
    (name) => {
      const file = fixture(name);
      const theirs = jsonAttachmentsAsXrefReads(file, parseDocument(file).crypt?.decryptor);
      expect(theirs?.length).toBe(1);
      expect(theirs?.[0]?.text()).toContain('hocba-tieuhoc');
      // Without the handler that reader cannot read it (signing refuses encrypted files).
      expect(jsonAttachmentsAsXrefReads(file)).toBeUndefined();
    },
  );

  it.each(['record-rc4-40.pdf', 'record-rc4-128.pdf'])(
    '%s, its record stream defined again by an update the xref does not list: INVALID (before: the other pupil, OK)',
    async (name) => {
      const file = fixture(name);
      const plain = await verify(`rt6-${name}`, file);
      expect(plain.record?.status).toBe('OK');
      const other = asciiJson({
        ...plain.record?.record,
        student: { ...plain.record?.record?.student, fullName: 'Trần Văn Khác' },
      });
      const r = await verify(`rt6-hidden-${name}`, encryptedRecordHidden(file, 12, other));
      // The scan decrypts the hidden definition (it is the pupil it names), the xref reader the listed one.
      expect(r.record?.status).toBe('INVALID');
      expect(r.record?.record).toBeNull();
      expect(r.record?.problems[0]?.reason.en).toContain('cross-reference');
    },
  );
});

describe('page content defined twice in signed bytes: read where the xref points, as viewers do', {
  timeout: 60_000,
}, () => {
  /** The teacher signs the prepared file; a later signer draws "Toan 10 diem" over the grade. */
  const attack = (name: string, prepared: Uint8Array) =>
    verify(
      name,
      laterVisibleSignature(
        signField(prepared, 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki),
        OVER_THE_GRADE,
        'Toan 10 diem',
        team.pki.signers.principal,
        team.pki,
      ),
    );
  const warned = (r: DocumentReport) => r.warnings?.some((w) => w.code === 'SIGNATURE_OVER_TEXT');

  const cases: [string, string, boolean][] = [
    ['both `4 0 obj`, the xref pointing at the first (the grade), the last empty', '4 0 obj', true],
    ['the grade last, under `4 000000 obj`', '4 000000 obj', false],
    ['the grade last, under `4 0obj`', '4 0obj', false],
    ['the grade last, under `4 0 %c` and `obj` on the next line', '4 0 %c\nobj', false],
    ['the grade last, under `4 %c`, `0 obj` on the next line', '4 %c\n0 obj', false],
  ];
  for (const [what, header, pointedFirst] of cases)
    it(`${what}: the later signature over the grade is warned of (before: an empty page, no warning; pdftotext reads the grade)`, async () => {
      const r = await attack(
        `rt6-content-${header.replace(/\W+/g, '_')}-${pointedFirst}`,
        contentTwice(header, pointedFirst),
      );
      expect(r.signatures.map((s) => s.status)).toEqual(['TOTAL_PASSED', 'TOTAL_PASSED']);
      expect(warned(r)).toBe(true);
    });

  it('the control: the grade defined once, the later signature over it: warned of', async () => {
    expect(warned(await attack('rt6-content-once', contentTwice('4 0 obj', false)))).toBe(true);
  });
});

describe("an update's xref entry that names no definition of its object in the update", {
  timeout: 60_000,
}, () => {
  const TEN = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 10 diem) Tj ET';
  const content = `<< /Length ${TEN.length} >>\nstream\n${TEN}\nendstream`;
  const signed = () => signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
  const said = (r: DocumentReport) =>
    r.signatures[0]?.modifications.changes.filter((c) => c.rule === 'update-xref').map((c) => c.detail);

  it('at another object\'s header in the update: says which (before: "outside the update")', async () => {
    const r = await verify('rt6-xref-other-object', updateUnderHeader(signed(), '14 0 obj', content));
    expect(r.verdict).toBe('invalid');
    expect(said(r)).toEqual([
      expect.stringMatching(/points object 4 at byte \d+, where object 14 is defined/),
    ]);
  });

  it('at bytes of the update where no header begins: says so (before: "outside the update")', async () => {
    const r = await verify('rt6-xref-no-header', updateUnderHeader(signed(), '4 0 R obj', content));
    expect(r.verdict).toBe('invalid');
    expect(said(r)).toEqual([expect.stringMatching(/where no object header begins that this check reads/)]);
  });
});

describe('a signer whose name or title borrows letters of another alphabet', { timeout: 60_000 }, () => {
  const SCHOOL = '/C=VN/O=Trường Tiểu học Kim Đồng';
  const signedBy = async (name: string, subject: string) =>
    verifyPdf(
      keep(name, signField(basePdf(), 8, 'hocba.principal', issueSigner(team.pki, name, subject), team.pki)),
      {
        trust: team.own,
        now: new Date(Date.now() + 60_000),
      },
    );
  const lookalike = (r: DocumentReport) => r.warnings?.find((w) => w.code === 'LOOKALIKE_LETTERS');

  it.each([
    ['a Cyrillic М in the name', `${SCHOOL}/title=Hiệu trưởng/CN=Trần Văn Мinh`, 'Cyrillic'],
    ['a Greek Η in the title', `${SCHOOL}/title=Ηiệu trưởng/CN=Trần Văn Minh`, 'Greek'],
  ])(
    '%s: valid with LOOKALIKE_LETTERS naming the alphabet (before: valid, no word; pdfsig shows the name as it is)',
    async (_, subject, alphabet) => {
      const r = await signedBy(`rt6-lookalike-${alphabet}`, subject);
      expect(r.signatures[0]?.status).toBe('TOTAL_PASSED');
      expect(r.level).toBe('valid_with_warnings');
      expect(lookalike(r)?.message.en).toContain(alphabet);
      expect(lookalike(r)?.message.vi).toMatch(/Kirin|Hy Lạp/);
    },
  );

  it('the name in Latin letters, decomposed (NFD): no such warning', async () => {
    const r = await signedBy(
      'rt6-lookalike-nfd',
      `${SCHOOL}/title=${'Hiệu trưởng'.normalize('NFD')}/CN=${'Trần Văn Minh'.normalize('NFD')}`,
    );
    expect(r.signatures[0]?.status).toBe('TOTAL_PASSED');
    expect(lookalike(r)).toBeUndefined();
  });
});

describe('an update adding /Encrypt to a signed plain file', { timeout: 60_000 }, () => {
  it('cannot be decided, and says an update changed the encryption (before: "ask for a copy without a password"; pdfsig: "Incorrect password"; pyHanko: processing error)', async () => {
    const signed = signField(basePdf(), 7, 'hocba.gvcn', team.pki.signers.gvcn, team.pki);
    const r = await verify(
      'rt6-encrypt-added',
      appendUpdate(
        signed,
        [{ num: 22, body: '<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >>' }],
        undefined,
        ' /Encrypt 22 0 R /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>]',
      ),
    );
    expect(r.verdict).toBe('indeterminate');
    expect(r.problems.map((p) => p.code)).toContain('ENCRYPTED');
    expect(r.reason.en).toContain('encryption added, removed or changed by a later update');
    expect(r.reason.vi).toContain('thêm, bỏ hoặc đổi cách mã hoá');
  });
});
