/** How rule modules report: one collector per check, findings built from the catalog. */
import type { Bilingual, ErrorParams } from '../errors/index.js';
import { fillTemplate } from '../errors/index.js';
import type { SchoolYearRecord } from '../record/schema.js';
import { RULES, type RuleKey } from './catalog.js';
import type { Finding, FindingTarget } from './finding.js';

export type Emit = (
  key: RuleKey,
  path: string,
  where: Bilingual,
  target: FindingTarget,
  params?: ErrorParams,
  /** The school year a cross-year finding is about, when it is about one. */
  schoolYear?: string,
) => void;

export function collector(findings: Finding[]): Emit {
  return (key, path, where, target, params = {}, schoolYear) => {
    const info = RULES[key];
    findings.push({
      rule: info.code,
      severity: info.severity,
      path,
      where,
      message: { vi: fillTemplate(info.message.vi, params), en: fillTemplate(info.message.en, params) },
      target,
      ...(schoolYear ? { schoolYear } : {}),
    });
  };
}

export const blank = (value: string | null | undefined): boolean =>
  value === null || value === undefined || value.trim() === '';

/** "Năm học 2024-2025, lớp 3A[, detail]". */
export function yearWhere(year: SchoolYearRecord, detail?: Bilingual): Bilingual {
  const head = {
    vi: `Năm học ${year.schoolYear}, lớp ${year.className}`,
    en: `School year ${year.schoolYear}, class ${year.className}`,
  };
  return detail ? { vi: `${head.vi}, ${detail.vi}`, en: `${head.en}, ${detail.en}` } : head;
}
