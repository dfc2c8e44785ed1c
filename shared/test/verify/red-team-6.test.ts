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
import { keep, NOW, redTeam } from './red-team.js';
import { asciiJson } from './red-team-5-files.js';
import { encryptedRecordHidden } from './red-team-6-files.js';

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
