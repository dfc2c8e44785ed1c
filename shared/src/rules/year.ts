/** Every rule for one school year (what a portal's class table shows). */
import { type Grade, isGrade } from '../record/codes.js';
import type { SchoolYearRecord } from '../record/schema.js';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config.js';
import { collector, yearWhere } from './emit.js';
import type { Finding } from './finding.js';
import { checkCompletion, checkRating } from './outcome.js';
import { checkQualityList } from './qualities.js';
import { checkSignatureSlots } from './signatures.js';
import { checkSubjects } from './subjects.js';

/** Checks one school year. `y` is its index in `years`. */
export function checkYear(
  year: SchoolYearRecord,
  y: number,
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): Finding[] {
  const findings: Finding[] = [];
  const emit = collector(findings);
  if (!isGrade(year.grade)) {
    emit(
      'GRADE_INVALID',
      `/years/${y}/grade`,
      yearWhere(year),
      { kind: 'year', year: y, field: 'grade' },
      {
        value: String(year.grade),
      },
    );
    return findings;
  }
  const grade: Grade = year.grade;
  checkSubjects(year, y, grade, emit);
  checkQualityList(year.qualities, 'quality', y, year, emit, config);
  checkQualityList(year.competences, 'competence', y, year, emit, config);
  const validRating = checkRating(year, y, emit, config);
  checkCompletion(year, y, grade, validRating, emit);
  checkSignatureSlots(year, y, emit);
  return findings;
}
