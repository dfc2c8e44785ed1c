import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CROSS_YEAR_DEFECT_KINDS } from '@hocba/shared/generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hocba = fileURLToPath(new URL('../bin/hocba.js', import.meta.url));
const run = (...args: string[]) =>
  spawnSync('node', [hocba, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });

describe('hocba check / generate / export', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hocba-check-'));
    const gen = run(
      'generate',
      '--out',
      join(dir, 'class'),
      '--grade',
      '4',
      '--size',
      '35',
      '--seed',
      '11',
      '--defects',
      '0.4',
    );
    expect(gen.status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports exactly the planted defects of a generated class, exit 1', () => {
    // The answer key is beside the records folder, not in it.
    expect(readdirSync(join(dir, 'class')).every((f) => f.startsWith('HB-'))).toBe(true);
    const defects = JSON.parse(readFileSync(join(dir, 'class.defects.json'), 'utf8')) as {
      recordId: string;
      rule: string;
      path: string;
    }[];
    expect(defects.length).toBeGreaterThan(5);
    const files = readdirSync(join(dir, 'class'))
      .filter((f) => f.startsWith('HB-'))
      .map((f) => join(dir, 'class', f));
    const result = run('check', '--json', ...files);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      records: {
        recordId: string;
        complete: boolean;
        findings: { rule: string; path: string; message: { vi: string } }[];
      }[];
    };
    expect(report.records).toHaveLength(35);
    const reported = report.records
      .flatMap((r) => r.findings.map((f) => `${r.recordId} ${f.rule} ${f.path}`))
      .sort();
    expect(reported).toEqual(defects.map((d) => `${d.recordId} ${d.rule} ${d.path}`).sort());
    const incomplete = new Set(defects.map((d) => d.recordId));
    for (const r of report.records) expect(r.complete).toBe(!incomplete.has(r.recordId));
  });

  it('finds every planted cross-year defect in a generated school, and only those', () => {
    const school = join(dir, 'school');
    const gen = run(
      'generate',
      '--out',
      school,
      '--school',
      '--size',
      '30',
      '--seed',
      '23',
      '--defects',
      '0.2',
      '--cross-year',
      '0.5',
    );
    expect(gen.status).toBe(0);
    const defects = JSON.parse(readFileSync(`${school}.defects.json`, 'utf8')) as {
      recordId: string;
      kind: string;
      rule: string;
      path: string;
      severity: 'error' | 'warning';
      schoolYear?: string;
    }[];
    const crossYear = defects.filter((d) => (CROSS_YEAR_DEFECT_KINDS as readonly string[]).includes(d.kind));
    expect(crossYear.length).toBeGreaterThan(40);
    expect(new Set(crossYear.map((d) => d.kind)).size).toBeGreaterThanOrEqual(15);
    const files = readdirSync(school)
      .filter((f) => f.startsWith('HB-'))
      .map((f) => join(school, f));
    expect(files).toHaveLength(150);
    const result = run('check', '--json', ...files);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      records: {
        recordId: string;
        complete: boolean;
        findings: { rule: string; path: string; message: { vi: string } }[];
      }[];
    };
    const reported = report.records
      .flatMap((r) => r.findings.map((f) => `${r.recordId} ${f.rule} ${f.path}`))
      .sort();
    expect(reported).toEqual(defects.map((d) => `${d.recordId} ${d.rule} ${d.path}`).sort());
    // A warning (a skipped grade) leaves the record complete; an error does not.
    const blocked = new Set(defects.filter((d) => d.severity === 'error').map((d) => d.recordId));
    for (const r of report.records) expect(r.complete).toBe(!blocked.has(r.recordId));
    // The message names the earlier year the problem is in.
    for (const d of crossYear.filter((d) => d.schoolYear && d.rule !== 'TT27-DATE-INVALID')) {
      const f = report.records
        .find((r) => r.recordId === d.recordId)
        ?.findings.find((x) => x.rule === d.rule && x.path === d.path);
      expect(f?.message.vi).toContain(d.schoolYear);
    }
  });

  it('prints a Vietnamese report for a directory', () => {
    const result = run('check', join(dir, 'class'));
    expect(result.stderr).toBe('');
    // Only records in the folder: the generator's answer key is outside it.
    expect(result.stdout).toMatch(/Đã kiểm tra 35 học bạ: \d+ đầy đủ, \d+ còn lỗi, 0 tệp không đọc được\./);
    expect(result.stdout).toMatch(/\[lỗi\] Năm học 2025-2026, lớp 4A, /);
    expect(result.status).toBe(1);
  });

  it('exits 0 when every record is complete', () => {
    const clean = join(dir, 'clean');
    expect(run('generate', '--out', clean, '--grade', '2', '--size', '5', '--defects', '0').status).toBe(0);
    const files = readdirSync(clean)
      .filter((f) => f.startsWith('HB-'))
      .map((f) => join(clean, f));
    const result = run('check', ...files);
    expect(result.stdout).toContain('5 đầy đủ, 0 còn lỗi');
    expect(result.status).toBe(0);
  });

  it('exits 2 with the reason on bad input', () => {
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"format":"hocba-tieuhoc","version":1,"student":{');
    const wrongType = join(dir, 'wrong-type.json');
    const record = JSON.parse(
      readFileSync(
        join(dir, 'class', readdirSync(join(dir, 'class')).find((f) => f.startsWith('HB-')) as string),
        'utf8',
      ),
    );
    record.years[0].grade = 'ba';
    writeFileSync(wrongType, JSON.stringify(record));
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`);
    const result = run('check', '--json', truncated, wrongType, big, join(dir, 'missing.json'));
    expect(result.status).toBe(2);
    const report = JSON.parse(result.stdout) as {
      errors: { file: string; error: { vi: string; en: string; path?: string } }[];
    };
    expect(report.errors.map((e) => e.file)).toEqual([truncated, wrongType, big, join(dir, 'missing.json')]);
    expect(report.errors[3]?.error.en).toBe('Cannot read (ENOENT)');
    expect(report.errors[0]?.error.vi).toMatch(/^JSON hỏng/);
    expect(report.errors[1]?.error.path).toBe('/years/0/grade');
    expect(report.errors[2]?.error.en).toMatch(/too large \(52428810 bytes, at most 33554432\)/);
    expect(run('check').status).toBe(2);
    expect(run('check', '--frobnicate', truncated).status).toBe(2);
  });

  it('reads what Windows tools write: BOM, an array of records, a class export; each record by index', () => {
    const files = readdirSync(join(dir, 'class'))
      .filter((f) => f.startsWith('HB-'))
      .slice(0, 3)
      .map((f) => JSON.parse(readFileSync(join(dir, 'class', f), 'utf8')));
    files[1].student.dateOfBirth = null;
    const array = join(dir, 'array.json');
    writeFileSync(array, `\uFEFF${JSON.stringify(files, null, 2).replaceAll('\n', '\r\n')}`);
    const exported = join(dir, 'export.json');
    writeFileSync(exported, JSON.stringify({ className: '4A', records: [files[0]] }).normalize('NFD'));
    // Notepad's "Unicode" (UTF-16LE with BOM).
    const utf16 = join(dir, 'utf16.json');
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(files[2]), 'utf16le')]),
    );
    const result = run('check', '--json', array, exported, utf16);
    const report = JSON.parse(result.stdout) as {
      records: {
        file: string;
        pointer: string;
        findings: { rule: string; path: string; target: unknown }[];
      }[];
      errors: unknown[];
    };
    expect(report.errors).toEqual([]);
    expect(report.records.map((r) => [r.file, r.pointer])).toEqual([
      [array, '/0'],
      [array, '/1'],
      [array, '/2'],
      [exported, '/records/0'],
      [utf16, undefined],
    ]);
    // Same record, same findings, whichever encoding it came in.
    expect(report.records[4]).toMatchObject({
      student: files[2].student.fullName,
      findings: report.records[2]?.findings,
    });
    // An ANSI (Windows-1258) file is refused with the fix, not read as mojibake.
    const ansi = join(dir, 'ansi.json');
    writeFileSync(ansi, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xd0, 0xe0, 0x22, 0x7d]));
    const refused = JSON.parse(run('check', '--json', ansi).stdout) as {
      errors: { error: { vi: string } }[];
    };
    expect(refused.errors[0]?.error.vi).toMatch(/không mã hoá UTF-8/);
    expect(report.records[1]?.findings).toContainEqual(
      expect.objectContaining({
        rule: 'TT27-IDENTITY-MISSING',
        path: '/student/dateOfBirth',
        target: { kind: 'identity', field: 'dateOfBirth' },
      }),
    );
  });

  it('lists every format problem of a record, and exits 2 on no record at all', () => {
    const record = JSON.parse(
      readFileSync(
        join(dir, 'class', readdirSync(join(dir, 'class')).find((f) => f.startsWith('HB-')) as string),
        'utf8',
      ),
    );
    record.student.gender = 'male';
    record.years[0].grade = '4';
    record.years[0].subjects[0].score = '9';
    record.years[0].awards = 'x';
    record.school.code = 1;
    const five = join(dir, 'five.json');
    writeFileSync(five, JSON.stringify(record));
    const text = run('check', five);
    expect(text.status).toBe(2);
    expect(text.stdout).toContain('5 lỗi định dạng');
    expect(text.stdout).toContain(
      '/years/0/subjects/0/score: Sai kiểu dữ liệu (cần số, nhận được chuỗi ký tự)',
    );
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const none = run('check', empty);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('Không có học bạ nào');
    const emptyList = join(dir, 'empty-list.json');
    writeFileSync(emptyList, '\uFEFF[]');
    const noneInFile = run('check', emptyList);
    expect(noneInFile.status).toBe(2);
    expect(noneInFile.stdout).toContain('không có học bạ nào');
  });

  it('exports the sector database CSV', () => {
    const file = join(
      dir,
      'class',
      readdirSync(join(dir, 'class')).find((f) => f.startsWith('HB-')) as string,
    );
    const result = run('export', '--csdl', file);
    expect(result.status).toBe(0);
    const lines = result.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'madinhdanhhocba,mahocsinh,sodinhdanhcanhan,hoten,ngaysinh,gioitinh,dantoc,matruong,tentruong,namhoc,khoi,lop,mamonhoc,tenmonhoc,mucdatduoc,diemktdk,nhanxet,ketquagiaoduc,hoanthanhchuongtrinh,lenlop,ngonngu,lydodanhgia,ketquadanhgiabosung,xacnhanhieutruong',
    );
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const subjects = record.years.reduce((n: number, y: { subjects: unknown[] }) => n + y.subjects.length, 0);
    expect(lines).toHaveLength(1 + subjects);
    expect(lines[1]).toContain(record.student.fullName);
  });
  it('the CSDL export carries the language, the rating reason, the re-assessment outcome and a delegated approval', () => {
    const record = JSON.parse(
      readFileSync(
        join(dir, 'class', readdirSync(join(dir, 'class')).find((f) => f.startsWith('HB-')) as string),
        'utf8',
      ),
    );
    const year = record.years.at(-1);
    year.ratingReason = 'Nghỉ học dài ngày, GVCN đề nghị';
    year.reassessment = { date: '2026-06-20', note: 'Đạt', result: 'completed' };
    year.signatures.principal = {
      name: 'Trần Thị Thu',
      status: 'pending',
      delegation: { kind: 'KT', signerTitle: 'Phó hiệu trưởng' },
    };
    const file = join(dir, 'details.json');
    writeFileSync(file, JSON.stringify(record));
    const result = run('export', '--csdl', file);
    expect(result.status).toBe(0);
    const lines = result.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const english = lines.find((l) => l.includes(',ngoai-ngu-1,') && l.includes(year.schoolYear));
    expect(english).toContain(',Tiếng Anh,');
    const last = lines.filter((l) => l.includes(year.schoolYear)).at(-1) as string;
    expect(last).toContain('"Nghỉ học dài ngày, GVCN đề nghị"');
    expect(last).toContain('KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG Trần Thị Thu');
    expect(last).toMatch(/,1,KT\. HIỆU TRƯỞNG/);
  });
});
