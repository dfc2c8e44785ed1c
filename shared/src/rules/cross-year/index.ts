/**
 * The checks across a pupil's whole primary schooling. Each family is one file; the rules
 * and their legal basis are in `catalog.ts`.
 */
import type { HocBaRecord } from '../../record/schema.js';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from '../config.js';
import type { Finding } from '../finding.js';
import { type CrossYearContext, collector } from './context.js';
import { checkHistory } from './history.js';
import { checkIdentityChanges } from './identity.js';
import { checkReassessment } from './reassessment.js';
import { checkSequence } from './sequence.js';
import { checkSignatures } from './signatures.js';

export { CROSS_YEAR_RULES } from './catalog.js';

export function checkAcrossYears(record: HocBaRecord, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const findings: Finding[] = [];
  const ctx: CrossYearContext = { record, config, emit: collector(findings) };
  checkSequence(ctx);
  checkHistory(ctx);
  checkReassessment(ctx);
  checkSignatures(ctx);
  checkIdentityChanges(ctx);
  return findings;
}
