/**
 * Identity changes between years (a name corrected by a civil-status decision): dated,
 * founded on a decision, actually a change, and the newest value the one now recorded.
 */
import { blank, type CrossYearContext, isoDay, sameText } from './context.js';

const FIELD_LABELS: Record<string, [string, string]> = {
  fullName: ['họ và tên', 'full name'],
  gender: ['giới tính', 'gender'],
  dateOfBirth: ['ngày sinh', 'date of birth'],
  ethnicity: ['dân tộc', 'ethnicity'],
  nationality: ['quốc tịch', 'nationality'],
  placeOfBirth: ['nơi sinh', 'place of birth'],
  hometown: ['quê quán', 'hometown'],
};

export function checkIdentityChanges({ record, emit }: CrossYearContext): void {
  const changes = record.identityChanges ?? [];
  const where = { vi: 'Thay đổi thông tin học sinh', en: 'Changes to student information' };
  changes.forEach((change, i) => {
    const [field, fieldEn] = FIELD_LABELS[change.field] ?? [change.field, change.field];
    const target = { kind: 'identity', field: change.field } as const;
    const say = (path: string, reason: string, reasonEn: string) =>
      emit('IDENTITY_CHANGE_INVALID', path, where, target, {
        field,
        fieldEn,
        date: change.date,
        reason,
        reasonEn,
      });
    if (!isoDay(change.date)) {
      emit('DATE_INVALID', `/identityChanges/${i}/date`, where, target, { value: change.date });
    }
    if (blank(change.basis)) {
      say(
        `/identityChanges/${i}/basis`,
        'không ghi căn cứ (quyết định cải chính, thay đổi hộ tịch)',
        'no basis recorded (the civil-status decision)',
      );
    }
    if (sameText(change.from, change.to)) {
      say(`/identityChanges/${i}/to`, 'giá trị cũ và mới như nhau', 'the old and new values are the same');
      return;
    }
    const newest = changes.findLastIndex((c) => c.field === change.field);
    const current = String(record.student[change.field] ?? '');
    if (newest === i && !sameText(change.to, current)) {
      say(
        `/identityChanges/${i}/to`,
        `giá trị mới "${change.to}" khác giá trị đang ghi "${current}"`,
        `the new value "${change.to}" differs from the recorded "${current}"`,
      );
    }
  });
}
