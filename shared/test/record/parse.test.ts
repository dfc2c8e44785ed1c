import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import {
  type HocBaRecord,
  MAX_RECORD_BYTES,
  parseRecord,
  parseRecordText,
  recordJsonSchema,
} from '../../src/record/index.js';

const record = generateClass({ seed: 1, grade: 3, size: 1, defectRate: 0 }).records[0] as HocBaRecord;

describe('record format', () => {
  it('docs/record.schema.json is the one generated from the zod schema', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../../docs/record.schema.json', import.meta.url), 'utf8'),
    );
    expect(published).toEqual(recordJsonSchema());
  });

  it('accepts a generated record and round-trips it through JSON', () => {
    const result = parseRecordText(JSON.stringify(record));
    expect(result).toEqual({ status: 'ok', record });
  });

  it('names the path and the reason of a wrong type', () => {
    const broken = structuredClone(record) as unknown as { years: { subjects: { score: unknown }[] }[] };
    (broken.years[2] as { subjects: { score: unknown }[] }).subjects[1] = {
      ...(broken.years[2]?.subjects[1] as object),
      score: '9',
    } as never;
    const result = parseRecord(broken);
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.issues[0]?.path).toBe('/years/2/subjects/1/score');
    expect(result.issues[0]?.reason.vi).toContain('Sai kiểu dữ liệu');
  });

  it('reports a missing required field', () => {
    const broken = structuredClone(record) as unknown as { student: Record<string, unknown> };
    delete broken.student.fullName;
    const result = parseRecord(broken);
    expect(result).toMatchObject({ status: 'invalid', issues: [{ path: '/student/fullName' }] });
  });

  it('refuses another format or version with a sentence, not a crash', () => {
    expect(parseRecord({ ...record, format: 'hocba-thcs' })).toMatchObject({
      status: 'invalid',
      issues: [{ path: '/format' }],
    });
    expect(parseRecord({ ...record, version: 2 })).toMatchObject({
      status: 'invalid',
      issues: [{ path: '/version' }],
    });
    for (const value of [null, 42, 'text', [], undefined]) {
      expect(parseRecord(value).status).toBe('invalid');
    }
  });

  it('refuses truncated JSON with the parser reason', () => {
    const text = JSON.stringify(record);
    const result = parseRecordText(text.slice(0, text.length / 2));
    expect(result.status).toBe('invalid');
    if (result.status === 'invalid') expect(result.issues[0]?.reason.vi).toMatch(/^JSON hỏng/);
  });

  it('refuses a 50 MB input before parsing it', () => {
    const big = `{"format":"hocba-tieuhoc","pad":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const result = parseRecordText(big);
    expect(result.status).toBe('invalid');
    if (result.status === 'invalid') {
      expect(result.issues[0]?.reason.en).toContain(`at most ${MAX_RECORD_BYTES}`);
    }
  });

  it('refuses an unknown grade through the rules, not the parser', () => {
    const odd = structuredClone(record);
    (odd.years[0] as { grade: number }).grade = 7;
    expect(parseRecord(odd).status).toBe('ok');
  });
});
