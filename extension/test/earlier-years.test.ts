import { generateClass } from '@hocba/shared/generator';
import { readAttachedRecord as readFromPdfModule, renderRecordPdf } from '@hocba/shared/pdf';
import { readAttachedRecord } from '@hocba/shared/pdf/reader';
import { type HocBaRecord, MAX_RECORD_BYTES } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../../shared/test/support/fonts.js';
import { encodeRows, MAX_RECORD_JSON_BYTES, type TableCheckRow } from '../src/background/content-messages.js';
import {
  earlierRecord,
  earlierYearFindings,
  handleRecordCheck,
  handleTableCheck,
  readRecord,
} from '../src/background/table-checks.js';
import { toBase64 } from '../src/content/base64.js';

const record = structuredClone(
  generateClass({ seed: 23, grade: 4, size: 1, defectRate: 0 }).records[0] as HocBaRecord,
);

function rowOf(r: HocBaRecord): Pick<TableCheckRow, 'student' | 'year'> {
  const year = structuredClone(r.years.at(-1)) as HocBaRecord['years'][number];
  return { student: { id: r.recordId, name: r.student.fullName }, year };
}

describe('the earlier years in the portal check (service worker)', () => {
  it('reads the embedded record with the reader alone, one function for every caller', async () => {
    expect(readFromPdfModule).toBe(readAttachedRecord);
    const { pdf } = await renderRecordPdf(record, { fonts: dejavuFonts() });
    expect(JSON.parse(new TextDecoder().decode(readAttachedRecord(pdf)))).toEqual(record);
    expect(readRecord('pdf', pdf)).toEqual(record);
    const answer = handleRecordCheck({ kind: 'pdf', base64: toBase64(pdf) });
    expect(answer).toEqual({ ok: true, record: earlierRecord(record) });
  });

  it('answers null for what is not a record, and a typed error for a malformed request', () => {
    const notPdf = new TextEncoder().encode('%PDF-1.7\n garbage');
    expect(handleRecordCheck({ kind: 'pdf', base64: toBase64(notPdf) })).toEqual({ ok: true, record: null });
    expect(
      handleRecordCheck({ kind: 'json', base64: toBase64(new TextEncoder().encode('{"a":1}')) }),
    ).toEqual({
      ok: true,
      record: null,
    });
    const bad = handleRecordCheck({ kind: 'exe', base64: '' });
    expect(bad).toMatchObject({ ok: false, code: 'CHECK_BAD_REQUEST' });
    expect(bad.ok ? '' : bad.vi).toMatch(/Không kiểm tra được bảng/);
    expect(MAX_RECORD_JSON_BYTES).toBe(MAX_RECORD_BYTES);
  });

  it('names the earlier year, points at the row, and leaves this year to the table', () => {
    const r = structuredClone(record);
    const first = r.years[0] as HocBaRecord['years'][number];
    (first.subjects.find((s) => s.code === 'toan') as { score: number | null }).score = null;
    const last = r.years.at(-1) as HocBaRecord['years'][number];
    (last.subjects.find((s) => s.code === 'toan') as { score: number | null }).score = null;
    r.history.splice(1, 1);
    const findings = earlierYearFindings(rowOf(r), earlierRecord(r));
    expect(findings.map((f) => [f.rule, f.schoolYear, f.target])).toEqual([
      ['TT27-SCORE-MISSING', first.schoolYear, { kind: 'record', field: 'earlier-years' }],
      ['TT27-HISTORY-MISSING', r.years[1]?.schoolYear, { kind: 'record', field: 'earlier-years' }],
    ]);
    expect(findings[0]?.message.vi).toBe(`Năm học ${first.schoolYear}: Thiếu điểm KTĐK cuối năm môn Toán`);
    expect(findings[0]?.message.en).toBe(
      `School year ${first.schoolYear}: Missing end-of-year score in Mathematics`,
    );
  });

  it('ignores a record that is another pupil’s', () => {
    const r = structuredClone(record);
    r.history.splice(1, 1);
    const other = { ...rowOf(r), student: { id: 'HB-OTHER', name: 'Người Khác' } };
    expect(earlierYearFindings(other, earlierRecord(r))).toEqual([]);
  });
});

describe('the table check (service worker)', () => {
  const year = structuredClone(record.years.at(-1)) as HocBaRecord['years'][number];
  const row = (y: HocBaRecord['years'][number]): TableCheckRow => ({
    year: y,
    cells: [],
    student: { id: record.recordId, name: record.student.fullName },
    earlier: null,
  });

  it('keeps a score that is not a number apart from a missing one across the message', () => {
    const typed = structuredClone(year);
    const math = typed.subjects.find((s) => s.code === 'toan') as { score: number | null };
    math.score = Number.NaN;
    const answer = handleTableCheck({ rows: encodeRows([row(year), row(typed)]) });
    if (!answer.ok) throw new Error(answer.en);
    expect(answer.rows[0]).toEqual({ findings: [], status: 'complete' });
    const rules = answer.rows[1]?.findings.map((f) => f.rule);
    expect(rules).toContain('TT27-SCORE-INVALID');
    expect(rules).not.toContain('TT27-SCORE-MISSING');
    expect(answer.rows[1]?.status).toBe('errors');
  });

  it('refuses what is not rows, with a typed answer', () => {
    for (const rows of [undefined, '{', '[1]', JSON.stringify([{ year: {}, cells: [], student: {} }])]) {
      expect(handleTableCheck({ rows })).toMatchObject({ ok: false, code: 'CHECK_BAD_REQUEST' });
    }
    expect(handleTableCheck({ rows: 'x'.repeat(16 * 1024 * 1024 + 1) })).toMatchObject({ ok: false });
  });
});
