/**
 * The exchange format of one student's primary học bạ: `"format": "hocba-tieuhoc",
 * "version": 1`. This zod schema is the single source of truth: the TypeScript types are
 * inferred from it and `docs/record.schema.json` is generated from it
 * (`npm run schema -w shared`, checked by a unit test).
 *
 * The schema checks shape and types. Whether the content is complete and consistent under
 * Thông tư 27 (levels T/H/C, scores 1..10, the subjects of the grade, the year-end rating)
 * is the rule engine's job (`@hocba/shared/rules`), so that a teacher sees every problem at
 * its cell instead of the first type error.
 *
 * Unknown fields are refused, not dropped (every object is strict, and the JSON Schema says
 * `additionalProperties: false`): a field the format does not know would be neither checked,
 * shown in the PDF nor signed, so a school must learn of it instead of losing it silently.
 */
import { z } from 'zod';

const text = z.string().max(2_000);
const shortText = z.string().max(200);
/** ISO date `YYYY-MM-DD`; validity is checked by the rules. */
const isoDate = z.string().max(40);

export const subjectResultSchema = z
  .strictObject({
    code: shortText.describe('Mã môn học / hoạt động (bảng mã trong docs/record-format.md)'),
    level: shortText.nullable().describe('Mức đạt được: T, H hoặc C; null khi chưa đánh giá'),
    score: z.number().nullable().describe('Điểm KTĐK cuối năm (số nguyên 1..10) hoặc null'),
    comment: text.describe('Nhận xét'),
    language: shortText
      .nullable()
      .optional()
      .describe(
        'Ngôn ngữ được học, cho Ngoại ngữ 1 và Tiếng dân tộc thiểu số (ví dụ "Tiếng Anh", "Tiếng Khmer")',
      ),
  })
  .describe('Một môn học hoặc hoạt động giáo dục');

export const qualityResultSchema = z
  .strictObject({
    code: shortText.describe('Mã phẩm chất / năng lực'),
    level: shortText.nullable().describe('Mức đạt được: T, Đ hoặc C'),
    comment: text.describe('Nhận xét'),
  })
  .describe('Một phẩm chất hoặc năng lực');

/**
 * A delegated signature: "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" above the name of the deputy who
 * signs (ký thay). The slot's `name` is the person who actually signs; the slot's role says
 * on whose behalf (the principal's); `onBehalfOf` may name the principal.
 */
export const delegationSchema = z
  .strictObject({
    kind: z.enum(['KT']).describe('KT. = ký thay người đứng đầu nhà trường'),
    signerTitle: shortText.describe('Chức vụ người ký thay, ví dụ "Phó hiệu trưởng"'),
    onBehalfOf: shortText.nullable().optional().describe('Họ tên Hiệu trưởng được ký thay (không bắt buộc)'),
  })
  .describe('Ký thay (KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG)');

/** Where a year was studied, when the record spans schools (transfer, merger). */
export const yearSchoolSchema = z
  .strictObject({ name: shortText.describe('Tên trường'), code: shortText.describe('Mã trường') })
  .describe('Trường của năm học này');

export const signatureSlotSchema = z
  .strictObject({
    name: shortText.nullable().describe('Họ tên người ký (hoặc tên đơn vị với con dấu)'),
    status: z.enum(['pending', 'signed']).describe('Chưa ký / đã ký'),
    signedAt: isoDate.nullable().optional().describe('Thời điểm ký (ISO 8601)'),
    signerId: shortText
      .nullable()
      .optional()
      .describe('Định danh người ký trong chứng thư (UID), ví dụ CCCD:001085012345 hoặc MST:0101234567'),
    delegation: delegationSchema.nullable().optional().describe('Ký thay; chỉ ở ô Hiệu trưởng'),
  })
  .describe('Ô chữ ký');

export const schoolYearSchema = z
  .strictObject({
    schoolYear: shortText.describe('Năm học, ví dụ 2024-2025'),
    grade: z.number().describe('Khối lớp 1..5'),
    className: shortText.describe('Lớp, ví dụ 3A'),
    homeroomTeacher: shortText.describe('Họ tên giáo viên chủ nhiệm'),
    heightCm: z.number().nullable().optional().describe('Chiều cao (cm)'),
    weightKg: z.number().nullable().optional().describe('Cân nặng (kg)'),
    daysAbsent: z.number().nullable().optional().describe('Số ngày nghỉ (giả định, không bắt buộc)'),
    subjects: z.array(subjectResultSchema).max(40).describe('Các môn học và hoạt động giáo dục'),
    qualities: z.array(qualityResultSchema).max(20).describe('Những phẩm chất chủ yếu'),
    competences: z.array(qualityResultSchema).max(30).describe('Những năng lực cốt lõi'),
    rating: shortText.nullable().describe('Đánh giá kết quả giáo dục: HTXS, HTT, HT, CHT'),
    ratingReason: text
      .nullable()
      .optional()
      .describe('Lý do của GVCN khi đánh giá thấp hơn mức mà kết quả các môn, phẩm chất, năng lực cho phép'),
    awards: z.array(shortText).max(20).describe('Khen thưởng'),
    completion: z
      .enum(['completed', 'not-completed'])
      .nullable()
      .describe('Hoàn thành / chưa hoàn thành chương trình lớp học'),
    promotion: z
      .enum(['promoted', 'retained', 'completed-primary'])
      .nullable()
      .describe('Được lên lớp / chưa được lên lớp / hoàn thành chương trình tiểu học (lớp 5)'),
    school: yearSchoolSchema
      .nullable()
      .optional()
      .describe('Trường học năm này (khi khác trường hiện tại; mặc định theo quá trình học tập)'),
    reassessment: z
      .strictObject({
        date: isoDate,
        note: text,
        result: z
          .enum(['completed', 'not-completed'])
          .nullable()
          .optional()
          .describe('Kết quả đánh giá bổ sung: hoàn thành / chưa hoàn thành chương trình lớp học'),
        decision: shortText
          .nullable()
          .optional()
          .describe(
            'Quyết định của Hiệu trưởng về lên lớp / ở lại lớp khi đánh giá bổ sung chưa hoàn thành (Điều 11 khoản 3): số, ngày',
          ),
      })
      .nullable()
      .optional()
      .describe('Kiểm tra, đánh giá bổ sung (Điều 11) khi chưa hoàn thành'),
    signatures: z
      .strictObject({ gvcn: signatureSlotSchema, principal: signatureSlotSchema, seal: signatureSlotSchema })
      .describe('Chữ ký: GVCN, Hiệu trưởng, con dấu nhà trường'),
  })
  .describe('Kết quả một năm học');

