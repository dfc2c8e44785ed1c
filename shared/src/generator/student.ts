/**
 * One pupil of a generated class: name, birth and identity, every year studied up to the
 * current grade (a retained year repeated), earlier years signed, sometimes a transfer or a
 * corrected name. Earlier years draw from their own stream (`aux`), which the defect
 * planters go on with, so the current year is the same for a seed whatever came before it.
 */
import type { Grade } from '../record/codes.js';
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import { DEMO_SIGNERS } from './demo-school.js';
import {
  ETHNICITIES,
  FAMILY_NAMES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  MIDDLE_FEMALE,
  MIDDLE_MALE,
  PLACES,
  STREETS,
} from './names.js';
import { int, pick, type Rand, seededRandom } from './random.js';
import { makeYear, teacherName } from './school-year.js';
import { applyTransfer, OTHER_SCHOOLS, shiftPage, signPage } from './schooling.js';

export interface StudentContext {
  /** The class's seed, and the pupil's place in the class. */
  seed: number;
  n: number;
  grade: Grade;
  /** First year of the current school year. */
  start: number;
  className: string;
  /** The current year's homeroom teacher. */
  teacher: string;
  school: HocBaRecord['school'];
  /** Names already given in the class: each pupil's is different. */
  usedNames: Set<string>;
}

export function generateStudent(rand: Rand, context: StudentContext): { record: HocBaRecord; aux: Rand } {
  const { seed, n, grade, start, className, teacher, school, usedNames } = context;
  const male = rand() < 0.5;
  let fullName = '';
  do {
    fullName = male
      ? `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_MALE)} ${pick(rand, GIVEN_MALE)}`
      : `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`;
  } while (usedNames.has(fullName));
  usedNames.add(fullName);
  const family = fullName.split(' ')[0] as string;
  const birthYear = start - grade - 5;
  const month = int(rand, 1, 12);
  const day = int(rand, 1, 28);
  const firstYear = start - grade + 1;
  const ability = rand() * 0.5 - 0.1;
  const studentCode = `${school.code}${String(seedCounter(seed, n)).padStart(7, '0')}`;
  const province = String(int(rand, 1, 96)).padStart(3, '0');
  const citizenSerial = String(int(rand, 0, 999999)).padStart(6, '0');
  // Earlier years use their own stream, so the current year (the portal's table) is the
  // same for a seed whatever the schooling before it.
  const aux = seededRandom(seed * 7919 + n * 104729 + 17);
  const years: SchoolYearRecord[] = [];
  for (let g = 1; g <= grade; g++) {
    const yearStart = firstYear + g - 1;
    const cls = g === grade ? className : `${g}${className.slice(1)}`;
    const yearTeacher = g === grade ? teacher : teacherName(rand);
    const page = makeYear(
      rand,
      g as Grade,
      yearStart,
      cls,
      yearTeacher,
      ability,
      110 + g * 6 + int(rand, -4, 4),
    );
    years.push(page);
    if (g < grade && page.rating === 'CHT' && !years.some((p) => p.promotion === 'retained') && aux() < 0.5) {
      // Failed the re-assessment; the principal retained the pupil (Điều 11 khoản 3).
      page.completion = 'not-completed';
      page.promotion = 'retained';
      page.reassessment = {
        date: `${yearStart + 1}-07-10`,
        note: 'Đã kiểm tra, đánh giá bổ sung sau thời gian hỗ trợ; chưa đạt yêu cầu.',
        result: 'not-completed',
        decision: `Quyết định số ${int(aux, 10, 99)}/QĐ-TH của Hiệu trưởng: ở lại lớp ${g}`,
      };
      const repeat = makeYear(
        aux,
        g as Grade,
        yearStart,
        cls,
        teacherName(aux),
        ability + 0.3,
        page.heightCm ?? 115,
      );
      years.push(repeat);
    }
  }
  // Label the pages backwards from the current year (a retained pupil started a year earlier).
  years.forEach((page, i) => {
    shiftPage(page, start - (years.length - 1 - i) - Number(page.schoolYear.slice(0, 4)));
    page.school = { name: school.name, code: school.code };
    if (i < years.length - 1) signPage(aux, page, { ...DEMO_SIGNERS, name: school.name, code: school.code });
    const r = page.reassessment;
    if (r?.result === 'not-completed' && r.decision) {
      r.decision = r.decision.replace(' của', ` ngày 25/7/${r.date.slice(0, 4)} của`);
    }
  });
  // A pupil who repeated a grade started school a year earlier, so was born a year earlier.
  const born = birthYear - (years.length - grade);
  const centuryGender = (born >= 2000 ? 2 : 0) + (male ? 0 : 1);
  const citizenId = `${province}${centuryGender}${String(born % 100).padStart(2, '0')}${citizenSerial}`;
  const history: HocBaRecord['history'] = years.map((page, i) => ({
    schoolYear: page.schoolYear,
    className: page.className,
    school: school.name,
    schoolCode: school.code,
    enrolledOn: i === 0 ? `${page.schoolYear.slice(0, 4)}-09-05` : null,
  }));
  const record: HocBaRecord = {
    format: 'hocba-tieuhoc',
    version: 1,
    recordId: `HB-${school.code}-${firstYear}-${String(seed % 1000).padStart(3, '0')}${String(n + 1).padStart(3, '0')}`,
    student: {
      fullName,
      gender: male ? 'nam' : 'nu',
      dateOfBirth: `${born}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      ethnicity: pick(rand, ETHNICITIES),
      nationality: 'Việt Nam',
      placeOfBirth: pick(rand, PLACES),
      hometown: pick(rand, PLACES),
      address: `Số ${int(rand, 1, 200)} phố ${pick(rand, STREETS)}, quận Ba Đình, Hà Nội`,
      fatherName: `${family} ${pick(rand, MIDDLE_MALE)} ${pick(rand, GIVEN_MALE)}`,
      motherName: `${pick(rand, FAMILY_NAMES)} ${pick(rand, MIDDLE_FEMALE)} ${pick(rand, GIVEN_FEMALE)}`,
      guardianName: null,
      studentCode,
      citizenId,
    },
    school,
    history,
    years,
  };
  if (years.length >= 2 && aux() < 0.15)
    applyTransfer(record, int(aux, 1, years.length - 1), pick(aux, OTHER_SCHOOLS));
  if (aux() < 0.04) {
    const first = Number(years[0]?.schoolYear.slice(0, 4));
    const given = fullName.split(' ').at(-1) as string;
    record.identityChanges = [
      {
        date: `${first + 1}-03-${String(int(aux, 1, 28)).padStart(2, '0')}`,
        field: 'fullName',
        from: fullName.replace(/ \S+$/, given === 'An' ? ' Ân' : ' An'),
        to: fullName,
        basis: `Quyết định cải chính hộ tịch số ${int(aux, 10, 300)}/QĐ-UBND ngày ${int(aux, 1, 28)}/2/${first + 1}`,
      },
    ];
  }
  return { record, aux };
}

function seedCounter(seed: number, n: number): number {
  return ((seed % 9000) + 1000) * 100 + n;
}
