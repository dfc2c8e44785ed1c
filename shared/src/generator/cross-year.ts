/**
 * Cross-year defects for the answer key: each breaks a clean multi-year record in one
 * place so that exactly one cross-year rule reports it, at the returned JSON Pointer.
 */
import type { HocBaRecord, SchoolYearRecord } from '../record/schema.js';
import {
  CROSS_YEAR_DEFECT_KINDS,
  type CrossYearDefectKind,
  type CrossYearField,
  type PlantedDefect,
} from './defect-kinds.js';
import { int, type Rand } from './random.js';
import { applyTransfer, makeOlder, OTHER_SCHOOLS, schoolLabel, shiftPage, shiftRows } from './schooling.js';

const startOf = (page: SchoolYearRecord) => Number(page.schoolYear.slice(0, 4));
const transferred = (record: HocBaRecord) => record.history.some((row) => row.leftOn);

/** Removes page k and its history rows. */
function removePage(record: HocBaRecord, k: number): SchoolYearRecord {
  const [page] = record.years.splice(k, 1) as [SchoolYearRecord];
  record.history = record.history.filter((row) => row.schoolYear !== page.schoolYear);
  return page;
}

type Planted = Omit<PlantedDefect, 'recordId' | 'kind'>;

function attempt(rand: Rand, record: HocBaRecord, kind: CrossYearDefectKind): Planted | undefined {
  const years = record.years;
  const n = years.length;
  const page = (k: number) => years[k] as SchoolYearRecord;
  const earlier = n >= 2 ? int(rand, 0, n - 2) : -1; // a finished, signed year
  const at = (k: number, rule: string, path: string, field: CrossYearField): Planted => ({
    rule,
    path,
    year: k,
    code: null,
    field,
    schoolYear: years[k]?.schoolYear ?? '',
  });
  switch (kind) {
    case 'year-label-invalid': {
      const k = int(rand, 0, n - 1);
      const old = page(k).schoolYear;
      const bad = `${startOf(page(k))}-${startOf(page(k)) + 2}`;
      page(k).schoolYear = bad;
      for (const row of record.history) if (row.schoolYear === old) row.schoolYear = bad;
      return at(k, 'TT27-YEAR-LABEL-INVALID', `/years/${k}/schoolYear`, 'schoolYear');
    }
    case 'year-gap': {
      if (n < 3 || transferred(record)) return undefined;
      const k = int(rand, 1, n - 2);
      const missing = removePage(record, k).schoolYear;
      return { ...at(k, 'TT27-YEAR-GAP', `/years/${k}/schoolYear`, 'schoolYear'), schoolYear: missing };
    }
    case 'year-duplicate': {
      if (n < 2) return undefined;
      years.splice(earlier + 1, 0, structuredClone(page(earlier)));
      return at(earlier + 1, 'TT27-YEAR-DUPLICATE', `/years/${earlier + 1}`, 'schoolYear');
    }
    case 'year-out-of-order': {
      if (n < 3) return undefined;
      years.splice(0, 2, page(1), page(0));
      return at(1, 'TT27-YEAR-SEQUENCE', '/years/1/schoolYear', 'schoolYear');
    }
    case 'grade-skipped': {
      // Page k removed and the years before it moved one year later: grade g-1 then g+1.
      if (n < 3 || transferred(record)) return undefined;
      const k = int(rand, 1, n - 2);
      if (page(k - 1).promotion !== 'promoted' || page(k - 1).grade + 2 !== page(k + 1).grade)
        return undefined;
      removePage(record, k);
      for (let i = k - 1; i >= 0; i--) {
        const label = page(i).schoolYear;
        shiftRows(record, label, 1);
        shiftPage(page(i), 1);
      }
      return at(k, 'TT27-GRADE-SKIPPED', `/years/${k}/grade`, 'grade');
    }
    case 'promoted-same-grade': {
      // Page k written twice in two years, both "promoted": the second should be a grade higher.
      if (
        n < 2 ||
        transferred(record) ||
        years.some((p) => p.promotion !== null && p.promotion !== 'promoted')
      )
        return undefined;
      const k = earlier;
      const copy = structuredClone(page(k));
      const copyRows = structuredClone(record.history.filter((row) => row.schoolYear === copy.schoolYear));
      for (let i = 0; i <= k; i++) {
        shiftRows(record, page(i).schoolYear, -1);
        shiftPage(page(i), -1);
      }
      makeOlder(record); // started a year earlier: born a year earlier
      for (const row of copyRows) row.enrolledOn = null;
      years.splice(k + 1, 0, copy);
      const h = record.history.findIndex((row) => row.schoolYear === schoolLabel(startOf(copy) + 1));
      record.history.splice(h < 0 ? record.history.length : h, 0, ...copyRows);
      return at(k + 1, 'TT27-GRADE-PROGRESSION', `/years/${k + 1}/grade`, 'grade');
    }
    case 'year-after-completion': {
      const last = page(n - 1);
      if (last.promotion !== 'completed-primary') return undefined;
      const copy = structuredClone(last);
      shiftPage(copy, 1);
      years.push(copy);
      record.history.push({
        ...structuredClone(record.history.at(-1) as HocBaRecord['history'][number]),
        schoolYear: copy.schoolYear,
        enrolledOn: null,
      });
      return at(n, 'TT27-YEAR-AFTER-COMPLETION', `/years/${n}`, 'schoolYear');
    }
    case 'history-missing': {
      if (transferred(record)) return undefined;
      const k = int(rand, 0, n - 1);
      record.history = record.history.filter((row) => row.schoolYear !== page(k).schoolYear);
      return at(k, 'TT27-HISTORY-MISSING', '/history/-', 'history');
    }
    case 'history-no-year': {
      const first = record.history[0];
      if (!first) return undefined;
      record.history.unshift({
        schoolYear: schoolLabel(startOf(page(0)) - 1),
        className: first.className,
        school: first.school,
        schoolCode: first.schoolCode ?? null,
        enrolledOn: null,
      });
      return {
        ...at(0, 'TT27-HISTORY-NO-YEAR', '/history/0', 'history'),
        schoolYear: record.history[0]?.schoolYear,
      };
    }
    case 'history-class-mismatch': {
      const k = int(rand, 0, n - 1);
      const h = record.history.findLastIndex((row) => row.schoolYear === page(k).schoolYear);
      if (h < 0) return undefined;
      (record.history[h] as { className: string }).className = `${page(k).grade}Z`;
      return at(k, 'TT27-HISTORY-MISMATCH', `/history/${h}/className`, 'history');
    }
    case 'history-duplicate': {
      const h = int(rand, 0, record.history.length - 1);
      const row = record.history[h];
      if (!row) return undefined;
      record.history.splice(h + 1, 0, structuredClone(row));
      const k = years.findIndex((p) => p.schoolYear === row.schoolYear);
      return at(Math.max(k, 0), 'TT27-HISTORY-DUPLICATE', `/history/${h + 1}`, 'history');
    }
    case 'enrolled-missing': {
      if (n < 2) return undefined;
      if (!transferred(record)) applyTransfer(record, int(rand, 1, n - 1), OTHER_SCHOOLS[0] as never);
      const h = record.history.findIndex((row, i) => i > 0 && row.school !== record.history[i - 1]?.school);
      const row = record.history[h];
      if (!row) return undefined;
      row.enrolledOn = null;
      const k = years.findIndex((p) => p.schoolYear === row.schoolYear);
      return at(k, 'TT27-ENROLLED-MISSING', `/history/${h}/enrolledOn`, 'history');
    }
    case 'enrolled-outside-year': {
      const h = record.history.findIndex((row) => !row.leftOn);
      const row = record.history[h];
      if (!row || record.history[h - 1]?.leftOn) return undefined;
      row.enrolledOn = `${Number(row.schoolYear.slice(0, 4)) + 1}-09-15`;
      const k = years.findIndex((p) => p.schoolYear === row.schoolYear);
      return at(k, 'TT27-DATE-OUTSIDE-YEAR', `/history/${h}/enrolledOn`, 'history');
    }
    case 'date-invalid': {
      if (n >= 2 && rand() < 0.5) {
        const slot = page(earlier).signatures.gvcn;
        slot.signedAt = `${startOf(page(earlier)) + 1}-05-32T08:00:00+07:00`;
        return at(earlier, 'TT27-DATE-INVALID', `/years/${earlier}/signatures/gvcn/signedAt`, 'signatures');
      }
      const h = record.history.findIndex((row) => !row.leftOn);
      const row = record.history[h];
      if (!row || record.history[h - 1]?.leftOn) return undefined;
      row.enrolledOn = `${Number(row.schoolYear.slice(0, 4)) + 1}-02-30`;
      const k = years.findIndex((p) => p.schoolYear === row.schoolYear);
      return at(k, 'TT27-DATE-INVALID', `/history/${h}/enrolledOn`, 'history');
    }
    case 'signature-too-early': {
      if (n < 2) return undefined;
      page(earlier).signatures.gvcn.signedAt = `${startOf(page(earlier))}-12-15T08:00:00+07:00`;
      return at(
        earlier,
        'TT27-SIGNATURE-TOO-EARLY',
        `/years/${earlier}/signatures/gvcn/signedAt`,
        'signatures',
      );
    }
    case 'signature-order': {
      if (n < 2) return undefined;
      page(earlier).signatures.principal.signedAt = `${startOf(page(earlier)) + 1}-05-16T09:00:00+07:00`;
      return at(
        earlier,
        'TT27-SIGNATURE-ORDER',
        `/years/${earlier}/signatures/principal/signedAt`,
        'signatures',
      );
    }
    case 'earlier-unsigned': {
      if (n < 3) return undefined;
      const k = int(rand, 0, n - 3);
      for (const slot of Object.values(page(k).signatures)) {
        Object.assign(slot, { name: null, status: 'pending', signedAt: null, signerId: null });
      }
      return at(k, 'TT27-SIGNATURE-EARLIER-UNSIGNED', `/years/${k}/signatures/gvcn`, 'signatures');
    }
    case 'signer-missing': {
      if (n < 2) return undefined;
      page(earlier).signatures.gvcn.name = '';
      return at(earlier, 'TT27-SIGNER-MISSING', `/years/${earlier}/signatures/gvcn/name`, 'signatures');
    }
    case 'homeroom-missing': {
      const k = int(rand, 0, n - 1);
      page(k).homeroomTeacher = ' ';
      return at(k, 'TT27-HOMEROOM-TEACHER-MISSING', `/years/${k}/homeroomTeacher`, 'homeroomTeacher');
    }
    case 'identity-change-basis': {
      record.identityChanges ??= [];
      const changes = record.identityChanges;
      if (changes.some((c) => c.field === 'gender')) return undefined;
      changes.push({
        date: `${startOf(page(0)) + 1}-01-10`,
        field: 'gender',
        from: record.student.gender === 'nam' ? 'nu' : 'nam',
        to: record.student.gender,
        basis: '',
      });
      return {
        ...at(0, 'TT27-IDENTITY-CHANGE-INVALID', `/identityChanges/${changes.length - 1}/basis`, 'identity'),
        schoolYear: undefined,
      };
    }
  }
}

/** Plants one cross-year defect (trying other kinds when one does not fit the record). */
export function plantCrossYear(rand: Rand, record: HocBaRecord): PlantedDefect | undefined {
  for (let tries = 0; tries < 8; tries++) {
    const kind = CROSS_YEAR_DEFECT_KINDS[
      int(rand, 0, CROSS_YEAR_DEFECT_KINDS.length - 1)
    ] as CrossYearDefectKind;
    const trial = structuredClone(record);
    const planted = attempt(rand, trial, kind);
    if (!planted) continue;
    Object.assign(record, trial);
    const { schoolYear, ...rest } = planted;
    return { recordId: record.recordId, kind, ...rest, ...(schoolYear ? { schoolYear } : {}) };
  }
  return undefined;
}
