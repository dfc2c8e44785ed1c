import { generateClass } from '@hocba/shared/generator';
import { describe, expect, it } from 'vitest';
import { recordToCsdlRows } from '../../src/cli/commands/export.js';

describe('CSDL export across schools', () => {
  it('exports each year under the school it was studied at', () => {
    const record = structuredClone(generateClass({ seed: 4, grade: 4, size: 1, defectRate: 0 }).records[0]);
    if (!record) throw new Error('no record');
    const first = record.years[0];
    if (!first) throw new Error('no year');
    first.school = { name: 'Trường Tiểu học Lê Lợi', code: '79003456' };
    const rows = recordToCsdlRows(record);
    const firstYear = rows.filter((r) => r.includes(first.schoolYear));
    const later = rows.filter((r) => !r.includes(first.schoolYear));
    expect(firstYear.length).toBeGreaterThan(0);
    for (const r of firstYear) expect(r.slice(7, 9)).toEqual(['79003456', 'Trường Tiểu học Lê Lợi']);
    for (const r of later) expect(r.slice(7, 9)).toEqual([record.school.code, record.school.name]);
  });
});
