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
    // Names and places are built for a finding only: most items have none, and a class is
    // re-checked on every edit (docs/performance.md, "Thông tư 27 checks").
    const named = () => {
      const label = { vi: `${kindLabel.vi} ${info.label.vi}`, en: `${kindLabel.en} ${info.label.en}` };
      return { where: yearWhere(year, label), params: { item: label.vi, itemEn: label.en } };
    };
    if (seen.has(item.code)) {
      const { where, params } = named();
      emit('DUPLICATE', base, where, { kind, year: y, code: item.code, field: 'row' }, params);
      return;
    }
    seen.add(item.code);
    if (blank(item.level)) {
      const { where, params } = named();
      emit(
        'LEVEL_MISSING',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        params,
      );
    } else if (!(QUALITY_LEVELS as readonly string[]).includes(item.level as string)) {
      const { where, params } = named();
      emit(
        'LEVEL_INVALID',
        `${base}/level`,
        where,
        { kind, year: y, code: item.code, field: 'level' },
        { value: item.level as string, ...params, allowed: QUALITY_LEVELS.join(', ') },
      );
    }
    if (blank(item.comment)) {
      const key = config.qualityCommentRequired ? 'COMMENT_MISSING' : 'QUALITY_COMMENT_MISSING';
      const { where, params } = named();
      emit(
        key,
        `${base}/comment`,
        where,
        { kind, year: y, code: item.code, field: 'comment' },
        { ...params, subject: params.item, subjectEn: params.itemEn },
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
