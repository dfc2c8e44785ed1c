/**
 * Records as schools' data arrives: files written by Excel and Notepad on Windows (BOM,
 * CRLF), decomposed Unicode, arrays and class exports, null and absent values, several type
 * errors at once, fields the format does not know. Fixtures are in ./fixtures (written by
 * hand-run code in the commit that added them; the bytes are the point, do not reformat).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  approvalText,
  normaliseStrings,
  parseApprovalText,
  parseRecord,
  parseRecordsText,
  parseRecordText,
} from '../../src/record/index.js';
import { checkFilledRecord, checkRecord } from '../../src/rules/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('record input from the real world', () => {
  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    const text = fixture('bom-crlf.json');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const result = parseRecordText(text);
    expect(result.status).toBe('ok');
    if (result.status === 'ok') expect(checkRecord(result.record)).toEqual([]);
  });

  it('normalises decomposed Unicode (NFD) so the award check sees "Học sinh Xuất sắc"', () => {
    const text = fixture('nfd-award.json');
    expect(text).not.toBe(text.normalize('NFC'));
    const result = parseRecordText(text);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    const year = result.record.years.at(-1);
    expect(year?.awards[0]).toBe('Học sinh Xuất sắc'.normalize('NFC'));
    expect(result.record.student.fullName).toBe(result.record.student.fullName.normalize('NFC'));
    expect(checkRecord(result.record).map((f) => f.rule)).toContain('TT27-AWARD-INCONSISTENT');
  });

  it('the award check also holds for NFD text that did not come through the parser (portal cells)', () => {
    const result = parseRecordText(fixture('bom-crlf.json'));
    if (result.status !== 'ok') throw new Error('fixture');
    const year = result.record.years.at(-1)!;
    year.rating = 'HT';
    year.awards = ['Học\u00a0sinh  Xuất sắc'.normalize('NFD')];
    expect(checkRecord(result.record).map((f) => f.rule)).toContain('TT27-AWARD-INCONSISTENT');
  });

  it('reads an array of records, each reported by index, a null date of birth as a finding', () => {
    const file = parseRecordsText(fixture('array.json'), { fillMissing: true });
    expect(file.status).toBe('ok');
    if (file.status !== 'ok') return;
    expect(file.entries.map((e) => [e.pointer, e.result.status])).toEqual([
      ['/0', 'ok'],
      ['/1', 'ok'],
      ['/2', 'ok'],
    ]);
    const second = file.entries[1]!.result;
    if (second.status !== 'ok') throw new Error('second');
    expect(second.filled).toEqual([expect.objectContaining({ path: '/student/dateOfBirth' })]);
    const findings = checkFilledRecord(second.record, second.filled);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['TT27-IDENTITY-MISSING', '/student/dateOfBirth'],
    ]);
  });

  it('reads a class export ({ records: [...] })', () => {
    const file = parseRecordsText(fixture('class-export.json'));
    expect(file.status).toBe('ok');
    if (file.status !== 'ok') return;
    expect(file.entries.map((e) => [e.pointer, e.result.status])).toEqual([
      ['/records/0', 'ok'],
      ['/records/1', 'ok'],
    ]);
  });

  it('a single record file is one entry at the root; an empty list is no entry', () => {
    const single = parseRecordsText(fixture('bom-crlf.json'));
    expect(single.status === 'ok' && single.entries.map((e) => e.pointer)).toEqual(['']);
    expect(parseRecordsText('\uFEFF[]')).toEqual({ status: 'ok', entries: [] });
    expect(parseRecordsText('{"records":[]}')).toEqual({ status: 'ok', entries: [] });
  });

  it('reports all five type errors, each with its JSON Pointer, in Vietnamese without engine English', () => {
    const result = parseRecordText(fixture('five-errors.json'), { fillMissing: true });
    expect(result.status).toBe('invalid');
    if (result.status !== 'invalid') return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(
      [
        '/school/code',
        '/student/gender',
        '/years/0/awards',
        '/years/0/grade',
        '/years/0/subjects/0/score',
      ].sort(),
    );
    for (const issue of result.issues) {
      expect(issue.reason.vi).not.toMatch(/Invalid|expected|received|Too big|option/);
      expect(issue.reason.en.length).toBeGreaterThan(5);
    }
    const score = result.issues.find((i) => i.path === '/years/0/subjects/0/score');
    expect(score?.reason.vi).toBe('Sai kiểu dữ liệu (cần số, nhận được chuỗi ký tự)');
    const gender = result.issues.find((i) => i.path === '/student/gender');
    expect(gender?.reason.vi).toBe('Giá trị "male" không hợp lệ (cho phép: "nam", "nu")');
  });

  it('fills null and absent required values, reports each at its field, and checks the rest', () => {
    const result = parseRecordText(fixture('nulls.json'), { fillMissing: true });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.filled?.map((f) => f.path).sort()).toEqual([
      '/student/dateOfBirth',
      '/student/placeOfBirth',
      '/years/0/homeroomTeacher',
    ]);
    const findings = checkFilledRecord(result.record, result.filled);
    expect(findings.map((f) => [f.rule, f.path])).toEqual(
      expect.arrayContaining([
        ['TT27-IDENTITY-MISSING', '/student/dateOfBirth'],
        ['TT27-IDENTITY-MISSING', '/student/placeOfBirth'],
        ['TT27-HOMEROOM-TEACHER-MISSING', '/years/0/homeroomTeacher'],
        // the rest of the record is still checked
        ['TT27-SCORE-INVALID', '/years/0/subjects/1/score'],
      ]),
    );
    expect(findings).toHaveLength(4);
    // Without fillMissing (what signing uses) the same file is refused.
    expect(parseRecordText(fixture('nulls.json')).status).toBe('invalid');
  });

  it('refuses an unknown field at its pointer, as the JSON Schema says (additionalProperties: false)', () => {
    const result = parseRecordText(fixture('unknown-field.json'), { fillMissing: true });
    expect(result).toMatchObject({
      status: 'invalid',
      issues: [{ path: '/student/ghiChu', reason: { vi: expect.stringContaining('không thuộc định dạng') } }],
    });
    const schema = JSON.parse(
      readFileSync(new URL('../../../docs/record.schema.json', import.meta.url), 'utf8'),
    );
    expect(schema.properties.student.additionalProperties).toBe(false);
  });

  it('says where broken JSON breaks, in Vietnamese only', () => {
    const text = fixture('bom-crlf.json');
    const cut = parseRecordText(text.slice(0, 200));
    expect(cut).toMatchObject({
      status: 'invalid',
      issues: [{ reason: { vi: expect.stringMatching(/^JSON hỏng/) } }],
    });
    if (cut.status === 'invalid')
      expect(cut.issues[0]?.reason.vi).not.toMatch(/Unexpected|JSON input|position/);
    const bad = parseRecordText('{\n  "format": "hocba-tieuhoc",\n  "version": 1,,\n}');
    expect(bad).toMatchObject({
      status: 'invalid',
      issues: [{ reason: { vi: 'JSON hỏng ở dòng 3, cột 16' } }],
    });
    expect(parseRecordsText('')).toMatchObject({
      status: 'invalid',
      issues: [{ reason: { vi: expect.stringContaining('không có học bạ nào') } }],
    });
  });

  it('reads a delegated approval as portals print it, and prints it back', () => {
    const expected = { name: 'Trần Thị Thu', delegation: { kind: 'KT', signerTitle: 'Phó hiệu trưởng' } };
    for (const text of [
      'KT. Hiệu trưởng – Phó hiệu trưởng Trần Thị Thu',
      'KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\nTrần Thị Thu',
      'KT.HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG  Trần Thị Thu'.normalize('NFD'),
    ]) {
      expect(parseApprovalText(text)).toEqual(expected);
    }
    expect(approvalText(expected as never)).toBe('KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG Trần Thị Thu');
    expect(parseApprovalText('Trần Văn Minh')).toEqual({ name: 'Trần Văn Minh', delegation: null });
    expect(parseApprovalText('  ')).toEqual({ name: null, delegation: null });
  });

  it('hostile nesting and odd values get typed answers, not a stack overflow', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const cases = [
      () => parseRecordsText(deep(300_000), { fillMissing: true }),
      () =>
        parseRecordText(`{"format":"hocba-tieuhoc","version":1,"student":${deep(300_000)}}`, {
          fillMissing: true,
        }),
      () =>
        parseRecordText(`{"format":"hocba-tieuhoc","version":1,"student":{"gender":${deep(300_000)}}}`, {
          fillMissing: true,
        }),
      () =>
        parseRecordsText(`{"records":[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]}`, {
          fillMissing: true,
        }),
    ];
    for (const run of cases) expect(() => run()).not.toThrow();
    expect(
      parseRecordText(`{"format":"hocba-tieuhoc","version":1,"student":{"gender":${deep(300_000)}}}`, {
        fillMissing: true,
      }),
    ).toMatchObject({
      status: 'invalid',
      issues: expect.arrayContaining([
        {
          path: '/student/gender',
          reason: expect.objectContaining({ vi: 'Giá trị danh sách không hợp lệ (cho phép: "nam", "nu")' }),
        },
      ]),
    });
    expect(parseRecordText('[{}, {}]')).toMatchObject({
      status: 'invalid',
      issues: [{ path: '', reason: { vi: expect.stringContaining('danh sách 2 phần tử') } }],
    });
  }, 30_000);
});

describe('reading JSON normalises in place, with the result of normalising a copy', () => {
  // readJson normalises the value JSON.parse made where it lies; normaliseStrings copies.
  const viaCopy = (text: string) => parseRecord(normaliseStrings(JSON.parse(text.replace(/^\uFEFF/, ''))));
  const nfd = fixture('nfd-award.json').replace(/^\uFEFF/, '');
  const record = JSON.parse(nfd) as Record<string, unknown>;
  const cases: [string, string][] = [
    ['an NFD record', nfd],
    ['a list of NFD records', JSON.stringify([record, record])],
    // JSON.parse makes "__proto__" an own key; the copy made it the prototype (key gone).
    [
      'an own __proto__ key at the top',
      JSON.stringify({ ...record }).replace(/^\{/, '{"__proto__":{"x":"Ho\u0323c"},'),
    ],
    ['an own __proto__ key deeper', nfd.replace('"student": {', '"student": {"__proto__": {"fullName": 1},')],
    [
      'nesting beyond the normalised depth',
      JSON.stringify({ ...record, extra: JSON.parse(`${'['.repeat(40)}"Ho\u0323c"${']'.repeat(40)}`) }),
    ],
  ];
  for (const [name, text] of cases)
    it(name, () => {
      expect(parseRecordText(text)).toEqual(viaCopy(text));
    });

  it('refuses a text over the limit by its UTF-8 size, not its length', () => {
    // 3 bytes a character: 0.7 M characters of "ọ" are over 2 MiB, 0.7 M of "o" are not.
    const big = (c: string) => JSON.stringify({ ...record, pad: c.repeat(700_000) });
    const over = parseRecordText(big('\u1ecd'));
    expect(over.status === 'invalid' && over.issues[0]?.reason.en).toMatch(/too large/);
    const under = parseRecordText(big('o'));
    expect(under.status === 'invalid' && under.issues[0]?.reason.en).not.toMatch(/too large/);
  });
});
