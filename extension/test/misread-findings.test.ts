/**
 * A misread cell's finding points back at that very cell (red team, round four): the mark
 * the teacher sees lands where the page shows something other than what was read.
 */
import { emptySchoolYear } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import { cellFor } from '../src/content/check-table.js';
import type { StudentRow } from '../src/content/read-table.js';
import { MISREAD_RULE, type Misread, misreadFindings } from '../src/content/shown-cells.js';

describe('misreadFindings', () => {
  const keys = [
    'name',
    'rating',
    'signatures.principal',
    'subject:toan:level',
    'subject:toan:score',
    'quality:cham-hoc:level',
    'competence:tu-chu:level',
  ];
  // Stand-ins for the portal's cells: cellFor only looks them up.
  const cells = new Map(keys.map((k) => [k, { key: k } as unknown as HTMLElement]));
  const row = {
    studentId: 'HS1',
    name: 'An',
    element: { key: 'row' } as unknown as HTMLElement,
    year: emptySchoolYear({ schoolYear: '2025-2026', grade: 4, className: '4A', homeroomTeacher: '' }),
    cells,
    recordUrl: null,
  } satisfies StudentRow;

  it.each(keys)('%s: an error of rule PAGE-SHOWS-OTHER marked on that cell', (key) => {
    const misread: Misread = { key, cell: cells.get(key) as HTMLElement, reason: 'HIDDEN_TEXT' };
    const [finding] = misreadFindings(row, [misread]);
    expect(finding?.rule).toBe(MISREAD_RULE);
    expect(finding?.severity).toBe('error');
    expect(finding?.message.vi).toContain('Không ký dòng này');
    expect(finding?.message.en).toContain('This row is not signed');
    expect(cellFor(row, finding as NonNullable<typeof finding>)).toBe(cells.get(key));
  });

  it('the place names the column the teacher sees; a hidden row is "this row"', () => {
    const at = (key: string, reason: Misread['reason'] = 'HIDDEN_TEXT') =>
      misreadFindings(row, [{ key, cell: cells.get(key) as HTMLElement, reason }])[0]?.where;
    expect(at('subject:toan:score')).toEqual({ vi: 'Toán', en: 'Mathematics' });
    expect(at('name')).toEqual({ vi: 'Họ và tên', en: 'Full name' });
    expect(at('rating')?.vi).toBe('Đánh giá');
    expect(at('name', 'ROW_HIDDEN')).toEqual({ vi: 'Dòng này', en: 'This row' });
  });

  it('one finding per reason, each saying why in both languages', () => {
    const reasons = ['ROW_HIDDEN', 'GENERATED_TEXT', 'REORDERED_TEXT', 'LOOKALIKE_LETTERS'] as const;
    const found = misreadFindings(
      row,
      reasons.map((reason) => ({ key: 'name', cell: cells.get('name') as HTMLElement, reason })),
    );
    expect(found).toHaveLength(reasons.length);
    expect(new Set(found.map((f) => f.message.vi)).size).toBe(reasons.length);
    expect(new Set(found.map((f) => f.message.en)).size).toBe(reasons.length);
  });
});
