/**
 * The whole schooling of a synthetic pupil, as the cross-year rules expect it to be when
 * nothing is wrong: every year labelled in sequence, each year's school, earlier years
 * signed in order after the year's end, transfers with leaving and arrival dates, a
 * retention decided by the principal after a failed re-assessment (Điều 11 khoản 3), now
 * and then a name corrected by a civil-status decision.
 */
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import { int, type Rand } from './random.js';

export interface SchoolInfo {
  name: string;
  code: string;
  principal: string;
  /** The principal's identifier in their certificate (UID=CCCD:…). */
  principalId: string;
  /** The organisation's identifier in its seal certificate (mã ngân sách). */
  budgetCode: string;
}

/** Schools pupils arrive from (invented, like everything the generator writes). */
export const OTHER_SCHOOLS: readonly SchoolInfo[] = [
  {
    name: 'Trường Tiểu học Nguyễn Trãi',
    code: '01002345',
    principal: 'Phạm Văn Thành',
    principalId: 'CCCD:036072001122',
    budgetCode: '1023456',
  },
  {
    name: 'Trường Tiểu học Lê Lợi',
    code: '79003456',
    principal: 'Trần Thị Mai Lan',
    principalId: 'CCCD:079178003344',
    budgetCode: '1034567',
  },
  {
    name: 'Trường Tiểu học Hòa Bình',
    code: '48004567',
    principal: 'Đỗ Minh Tuấn',
    principalId: 'CCCD:048070005566',
    budgetCode: '1045678',
  },
];

export function schoolLabel(start: number): string {
  return `${start}-${start + 1}`;
}

/** Adds `delta` years to a date or date-time string's year, keeping the rest. */
export function shiftDate<T extends string | null | undefined>(value: T, delta: number): T {
  if (typeof value !== 'string' || !/^\d{4}-/.test(value)) return value;
  return `${Number(value.slice(0, 4)) + delta}${value.slice(4)}` as T;
}

/** Moves a result page, and every date it holds, `delta` school years. */
export function shiftPage(page: SchoolYearRecord, delta: number): void {
  const start = Number(page.schoolYear.slice(0, 4));
  page.schoolYear = schoolLabel(start + delta);
  if (page.reassessment) page.reassessment.date = shiftDate(page.reassessment.date, delta);
  for (const slot of Object.values(page.signatures)) slot.signedAt = shiftDate(slot.signedAt, delta);
}

/** Moves history rows of a school year, and their dates, `delta` years. */
export function shiftRows(record: HocBaRecord, label: string, delta: number): void {
  for (const row of record.history) {
    if (row.schoolYear !== label) continue;
    row.schoolYear = schoolLabel(Number(label.slice(0, 4)) + delta);
    row.enrolledOn = shiftDate(row.enrolledOn, delta);
    row.leftOn = shiftDate(row.leftOn, delta);
  }
}

const two = (n: number) => String(n).padStart(2, '0');

function citizenNumber(rand: Rand): string {
  return `0${two(int(rand, 1, 96))}${int(rand, 1, 3) === 1 ? 0 : 1}${two(int(rand, 70, 99))}${String(int(rand, 0, 999999)).padStart(6, '0')}`;
}

/** Signs a finished year: GVCN, then the principal, then the seal, in the last weeks of May. */
export function signPage(rand: Rand, page: SchoolYearRecord, school: SchoolInfo): void {
  const end = Number(page.schoolYear.slice(0, 4)) + 1;
  const day = int(rand, 18, 25);
  page.signatures = {
    gvcn: {
      name: page.homeroomTeacher,
      status: 'signed',
      signedAt: `${end}-05-${two(day)}T${two(int(rand, 7, 16))}:${two(int(rand, 0, 59))}:00+07:00`,
      signerId: `CCCD:${citizenNumber(rand)}`,
    },
    principal: {
      name: school.principal,
      status: 'signed',
      signedAt: `${end}-05-${two(day + 2)}T${two(int(rand, 7, 16))}:${two(int(rand, 0, 59))}:00+07:00`,
      signerId: school.principalId,
    },
    seal: {
      name: school.name,
      status: 'signed',
      signedAt: `${end}-05-${two(day + 3)}T${two(int(rand, 7, 16))}:${two(int(rand, 0, 59))}:00+07:00`,
      signerId: `MNS:${school.budgetCode}`,
    },
  };
}

/**
 * The pupil studied pages 0..k-1 at `from` and arrived at the record's school for page k:
 * the last row there gets a leaving date and reason, the arrival row its date.
 */
export function applyTransfer(record: HocBaRecord, k: number, from: SchoolInfo): void {
  for (let i = 0; i < k; i++) {
    const page = record.years[i] as SchoolYearRecord;
    page.school = { name: from.name, code: from.code };
    for (const row of record.history) {
      if (row.schoolYear !== page.schoolYear) continue;
      row.school = from.name;
      row.schoolCode = from.code;
    }
    if (page.signatures.principal.status === 'signed') {
      page.signatures.principal.name = from.principal;
      page.signatures.principal.signerId = from.principalId;
      page.signatures.seal.name = from.name;
      page.signatures.seal.signerId = `MNS:${from.budgetCode}`;
    }
  }
  const leaving = record.history.findLast((row) => row.schoolYear === record.years[k - 1]?.schoolYear);
  const arrival = record.history.find((row) => row.schoolYear === record.years[k]?.schoolYear);
  if (!leaving || !arrival) return;
  const end = Number(leaving.schoolYear.slice(0, 4)) + 1;
  leaving.leftOn = `${end}-06-${two(10 + (k % 15))}`;
  leaving.leavingReason = 'chuyen-truong';
  arrival.enrolledOn = `${end}-08-${two(15 + (k % 10))}`;
}

/** Makes the pupil a year older (birth date and the birth-year digits of the citizen number). */
export function makeOlder(record: HocBaRecord): void {
  const born = Number(record.student.dateOfBirth.slice(0, 4)) - 1;
  record.student.dateOfBirth = `${born}${record.student.dateOfBirth.slice(4)}`;
  const id = record.student.citizenId;
  if (/^\d{12}$/.test(id)) record.student.citizenId = `${id.slice(0, 4)}${two(born % 100)}${id.slice(6)}`;
}
