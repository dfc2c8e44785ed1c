/**
 * A string from the file or a certificate never acts on the reader: a direction override
 * (U+202E) would reorder the rest of a verdict line on the verify page, ESC and newline would
 * let an ANSI sequence overwrite "KHÔNG HỢP LỆ" in `hocba verify`. Each becomes U+FFFD, and
 * the length is bounded, wherever such a string enters the report.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrustStore, type DocumentReport, type TrustStore, verifyPdf } from '../../src/verify/index.js';
import { displayText, safeText } from '../../src/verify/report/display-text.js';
import { fieldWords, unsignedFieldProblem } from '../../src/verify/report/index.js';
import { safeReport } from '../../src/verify/report/safe-report.js';
import { signerInWords } from '../../src/verify/signer.js';
import { parseCertificate } from '../../src/x509/index.js';
import { tempDir, testPki } from './helpers.js';
import { basePdf, signField } from './pdf-fixtures.js';

/** Any character that could act instead of being read. */
const ACTIVE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const RLO = '\u202E';
const ESC = '\u001B';

/** Every string anywhere in `value`. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('safeText and displayText', () => {
  it('replaces controls (newline too), bidi controls and other formats with U+FFFD', () => {
    expect(safeText(`a${ESC}[1A${ESC}[2Kb\nc\r\td\u0085e\u009Bf`)).toBe(
      'a\uFFFD[1A\uFFFD[2Kb\uFFFDc\uFFFD\uFFFDd\uFFFDe\uFFFDf',
    );
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      RLO,
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ])
      expect(safeText(`x${c}y`)).toBe('x\uFFFDy');
    // Zero-width, BOM, soft hyphen, a tag character, the line and paragraph separators, a lone surrogate.
    expect(safeText('a\u200Bb\uFEFFc\u00ADd\u{E0041}e\u2028f\u2029g\uD800h')).toBe(
      'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh',
    );
  });

  it('keeps Vietnamese as it is, composed or not, and cuts a pile of combining marks', () => {
    const nfc = 'Trường Tiểu học Kim Đồng: Nguyễn Thị Lan, hiệu trưởng';
    expect(safeText(nfc)).toBe(nfc);
    expect(safeText(nfc.normalize('NFD'))).toBe(nfc.normalize('NFD'));
    expect(safeText(`e${'\u0301'.repeat(50)}x`)).toBe(`e${'\u0301'.repeat(4)}x`);
  });

  it('bounds the length in characters, with an ellipsis, reading only the head of a huge string', () => {
    expect(displayText('a'.repeat(200))).toBe('a'.repeat(200));
    expect(displayText('a'.repeat(201))).toBe(`${'a'.repeat(199)}…`);
    expect(displayText('😀'.repeat(300))).toBe(`${'😀'.repeat(199)}…`);
    expect(displayText(`${'x'.repeat(5_000_000)}${RLO}`)).toHaveLength(200);
    expect(displayText(displayText('b'.repeat(500)))).toBe(displayText('b'.repeat(500)));
    expect(displayText('abc', 2)).toBe('a…');
  });
});

describe('the report shows the file’s words made safe', () => {
  let trust: TrustStore;
  let report: DocumentReport;
  beforeAll(async () => {
    const pki = await testPki();
    trust = createTrustStore({ anchors: [pki.root.certPem] });
    // /T in UTF-16BE: "Ô ký" + RLO + "KHÔNG" + ESC; /Reason and /Location with ESC [1A and a newline.
    const utf16 = (text: string) =>
      `\\376\\377${Array.from(text, (c) => {
        const u = c.charCodeAt(0);
        return `\\${(u >> 8).toString(8).padStart(3, '0')}\\${(u & 255).toString(8).padStart(3, '0')}`;
      }).join('')}`;
    const pdf = signField(basePdf(), 8, utf16(`Ô ký${RLO}GNÔHK${ESC}[1A`), pki.signers.principal, pki, {
      cmsOverride: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
      extraSigEntries: ` /Reason (ok\\033[1A\\033[2K) /Location (${utf16(`Hà Nội${RLO}\n`)})`,
    });
    report = await verifyPdf(pdf, { trust });
  }, 60_000);

  it('a crafted field name, /Reason and /Location reach no verdict line raw', () => {
    const s = report.signatures[0];
    expect(s?.subIndication).toBe('FORMAT_FAILURE');
    expect(s?.field).toBe('Ô ký\uFFFDGNÔHK\uFFFD[1A');
    expect(s?.reason).toBe('ok\uFFFD[1A\uFFFD[2K');
    expect(s?.location).toBe('Hà Nội\uFFFD\uFFFD');
    expect(s?.message.vi).toContain('ô chữ ký "Ô ký\uFFFDGNÔHK\uFFFD[1A"');
    expect(report.reason.vi).toContain('\uFFFD');
    for (const text of strings(report)) expect(text).not.toMatch(ACTIVE);
  });

  it('an empty field of another product is named safely', () => {
    expect(fieldWords(`x${RLO}y${ESC}`).vi).toBe('ô chữ ký "x\uFFFDy\uFFFD"');
    expect(unsignedFieldProblem(`${'n'.repeat(1000)}${RLO}`).message.en).toBe(
      `Signature field "${'n'.repeat(199)}…" is not signed`,
    );
  });

  it('a certificate’s names are shown safe: its CN can hold the same characters', () => {
    const dir = tempDir();
    const cert = join(dir, 'c.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        cert,
        '-days',
        '2',
        '-utf8',
        '-subj',
        `/CN=Nguyễn Văn A${RLO}\u200Bnạ/O=Trường\u2066 X/title=Hiệu trưởng\u202C`,
      ],
      { stdio: 'ignore' },
    );
    const pem = readFileSync(cert, 'utf8');
    const der = Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const signer = signerInWords(parseCertificate(der));
    expect(signer.name).toBe('Nguyễn Văn A\uFFFD\uFFFDnạ');
    expect(signer.organization).toBe('Trường\uFFFD X');
    expect(signer.title).toBe('Hiệu trưởng\uFFFD');
    for (const text of strings(signer)) expect(text).not.toMatch(ACTIVE);
  });
});

describe('safeReport: the last pass over a finished report', () => {
  it('makes every string safe, however deep (a PDF name in a change), but the record’s own data', () => {
    const record = { student: { fullName: 'An' }, years: [{ comment: 'Dòng một\nDòng hai' }] };
    const report = {
      reason: { vi: `a${ESC}[2J`, en: 'b' },
      signatures: [{ modifications: { changes: [{ detail: `key /A#1B -> ${ESC}[1A${RLO}`, revision: 2 }] } }],
      problems: [],
      record: { file: 'hocba.json', record, problems: [{ path: `x${RLO}`, reason: { vi: 'c', en: 'd' } }] },
    } as unknown as DocumentReport;
    safeReport(report);
    expect(report.reason.vi).toBe('a\uFFFD[2J');
    expect(strings(report.signatures)).toEqual([`key /A#1B -> \uFFFD[1A\uFFFD`]);
    expect(report.record?.problems[0]?.path).toBe('x\uFFFD');
    // The record view shows the record apart: a comment keeps its line breaks.
    expect(report.record?.record).toBe(record);
    expect(record.years[0]?.comment).toBe('Dòng một\nDòng hai');
  });
});
