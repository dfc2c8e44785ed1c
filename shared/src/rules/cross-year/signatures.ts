/**
 * The signature slots written inside the record, every year: the homeroom teacher first,
 * then the principal, then the seal; not before the year-end assessment; earlier years
 * signed before later ones; a signed slot names its signer and time.
 */
import type { SchoolYearRecord, SignatureSlot } from '../../record/schema.js';
import { ROLES, SIGNATURE_ROLES, type SignatureRole } from '../../roles/index.js';
import { blank, type CrossYearContext, instant, isoDay, sameText, yearStart, yearWhere } from './context.js';

const signed = (slot: SignatureSlot) => slot.status === 'signed';
const lower = (role: SignatureRole) => ({ vi: ROLES[role].label.vi, en: ROLES[role].label.en.toLowerCase() });

export function checkSignatures({ record, config, emit }: CrossYearContext): void {
  record.years.forEach((year, y) => {
    const start = yearStart(year.schoolYear);
    const target = { kind: 'year', year: y, field: 'signatures' } as const;
    // Built for a finding only: most years have none (docs/performance.md, "Thông tư 27 checks").
    const where = () => yearWhere(year, { vi: 'chữ ký', en: 'signatures' });
    /** Each slot's signing day, read once for the slot's own rules and for the order. */
    const days: Partial<Record<SignatureRole, string>> = {};
    if (blank(year.homeroomTeacher)) {
      emit(
        'HOMEROOM_TEACHER_MISSING',
        `/years/${y}/homeroomTeacher`,
        yearWhere(year),
        { kind: 'year', year: y, field: 'homeroomTeacher' },
        { schoolYear: year.schoolYear, className: year.className },
        year.schoolYear,
      );
    }
    for (const role of SIGNATURE_ROLES) {
      const slot = year.signatures[role];
      const base = `/years/${y}/signatures/${role}`;
      if (signed(slot)) {
        const what = (path: string, vi: string, en: string) =>
          emit(
            'SIGNER_MISSING',
            path,
            where(),
            target,
            {
              schoolYear: year.schoolYear,
              role: lower(role).vi,
              roleEn: lower(role).en,
              what: vi,
              whatEn: en,
            },
            year.schoolYear,
          );
        if (blank(slot.name)) what(`${base}/name`, 'họ tên người ký', "signer's name");
        if (blank(slot.signedAt)) what(`${base}/signedAt`, 'thời điểm ký', 'signing time');
      }
      if (blank(slot.signedAt)) continue;
      const day = isoDay(slot.signedAt as string, true);
      if (!day) {
        emit(
          'DATE_INVALID',
          `${base}/signedAt`,
          where(),
          target,
          { value: slot.signedAt as string },
          year.schoolYear,
        );
        continue;
      }
      days[role] = day;
      const from = start === undefined ? undefined : `${start + 1}-${config.signingFromMonthDay}`;
      if (from && day < from) {
        emit(
          'SIGNATURE_TOO_EARLY',
          `${base}/signedAt`,
          where(),
          target,
          { schoolYear: year.schoolYear, role: lower(role).vi, roleEn: lower(role).en, date: day, from },
          year.schoolYear,
        );
      }
    }
    checkOrder(year, y, days, emit);
    const gvcn = year.signatures.gvcn;
    if (
      signed(gvcn) &&
      !blank(gvcn.name) &&
      !blank(year.homeroomTeacher) &&
      !sameText(gvcn.name, year.homeroomTeacher)
    ) {
      emit(
        'SIGNER_NOT_HOMEROOM',
        `/years/${y}/signatures/gvcn/name`,
        where(),
        target,
        {
          schoolYear: year.schoolYear,
          signer: gvcn.name as string,
          teacher: year.homeroomTeacher,
          ...notHomeroomWording(Boolean(gvcn.delegation)),
        },
        year.schoolYear,
      );
    }
  });
  checkEarlierSigned({ record, config, emit });
}

