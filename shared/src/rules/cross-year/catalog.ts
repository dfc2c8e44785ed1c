/**
 * The rules that read the whole primary schooling (five years or more, across schools):
 * year sequence, grade progression, study history, dates, the signature slots, identity
 * changes. Each cites the article or note it rests on and argues its severity: what the
 * law or the calendar makes impossible is an error; what is legal but unusual (a skipped
 * grade, a gvcn slot signed by someone other than the homeroom teacher) is a warning.
 *
 * Reading of Thông tư 27, Điều 11 (decided here, applied by the rules and the generator):
 * khoản 1 confirms "hoàn thành chương trình lớp học" for HTXS/HTT/HT; khoản 2 has the
 * teacher support a pupil who is not yet confirmed and re-assess them "để xét hoàn thành
 * chương trình lớp học". So a pupil rated CHT at year end who then passes the re-assessment
 * (`reassessment.result: "completed"`) IS recorded as completed, and promoted; the year-end rating
 * stays CHT. Only a pupil who still fails (`"not-completed"`) is left to the principal
 * (khoản 3), whose decision, promoted or retained, must be recorded
 * (`reassessment.decision`). Khoản 4: "hoàn thành chương trình tiểu học" only for a pupil
 * confirmed as completing grade 5.
 */
import { type CrossYearRule, rule } from '../rule-info.js';

export type { CrossYearRule };

const PL1 = { vi: 'Thông tư 27/2020, Phụ lục 1 (mẫu học bạ)', en: 'Circular 27/2020, Annex 1 (record form)' };

