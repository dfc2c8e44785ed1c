/**
 * `hocba generate --out DIR [--grade N | --school] [--size N] [--seed N] [--defects RATE]
 * [--cross-year RATE] [--answers FILE]`: writes a synthetic class, or with `--school` one
 * class of each grade 1..5 (one JSON record per student), for demos, training and tests,
 * and the answer key (rule, path, severity, and the school year of cross-year defects) to
 * `DIR.defects.json` beside the folder, never inside it: `hocba check DIR` must read records
 * only. The data is invented; no real student.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type GeneratedClass, generateClass, generateSchool } from '@hocba/shared/generator';
import { type Grade, isGrade } from '@hocba/shared/record';
import type { Command } from '../command.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `class/` → `class.defects.json` beside it. */
export function answerKeyPath(out: string): string {
  const dir = resolve(out);
  return join(dirname(dir), `${basename(dir)}.defects.json`);
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
    const crossYearRate = Number(option(args, '--cross-year') ?? 0);
    const school = args.includes('--school');
    if (
      !out ||
      !isGrade(grade) ||
      !(size >= 1 && size <= 2000) ||
      !Number.isFinite(seed) ||
      !(defectRate >= 0 && defectRate <= 1) ||
      !(crossYearRate >= 0 && crossYearRate <= 1)
    ) {
      console.error(
        'Cách dùng / usage: hocba generate --out DIR [--grade 1..5 | --school] [--size 1..2000] [--seed N] [--defects 0..1] [--cross-year 0..1] [--answers FILE]',
      );
      return 2;
    }
    const answers = resolve(option(args, '--answers') ?? answerKeyPath(out));
    const inside = relative(resolve(out), answers);
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      console.error(
        'Tệp đáp án phải nằm ngoài thư mục học bạ / the answer key must be outside the records folder',
      );
      return 2;
    }
    const classes: GeneratedClass[] = school
      ? generateSchool({ seed, classesPerGrade: 1, size, defectRate, crossYearRate })
      : [generateClass({ seed, grade: grade as Grade, size, defectRate, crossYearRate })];
    mkdirSync(out, { recursive: true });
    const records = classes.flatMap((c) => c.records);
    const defects = classes.flatMap((c) => c.defects);
    for (const record of records) {
      writeFileSync(join(out, `${record.recordId}.json`), `${JSON.stringify(record, null, 2)}\n`);
    }
    writeFileSync(answers, `${JSON.stringify(defects, null, 2)}\n`);
    const what = classes.map((c) => c.className).join(', ');
    console.log(
      `Đã tạo lớp ${what} (${records.length} học sinh, ${defects.length} lỗi cài sẵn) trong ${out}, đáp án ở ${answers} / wrote class ${what} (${records.length} students, ${defects.length} planted defects) to ${out}, answer key ${answers}`,
    );
    return 0;
  },
};