/**
 * A GVCN slot signed by someone else is either a substitute teacher signing in their own
 * name (lawful, to be checked) or a "KT." delegation, which exists only for the principal's
 * approval: it does not make the signer the homeroom teacher, so the warning stands and
 * says why (the misplaced delegation itself is TT27-DELEGATION-INVALID's).
 */
function notHomeroomWording(delegated: boolean) {
  return delegated
    ? {
        how: ' thay (KT.)',
        howEn: ' on someone’s behalf (KT.)',
        advice:
          'Ô GVCN không ký thay được: giáo viên chủ nhiệm tự ký, hoặc giáo viên dạy thay ký bằng tên mình.',
        adviceEn:
          'The homeroom slot cannot be signed on someone’s behalf: the homeroom teacher signs, or a substitute teacher signs in their own name.',
      }
    : {
        how: '',
        howEn: '',
        advice: 'Nếu là giáo viên dạy thay, hãy kiểm tra quyết định phân công trước khi duyệt.',
        adviceEn: 'If this is a substitute teacher, check the assignment decision before approving.',
      };
}

/** `days`: the slots whose signing time is a real date (checkSignatures read them). */
function checkOrder(
  year: SchoolYearRecord,
  y: number,
  days: Partial<Record<SignatureRole, string>>,
  emit: CrossYearContext['emit'],
): void {
  const target = { kind: 'year', year: y, field: 'signatures' } as const;
  const where = () => yearWhere(year, { vi: 'chữ ký', en: 'signatures' });
  for (let i = 1; i < SIGNATURE_ROLES.length; i++) {
    const role = SIGNATURE_ROLES[i] as SignatureRole;
    const prevRole = SIGNATURE_ROLES[i - 1] as SignatureRole;
    const slot = year.signatures[role];
    const prevSlot = year.signatures[prevRole];
    if (!signed(slot)) continue;
    const params = () => ({
      schoolYear: year.schoolYear,
      role: lower(role).vi,
      roleEn: lower(role).en,
      before: lower(prevRole).vi,
      beforeEn: lower(prevRole).en,
    });
    if (!signed(prevSlot)) {
      emit(
        'SIGNATURE_ORDER',
        `/years/${y}/signatures/${role}`,
        where(),
        target,
        { ...params(), when: '', whenEn: '' },
        year.schoolYear,
      );
      continue;
    }
    if (days[role] === undefined || days[prevRole] === undefined) continue;
    const [at, prevAt] = [slot.signedAt as string, prevSlot.signedAt as string];
    if (instant(at) < instant(prevAt)) {
      emit(
        'SIGNATURE_ORDER',
        `/years/${y}/signatures/${role}/signedAt`,
        where(),
        target,
        { ...params(), when: `lúc ${at}`, whenEn: `at ${at}` },
        year.schoolYear,
      );
    }
  }
}

/** One finding per earlier year left unsigned (GVCN or principal) under a signed later year. */
function checkEarlierSigned({ record, emit }: CrossYearContext): void {
  const signedYears = record.years.map((year) =>
    SIGNATURE_ROLES.some((role) => signed(year.signatures[role])),
  );
  record.years.forEach((year, y) => {
    const later = record.years.findIndex((_, k) => k > y && signedYears[k]);
    if (later < 0) return;
    const missing = (['gvcn', 'principal'] as const).filter((role) => !signed(year.signatures[role]));
    if (missing.length === 0) return;
    emit(
      'SIGNATURE_EARLIER_UNSIGNED',
      `/years/${y}/signatures/${missing[0]}`,
      yearWhere(year, { vi: 'chữ ký', en: 'signatures' }),
      { kind: 'year', year: y, field: 'signatures' },
      {
        schoolYear: year.schoolYear,
        role: missing.map((r) => lower(r).vi).join(' và '),
        roleEn: missing.map((r) => lower(r).en).join(' and '),
        later: record.years[later]?.schoolYear ?? '',
      },
      year.schoolYear,
    );
  });
}
