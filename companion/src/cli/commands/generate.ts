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
import { enCount } from '@hocba/shared/errors';
import { type GeneratedClass, generateClass, generateSchool } from '@hocba/shared/generator';
import { type Grade, isGrade } from '@hocba/shared/record';
import type { Command } from '../command.js';
import { parseCommand, usageError } from './args.js';

const USAGE = `Cách dùng / usage: hocba generate --out THƯ_MỤC [--grade 1..5 | --school] [--size 1..2000] [--seed N] [--defects 0..1] [--cross-year 0..1] [--answers TỆP]
  --out         thư mục ghi học bạ (dữ liệu giả) / folder for the records (invented data)
  --grade       khối, mặc định 3 / grade, default 3;  --school  một lớp mỗi khối 1..5 / one class per grade 1..5
  --size        số học sinh mỗi lớp, mặc định 35 / students per class, default 35
  --seed        hạt giống, cùng hạt cho cùng lớp / seed: the same seed gives the same class
  --defects     tỉ lệ lỗi cài sẵn, mặc định 0.2 / rate of planted defects, default 0.2
  --cross-year  tỉ lệ lỗi giữa các năm, mặc định 0 / rate of cross-year defects, default 0
  --answers     tệp đáp án, ngoài thư mục học bạ (mặc định THƯ_MỤC.defects.json) / answer key, outside the folder
Ví dụ / examples:
  hocba generate --out lop-3a --seed 1              # một lớp 3 giả, 35 học sinh / an invented grade-3 class of 35
  hocba generate --out truong --school --size 30    # một lớp mỗi khối / one class per grade`;

/** `class/` → `class.defects.json` beside it. */
export function answerKeyPath(out: string): string {
  const dir = resolve(out);
  return join(dirname(dir), `${basename(dir)}.defects.json`);
}

export const generateCommand: Command = {
  name: 'generate',
  summary: { vi: 'Tạo một lớp học bạ mẫu (dữ liệu giả)', en: 'Generate a synthetic class of records' },
  async run(args) {
    const parsed = parseCommand(
      args,
      {
        out: { type: 'string' },
        grade: { type: 'string' },
        school: { type: 'boolean' },
        size: { type: 'string' },
        seed: { type: 'string' },
        defects: { type: 'string' },
        'cross-year': { type: 'string' },
        answers: { type: 'string' },
      },
      USAGE,
    );
    if (typeof parsed === 'number') return parsed;
    const v = parsed.values;
    const text = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
    const out = text('out');
    const grade = Number(text('grade') ?? 3);
    const size = Number(text('size') ?? 35);
    const seed = Number(text('seed') ?? 1);
    const defectRate = Number(text('defects') ?? 0.2);
    const crossYearRate = Number(text('cross-year') ?? 0);
    const school = v.school === true;
    if (
      !out ||
      parsed.positionals.length > 0 ||
      !isGrade(grade) ||
      !(size >= 1 && size <= 2000) ||
      !Number.isFinite(seed) ||
      !(defectRate >= 0 && defectRate <= 1) ||
      !(crossYearRate >= 0 && crossYearRate <= 1)
    )
      return usageError(
        { vi: 'Thiếu --out hoặc giá trị ngoài khoảng', en: 'missing --out or a value out of range' },
        USAGE,
      );
    const answers = resolve(text('answers') ?? answerKeyPath(out));
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
      `Đã tạo lớp ${what} (${records.length} học sinh, ${defects.length} lỗi cài sẵn) trong ${out}, đáp án ở ${answers} / wrote class ${what} (${enCount(records.length, 'student', 'students')}, ${enCount(defects.length, 'planted defect', 'planted defects')}) to ${out}, answer key ${answers}`,
    );
    return 0;
  },
};
