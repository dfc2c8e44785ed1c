/**
 * A học bạ record rendered as the Thông tư 27 paper form: identity page with quá trình học
 * tập, then one page (or more) per school year, with signature blocks whose fields the
 * signers fill later. Runs in browsers and Node: fonts come in as bytes.
 */
import { PDFDocument, PDFHexString, PDFName, type PDFPage, type PDFRef, rgb } from 'pdf-lib';
import {
  competenceInfo,
  type HocBaRecord,
  LEAVING_REASON_LABELS,
  qualityInfo,
  RATING_LABELS,
  type Rating,
  type SchoolYearRecord,
  type SignatureSlot,
  schoolOfYear,
  subjectInfo,
} from '../../record/index.js';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '../../roles/index.js';
import { delegationCapacity } from '../capacity.js';
import { sha256 } from '../cms/der.js';
import { hex } from '../incremental/serialize.js';
import { cachedFontkit } from '../parsed-font.js';
import { attachRecordJson, setXmpMetadata } from './embed.js';
import { A4, CONTENT_WIDTH, drawTextLine, Flow, type Fonts, MARGIN, wrapText } from './layout.js';

export interface RenderRecordOptions {
  /** TrueType bytes with every Vietnamese glyph (DejaVu Sans and DejaVu Sans Bold). */
  fonts: { regular: Uint8Array; bold: Uint8Array };
  /** Date written to the metadata (default: 31 May of the last school year: deterministic). */
  date?: Date;
  /** Attach the record JSON as an associated file (default true). */
  embedData?: boolean;
}

export interface RenderedRecordPdf {
  pdf: Uint8Array;
  /** The exact bytes attached as hocba-record.json. */
  recordJson: Uint8Array;
  /** Lower-case hex SHA-256 of `recordJson` (also in the XMP metadata). */
  recordSha256: string;
  pageCount: number;
  /** Where each role's signature field sits (page index from 0, rect in points). */
  signatureFields: Record<SignatureRole, { page: number; rect: [number, number, number, number] }>;
}

export const PRODUCER = 'Học bạ số (hocba-so)';

const GENDER = { nam: 'Nam', nu: 'Nữ' } as const;

function viDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

const levelText = (level: string | null) => (level ? `${level}` : '—');

function defaultDate(record: HocBaRecord): Date {
  const last = record.years[record.years.length - 1];
  const end = Number(/(\d{4})\D*$/.exec(last?.schoolYear ?? '')?.[1] ?? 2000);
  return new Date(Date.UTC(end, 4, 31, 0, 0, 0));
}

function footer(fonts: Fonts, record: HocBaRecord) {
  return (page: PDFPage, n: number) => {
    const text = `Học bạ số · ${record.student.fullName} · Mã học bạ ${record.recordId} · Trang ${n}`;
    drawTextLine(page, text, {
      x: MARGIN.left,
      y: MARGIN.bottom - 16,
      size: 7.5,
      font: fonts.regular,
      color: rgb(0.35, 0.35, 0.35),
    });
    page.drawLine({
      start: { x: MARGIN.left, y: MARGIN.bottom - 4 },
      end: { x: A4[0] - MARGIN.right, y: MARGIN.bottom - 4 },
      thickness: 0.4,
      color: rgb(0.6, 0.6, 0.6),
    });
  };
}

