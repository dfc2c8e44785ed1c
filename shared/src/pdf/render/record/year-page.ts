/**
 * One school year's page (or pages): the year's heading and particulars, then the form's
 * sections 1 to 6 (subjects, qualities, competences, the year's rating, awards, completion),
 * then the signature blocks.
 */
import {
  competenceInfo,
  type HocBaRecord,
  qualityInfo,
  RATING_LABELS,
  type Rating,
  type SchoolYearRecord,
  schoolOfYear,
  subjectInfo,
} from '../../../record/index.js';
import { CONTENT_WIDTH, type Flow, MARGIN } from '../layout.js';
import { type SignatureFieldPlaces, signatureBlocks } from './signature-blocks.js';
import { levelText, viDate } from './text.js';

const COMPLETION: Record<string, string> = {
  completed: 'Hoàn thành chương trình lớp học',
  'not-completed': 'Chưa hoàn thành chương trình lớp học',
};
const PROMOTION: Record<string, string> = {
  promoted: 'Được lên lớp',
  retained: 'Chưa được lên lớp',
  'completed-primary': 'Hoàn thành chương trình tiểu học',
};

const REASSESSMENT: Record<string, string> = {
  completed: 'hoàn thành chương trình lớp học',
  'not-completed': 'chưa hoàn thành chương trình lớp học',
};

/** "Ngoại ngữ 1 (Tiếng Anh)": language subjects name the language studied. */
function subjectLabel(subject: SchoolYearRecord['subjects'][number]): string {
  const label = subjectInfo(subject.code)?.label.vi ?? subject.code;
  return subject.language?.trim() ? `${label} (${subject.language.trim()})` : label;
}

export function yearPages(
  flow: Flow,
  record: HocBaRecord,
  year: SchoolYearRecord,
  isLast: boolean,
  fields: Partial<SignatureFieldPlaces>,
): void {
  const title = `NĂM HỌC ${year.schoolYear} · LỚP ${year.className}`;
  flow.newPage(() => {
    flow.paragraph(`${title} (tiếp theo)`, { size: 10, bold: true }, MARGIN.left, CONTENT_WIDTH, 6);
  });
  flow.paragraph(title, { size: 14, bold: true, align: 'center' }, MARGIN.left, CONTENT_WIDTH, 2);
  flow.paragraph(
    schoolOfYear(record, year).name,
    { size: 10, align: 'center' },
    MARGIN.left,
    CONTENT_WIDTH,
    8,
  );
  flow.field('Họ và tên học sinh', record.student.fullName);
  flow.field('Giáo viên chủ nhiệm', year.homeroomTeacher);
  const health = [
    year.heightCm != null ? `Chiều cao: ${year.heightCm} cm` : '',
    year.weightKg != null ? `Cân nặng: ${year.weightKg} kg` : '',
    year.daysAbsent != null ? `Số ngày nghỉ: ${year.daysAbsent}` : '',
  ].filter(Boolean);
  if (health.length) flow.paragraph(health.join('   ·   '), { size: 10 });
  flow.gap(6);

  flow.paragraph('1. Các môn học và hoạt động giáo dục', { size: 11, bold: true });
  flow.table(
    [
      { title: 'Môn học và hoạt động giáo dục', width: 120 },
      { title: 'Mức đạt được', width: 52, align: 'center' },
      { title: 'Điểm KTĐK', width: 48, align: 'center' },
      { title: 'Nhận xét', width: 280 },
    ],
    year.subjects.map((s) => [
      subjectLabel(s),
      levelText(s.level),
      s.score == null ? '' : String(s.score),
      s.comment,
    ]),
  );
  const qualityTable = (
    heading: string,
    items: SchoolYearRecord['qualities'],
    label: (c: string) => string,
  ) => {
    flow.ensure(60);
    flow.paragraph(heading, { size: 11, bold: true });
    flow.table(
      [
        { title: heading.replace(/^\d+\.\s*/, ''), width: 150 },
        { title: 'Mức đạt được', width: 60, align: 'center' },
        { title: 'Nhận xét', width: 290 },
      ],
      items.map((q) => [label(q.code), levelText(q.level), q.comment]),
    );
  };
  qualityTable('2. Những phẩm chất chủ yếu', year.qualities, (c) => qualityInfo(c)?.label.vi ?? c);
  qualityTable('3. Những năng lực cốt lõi', year.competences, (c) => competenceInfo(c)?.label.vi ?? c);

  // Headings keep at least their first line of content with them.
  flow.ensure(40);
  flow.paragraph('4. Đánh giá kết quả giáo dục', { size: 11, bold: true }, MARGIN.left, CONTENT_WIDTH, 2);
  flow.paragraph(
    year.rating ? `${RATING_LABELS[year.rating as Rating]?.vi ?? year.rating} (${year.rating})` : '—',
    { size: 10 },
    MARGIN.left + 12,
    CONTENT_WIDTH - 12,
  );
  if (year.ratingReason?.trim())
    flow.paragraph(`Lý do: ${year.ratingReason}`, { size: 10 }, MARGIN.left + 12, CONTENT_WIDTH - 12);
  flow.ensure(40);
  flow.paragraph('5. Khen thưởng', { size: 11, bold: true }, MARGIN.left, CONTENT_WIDTH, 2);
  if (year.awards.length === 0) flow.paragraph('Không', { size: 10 }, MARGIN.left + 12, CONTENT_WIDTH - 12);
  for (const a of year.awards)
    flow.paragraph(`– ${a}`, { size: 10 }, MARGIN.left + 12, CONTENT_WIDTH - 12, 1);
  flow.paragraph(
    '6. Hoàn thành chương trình lớp học / tiểu học',
    { size: 11, bold: true },
    MARGIN.left,
    CONTENT_WIDTH,
    2,
  );
  const done = [
    year.completion ? COMPLETION[year.completion] : '',
    year.promotion ? PROMOTION[year.promotion] : '',
  ]
    .filter(Boolean)
    .join('; ');
  flow.paragraph(done || '—', { size: 10 }, MARGIN.left + 12, CONTENT_WIDTH - 12);
  if (year.reassessment)
    flow.paragraph(
      [
        `Kiểm tra, đánh giá bổ sung ngày ${viDate(year.reassessment.date)}: ${year.reassessment.note}`,
        year.reassessment.result ? `Kết quả: ${REASSESSMENT[year.reassessment.result]}.` : '',
        year.reassessment.decision ? `Quyết định của Hiệu trưởng: ${year.reassessment.decision}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
      { size: 10 },
      MARGIN.left + 12,
      CONTENT_WIDTH - 12,
    );

  signatureBlocks(flow, record, year, isLast, fields);
}
