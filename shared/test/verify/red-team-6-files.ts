/**
 * Attack files of the sixth red-team round (session 12); docs/verification.md, "Attack files,
 * round six", has the table with pyHanko's and pdfsig's verdicts. `HOCBA_DUMP_ATTACKS=DIR`
 * keeps them (red-team.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { TestEntity, TestPki } from '../../../test/pki/index.mjs';
import { RECORD_ATTACHMENT_NAME } from '../../src/pdf/reader/index.js';
import { parseDocument } from '../../src/verify/document/objects.js';
import { appendUpdate, basePdf, nextObjectNumber, signField } from './pdf-fixtures.js';

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

/** basePdf's page text, Helvetica 12 at (50, 750): the grade "Toan 9 diem" ends the line. */
export const PAGE_CONTENT = 'BT /F1 12 Tf 50 750 Td (Hoc ba: Nguyen Van An, lop 5A, Toan 9 diem) Tj ET';
/** Over the grade on basePdf's page. */
export const OVER_THE_GRADE: [number, number, number, number] = [250, 742, 360, 764];

/**
 * basePdf and an update (before anyone signs) defining the page content 4 twice in its bytes:
 * `shown` (the grade) where the update's xref points, written under `header`, and an empty
 * stream under `4 0 obj`; `pointedFirst` puts the pointed definition first. Viewers (poppler,
 * pdf.js) follow the xref and draw the grade.
 */
export function contentTwice(
  header: string,
  pointedFirst: boolean,
  shown = PAGE_CONTENT,
  base = basePdf(),
): Uint8Array {
  const at = base.length;
  const stream = (c: string) => `<< /Length ${c.length} >>\nstream\n${c}\nendstream`;
  const pointed = `${header}\n${stream(shown)}\nendobj\n`;
  const other = `4 0 obj\n${stream('')}\nendobj\n`;
  const body = pointedFirst ? pointed + other : other + pointed;
  const pointedAt = pointedFirst ? at : at + other.length;
  const t = `xref\n4 1\n${String(pointedAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 10 /Root 1 0 R /Prev ${lastStartxref(base)} >>\nstartxref\n${at + body.length}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([base, bytes(body + t)]));
}

/**
 * A later signature by `signer` in a new visible field at `rect` on page 3 of basePdf's shape,
 * its appearance a white box reading `words` (the Evil Annotation attack through a signature).
 */
export function laterVisibleSignature(
  pdf: Uint8Array,
  rect: [number, number, number, number],
  words: string,
  signer: TestEntity,
  pki: TestPki,
): Uint8Array {
  const sigNum = nextObjectNumber(pdf);
  const [fieldNum, apNum, fontNum] = [sigNum + 1, sigNum + 2, sigNum + 3];
  const [w, h] = [rect[2] - rect[0], rect[3] - rect[1]];
  const s = `q 1 1 1 rg 0 0 ${w} ${h} re f Q BT /F1 12 Tf 2 ${(h - 9) / 2} Td (${words}) Tj ET`;
  const page = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [7 0 R 8 0 R 9 0 R ${fieldNum} 0 R] >>`;
  return signField(pdf, fieldNum, 'Later', signer, pki, {
    widget: `/Rect [${rect.join(' ')}] /F 4 /AP << /N ${apNum} 0 R >>`,
    alsoUpdate: [
      {
        num: apNum,
        body: `<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << /Font << /F1 ${fontNum} 0 R >> >> /Length ${s.length} >>\nstream\n${s}\nendstream`,
      },
      { num: fontNum, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
      { num: 6, body: `<< /Fields [7 0 R 8 0 R 9 0 R ${fieldNum} 0 R] /SigFlags 3 >>` },
      { num: 3, body: page },
    ],
  });
}

/**
 * basePdf with the record attached as the portal attaches it (`hocba-record.json`, objects 10
 * and 11) and a second JSON attachment `ban-sao.json` (12, 13) holding `other`, in /AF after it:
 * the companion's reader takes the first named `hocba-record.json`; the verifier finds two
 * different records.
 */
export function secondRecordAttached(record: string, other: string): Uint8Array {
  const embedded = (json: string) =>
    `<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length ${json.length} >>\nstream\n${json}\nendstream`;
  const spec = (name: string, stream: number) =>
    `<< /Type /Filespec /F (${name}) /UF (${name}) /AFRelationship /Data /EF << /F ${stream} 0 R /UF ${stream} 0 R >> >>`;
  return appendUpdate(basePdf(), [
    { num: 10, body: embedded(record) },
    { num: 11, body: spec(RECORD_ATTACHMENT_NAME, 10) },
    { num: 12, body: embedded(other) },
    { num: 13, body: spec('ban-sao.json', 12) },
    {
      num: 1,
      body: `<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R /Names << /EmbeddedFiles << /Names [(${RECORD_ATTACHMENT_NAME}) 11 0 R] >> >> /AF [11 0 R 13 0 R] >>`,
    },
  ]);
}

/**
 * A signer certificate issued now by the test PKI's CA (openssl x509 -req) for `subject` (an
 * openssl -subj string, UTF-8), with the signer's key usage: look-alike letters, two CNs.
 */
export function issueSigner(pki: TestPki, name: string, subject: string): TestEntity {
  const dir = mkdtempSync(join(tmpdir(), `hocba-rt6-${name}-`));
  const [key, csr, cert, der, ext] = ['key.pem', 'csr.pem', 'cert.pem', 'cert.der', 'ext.cnf'].map((f) =>
    join(dir, f),
  ) as [string, string, string, string, string];
  writeFileSync(
    ext,
    '[v3]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  openssl(['req', '-new', '-utf8', '-key', key, '-subj', subject, '-out', csr]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    pki.ca.certPath,
    '-CAkey',
    pki.ca.keyPath,
    '-set_serial',
    String(Date.now()),
    '-days',
    '365',
    '-extfile',
    ext,
    '-extensions',
    'v3',
    '-out',
    cert,
  ]);
  openssl(['x509', '-in', cert, '-outform', 'DER', '-out', der]);
  return {
    name,
    subject,
    keyType: 'ec',
    certPath: cert,
    certDerPath: der,
    keyPath: key,
    certPem: readFileSync(cert, 'utf8'),
    keyPem: readFileSync(key, 'utf8'),
    certDerBase64: readFileSync(der).toString('base64'),
  };
}