export const recordSchema = z
  .strictObject({
    format: z.literal('hocba-tieuhoc'),
    version: z.literal(1),
    recordId: shortText.describe('Mã định danh học bạ (duy nhất, suốt đời)'),
    student: z.strictObject({
      fullName: shortText.describe('Họ và tên (như giấy khai sinh)'),
      gender: z.enum(['nam', 'nu']).describe('Giới tính'),
      dateOfBirth: isoDate.describe('Ngày sinh YYYY-MM-DD'),
      ethnicity: shortText.describe('Dân tộc'),
      nationality: shortText.describe('Quốc tịch'),
      placeOfBirth: shortText.describe('Nơi sinh'),
      hometown: shortText.describe('Quê quán'),
      address: shortText.describe('Nơi ở hiện nay'),
      fatherName: shortText.nullable().describe('Họ tên cha'),
      motherName: shortText.nullable().describe('Họ tên mẹ'),
      guardianName: shortText.nullable().optional().describe('Người giám hộ'),
      studentCode: shortText.describe('Mã học sinh (CSDL ngành)'),
      citizenId: shortText.describe('Số định danh cá nhân (12 chữ số)'),
    }),
    school: z.strictObject({
      name: shortText.describe('Tên trường'),
      code: shortText.describe('Mã trường'),
      department: shortText.describe('Phòng GD&ĐT'),
      province: shortText.describe('Sở GD&ĐT (tỉnh/thành phố)'),
      locality: shortText.describe('Địa danh (xã/phường)'),
    }),
    history: z
      .array(
        z.strictObject({
          schoolYear: shortText,
          className: shortText,
          school: shortText,
          enrolledOn: isoDate.nullable().optional().describe('Ngày nhập học / chuyển đến'),
          schoolCode: shortText.nullable().optional().describe('Mã trường'),
          leftOn: isoDate.nullable().optional().describe('Ngày chuyển đi / thôi học'),
          leavingReason: z
            .enum(['chuyen-truong', 'sap-nhap', 'tam-nghi', 'thoi-hoc', 'khac'])
            .nullable()
            .optional()
            .describe('Lý do rời trường: chuyển trường, sáp nhập trường, tạm nghỉ, thôi học, khác'),
        }),
      )
      .max(20)
      .describe('Quá trình học tập'),
    identityChanges: z
      .array(
        z.strictObject({
          date: isoDate.describe('Ngày thay đổi (YYYY-MM-DD)'),
          field: z
            .enum([
              'fullName',
              'gender',
              'dateOfBirth',
              'ethnicity',
              'nationality',
              'placeOfBirth',
              'hometown',
            ])
            .describe('Trường thông tin thay đổi'),
          from: shortText.describe('Giá trị cũ'),
          to: shortText.describe('Giá trị mới'),
          basis: shortText.describe('Căn cứ (quyết định cải chính hộ tịch: số, ngày, cơ quan)'),
        }),
      )
      .max(20)
      .optional()
      .describe('Thay đổi thông tin nhân thân giữa các năm (cải chính hộ tịch), cũ trước mới sau'),
    years: z.array(schoolYearSchema).min(1).max(10).describe('Một mục cho mỗi năm học'),
  })
  .describe('Học bạ số cấp tiểu học (Thông tư 27/2020/TT-BGDĐT)');

export type HocBaRecord = z.infer<typeof recordSchema>;
export type SchoolYearRecord = z.infer<typeof schoolYearSchema>;
export type SubjectResult = z.infer<typeof subjectResultSchema>;
export type QualityResult = z.infer<typeof qualityResultSchema>;
export type SignatureSlot = z.infer<typeof signatureSlotSchema>;
export type Delegation = z.infer<typeof delegationSchema>;

export const RECORD_FORMAT = 'hocba-tieuhoc';
export const RECORD_VERSION = 1;

/** The JSON Schema published in docs/record.schema.json. */
export function recordJsonSchema(): unknown {
  return z.toJSONSchema(recordSchema, { target: 'draft-2020-12' });
}
export type HistoryRow = HocBaRecord['history'][number];
export type IdentityChange = NonNullable<HocBaRecord['identityChanges']>[number];
