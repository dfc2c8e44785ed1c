import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const defects = JSON.parse(readFileSync(join(dir, 'class', 'defects.json'), 'utf8')) as {
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
    const defects = JSON.parse(readFileSync(join(school, 'defects.json'), 'utf8')) as {
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
    // defects.json is not a record: the directory walk only takes records, so it is named as unreadable.
    expect(result.stdout).toMatch(/Đã kiểm tra 36 học bạ: \d+ đầy đủ, \d+ còn lỗi, 1 tệp không đọc được\./);
    expect(result.stdout).toMatch(/\[lỗi\] Năm học 2025-2026, lớp 4A, /);
    expect(result.status).toBe(2);
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
    expect(report.errors[2]?.error.en).toMatch(/File too large \(52428810 bytes/);
    expect(run('check').status).toBe(2);
    expect(run('check', '--frobnicate', truncated).status).toBe(2);
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
      'madinhdanhhocba,mahocsinh,sodinhdanhcanhan,hoten,ngaysinh,gioitinh,dantoc,matruong,tentruong,namhoc,khoi,lop,mamonhoc,tenmonhoc,mucdatduoc,diemktdk,nhanxet,ketquagiaoduc,hoanthanhchuongtrinh,lenlop',
    );
    const record = JSON.parse(readFileSync(file, 'utf8'));
    const subjects = record.years.reduce((n: number, y: { subjects: unknown[] }) => n + y.subjects.length, 0);
    expect(lines).toHaveLength(1 + subjects);
    expect(lines[1]).toContain(record.student.fullName);
  });
});
