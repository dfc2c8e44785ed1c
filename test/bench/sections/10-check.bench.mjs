// Thông tư 27 checks over a school of ~1,000 generated records: records per second.
import { generateSchool } from '@hocba/shared/generator';
import { checkClass } from '@hocba/shared/rules';
import { measure, perSecond, row } from '../harness.mjs';

export const name = 'check';
export const title = 'Kiểm tra Thông tư 27 / Circular 27 checks';

export async function run({ quick }) {
  const classes = generateSchool({ seed: 2026, classesPerGrade: quick ? 2 : 7, size: quick ? 30 : 29 });
  const records = classes.flatMap((c) => c.records);
  const stat = await measure(() => checkClass(records), { runs: quick ? 3 : 7 });
  const oneClass = classes[0].records;
  const classStat = await measure(() => checkClass(oneClass), { runs: quick ? 5 : 21 });
  return [
    row('check', `checkClass, ${records.length} records (school)`, stat, 'ms'),
    row(
      'check',
      `Thông tư 27 checks, school of ${records.length} records`,
      perSecond(stat, records.length),
      'rec/s',
      {
        note: `${classes.length} classes, grades 1–5, 20% with a planted defect`,
      },
    ),
    row('check', `checkClass, ${oneClass.length} records (one class, per edit)`, classStat, 'ms'),
  ];
}
