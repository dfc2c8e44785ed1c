/**
 * The two lines a receiving school reads on each file's card before any detail: whose
 * record it is (pupil, birth date, school, the classes and years it covers) and, when the
 * signers' certificates chain to a national root shipped with the product, which root.
 * Pure: the page shows them, the unit tests check them.
 */
import { displayText, type RecordReport, type SignatureReport } from '@hocba/shared/verify';

const dmy = (iso: string) => iso.split('-').reverse().join('/');

export interface WhoseRecord {
  name: string;
  born: string;
  school: string;
  /** "1A, 2A, 3A" */
  classes: string;
  /** "2021-2022 – 2023-2024", or one year. */
  years: string;
  /** The record data is inside what a passing signature covers. */
  signed: boolean;
}

/** Null when the file carries no readable record (a PDF that is not a record, or a broken one). */
export function whoseRecord(report: RecordReport | null | undefined): WhoseRecord | null {
  const r = report?.record;
  if (!report || !r) return null;
  const years = r.years.map((y) => y.schoolYear.trim()).filter(Boolean);
  const first = years[0] ?? '';
  const last = years.at(-1) ?? '';
  // The record's words in one line of the card: made safe to show (a U+202E would reorder it).
  return {
    name: displayText(r.student.fullName),
    born: displayText(dmy(r.student.dateOfBirth)),
    // The school of the last year: a transferred pupil's record ends at the school that sent it.
    school: displayText(r.years.at(-1)?.school?.name || r.school.name),
    classes: displayText(
      r.years
        .map((y) => y.className.trim())
        .filter(Boolean)
        .join(', '),
    ),
    years: displayText(first === last ? first : `${first} – ${last}`),
    signed: report.signed,
  };
}

/**
 * The national roots (shipped with the product) the file's passing signatures chain to,
 * each once. Roots added on this computer are not listed here: the report's own warning
 * says that trust is local.
 */
export function nationalRoots(signatures: readonly SignatureReport[]): string[] {
  const roots = signatures
    .filter((s) => s.status === 'TOTAL_PASSED' && s.trust.anchorSource === 'BUNDLED' && s.trust.anchor)
    .map((s) => s.trust.anchor as string);
  return [...new Set(roots)];
}
