/** The five qualities and ten competences of a year: known codes, levels, comments, none missing. */
import { COMPETENCES, competenceInfo, QUALITIES, QUALITY_LEVELS, qualityInfo } from '../record/codes.js';
import type { QualityResult, SchoolYearRecord } from '../record/schema.js';
import type { RuleConfig } from './config.js';
import { blank, type Emit, yearWhere } from './emit.js';

export function checkQualityList(
  items: readonly QualityResult[],
  kind: 'quality' | 'competence',
  y: number,
  year: SchoolYearRecord,
  emit: Emit,
  config: RuleConfig,
): void {
  const table = kind === 'quality' ? QUALITIES : COMPETENCES;
  const lookup = kind === 'quality' ? qualityInfo : competenceInfo;
  const listName = kind === 'quality' ? 'qualities' : 'competences';
  const kindLabel =
    kind === 'quality' ? { vi: 'phẩm chất', en: 'quality' } : { vi: 'năng lực', en: 'competence' };
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const base = `/years/${y}/${listName}/${i}`;
    const info = lookup(item.code);
    if (!info) {
      emit(
        'ITEM_UNKNOWN',
        `${base}/code`,
        yearWhere(year),
        { kind, year: y, code: item.code, field: 'row' },
        {
          code: item.code,
          kind: kindLabel.vi,
          kindEn: kindLabel.en,
        },
      );
      return;
    }
    const label = { vi: `${kindLabel.vi} ${info.label.vi}`, en: `${kindLabel.en} ${info.label.en}` };
    const where = yearWhere(year, label);
    if (seen.has(item.code)) {
      emit(
        'DUPLICATE',
        base,
        where,
        { kind, year: y, code: item.code, field: 'row' },
        {
          item: label.vi,
          itemEn: label.en,
        },
      );
      return;
    }
    seen.add(item.code);
    if (blank(item.level)) {
      emit(
        'LEVEL_MISSING',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        {
          item: label.vi,
          itemEn: label.en,
        },
      );
    } else if (!(QUALITY_LEVELS as readonly string[]).includes(item.level as string)) {
      emit(
        'LEVEL_INVALID',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        {
          value: item.level as string,
          item: label.vi,
          itemEn: label.en,
          allowed: QUALITY_LEVELS.join(', '),
        },
      );
    }
    if (blank(item.comment)) {
      const key = config.qualityCommentRequired ? 'COMMENT_MISSING' : 'QUALITY_COMMENT_MISSING';
      emit(
        key,
        `${base}/comment`,
        where,
        { kind, year: y, code: item.code, field: 'comment' },
        {
          item: label.vi,
          itemEn: label.en,
          subject: label.vi,
          subjectEn: label.en,
        },
      );
    }
  });
  for (const info of table) {
    if (!seen.has(info.code)) {
      const label = { vi: `${kindLabel.vi} ${info.label.vi}`, en: `${kindLabel.en} ${info.label.en}` };
      emit(
        'QUALITY_MISSING',
        `/years/${y}/${listName}/-`,
        yearWhere(year, label),
        {
          kind,
          year: y,
          code: info.code,
          field: 'row',
        },
        { item: label.vi, itemEn: label.en },
      );
    }
  }
}
