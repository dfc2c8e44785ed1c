/**
 * `hocba verify` writes to a terminal: a file's name from the disk, a field's or a signer's
 * name from the file, the record's words. ESC and newline in them would let an ANSI sequence
 * (cursor up, erase line) print a forged "hợp lệ" over "KHÔNG HỢP LỆ"; a direction override
 * would reorder the line. The text shows them as U+FFFD; the JSON escapes them (\uXXXX) and
 * reads back to the same value.
 */

import type { DocumentReport, SignatureReport } from '@hocba/shared/verify';
import { describe, expect, it } from 'vitest';
import { jsonForFile, renderReport, text } from '../../src/cli/commands/verify-output.js';

const ESC = '\u001B';
const RLO = '\u202E';
const CSI = '\u009B';
/** What a terminal obeys or reorders by. */
const ACTIVE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\p{Cf}]/u;
const FORGED = `\r${ESC}[1A${ESC}[2KHỢP LỆ / valid${CSI}1A${RLO}`;

/** A report as if some step had let the file's words through raw: the output must still hold. */
function hostileReport(): DocumentReport {
  const signature = {
    field: `ký${FORGED}`,
    kind: 'SIGNATURE',
    role: null,
    roleSource: null,
    signer: { name: `Nguyễn Văn A${FORGED}`, organization: `Trường${RLO}`, id: null },
    signedAt: null,
    timeSource: 'NONE',
    timestamp: null,
    reason: null,
    location: null,
    integrity: { status: 'MALFORMED' },
    trust: { status: null, anchor: null },
    modifications: {
      status: 'DISALLOWED',
      laterRevisions: 1,
      changes: [
        { kind: 'FORM', verdict: 'DISALLOWED', detail: `field /A#1B${FORGED}`, message: { vi: '', en: '' } },
      ],
    },
    coversWholeDocument: false,
    status: 'TOTAL_FAILED',
    subIndication: 'FORMAT_FAILURE',
    message: { vi: `Chữ ký ở ô chữ ký "${FORGED}" bị lỗi`, en: `forged ${FORGED}` },
  } as unknown as SignatureReport;
  return {
    verdict: 'invalid',
    reason: { vi: `Không hợp lệ${FORGED}`, en: `Invalid${FORGED}` },
    signatures: [signature],
    modifiedAfterSigning: true,
    problems: [{ code: 'UNSIGNED_FIELD', message: { vi: `Ô "${FORGED}" chưa được ký`, en: '' } }],
    size: 1,
    revisions: 2,
    record: null,
  };
}

describe('hocba verify output: the file’s words never act on the terminal', () => {
  const file = `hoc-ba${FORGED}.pdf`;

  it('the text report shows every such character as U+FFFD, its lines as they were', () => {
    const out = text(file, hostileReport());
    expect(out).not.toMatch(ACTIVE);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      `hoc-ba\uFFFD\uFFFD[1A\uFFFD[2KHỢP LỆ / valid\uFFFD1A\uFFFD.pdf: KHÔNG HỢP LỆ / invalid`,
    );
    expect(lines).toHaveLength(
      text('x.pdf', { ...hostileReport(), reason: { vi: 'a', en: 'b' } }).split('\n').length,
    );
  });

  it('the JSON escapes them and reads back to the very same values', () => {
    const { entry } = renderReport(file, hostileReport(), true);
    expect(entry).not.toMatch(ACTIVE);
    expect(entry).toContain('\\u202e');
    expect(entry).toContain('\\u009b');
    expect(JSON.parse(entry)).toEqual(JSON.parse(JSON.stringify(jsonForFile(file, hostileReport()))));
  });
});
