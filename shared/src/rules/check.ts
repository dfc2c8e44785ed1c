/**
 * The Thông tư 27 rule engine: pure functions from a record to findings. Fast enough to
 * re-run on every edit in a portal (no parsing, no allocation beyond the findings).
 * The rules live one concern per module (identity, subjects, qualities, outcome); this
 * module composes them for a record and a class.
 */
import type { RecordIssue } from '../record/issues.js';
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config.js';
import { checkAcrossYears } from './cross-year/index.js';
import { collector, yearWhere } from './emit.js';
import type { Finding } from './finding.js';
import { checkIdentity } from './identity.js';
import { checkYear } from './year.js';

export { parseIsoDate } from './identity.js';
export { checkYear } from './year.js';

/** Every finding for one student's record. */
export function checkRecord(record: HocBaRecord, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const findings: Finding[] = [];
  const emit = collector(findings);
  checkIdentity(record, emit, config);
  record.years.forEach((year, y) => {
    findings.push(...checkYear(year, y, config));
  });
  findings.push(...checkAcrossYears(record, config));
  return findings;
}

/**
 * The findings for a record parsed with `fillMissing`: every rule's, plus one finding for
 * each filled value that no rule already reports at its path (a null `dateOfBirth` is
 * already TT27-IDENTITY-MISSING; a null class name has no other rule).
 */
export function checkFilledRecord(
  record: HocBaRecord,
  filled: readonly RecordIssue[] = [],
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): Finding[] {
  const findings = checkRecord(record, config);
  const emit = collector(findings);
  const reported = new Set(findings.map((f) => f.path));
  for (const { path } of filled) {
    if (reported.has(path)) continue;
    const field = path.split('/').pop() ?? path;
    const year = /^\/years\/(\d+)\//.exec(path);
    emit(
      'FIELD_MISSING',
      path,
      year ? yearWhere(record.years[Number(year[1])] as SchoolYearRecord) : { vi: 'Học bạ', en: 'Record' },
      { kind: 'record', field: path },
      { field },
    );
  }
  return findings;
}

export type Completeness = 'complete' | 'warnings' | 'errors';

export function completeness(findings: readonly Finding[]): Completeness {
  if (findings.some((f) => f.severity === 'error')) return 'errors';
  return findings.length > 0 ? 'warnings' : 'complete';
}

export interface StudentCheck {
  recordId: string;
  student: string;
  status: Completeness;
  findings: Finding[];
}

export interface ClassCheck {
  students: StudentCheck[];
  summary: { total: number; complete: number; withErrors: number; withWarningsOnly: number };
}

/** A class (35) or a school (1,000): findings per student and the counts a teacher reads first. */
export function checkClass(
  records: readonly HocBaRecord[],
  config: RuleConfig = DEFAULT_RULE_CONFIG,
): ClassCheck {
  const students = records.map((record) => {
    const findings = checkRecord(record, config);
    return {
      recordId: record.recordId,
      student: record.student.fullName,
      status: completeness(findings),
      findings,
    };
  });
  return {
    students,
    summary: {
      total: students.length,
      complete: students.filter((s) => s.status === 'complete').length,
      withErrors: students.filter((s) => s.status === 'errors').length,
      withWarningsOnly: students.filter((s) => s.status === 'warnings').length,
    },
  };
}
