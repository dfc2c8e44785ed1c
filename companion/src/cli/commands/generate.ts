/**
 * `hocba generate --out DIR [--grade N] [--size N] [--seed N] [--defects RATE]`: writes a
 * synthetic class (one JSON record per student, plus `defects.json` listing what was
 * planted) for demos, training and tests. The data is invented; no real student.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { type Grade, isGrade } from '@hocba/shared/record';
import type { Command } from '../main.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export const generateCommand: Command = {
  name: 'generate',
  summary: { vi: 'Tạo một lớp học bạ mẫu (dữ liệu giả)', en: 'Generate a synthetic class of records' },
  async run(args) {
    const out = option(args, '--out');
    const grade = Number(option(args, '--grade') ?? 3);
    const size = Number(option(args, '--size') ?? 35);
    const seed = Number(option(args, '--seed') ?? 1);
    const defectRate = Number(option(args, '--defects') ?? 0.2);
    if (
      !out ||
      !isGrade(grade) ||
      !(size >= 1 && size <= 2000) ||
      !Number.isFinite(seed) ||
      !(defectRate >= 0 && defectRate <= 1)
    ) {
      console.error(
        'Cách dùng / usage: hocba generate --out DIR [--grade 1..5] [--size 1..2000] [--seed N] [--defects 0..1]',
      );
      return 2;
    }
    const cls = generateClass({ seed, grade: grade as Grade, size, defectRate });
    mkdirSync(out, { recursive: true });
    for (const record of cls.records) {
      writeFileSync(join(out, `${record.recordId}.json`), `${JSON.stringify(record, null, 2)}\n`);
    }
    writeFileSync(join(out, 'defects.json'), `${JSON.stringify(cls.defects, null, 2)}\n`);
    console.log(
      `Đã tạo lớp ${cls.className} (${cls.records.length} học sinh, ${cls.defects.length} lỗi cài sẵn) trong ${out} / wrote class ${cls.className} (${cls.records.length} students, ${cls.defects.length} planted defects) to ${out}`,
    );
    return 0;
  },
};
