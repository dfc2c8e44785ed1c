/**
 * Every Thông tư 27 rule with its stable code, severity and message templates. Codes are
 * part of the public interface (`hocba check --json`, the extension, portals' tooling):
 * never reuse or rename one.
 */
import { CROSS_YEAR_RULES } from './cross-year/catalog.js';
import { type RuleInfo, rule } from './rule-info.js';

export type { RuleInfo };

export const RULES = {
  IDENTITY_MISSING: rule(
    'TT27-IDENTITY-MISSING',
    'error',
    { vi: 'Thông tin bắt buộc về học sinh, trường', en: 'Required student and school information' },
    { vi: 'Thiếu {field}', en: '{fieldEn} is missing' },
  ),
  DATE_INVALID: rule(
    'TT27-DATE-INVALID',
    'error',
    { vi: 'Ngày hợp lệ', en: 'Valid dates' },
    {
      vi: 'Ngày "{value}" không hợp lệ (cần dạng YYYY-MM-DD)',
      en: 'Date "{value}" is not valid (YYYY-MM-DD)',
    },
  ),
  AGE_IMPLAUSIBLE: rule(
    'TT27-AGE-IMPLAUSIBLE',
    'warning',
    { vi: 'Tuổi phù hợp với lớp', en: 'Age plausible for the grade' },
    {
      vi: 'Học sinh {age} tuổi khi vào lớp 1 (thường từ {min} đến {max})',
      en: 'Student is {age} on entering grade 1 (usually {min} to {max})',
    },
  ),
  AGE_IMPOSSIBLE: rule(
    'TT27-AGE-IMPOSSIBLE',
    'error',
    { vi: 'Tuổi có thể có ở tiểu học', en: 'Age possible in primary school' },
    {
      vi: 'Ngày sinh không thể đúng: học sinh {age} tuổi khi vào lớp 1 (chỉ có thể từ {min} đến {max})',
      en: 'Date of birth cannot be right: the student is {age} on entering grade 1 (possible only from {min} to {max})',
    },
  ),
  CITIZEN_ID_INVALID: rule(
    'TT27-CITIZEN-ID-INVALID',
    'error',
    { vi: 'Số định danh cá nhân 12 chữ số', en: '12-digit personal identification number' },
    {
      vi: 'Số định danh cá nhân "{value}" phải gồm đúng 12 chữ số',
      en: 'Personal ID "{value}" must be exactly 12 digits',
    },
  ),
  CITIZEN_ID_MISMATCH: rule(
    'TT27-CITIZEN-ID-MISMATCH',
    'warning',
    { vi: 'Số định danh khớp giới tính và năm sinh', en: 'Personal ID matches gender and birth year' },
    {
      vi: 'Số định danh cá nhân không khớp {what} (mã {code} nghĩa là {meaning})',
      en: 'Personal ID does not match the {whatEn} (code {code} means {meaningEn})',
    },
  ),
  SUBJECT_MISSING: rule(
    'TT27-SUBJECT-MISSING',
    'error',
    { vi: 'Đủ các môn học của khối lớp', en: 'Every subject of the grade' },
    {
      vi: 'Thiếu môn {subject} (bắt buộc ở lớp {grade})',
      en: '{subjectEn} is missing (required in grade {grade})',
    },
  ),
  SUBJECT_UNKNOWN: rule(
    'TT27-SUBJECT-UNKNOWN',
    'error',
    { vi: 'Mã môn học hợp lệ', en: 'Known subject codes' },
    {
      vi: 'Mã môn học "{code}" không có trong chương trình',
      en: 'Subject code "{code}" is not in the programme',
    },
  ),
  SUBJECT_NOT_IN_GRADE: rule(
    'TT27-SUBJECT-NOT-IN-GRADE',
    'error',
    { vi: 'Môn học thuộc khối lớp', en: 'Subject taught in the grade' },
    { vi: 'Môn {subject} không học ở lớp {grade}', en: '{subjectEn} is not taught in grade {grade}' },
  ),
  DUPLICATE: rule(
    'TT27-DUPLICATE',
    'error',
    { vi: 'Không trùng lặp', en: 'No duplicates' },
    { vi: '{item} xuất hiện hai lần', en: '{itemEn} appears twice' },
  ),
  LEVEL_MISSING: rule(
    'TT27-LEVEL-MISSING',
    'error',
    { vi: 'Có mức đạt được', en: 'Level present' },
    { vi: 'Chưa có mức đạt được cho {item}', en: 'No level for {itemEn}' },
  ),
  LEVEL_INVALID: rule(
    'TT27-LEVEL-INVALID',
    'error',
    { vi: 'Mức đạt được đúng thang', en: 'Level on the right scale' },
    {
      vi: 'Mức "{value}" không hợp lệ cho {item} (chỉ {allowed})',
      en: 'Level "{value}" is not valid for {itemEn} (only {allowed})',
    },
  ),
  SCORE_MISSING: rule(
    'TT27-SCORE-MISSING',
    'error',
    { vi: 'Có điểm KTĐK cuối năm ở môn có kiểm tra', en: 'End-of-year score where tested' },
    { vi: 'Thiếu điểm KTĐK cuối năm môn {subject}', en: 'Missing end-of-year score in {subjectEn}' },
  ),
  SCORE_INVALID: rule(
    'TT27-SCORE-INVALID',
    'error',
    { vi: 'Điểm là số nguyên từ 1 đến 10', en: 'Scores are whole numbers 1 to 10' },
    {
      vi: 'Điểm {value} môn {subject} không hợp lệ (số nguyên từ 1 đến 10)',
      en: 'Score {value} in {subjectEn} is not valid (whole number 1 to 10)',
    },
  ),
  SCORE_UNEXPECTED: rule(
    'TT27-SCORE-UNEXPECTED',
    'warning',
    { vi: 'Không ghi điểm ở môn không kiểm tra', en: 'No score for untested subjects' },
    {
      vi: 'Môn {subject} không có bài KTĐK ở lớp {grade}, nhưng có điểm {value}',
      en: '{subjectEn} has no periodic test in grade {grade}, but a score of {value}',
    },
  ),
  COMMENT_MISSING: rule(
    'TT27-COMMENT-MISSING',
    'error',
    { vi: 'Có nhận xét môn học', en: 'Subject comment present' },
    { vi: 'Chưa có nhận xét môn {subject}', en: 'No comment for {subjectEn}' },
  ),
  QUALITY_COMMENT_MISSING: rule(
    'TT27-QUALITY-COMMENT-MISSING',
    'warning',
    { vi: 'Có nhận xét phẩm chất, năng lực', en: 'Quality and competence comments present' },
    { vi: 'Chưa có nhận xét {item}', en: 'No comment for {itemEn}' },
  ),
  QUALITY_MISSING: rule(
    'TT27-QUALITY-MISSING',
    'error',
    { vi: 'Đủ 5 phẩm chất và 10 năng lực', en: 'All 5 qualities and 10 competences' },
    { vi: 'Thiếu đánh giá {item}', en: '{itemEn} is not rated' },
  ),
  ITEM_UNKNOWN: rule(
    'TT27-ITEM-UNKNOWN',
    'error',
    { vi: 'Mã phẩm chất, năng lực hợp lệ', en: 'Known quality and competence codes' },
    { vi: 'Mã "{code}" không phải {kind}', en: 'Code "{code}" is not a {kindEn}' },
  ),
  RATING_MISSING: rule(
    'TT27-RATING-MISSING',
    'error',
    { vi: 'Có đánh giá kết quả giáo dục', en: 'Year-end rating present' },
    { vi: 'Chưa có đánh giá kết quả giáo dục cuối năm', en: 'No year-end rating' },
  ),
  RATING_INVALID: rule(
    'TT27-RATING-INVALID',
    'error',
    { vi: 'Đánh giá cuối năm đúng thang', en: 'Year-end rating on the scale' },
    {
      vi: 'Đánh giá "{value}" không hợp lệ (HTXS, HTT, HT, CHT)',
      en: 'Rating "{value}" is not valid (HTXS, HTT, HT, CHT)',
    },
  ),
  RATING_TOO_HIGH: rule(
    'TT27-RATING-TOO-HIGH',
    'error',
    { vi: 'Đánh giá không cao hơn kết quả cho phép', en: 'Rating not above what the results support' },
    {
      vi: 'Đánh giá "{rating}" cao hơn kết quả cho phép ("{supported}") theo Điều 9',
      en: 'Rating "{ratingEn}" is above what the results support ("{supportedEn}"), Article 9',
    },
  ),
  RATING_TOO_LOW: rule(
    'TT27-RATING-TOO-LOW',
    'warning',
    { vi: 'Đánh giá thấp hơn kết quả cần có lý do', en: 'A rating below the results needs a reason' },
    {
      vi: 'Đánh giá "{rating}" thấp hơn kết quả cho phép ("{supported}"); ghi lý do vào mục "Lý do đánh giá"',
      en: 'Rating "{ratingEn}" is below what the results support ("{supportedEn}"); give the reason (ratingReason)',
    },
  ),
  AWARD_INCONSISTENT: rule(
    'TT27-AWARD-INCONSISTENT',
    'error',
    { vi: 'Khen thưởng phù hợp đánh giá', en: 'Awards consistent with the rating' },
    {
      vi: 'Khen thưởng "{award}" cần đánh giá "{needed}"',
      en: 'Award "{award}" requires the rating "{neededEn}"',
    },
  ),
  COMPLETION_MISSING: rule(
    'TT27-COMPLETION-MISSING',
    'error',
    { vi: 'Có kết luận hoàn thành chương trình và lên lớp', en: 'Completion and promotion recorded' },
    { vi: 'Chưa ghi {what}', en: '{whatEn} not recorded' },
  ),
  COMPLETION_INCONSISTENT: rule(
    'TT27-COMPLETION-INCONSISTENT',
    'error',
    {
      vi: 'Hoàn thành chương trình, lên lớp khớp đánh giá',
      en: 'Completion and promotion consistent with the rating',
    },
    { vi: '{reason}', en: '{reasonEn}' },
  ),
  GRADE_INVALID: rule(
    'TT27-GRADE-INVALID',
    'error',
    { vi: 'Khối lớp từ 1 đến 5', en: 'Grade 1 to 5' },
    {
      vi: 'Khối lớp "{value}" không phải lớp tiểu học (1 đến 5)',
      en: 'Grade "{value}" is not a primary grade (1 to 5)',
    },
  ),
  FIELD_MISSING: rule(
    'TT27-FIELD-MISSING',
    'error',
    { vi: 'Giá trị bắt buộc của định dạng', en: 'Required values of the format' },
    { vi: 'Thiếu giá trị bắt buộc "{field}"', en: 'Required value "{field}" is missing' },
  ),
  // The one finding for a passed re-assessment with the pupil still marked retained (the
  // cross-year TT27-REASSESSMENT-INCONSISTENT leaves this case here). An error: Điều 11
  // khoản 2 makes a pass a completed grade, and only a pupil who did not complete is retained.
  REASSESSMENT_NOT_APPLIED: rule(
    'TT27-REASSESSMENT-NOT-APPLIED',
    'error',
    { vi: 'Kết quả đánh giá bổ sung được áp dụng', en: 'Re-assessment outcome applied' },
    {
      vi: 'Đánh giá bổ sung ghi "hoàn thành" nhưng học sinh vẫn ghi ở lại lớp{alsoNotCompleted}: đạt thì hoàn thành chương trình lớp học và được lên lớp (Điều 11 khoản 2)',
      en: 'The re-assessment says "completed" but the student is still marked retained{alsoNotCompletedEn}: a pass completes the grade and promotes (Article 11(2))',
    },
  ),
  DELEGATION_INVALID: rule(
    'TT27-DELEGATION-INVALID',
    'error',
    { vi: 'Ký thay đúng thẩm quyền', en: 'Delegated signing where allowed' },
    { vi: '{reason}', en: '{reasonEn}' },
  ),
  LANGUAGE_MISSING: rule(
    'TT27-LANGUAGE-MISSING',
    'warning',
    { vi: 'Ghi rõ ngôn ngữ được học', en: 'The language studied is named' },
    {
      vi: 'Chưa ghi ngôn ngữ được học của môn {subject} (ví dụ "Tiếng Anh")',
      en: 'The language studied in {subjectEn} is not named (e.g. "English")',
    },
  ),
  LANGUAGE_UNEXPECTED: rule(
    'TT27-LANGUAGE-UNEXPECTED',
    'warning',
    { vi: 'Ngôn ngữ chỉ ghi cho môn ngôn ngữ', en: 'Language only for language subjects' },
    {
      vi: 'Môn {subject} không phải môn ngoại ngữ hay tiếng dân tộc, không ghi ngôn ngữ "{value}"',
      en: '{subjectEn} is not a language subject; language "{value}" does not apply',
    },
  ),
  ...CROSS_YEAR_RULES,
} as const satisfies Record<string, RuleInfo>;

export type RuleKey = keyof typeof RULES;

export const RULE_LIST: readonly RuleInfo[] = Object.values(RULES);
