/**
 * Attack files of the sixth red-team round (session 12); docs/verification.md, "Attack files,
 * round six", has the table with pyHanko's and pdfsig's verdicts. `HOCBA_DUMP_ATTACKS=DIR`
 * keeps them (red-team.ts).
 */
import { deflateSync } from 'node:zlib';
import { parseDocument } from '../../src/verify/document/objects.js';

const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const lastStartxref = (pdf: Uint8Array) => Number([...latin(pdf).matchAll(/startxref\s+(\d+)/g)].pop()?.[1]);

/**
 * An RC4-encrypted file (qpdf, fixtures/encrypted) whose record stream `num` is defined again
 * by an update its xref does not list, holding `hidden` (flate, then RC4 with the object's key:
 * RC4 encrypts as it decrypts). A reader following the xref reads the record as it was; the
 * scan, the last definition. The update's trailer repeats /Root, /Encrypt and /ID.
 */
export function encryptedRecordHidden(encrypted: Uint8Array, num: number, hidden: string): Uint8Array {
  const decryptor = parseDocument(encrypted).crypt?.decryptor;
  if (decryptor?.file.streams !== 'rc4') throw new Error('an RC4 file opened with the empty password');
  const data = decryptor.stream(
    num,
    0,
    new Uint8Array(deflateSync(Buffer.from(hidden, 'utf8'))),
  ) as Uint8Array;
  const text = latin(encrypted);
  const last = (re: RegExp) => [...text.matchAll(re)].pop()?.[1];
  const ref = (key: string) => last(new RegExp(`/${key} (\\d+ \\d+ R)`, 'g'));
  const id = last(/\/ID (\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\])/g);
  const at = encrypted.length;
  const head = `${num} 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode /Length ${data.length} >>\nstream\n`;
  const tail = '\nendstream\nendobj\n';
  const xrefAt = at + head.length + data.length + tail.length;
  const trailer = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${num + 10} /Root ${ref('Root')} /Encrypt ${ref('Encrypt')} /ID ${id} /Prev ${lastStartxref(encrypted)} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([encrypted, bytes(head), data, bytes(tail + trailer)]));
}
