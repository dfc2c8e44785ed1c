/**
 * The four levels of the verdict a secretary reads at a glance (verdict.ts decides them), in
 * the report's layer: the report carries the level, the verdict reads the report.
 */
import type { Bilingual } from '../../errors/index.js';

export type VerdictLevel = 'valid' | 'valid_with_warnings' | 'invalid' | 'cannot_decide';

export const VERDICT_LEVEL_WORDS: Record<VerdictLevel, Bilingual> = {
  valid: { vi: 'Hợp lệ', en: 'Valid' },
  valid_with_warnings: { vi: 'Hợp lệ, có cảnh báo', en: 'Valid, with warnings' },
  invalid: { vi: 'Không hợp lệ', en: 'Invalid' },
  cannot_decide: { vi: 'Chưa xác định được', en: 'Cannot be decided' },
};
