/**
 * Step 5, the summary: the document's verdict from its signatures, the record as the last
 * passing signature saw it, the empty signature slots, and the verdict's level and warnings.
 */
import type { Bilingual } from '../../errors/index.js';
import { type ParsedDocument, Resolver } from '../document/objects.js';
import type { SignatureField } from '../document/signatures.js';
import { extractRecord } from '../record/index.js';
import { type DocumentReport, type SignatureReport, unsignedFieldProblem } from '../report/index.js';
import { validSummary } from '../report/summary.js';
import { setAside, verdictLevel, verdictWarnings } from '../verdict.js';
import { coveredRevision } from './signature.js';

function documentReason(
  sigs: SignatureReport[],
  record: DocumentReport['record'],
): { verdict: DocumentReport['verdict']; reason: Bilingual } {
  const failed = sigs.find((s) => s.status === 'TOTAL_FAILED');
  if (failed) return { verdict: 'invalid', reason: failed.message };
  const unsure = sigs.find((s) => s.status === 'INDETERMINATE' && !setAside(s, sigs));
  if (unsure) return { verdict: 'indeterminate', reason: unsure.message };
  // A document time-stamp proves when, not who: a file with no passing signer's signature
  // is never "valid", however good its time-stamps.
  if (!sigs.some((s) => s.kind === 'SIGNATURE' && s.status === 'TOTAL_PASSED')) {
    return {
      verdict: 'indeterminate',
      reason: {
        vi: 'Tệp chỉ có dấu thời gian, không có chữ ký của người ký nào: không xác định được ai đã ký.',
        en: 'The file carries only time-stamps and no signer’s signature: nobody can be said to have signed it.',
      },
    };
  }
  return { verdict: 'valid', reason: validSummary(sigs, record) };
}

/** The document's verdict, record and empty slots, once every signature is checked. */
export function summarize(doc: ParsedDocument, fields: SignatureField[], report: DocumentReport): void {
  report.modifiedAfterSigning = !report.signatures.some((s) => s.coversWholeDocument);
  // The record as the last passing signature saw it; unsigned (final revision) otherwise.
  const passed = report.signatures
    .filter((s) => s.kind === 'SIGNATURE' && s.status === 'TOTAL_PASSED')
    .map((s) => coveredRevision(s) ?? -1)
    .filter((r) => r >= 0);
  const recordRevision = passed.length > 0 ? Math.max(...passed) : doc.revisions.length - 1;
  report.record = extractRecord(doc, Resolver.at(doc, recordRevision), passed.length > 0);
  // Read first: the summary says "học bạ" only of a record it found.
  const decided = documentReason(report.signatures, report.record);
  report.verdict = decided.verdict;
  report.reason = decided.reason;
  for (const f of fields.filter((x) => !x.dict && !x.broken))
    report.problems.push(unsignedFieldProblem(f.name));
}

/** When it was checked, and how sure the verdict is (every report, whatever its verdict). */
export function grade(report: DocumentReport, now: Date): void {
  report.verifiedAt = now.toISOString();
  const warnings = report.verdict === 'valid' ? verdictWarnings(report) : [];
  report.level = verdictLevel(report, warnings);
  report.warnings = warnings;
}