function identityPage(flow: Flow, record: HocBaRecord): void {
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

/**
 * The heading of a signature block. A delegated approval reads, as Vietnamese official
 * documents do, "KT. HIỆU TRƯỞNG" over the deputy's title ("PHÓ HIỆU TRƯỞNG").
 */
export function blockHeading(role: SignatureRole, slot: SignatureSlot): [string, string | undefined] {
  const capacity = role === 'principal' ? delegationCapacity(slot) : undefined;
  return capacity ? capacity.heading : [ROLES[role].blockTitle.vi, undefined];
}

const SIG_BLOCK_HEIGHT = 118;

function yearPages(
  flow: Flow,
  record: HocBaRecord,
  year: SchoolYearRecord,
  isLast: boolean,
  fields: Partial<RenderedRecordPdf['signatureFields']>,
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

  // Signature blocks: GVCN, Hiệu trưởng, con dấu. Only the last year's blocks get fields.
  flow.gap(6);
  flow.ensure(SIG_BLOCK_HEIGHT + 16);
  flow.drawLine(
    `${record.school.locality}, năm học ${year.schoolYear}`,
    MARGIN.left,
    flow.y - 10,
    CONTENT_WIDTH,
    {
      size: 9.5,
      align: 'right',
    },
  );
  flow.y -= 18;
  const w = CONTENT_WIDTH / 3;
  SIGNATURE_ROLES.forEach((role, i) => {
    const x = MARGIN.left + i * w;
    const slot = year.signatures[role];
    const [heading, deputy] = blockHeading(role, slot);
    flow.drawLine(heading, x, flow.y - 10, w, { size: 10, bold: true, align: 'center' });
    const hint = deputy ?? (role === 'seal' ? '(chữ ký số của nhà trường)' : '(ký số, ghi rõ họ tên)');
    flow.drawLine(
      hint,
      x,
      flow.y - 22,
      w,
      deputy
        ? { size: 10, bold: true, align: 'center' }
        : { size: 8, align: 'center', color: [0.35, 0.35, 0.35] },
    );
    const rect: [number, number, number, number] = [x + 6, flow.y - 100, x + w - 6, flow.y - 28];
    if (isLast) fields[role] = { page: flow.pageNumber - 1, rect };
    else if (slot.status === 'signed')
      flow.drawLine(`Đã ký số${slot.signedAt ? ` ngày ${viDate(slot.signedAt)}` : ''}`, x, flow.y - 64, w, {
        size: 9,
        align: 'center',
        color: [0.1, 0.3, 0.6],
      });
    const fallback =
      role === 'gvcn' ? year.homeroomTeacher : role === 'seal' ? schoolOfYear(record, year).name : '';
    const nameLines = wrapText(slot.name ?? fallback, flow.fonts.bold, 9.5, w - 8);
    nameLines.slice(0, 2).forEach((line, k) => {
      flow.drawLine(line, x, flow.y - 112 - k * 12, w, { size: 9.5, bold: true, align: 'center' });
    });
  });
  flow.y -= SIG_BLOCK_HEIGHT + 12;
}

function addSignatureFields(doc: PDFDocument, fields: RenderedRecordPdf['signatureFields']): void {
  const ctx = doc.context;
  const pages = doc.getPages();
  const refs: PDFRef[] = [];
  for (const role of SIGNATURE_ROLES) {
    const f = fields[role];
    const page = pages[f.page]!;
    const [x1, y1, x2, y2] = f.rect;
    const ap = ctx.register(
      ctx.stream(new Uint8Array(), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, x2 - x1, y2 - y1] }),
    );
    const ref = ctx.register(
      ctx.obj({
        FT: 'Sig',
        T: PDFHexString.fromText(ROLES[role].fieldName),
        TU: PDFHexString.fromText(ROLES[role].blockTitle.vi),
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: f.rect,
        F: 4,
        P: page.ref,
        AP: { N: ap },
        // The seal locks the record; the lock belongs to the field from the start, since a
        // validator (pyHanko) refuses a /Lock added to an existing field when it is signed.
        ...(role === 'seal' ? { Lock: { Type: 'SigFieldLock', Action: 'All', P: 1 } } : {}),
      }),
    );
    page.node.addAnnot(ref);
    refs.push(ref);
  }
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: refs, SigFlags: 0 }));
}

/** Canonical JSON: the record as parsed, keys in schema order, UTF-8, no whitespace. */
export function recordJsonBytes(record: HocBaRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

export async function renderRecordPdf(
  record: HocBaRecord,
  options: RenderRecordOptions,
): Promise<RenderedRecordPdf> {
  const date = options.date ?? defaultDate(record);
  const doc = await PDFDocument.create({ updateMetadata: false });
  // DejaVu's tables parsed once per process, not once per record (as for the stamp).
  doc.registerFontkit(cachedFontkit);
  const fonts: Fonts = {
    regular: await doc.embedFont(options.fonts.regular, { subset: true, customName: 'DejaVuSans' }),
    bold: await doc.embedFont(options.fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' }),
  };
  const title = `Học bạ tiểu học · ${record.student.fullName}`;
  doc.setTitle(title);
  doc.setAuthor(record.school.name);
  doc.setSubject(`Mã học bạ ${record.recordId}`);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(date);
  doc.setModificationDate(date);

  const flow = new Flow(doc, fonts, footer(fonts, record));
  identityPage(flow, record);
  const fields: Partial<RenderedRecordPdf['signatureFields']> = {};
  record.years.forEach((y, i) => {
    yearPages(flow, record, y, i === record.years.length - 1, fields);
  });
  const signatureFields = fields as RenderedRecordPdf['signatureFields'];
  addSignatureFields(doc, signatureFields);

  const recordJson = recordJsonBytes(record);
  const recordSha256 = hex(await sha256(recordJson)).toLowerCase();
  if (options.embedData ?? true)
    attachRecordJson(doc, recordJson, date, `Dữ liệu học bạ (hocba-tieuhoc v1), SHA-256 ${recordSha256}`);
  setXmpMetadata(doc, {
    title,
    author: record.school.name,
    date,
    recordId: record.recordId,
    recordSha256,
    producer: PRODUCER,
  });
  // A fixed /ID from the content keeps output identical for identical input.
  const id = PDFHexString.of(recordSha256.slice(0, 32));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  const pdf = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { pdf, recordJson, recordSha256, pageCount: doc.getPageCount(), signatureFields };
}
