/**
 * The identity page: the school and state headings, the student's particulars, quá trình
 * học tập (the schools attended) and any change of the student's details.
 */
import { type HocBaRecord, LEAVING_REASON_LABELS } from '../../../record/index.js';
import { CONTENT_WIDTH, type Flow, MARGIN } from '../layout.js';
import { viDate } from './text.js';

const GENDER = { nam: 'Nam', nu: 'Nữ' } as const;

export function identityPage(flow: Flow, record: HocBaRecord): void {
  flow.newPage();
  const half = CONTENT_WIDTH / 2;
  const top = flow.y;
  flow.drawLine(record.school.province.toUpperCase(), MARGIN.left, top - 10, half, {
    size: 9,
    align: 'center',
  });
  flow.drawLine(record.school.department, MARGIN.left, top - 22, half, { size: 9, align: 'center' });
  flow.drawLine(record.school.name, MARGIN.left, top - 34, half, { size: 9, bold: true, align: 'center' });
  flow.drawLine('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', MARGIN.left + half, top - 10, half, {
    size: 9,
    bold: true,
    align: 'center',
  });
  flow.drawLine('Độc lập - Tự do - Hạnh phúc', MARGIN.left + half, top - 22, half, {
    size: 9,
    bold: true,
    align: 'center',
  });
  flow.y = top - 90;
  flow.paragraph('HỌC BẠ', { size: 30, bold: true, align: 'center' }, MARGIN.left, CONTENT_WIDTH, 6);
  flow.paragraph('CẤP TIỂU HỌC', { size: 16, bold: true, align: 'center' }, MARGIN.left, CONTENT_WIDTH, 30);
  const s = record.student;
  flow.field('Họ và tên học sinh', s.fullName.toUpperCase(), 12);
  flow.field('Giới tính', GENDER[s.gender]);
  flow.field('Ngày sinh', viDate(s.dateOfBirth));
  flow.field('Dân tộc', s.ethnicity);
  flow.field('Quốc tịch', s.nationality);
  flow.field('Nơi sinh', s.placeOfBirth);
  flow.field('Quê quán', s.hometown);
  flow.field('Nơi ở hiện nay', s.address);
  flow.field('Họ và tên cha', s.fatherName ?? '');
  flow.field('Họ và tên mẹ', s.motherName ?? '');
  if (s.guardianName) flow.field('Người giám hộ', s.guardianName);
  flow.field('Mã học sinh', s.studentCode);
  flow.field('Số định danh cá nhân', s.citizenId);
  flow.field('Mã học bạ', record.recordId);
  flow.gap(18);
  flow.paragraph(
    'QUÁ TRÌNH HỌC TẬP',
    { size: 12, bold: true, align: 'center' },
    MARGIN.left,
    CONTENT_WIDTH,
    6,
  );
  flow.table(
    [
      { title: 'Năm học', width: 70, align: 'center' },
      { title: 'Lớp', width: 40, align: 'center' },
      { title: 'Tên trường', width: 200 },
      { title: 'Ngày nhập học / chuyển đến', width: 90, align: 'center' },
      { title: 'Ngày chuyển đi, lý do', width: 100, align: 'center' },
    ],
    record.history.map((h) => [
      h.schoolYear,
      h.className,
      h.school,
      viDate(h.enrolledOn),
      [viDate(h.leftOn), h.leavingReason ? LEAVING_REASON_LABELS[h.leavingReason].vi : '']
        .filter(Boolean)
        .join(', '),
    ]),
  );
  const changes = record.identityChanges ?? [];
  if (changes.length > 0) {
    flow.gap(6);
    flow.paragraph('Thay đổi thông tin học sinh', { size: 11, bold: true }, MARGIN.left, CONTENT_WIDTH, 2);
    for (const c of changes) {
      flow.paragraph(
        `${viDate(c.date)}: ${c.field === 'fullName' ? 'họ và tên' : c.field} "${c.from}" → "${c.to}" (căn cứ: ${c.basis})`,
        { size: 9.5 },
      );
    }
  }
}