export const CROSS_YEAR_RULES = {
  YEAR_LABEL_INVALID: rule(
    'TT27-YEAR-LABEL-INVALID',
    'error',
    { vi: 'Năm học ghi đúng dạng YYYY-YYYY', en: 'School year written YYYY-YYYY' },
    {
      vi: 'Năm học "{value}" không hợp lệ (cần hai năm liền nhau, ví dụ 2024-2025)',
      en: 'School year "{value}" is not valid (two consecutive years, e.g. 2024-2025)',
    },
    {
      vi: `${PL1.vi}: một trang cho mỗi năm học; năm học kéo dài đúng một năm. Sai nhãn thì không xếp được các năm: lỗi.`,
      en: `${PL1.en}: one page per school year, which spans exactly one year. A wrong label cannot be placed: error.`,
    },
  ),
  YEAR_DUPLICATE: rule(
    'TT27-YEAR-DUPLICATE',
    'error',
    { vi: 'Mỗi năm học chỉ một trang', en: 'One page per school year' },
    {
      vi: 'Năm học {schoolYear} có hai trang kết quả (lớp {first} và lớp {second})',
      en: 'School year {schoolYear} has two result pages (class {first} and class {second})',
    },
    {
      vi: `${PL1.vi}: một trang cho mỗi năm học. Hai trang cho một năm thì không biết trang nào là kết quả thật: lỗi, không phải cảnh báo.`,
      en: `${PL1.en}: one page per school year. Two pages for one year leave the real result unknown: an error, not a warning.`,
    },
  ),
  YEAR_SEQUENCE: rule(
    'TT27-YEAR-SEQUENCE',
    'error',
    { vi: 'Các năm học theo thứ tự thời gian', en: 'School years in time order' },
    { vi: '{reason}', en: '{reasonEn}' },
    {
      vi: `${PL1.vi}: các trang theo thứ tự năm học. Năm sau ghi trước năm trước là không thể: lỗi.`,
      en: `${PL1.en}: pages follow the school years. A later year before an earlier one is impossible: error.`,
    },
  ),
  YEAR_GAP: rule(
    'TT27-YEAR-GAP',
    'error',
    { vi: 'Không thiếu năm học', en: 'No missing school year' },
    {
      vi: 'Thiếu năm học {missing} giữa năm học {before} và {after}, và quá trình học tập không ghi học sinh nghỉ học',
      en: 'School year {missing} is missing between {before} and {after}, and the study history records no break',
    },
    {
      vi: `${PL1.vi}: mỗi năm học có một trang. Năm bị thiếu mà không có ngày rời trường và lý do (tạm nghỉ, thôi học) trong quá trình học tập thì học bạ thiếu trang: lỗi.`,
      en: `${PL1.en}: each school year has a page. A missing year with no leaving date and reason (break, dropped out) in the history means a missing page: error.`,
    },
  ),
  GRADE_PROGRESSION: rule(
    'TT27-GRADE-PROGRESSION',
    'error',
    { vi: 'Khối lớp theo kết quả lên lớp năm trước', en: 'Grade follows the previous promotion' },
    {
      vi: 'Năm học {schoolYear} học lớp {grade}, nhưng năm học {previous} ở lớp {previousGrade} {decision}',
      en: 'In {schoolYear} the pupil is in grade {grade}, but in {previous} (grade {previousGrade}) {decisionEn}',
    },
    {
      vi: 'Thông tư 27, Điều 11: được lên lớp thì học lớp trên, chưa được lên lớp thì học lại lớp đó. Khác đi là không thể: lỗi.',
      en: 'Circular 27, Article 11: promoted means the next grade, retained means the same grade again. Anything else is impossible: error.',
    },
  ),
  GRADE_SKIPPED: rule(
    'TT27-GRADE-SKIPPED',
    'warning',
    { vi: 'Học vượt lớp', en: 'Skipped grade' },
    {
      vi: 'Từ lớp {previousGrade} (năm học {previous}) lên thẳng lớp {grade} (năm học {schoolYear}): học vượt lớp cần có quyết định',
      en: 'From grade {previousGrade} ({previous}) straight to grade {grade} ({schoolYear}): a skipped grade needs a decision',
    },
    {
      vi: 'Học vượt lớp là hợp pháp nhưng hiếm (có quyết định của Hiệu trưởng): cảnh báo để người duyệt kiểm tra, không chặn ký.',
      en: 'Skipping a grade is legal but rare (by the principal’s decision): a warning for the approver to check, not a block.',
    },
  ),
  YEAR_AFTER_COMPLETION: rule(
    'TT27-YEAR-AFTER-COMPLETION',
    'error',
    { vi: 'Hoàn thành chương trình tiểu học là năm cuối', en: 'Completing primary is the last year' },
    {
      vi: 'Năm học {schoolYear} ghi sau năm học {completedIn}, năm đã hoàn thành chương trình tiểu học',
      en: 'School year {schoolYear} comes after {completedIn}, when primary school was completed',
    },
    {
      vi: 'Thông tư 27, Điều 11 khoản 4: hoàn thành chương trình tiểu học kết thúc cấp học; không thể có năm tiểu học sau đó: lỗi.',
      en: 'Circular 27, Article 11(4): completing primary ends the level; no primary year can follow: error.',
    },
  ),
  HISTORY_MISSING: rule(
    'TT27-HISTORY-MISSING',
    'error',
    { vi: 'Quá trình học tập ghi đủ các năm', en: 'Study history covers every year' },
    {
      vi: 'Quá trình học tập thiếu năm học {schoolYear}',
      en: 'Study history lacks the school year {schoolYear}',
    },
    {
      vi: `${PL1.vi}, mục Quá trình học tập: một dòng cho mỗi năm học (năm, lớp, trường). Trường tiếp nhận đọc mục này; thiếu dòng là che mất một lần chuyển trường: lỗi.`,
      en: `${PL1.en}, study history: one row per school year (year, class, school). The receiving school reads it; a missing row hides a change of school: error.`,
    },
  ),
  HISTORY_NO_YEAR: rule(
    'TT27-HISTORY-NO-YEAR',
    'error',
    { vi: 'Mỗi dòng quá trình học tập có trang kết quả', en: 'Every history row has a result page' },
    {
      vi: 'Quá trình học tập ghi năm học {schoolYear} (lớp {className}, {school}) nhưng học bạ không có trang kết quả năm đó',
      en: 'The study history lists {schoolYear} (class {className}, {school}) but the record has no result page for it',
    },
    {
      vi: `${PL1.vi}: năm đã học thì có trang kết quả, trừ khi học sinh rời trường giữa năm (tạm nghỉ, thôi học). Thiếu trang: lỗi.`,
      en: `${PL1.en}: a year studied has a result page, unless the pupil left mid-year (break, dropped out). A missing page: error.`,
    },
  ),
  HISTORY_DUPLICATE: rule(
    'TT27-HISTORY-DUPLICATE',
    'error',
    { vi: 'Quá trình học tập không trùng dòng', en: 'No duplicated history rows' },
    {
      vi: 'Quá trình học tập ghi hai lần năm học {schoolYear}, lớp {className}, {school}',
      en: 'The study history lists {schoolYear}, class {className}, {school} twice',
    },
    {
      vi: 'Hai dòng giống hệt nhau không thể là hai lần nhập học; chuyển trường giữa năm là hai dòng khác trường. Trùng lặp là lỗi.',
      en: 'Two identical rows cannot be two enrolments; a mid-year transfer is two rows with different schools. Duplicates are errors.',
    },
  ),
  HISTORY_MISMATCH: rule(
    'TT27-HISTORY-MISMATCH',
    'error',
    { vi: 'Quá trình học tập khớp trang kết quả', en: 'Study history matches the result pages' },
    {
      vi: 'Năm học {schoolYear}: {what} trong quá trình học tập là "{history}", trang kết quả ghi "{page}"',
      en: 'School year {schoolYear}: the history’s {whatEn} is "{history}", the result page says "{page}"',
    },
    {
      vi: `${PL1.vi}: lớp và trường của một năm ghi ở hai nơi; khác nhau thì một trong hai sai: lỗi.`,
      en: `${PL1.en}: a year’s class and school are written in two places; if they differ one is wrong: error.`,
    },
  ),
  ENROLLED_MISSING: rule(
    'TT27-ENROLLED-MISSING',
    'error',
    { vi: 'Có ngày chuyển đến khi đổi trường', en: 'Arrival date at every change of school' },
    {
      vi: 'Năm học {schoolYear}: chuyển từ {from} đến {school} nhưng không ghi ngày chuyển đến',
      en: 'School year {schoolYear}: moved from {from} to {school} with no arrival date',
    },
    {
      vi: `${PL1.vi}: cột "ngày nhập học / chuyển đến". Khi đổi trường, ngày đến là căn cứ hồ sơ chuyển trường: lỗi nếu thiếu.`,
      en: `${PL1.en}: the "enrolled / arrived on" column. At a change of school the arrival date is what the transfer file rests on: error if missing.`,
    },
  ),
  DATE_OUTSIDE_YEAR: rule(
    'TT27-DATE-OUTSIDE-YEAR',
    'error',
    { vi: 'Ngày nằm trong năm học của nó', en: 'Dates inside their school year' },
    {
      vi: 'Năm học {schoolYear}: {what} {value} nằm ngoài năm học (từ {from} đến {to})',
      en: 'School year {schoolYear}: {whatEn} {value} is outside the school year ({from} to {to})',
    },
    {
      vi: 'Ngày nhập học, chuyển đi, đánh giá bổ sung (Điều 11) thuộc năm học của dòng đó; năm học tính từ 01/8 đến 31/7 (đánh giá bổ sung đến 31/8, trước năm học mới). Ngoài khoảng đó là không thể: lỗi.',
      en: 'Arrival, leaving and re-assessment (Article 11) dates belong to their school year, 1 Aug to 31 Jul (re-assessment until 31 Aug, before the next year). Outside that is impossible: error.',
    },
  ),
  HISTORY_INCONSISTENT: rule(
    'TT27-HISTORY-INCONSISTENT',
    'error',
    { vi: 'Ngày đến, ngày đi, lý do nhất quán', en: 'Arrival, leaving and reason consistent' },
    { vi: 'Năm học {schoolYear}: {reason}', en: 'School year {schoolYear}: {reasonEn}' },
    {
      vi: 'Rời trường phải sau khi đến, và có lý do (chuyển trường, sáp nhập, tạm nghỉ, thôi học) để trường tiếp nhận biết vì sao: lỗi nếu mâu thuẫn.',
      en: 'Leaving comes after arriving and has a reason (transfer, merger, break, dropped out) so the receiving school knows why: error if contradictory.',
    },
  ),
  REASSESSMENT_INCONSISTENT: rule(
    'TT27-REASSESSMENT-INCONSISTENT',
    'error',
    {
      vi: 'Đánh giá bổ sung và quyết định của Hiệu trưởng',
      en: 'Re-assessment and the principal’s decision',
    },
    { vi: 'Năm học {schoolYear}: {reason}', en: 'School year {schoolYear}: {reasonEn}' },
    {
      vi: 'Thông tư 27, Điều 11 khoản 2-4 (cách đọc ghi ở đầu tệp): đánh giá bổ sung đạt thì hoàn thành chương trình lớp học; không đạt thì Hiệu trưởng quyết định lên lớp hay ở lại, và quyết định phải được ghi; lớp 5 chỉ hoàn thành chương trình tiểu học khi hoàn thành lớp 5.',
      en: 'Circular 27, Article 11(2)-(4), reading at the top of this file: passing the re-assessment completes the grade; failing leaves promotion to the principal, whose decision must be recorded; grade 5 completes primary only when grade 5 is completed.',
    },
  ),
  SIGNATURE_ORDER: rule(
    'TT27-SIGNATURE-ORDER',
    'error',
    { vi: 'Thứ tự ký: GVCN, Hiệu trưởng, con dấu', en: 'Signing order: homeroom teacher, principal, seal' },
    {
      vi: 'Năm học {schoolYear}: {role} đã ký {when} trước khi {before} ký',
      en: 'School year {schoolYear}: the {roleEn} signed {whenEn} before the {beforeEn} did',
    },
    {
      vi: 'Thông tư 27, Điều 7 và mẫu học bạ: GVCN ghi và ký kết quả, Hiệu trưởng xác nhận sau, con dấu sau cùng. Hiệu trưởng xác nhận điều chưa được ghi là không hợp lệ: lỗi.',
      en: 'Circular 27, Article 7 and the form: the homeroom teacher records and signs, the principal confirms after, the seal last. Confirming what was not yet recorded is invalid: error.',
    },
  ),
  SIGNATURE_TOO_EARLY: rule(
    'TT27-SIGNATURE-TOO-EARLY',
    'error',
    { vi: 'Ký sau khi kết thúc năm học', en: 'Signed after the school year ends' },
    {
      vi: 'Năm học {schoolYear}: {role} ký ngày {date}, trước khi đánh giá cuối năm (từ {from})',
      en: 'School year {schoolYear}: the {roleEn} signed on {date}, before the year-end assessment (from {from})',
    },
    {
      vi: 'Học bạ ghi kết quả cuối năm (Điều 7, 9); năm học kết thúc trước 31/5 theo khung kế hoạch của Bộ. Chữ ký trước khi có kết quả là không thể: lỗi. Ngày bắt đầu được ký (mặc định 15/5) là giả định, chỉnh trong RuleConfig.',
      en: 'The record holds year-end results (Articles 7, 9); the year ends by 31 May under MOET’s frame plan. A signature before the results exist is impossible: error. The first signing day (15 May by default) is assumed, set in RuleConfig.',
    },
  ),
  SIGNATURE_EARLIER_UNSIGNED: rule(
    'TT27-SIGNATURE-EARLIER-UNSIGNED',
    'error',
    { vi: 'Năm trước ký trước năm sau', en: 'Earlier years signed first' },
    {
      vi: 'Năm học {schoolYear} chưa có chữ ký {role}, nhưng năm học sau {later} đã ký',
      en: 'School year {schoolYear} lacks the {roleEn} signature, but the later year {later} is signed',
    },
    {
      vi: 'CV 1396/BGDĐT-GDTH: học bạ số có giá trị khi có chữ ký số của người có thẩm quyền. Năm sau đã ký mà năm trước chưa thì học bạ có một năm không có giá trị pháp lý: lỗi.',
      en: 'CV 1396/BGDĐT-GDTH: a digital record has legal value once signed by the competent people. A later year signed over an unsigned earlier one leaves a year without legal value: error.',
    },
  ),
  SIGNER_MISSING: rule(
    'TT27-SIGNER-MISSING',
    'error',
    { vi: 'Ô đã ký có tên và thời điểm ký', en: 'A signed slot names the signer and the time' },
    {
      vi: 'Năm học {schoolYear}: ô {role} ghi đã ký nhưng thiếu {what}',
      en: 'School year {schoolYear}: the {roleEn} slot is marked signed but lacks the {whatEn}',
    },
    {
      vi: 'Thông tư 15/2025/TT-BKHCN và mẫu học bạ: người ký và thời điểm ký phải hiện được. Thiếu là không kiểm chứng được: lỗi.',
      en: 'Circular 15/2025/TT-BKHCN and the form: the signer and the signing time must be shown. Missing, it cannot be verified: error.',
    },
  ),
  HOMEROOM_TEACHER_MISSING: rule(
    'TT27-HOMEROOM-TEACHER-MISSING',
    'error',
    { vi: 'Có họ tên giáo viên chủ nhiệm', en: 'Homeroom teacher named' },
    {
      vi: 'Năm học {schoolYear}, lớp {className}: chưa ghi họ tên giáo viên chủ nhiệm',
      en: 'School year {schoolYear}, class {className}: no homeroom teacher named',
    },
    {
      vi: `${PL1.vi}: mỗi năm ghi họ tên và chữ ký GVCN, người chịu trách nhiệm kết quả. Thiếu: lỗi.`,
      en: `${PL1.en}: each year names the homeroom teacher, who answers for the results. Missing: error.`,
    },
  ),
  SIGNER_NOT_HOMEROOM: rule(
    'TT27-SIGNER-NOT-HOMEROOM',
    'warning',
    { vi: 'GVCN ký là giáo viên chủ nhiệm của năm', en: 'The gvcn slot signed by that year’s teacher' },
    {
      vi: 'Năm học {schoolYear}: ô GVCN do "{signer}" ký{how}, nhưng giáo viên chủ nhiệm của năm là "{teacher}". {advice}',
      en: 'School year {schoolYear}: the homeroom slot was signed by "{signer}"{howEn}, but that year’s homeroom teacher is "{teacher}". {adviceEn}',
    },
    {
      vi: 'Giáo viên dạy thay (nghỉ sinh, chuyển công tác) có thể ký hợp pháp bằng tên mình: cảnh báo để người duyệt kiểm tra, không chặn ký. Ký thay (KT.) chỉ dành cho xác nhận của Hiệu trưởng, không làm cho người khác thành giáo viên chủ nhiệm (TT27-DELEGATION-INVALID báo riêng).',
      en: 'A substitute teacher (leave, reassignment) may lawfully sign in their own name: a warning for the approver, not a block. Signing on behalf (KT.) exists only for the principal’s approval and does not make someone else the homeroom teacher (TT27-DELEGATION-INVALID reports it separately).',
    },
  ),
  IDENTITY_CHANGE_INVALID: rule(
    'TT27-IDENTITY-CHANGE-INVALID',
    'error',
    {
      vi: 'Thay đổi nhân thân có ngày, căn cứ, khớp hiện tại',
      en: 'Identity changes dated, founded, current',
    },
    { vi: 'Thay đổi {field} ngày {date}: {reason}', en: 'Change of {fieldEn} on {date}: {reasonEn}' },
    {
      vi: `${PL1.vi}: thông tin ghi theo giấy khai sinh; đổi tên, cải chính hộ tịch phải có quyết định (căn cứ) và giá trị mới phải là giá trị đang ghi: lỗi nếu không.`,
      en: `${PL1.en}: identity follows the birth certificate; a change of name or civil-status correction needs its decision (basis) and the new value must be the one recorded: error otherwise.`,
    },
  ),
} as const satisfies Record<string, CrossYearRule>;
