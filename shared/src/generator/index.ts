/**
 * Realistic, reproducible synthetic classes for the demo portals, the tests and the
 * benchmarks: Vietnamese names, grades 1–5, every year a student has studied, consistent
 * ratings, and a chosen share of planted defects. Each planted defect is returned with the
 * rule code and JSON Pointer the checker must report, so tests assert exactly that.
 *
 * A class is its pupils (student.ts), each a page per year (school-year.ts), then the
 * defects planted (cross-year.ts first, as it may add pages; current-year-defects.ts).
 */
import type { Grade } from '../record/codes.js';
import type { HocBaRecord } from '../record/schema.js';
import { RULE_LIST } from '../rules/catalog.js';
import { plantCrossYear } from './cross-year.js';
import { plantCurrentYear } from './current-year-defects.js';
import { DEFECT_KINDS, type PlantedDefect } from './defect-kinds.js';
import { DEMO_SCHOOL } from './demo-school.js';
import { pick, seededRandom } from './random.js';
import { schoolYearLabel, teacherName } from './school-year.js';
import { generateStudent } from './student.js';

export {
  CROSS_YEAR_DEFECT_KINDS,
  type CrossYearDefectKind,
  type CrossYearField,
  DEFECT_KINDS,
  type DefectKind,
  type PlantedDefect,
} from './defect-kinds.js';
export { DEMO_SCHOOL } from './demo-school.js';
export { seededRandom } from './random.js';

export interface ClassOptions {
  seed: number;
  grade: Grade;
  size?: number;
  /** First year of the current school year, e.g. 2025 for 2025-2026. */
  schoolYearStart?: number;
  className?: string;
  /** Share of students with one planted defect in the current year (0..1). */
  defectRate?: number;
  /** Share of students with one planted cross-year defect (sequence, history, signatures...) (0..1). */
  crossYearRate?: number;
  school?: HocBaRecord['school'];
  homeroomTeacher?: string;
}

export interface GeneratedClass {
  className: string;
  grade: Grade;
  schoolYear: string;
  homeroomTeacher: string;
  records: HocBaRecord[];
  defects: PlantedDefect[];
}

/** A whole class with every student's record up to the current grade. */
export function generateClass(options: ClassOptions): GeneratedClass {
  const rand = seededRandom(options.seed);
  const size = options.size ?? 35;
  const grade = options.grade;
  const start = options.schoolYearStart ?? 2025;
  const className = options.className ?? `${grade}A`;
  const school = options.school ?? DEMO_SCHOOL;
  const teacher = options.homeroomTeacher ?? teacherName(rand);
  const defectRate = options.defectRate ?? 0.2;
  const records: HocBaRecord[] = [];
  const defects: PlantedDefect[] = [];
  const usedNames = new Set<string>();
  for (let n = 0; n < size; n++) {
    const { record, aux } = generateStudent(rand, {
      seed: options.seed,
      n,
      grade,
      start,
      className,
      teacher,
      school,
      usedNames,
    });
    // Cross-year first: it may add pages, and the current-year defect goes on the last one.
    if (aux() < (options.crossYearRate ?? 0)) {
      const defect = plantCrossYear(aux, record);
      if (defect) defects.push(defect);
    }
    if (rand() < defectRate) {
      const defect = plantCurrentYear(rand, record, pick(rand, DEFECT_KINDS));
      if (defect) defects.push(defect);
    }
    records.push(record);
  }
  for (const d of defects) d.severity = RULE_LIST.find((r) => r.code === d.rule)?.severity ?? 'error';
  return { className, grade, schoolYear: schoolYearLabel(start), homeroomTeacher: teacher, records, defects };
}

/** A school: `classesPerGrade` classes in each grade 1..5 (e.g. 7 × 5 × 30 ≈ 1,000 records). */
export function generateSchool(options: {
  seed: number;
  classesPerGrade?: number;
  size?: number;
  defectRate?: number;
  crossYearRate?: number;
}): GeneratedClass[] {
  const classes: GeneratedClass[] = [];
  const perGrade = options.classesPerGrade ?? 7;
  for (let grade = 1; grade <= 5; grade++) {
    for (let c = 0; c < perGrade; c++) {
      classes.push(
        generateClass({
          seed: options.seed * 100 + grade * 10 + c,
          grade: grade as Grade,
          size: options.size ?? 30,
          className: `${grade}${String.fromCharCode(65 + c)}`,
          defectRate: options.defectRate ?? 0.2,
          crossYearRate: options.crossYearRate ?? 0,
        }),
      );
    }
  }
  return classes;
}
