import { generateClass } from '@hocba/shared/generator';
import { readAttachedRecord, renderRecordPdf } from '@hocba/shared/pdf';
import type { HocBaRecord } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import { dejavuFonts } from '../../shared/test/support/fonts.js';
import { earlierYearFindings, embeddedRecord } from '../src/content/earlier-years.js';
import type { StudentRow } from '../src/content/read-table.js';

const record = structuredClone(
  generateClass({ seed: 23, grade: 4, size: 1, defectRate: 0 }).records[0] as HocBaRecord,
);

function rowOf(r: HocBaRecord): StudentRow {
  const year = structuredClone(r.years.at(-1)) as HocBaRecord['years'][number];
  return {
    studentId: r.recordId,
    name: r.student.fullName,
    element: {} as HTMLElement,
    year,
    cells: new Map(),
    recordUrl: 'https://portal.example/hocba.pdf',
  };
}

describe('the earlier years in the portal check', () => {
  it('finds the embedded record as the PDF module does, without it', async () => {
    const { pdf } = await renderRecordPdf(record, { fonts: dejavuFonts() });
    const bytes = embeddedRecord(pdf);
    expect(bytes).toEqual(readAttachedRecord(pdf));
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(record);
  });

  it('names the earlier year, points at the row, and leaves this year to the table', () => {
    const r = structuredClone(record);
    const first = r.years[0] as HocBaRecord['years'][number];
    (first.subjects.find((s) => s.code === 'toan') as { score: number | null }).score = null;
    const last = r.years.at(-1) as HocBaRecord['years'][number];
    (last.subjects.find((s) => s.code === 'toan') as { score: number | null }).score = null;
    r.history.splice(1, 1);
    const findings = earlierYearFindings(rowOf(r), r);
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
    const other = { ...rowOf(r), studentId: 'HB-OTHER', name: 'Người Khác' };
    expect(earlierYearFindings(other, r)).toEqual([]);
  });
});
