/** The shape of a rule in the catalogues (single-year and cross-year), and its constructor. */
import type { Bilingual } from '../errors/index.js';
import type { Severity } from './finding.js';

export interface RuleInfo {
  code: string;
  severity: Severity;
  /** What the rule checks, for docs and the UI's legend. */
  title: Bilingual;
  /** Message template; `{name}` parameters are filled per finding. */
  message: Bilingual;
  /** The article or note the rule rests on, and why its severity (cross-year rules). */
  basis?: Bilingual;
}

/** A cross-year rule always says what it rests on. */
export type CrossYearRule = RuleInfo & { basis: Bilingual };

export function rule(code: string, severity: Severity, title: Bilingual, message: Bilingual): RuleInfo;
export function rule(
  code: string,
  severity: Severity,
  title: Bilingual,
  message: Bilingual,
  basis: Bilingual,
): CrossYearRule;
export function rule(
  code: string,
  severity: Severity,
  title: Bilingual,
  message: Bilingual,
  basis?: Bilingual,
): RuleInfo {
  return basis ? { code, severity, title, message, basis } : { code, severity, title, message };
}
