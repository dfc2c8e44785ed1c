/** Misread cells as findings of the check, in the UI's language: the row is flagged, and left out of signing. */
import type { Bilingual } from '@hocba/shared/errors';
import { COMPETENCES, QUALITIES, SUBJECTS } from '@hocba/shared/record';
import type { Finding, FindingTarget } from '@hocba/shared/rules';
import { t } from '../ui/messages.js';
import { MISREAD_RULE } from './defence-contract.js';
import type { Misread, MisreadReason } from './misread.js';
import type { StudentRow } from './read-table.js';

/** The `_locales` key saying why, per reason (the words stay out of the content script's bytes). */
const WHY: Record<MisreadReason, string> = {
  ROW_HIDDEN: 'misread_row_hidden',
  HIDDEN_TEXT: 'misread_hidden_text',
  GENERATED_TEXT: 'misread_generated_text',
  REORDERED_TEXT: 'misread_reordered_text',
  SHADOW_CONTENT: 'misread_shadow_content',
  CLIPPED_TEXT: 'misread_clipped_text',
  CONTROL_HIDES_VALUE: 'misread_control_hides_value',
  TURNED_TEXT: 'misread_turned_text',
  PILED_TEXT: 'misread_piled_text',
  RECASED_TEXT: 'misread_recased_text',
  COVERED_TEXT: 'misread_covered_text',
  CHANGED_SINCE_READ: 'misread_changed_since_read',
  NOT_JUDGED: 'misread_not_judged',
  DIRECTION_CONTROLS: 'misread_direction_controls',
  INVISIBLE_CHARACTERS: 'misread_invisible_characters',
  LOOKALIKE_LETTERS: 'misread_lookalike_letters',
};

/** Where a cell key points, as a finding target (cellFor in check-table.ts maps it back). */
function targetOf(key: string, year: number): FindingTarget {
  const [kind, code, field] = key.split(':');
  if ((kind === 'subject' || kind === 'quality' || kind === 'competence') && code && field) {
    if (kind === 'subject')
      return { kind, year, code, field: field as 'level' | 'score' | 'comment' | 'row' };
    return { kind, year, code, field: field as 'level' | 'comment' | 'row' };
  }
  if (key === 'name') return { kind: 'identity', field: 'name' };
  return { kind: 'year', year, field: key };
}

/** Cells of the year that are not a subject, quality or competence: their `_locales` key. */
const YEAR_CELLS: Record<string, string> = {
  name: 'misread_cell_name',
  rating: 'misread_cell_rating',
  ratingReason: 'misread_cell_rating_reason',
  awards: 'misread_cell_awards',
  'signatures.principal': 'misread_cell_principal',
};

/** The same words in both slots: a finding is bilingual, the UI language chose them already. */
const said = (text: string): Bilingual => ({ vi: text, en: text });

/** The cell in words: its column ("Toán", "Họ và tên"), or "this row". */
function placeOf(key: string): Bilingual {
  const [kind, code] = key.split(':');
  const table =
    kind === 'subject'
      ? SUBJECTS
      : kind === 'quality'
        ? QUALITIES
        : kind === 'competence'
          ? COMPETENCES
          : null;
  const label = table?.find((item) => item.code === code)?.label;
  return label ?? said(t(YEAR_CELLS[key] ?? 'misread_this_row'));
}

/** One error finding per misread cell and reason: the row is flagged, and left out of signing. */
export function misreadFindings(row: StudentRow, misreads: readonly Misread[]): Finding[] {
  return misreads.map((m) => ({
    rule: MISREAD_RULE,
    severity: 'error',
    path: '',
    where: m.reason === 'ROW_HIDDEN' ? said(t('misread_this_row')) : placeOf(m.key),
    message: said(t('misread_message', t(WHY[m.reason]))),
    target: targetOf(m.key, row.year.grade),
  }));
}
