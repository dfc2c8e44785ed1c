/**
 * What a receiving school does next with a file, in one line under the verdict: the verdict
 * says what is wrong, this says who to ask or where to click. Pure: the page shows the key's
 * text, the unit tests check which key.
 */
import type { DocumentReport } from '@hocba/shared/verify';

export type NextStepKey =
  | 'walk_verify_next_not_pdf'
  | 'walk_verify_next_invalid'
  | 'walk_verify_next_untrusted_standalone'
  | 'walk_verify_next_untrusted_extension';

/** Null when the verdict needs no action (valid, or a warning the card already explains). */
export function nextStep(report: DocumentReport, platform: 'extension' | 'standalone'): NextStepKey | null {
  if (report.problems.some((p) => p.code === 'NOT_PDF')) return 'walk_verify_next_not_pdf';
  if (report.verdict === 'invalid') return 'walk_verify_next_invalid';
  if (
    report.verdict === 'indeterminate' &&
    report.signatures.some((s) => s.subIndication === 'NO_CERTIFICATE_CHAIN_FOUND')
  )
    // The standalone file loads a root in the page; the extension's roots come from IT (settings, policy).
    return platform === 'standalone'
      ? 'walk_verify_next_untrusted_standalone'
      : 'walk_verify_next_untrusted_extension';
  return null;
}
