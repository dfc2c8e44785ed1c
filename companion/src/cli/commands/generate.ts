/**
 * `hocba generate --out DIR [--grade N] [--size N] [--seed N] [--defects RATE] [--answers FILE]`:
 * writes a synthetic class (one JSON record per student) for demos, training and tests, and
 * the answer key (what was planted) to `DIR.defects.json` beside the folder, never inside it:
 * `hocba check DIR` must read records only. The data is invented; no real student.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { generateClass } from '@hocba/shared/generator';
import { type Grade, isGrade } from '@hocba/shared/record';
import type { Command } from '../main.js';

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
    if (
      !out ||
      !isGrade(grade) ||
      !(size >= 1 && size <= 2000) ||
      !Number.isFinite(seed) ||
      !(defectRate >= 0 && defectRate <= 1)
    ) {
      console.error(
        'Cách dùng / usage: hocba generate --out DIR [--grade 1..5] [--size 1..2000] [--seed N] [--defects 0..1] [--answers FILE]',
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
    const cls = generateClass({ seed, grade: grade as Grade, size, defectRate });
    mkdirSync(out, { recursive: true });
    for (const record of cls.records) {
      writeFileSync(join(out, `${record.recordId}.json`), `${JSON.stringify(record, null, 2)}\n`);
    }
    writeFileSync(answers, `${JSON.stringify(cls.defects, null, 2)}\n`);
    console.log(
      `Đã tạo lớp ${cls.className} (${cls.records.length} học sinh, ${cls.defects.length} lỗi cài sẵn) trong ${out}, đáp án ở ${answers} / wrote class ${cls.className} (${cls.records.length} students, ${cls.defects.length} planted defects) to ${out}, answer key ${answers}`,
    );
    return 0;
  },
};
