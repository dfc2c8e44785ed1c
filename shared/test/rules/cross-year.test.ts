import { describe, expect, it } from 'vitest';
import { generateClass, generateSchool } from '../../src/generator/index.js';
import { makeOlder } from '../../src/generator/schooling.js';
import type { HocBaRecord, SchoolYearRecord } from '../../src/record/index.js';
import { parseRecord } from '../../src/record/index.js';
import { CROSS_YEAR_RULES, checkRecord } from '../../src/rules/index.js';

const CLASS = generateClass({ seed: 2301, grade: 5, size: 40, defectRate: 0 });

/** A clean five-year record: one school, never retained, earlier years signed. */
function fiveYears(): HocBaRecord {
  const record = CLASS.records.find(
    (r) => r.years.length === 5 && !r.history.some((h) => h.leftOn) && !r.identityChanges,
  );
  if (!record) throw new Error('no plain five-year record in the fixture class');
  return structuredClone(record);
}

const page = (r: HocBaRecord, k: number) => r.years[k] as SchoolYearRecord;
const row = (r: HocBaRecord, h: number) => r.history[h] as HocBaRecord['history'][number];
const found = (r: HocBaRecord) => checkRecord(r).map((f) => `${f.rule} ${f.path}`);

/** Shifts pages 0..k (and their rows, dates) by `delta` years. */
function shiftEarlier(r: HocBaRecord, k: number, delta: number): void {
  const bump = (v: string | null | undefined) =>
    typeof v === 'string' ? `${Number(v.slice(0, 4)) + delta}${v.slice(4)}` : v;
  const order = Array.from({ length: k + 1 }, (_, i) => (delta > 0 ? k - i : i));
  for (const i of order) {
    const p = page(r, i);
    const label = p.schoolYear;
    const next = `${Number(label.slice(0, 4)) + delta}-${Number(label.slice(0, 4)) + delta + 1}`;
    for (const h of r.history) {
      if (h.schoolYear !== label) continue;
      h.schoolYear = next;
      h.enrolledOn = bump(h.enrolledOn);
    }
    p.schoolYear = next;
    for (const slot of Object.values(p.signatures)) slot.signedAt = bump(slot.signedAt);
    if (p.reassessment) p.reassessment.date = bump(p.reassessment.date) as string;
  }
}

/** Rates a page "Chưa hoàn thành" with data that supports it. */
function failing(p: SchoolYearRecord): void {
  for (const s of p.subjects) s.level = 'C';
  p.rating = 'CHT';
  p.awards = [];
}

interface Case {
  rule: string;
  what: string;
  /** Breaks the clean record; returns the JSON Pointer the finding must name. */
  breakIt(r: HocBaRecord): string;
}

const CASES: Case[] = [
  {
    rule: 'TT27-YEAR-LABEL-INVALID',
    what: 'a label spanning two years',
    breakIt: (r) => {
      const old = page(r, 2).schoolYear;
      const bad = `${old.slice(0, 4)}-${Number(old.slice(0, 4)) + 2}`;
      page(r, 2).schoolYear = bad;
      row(r, 2).schoolYear = bad;
      return '/years/2/schoolYear';
    },
  },
  {
    rule: 'TT27-YEAR-DUPLICATE',
    what: 'the same year twice (an error, not a warning)',
    breakIt: (r) => {
      r.years.splice(2, 0, structuredClone(page(r, 1)));
      return '/years/2';
    },
  },
  {
    rule: 'TT27-YEAR-SEQUENCE',
    what: 'a later year written before an earlier one',
    breakIt: (r) => {
      r.years.splice(0, 2, page(r, 1), page(r, 0));
      return '/years/1/schoolYear';
    },
  },
  {
    rule: 'TT27-YEAR-GAP',
    what: 'a missing school year with no break recorded',
    breakIt: (r) => {
      const [gone] = r.years.splice(2, 1) as [SchoolYearRecord];
      r.history = r.history.filter((h) => h.schoolYear !== gone.schoolYear);
      return '/years/2/schoolYear';
    },
  },
  {
    rule: 'TT27-GRADE-PROGRESSION',
    what: 'promoted, but the next year is the same grade',
    breakIt: (r) => {
      // Grade 2 studied twice, both promoted: the years before move one year earlier.
      const copy = structuredClone(page(r, 1));
      const copyRow = structuredClone(row(r, 1));
      shiftEarlier(r, 1, -1);
      makeOlder(r);
      r.years.splice(2, 0, copy);
      r.history.splice(2, 0, copyRow);
      return '/years/2/grade';
    },
  },
  {
    rule: 'TT27-GRADE-PROGRESSION',
    what: 'retained, but the next year is a higher grade',
    breakIt: (r) => {
      const p = page(r, 1);
      failing(p);
      p.completion = 'not-completed';
      p.promotion = 'retained';
      p.reassessment = {
        date: `${p.schoolYear.slice(5)}-07-10`,
        note: 'chưa đạt',
        result: 'not-completed',
        decision: 'QĐ 12/QĐ-TH',
      };
      return '/years/2/grade';
    },
  },
  {
    rule: 'TT27-GRADE-SKIPPED',
    what: 'a jump of two grades (legal, a warning)',
    breakIt: (r) => {
      const [gone] = r.years.splice(2, 1) as [SchoolYearRecord];
      r.history = r.history.filter((h) => h.schoolYear !== gone.schoolYear);
      shiftEarlier(r, 1, 1);
      return '/years/2/grade';
    },
  },
  {
    rule: 'TT27-YEAR-AFTER-COMPLETION',
    what: 'a year after completing primary school',
    breakIt: (r) => {
      const copy = structuredClone(page(r, 4));
      const start = Number(copy.schoolYear.slice(5));
      copy.schoolYear = `${start}-${start + 1}`;
      r.years.push(copy);
      r.history.push({ ...row(r, 4), schoolYear: copy.schoolYear });
      return '/years/5';
    },
  },
  {
    rule: 'TT27-HISTORY-MISSING',
    what: 'a year with no history row',
    breakIt: (r) => {
      r.history.splice(3, 1);
      return '/history/-';
    },
  },
  {
    rule: 'TT27-HISTORY-NO-YEAR',
    what: 'a history row with no result page',
    breakIt: (r) => {
      const first = Number(row(r, 0).schoolYear.slice(0, 4));
      r.history.unshift({ ...row(r, 0), schoolYear: `${first - 1}-${first}`, enrolledOn: null });
      return '/history/0';
    },
  },
  {
    rule: 'TT27-HISTORY-DUPLICATE',
    what: 'a duplicated history row',
    breakIt: (r) => {
      r.history.splice(2, 0, structuredClone(row(r, 1)));
      return '/history/2';
    },
  },
  {
    rule: 'TT27-HISTORY-MISMATCH',
    what: 'the history row names another class than the year page',
    breakIt: (r) => {
      row(r, 3).className = '4C';
      return '/history/3/className';
    },
  },
  {
    rule: 'TT27-HISTORY-MISMATCH',
    what: 'the year page names another school than its history row',
    breakIt: (r) => {
      page(r, 1).school = { name: 'Trường Tiểu học Lê Lợi', code: '79003456' };
      return '/years/1/school/name';
    },
  },
  {
    rule: 'TT27-ENROLLED-MISSING',
    what: 'a change of school with no arrival date',
    breakIt: (r) => {
      for (const h of [0, 1])
        Object.assign(row(r, h), { school: 'Trường Tiểu học Lê Lợi', schoolCode: null });
      for (const k of [0, 1]) page(r, k).school = null;
      return '/history/2/enrolledOn';
    },
  },
  {
    rule: 'TT27-DATE-OUTSIDE-YEAR',
    what: 'an arrival date outside its school year',
    breakIt: (r) => {
      row(r, 2).enrolledOn = `${row(r, 2).schoolYear.slice(5)}-09-10`;
      return '/history/2/enrolledOn';
    },
  },
  {
    rule: 'TT27-DATE-OUTSIDE-YEAR',
    what: 'a re-assessment date outside its school year',
    breakIt: (r) => {
      const p = page(r, 1);
      p.rating = 'CHT';
      for (const s of p.subjects) s.level = 'C';
      p.awards = [];
      p.reassessment = { date: `${p.schoolYear.slice(0, 4)}-03-01`, note: 'đạt', result: 'completed' };
      return '/years/1/reassessment/date';
    },
  },
  {
    rule: 'TT27-DATE-INVALID',
    what: 'a malformed arrival date',
    breakIt: (r) => {
      row(r, 0).enrolledOn = '05/09/2021';
      return '/history/0/enrolledOn';
    },
  },
  {
    rule: 'TT27-DATE-INVALID',
    what: 'a signing time that is no time',
    breakIt: (r) => {
      page(r, 2).signatures.seal.signedAt = `${page(r, 2).schoolYear.slice(5)}-05-29T25:10:00+07:00`;
      return '/years/2/signatures/seal/signedAt';
    },
  },
  {
    rule: 'TT27-HISTORY-INCONSISTENT',
    what: 'a leaving date with no reason',
    breakIt: (r) => {
      row(r, 1).leftOn = `${row(r, 1).schoolYear.slice(5)}-06-01`;
      return '/history/1/leavingReason';
    },
  },
  {
    rule: 'TT27-REASSESSMENT-INCONSISTENT',
    what: 'failed re-assessment, promoted, no decision of the principal',
    breakIt: (r) => {
      const p = page(r, 2);
      p.rating = 'CHT';
      for (const s of p.subjects) s.level = 'C';
      p.awards = [];
      p.completion = 'not-completed';
      p.reassessment = { date: `${p.schoolYear.slice(5)}-07-01`, note: 'chưa đạt', result: 'not-completed' };
      return '/years/2/reassessment/decision';
    },
  },
  {
    rule: 'TT27-SIGNATURE-ORDER',
    what: 'the principal signed before the homeroom teacher',
    breakIt: (r) => {
      const end = page(r, 1).schoolYear.slice(5);
      page(r, 1).signatures.gvcn.signedAt = `${end}-05-28T10:00:00+07:00`;
      page(r, 1).signatures.principal.signedAt = `${end}-05-20T10:00:00+07:00`;
      page(r, 1).signatures.seal.signedAt = `${end}-05-29T10:00:00+07:00`;
      return '/years/1/signatures/principal/signedAt';
    },
  },
  {
    rule: 'TT27-SIGNATURE-ORDER',
    what: 'the principal signed while the homeroom slot is unsigned',
    breakIt: (r) => {
      // The last finished year: no later signed year, so only the order is wrong.
      Object.assign(page(r, 3).signatures.gvcn, { status: 'pending', name: null, signedAt: null });
      return '/years/3/signatures/principal';
    },
  },
  {
    rule: 'TT27-SIGNATURE-TOO-EARLY',
    what: 'a signature dated before the year’s end',
    breakIt: (r) => {
      page(r, 0).signatures.gvcn.signedAt = `${page(r, 0).schoolYear.slice(0, 4)}-11-20T08:00:00+07:00`;
      return '/years/0/signatures/gvcn/signedAt';
    },
  },
  {
    rule: 'TT27-SIGNATURE-EARLIER-UNSIGNED',
    what: 'a signed year after an unsigned earlier year',
    breakIt: (r) => {
      for (const slot of Object.values(page(r, 1).signatures))
        Object.assign(slot, { status: 'pending', name: null, signedAt: null });
      return '/years/1/signatures/gvcn';
    },
  },
  {
    rule: 'TT27-SIGNER-MISSING',
    what: 'a signed slot with no signer name',
    breakIt: (r) => {
      page(r, 3).signatures.principal.name = '  ';
      return '/years/3/signatures/principal/name';
    },
  },
  {
    rule: 'TT27-HOMEROOM-TEACHER-MISSING',
    what: 'a blank homeroom teacher',
    breakIt: (r) => {
      page(r, 4).homeroomTeacher = '';
      return '/years/4/homeroomTeacher';
    },
  },
  {
    rule: 'TT27-SIGNER-NOT-HOMEROOM',
    what: 'the gvcn slot signed by someone else, no delegation',
    breakIt: (r) => {
      page(r, 2).signatures.gvcn.name = 'Trần Văn Khác';
      return '/years/2/signatures/gvcn/name';
    },
  },
  {
    rule: 'TT27-IDENTITY-CHANGE-INVALID',
    what: 'a name change with no basis',
    breakIt: (r) => {
      r.identityChanges = [
        { date: '2022-03-01', field: 'fullName', from: 'Nguyễn Văn Tèo', to: r.student.fullName, basis: '' },
      ];
      return '/identityChanges/0/basis';
    },
  },
  {
    rule: 'TT27-IDENTITY-CHANGE-INVALID',
    what: 'the newest name is not the one recorded',
    breakIt: (r) => {
      r.identityChanges = [
        {
          date: '2022-03-01',
          field: 'fullName',
          from: r.student.fullName,
          to: 'Nguyễn Văn Tèo',
          basis: 'QĐ 5/QĐ-UBND',
        },
      ];
      return '/identityChanges/0/to';
    },
  },
];

describe('cross-year rules on a five-year record', () => {
  it('the clean five-year record has no finding and is valid against the schema', () => {
    const r = fiveYears();
    expect(parseRecord(JSON.parse(JSON.stringify(r))).status).toBe('ok');
    expect(found(r)).toEqual([]);
  });

  it('every cross-year rule has a case', () => {
    const tested = new Set(CASES.map((c) => c.rule));
    expect(
      Object.values(CROSS_YEAR_RULES)
        .map((r) => r.code)
        .filter((c) => !tested.has(c)),
    ).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.rule}: ${c.what}`, () => {
      const r = fiveYears();
      const path = c.breakIt(r);
      const findings = checkRecord(r);
      // Exactly this rule, at this place; nothing else raised by the one defect.
      expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([`${c.rule} ${path}`]);
      const [f] = findings;
      expect(f?.severity).toBe(
        CROSS_YEAR_RULES[
          Object.keys(CROSS_YEAR_RULES).find(
            (k) => CROSS_YEAR_RULES[k as keyof typeof CROSS_YEAR_RULES].code === c.rule,
          ) as keyof typeof CROSS_YEAR_RULES
        ]?.severity ?? f?.severity,
      );
      expect(f?.message.vi).not.toMatch(/\{\w+\}/);
      expect(f?.message.en).not.toMatch(/\{\w+\}/);
      if (f?.schoolYear && f.rule !== 'TT27-DATE-INVALID') expect(f.message.vi).toContain(f.schoolYear);
      expect(parseRecord(JSON.parse(JSON.stringify(r))).status).toBe('ok');
    });
  }
});

/**
 * A legal schooling, then (where the story has one) the defect that turns it into a finding:
 * each step changes the record and names every finding it must then raise (`ignore`: rule
 * prefixes a step leaves to the per-year rules).
 */
interface Story {
  what: string;
  steps: { change(r: HocBaRecord): void; want: string[]; ignore?: string[] }[];
}

const STORIES: Story[] = [
  {
    what: 'Điều 11: a CHT pupil who passes the re-assessment is completed and promoted',
    steps: [
      {
        change: (r) => {
          const p = page(r, 2);
          failing(p);
          p.completion = 'completed';
          p.reassessment = { date: `${p.schoolYear.slice(5)}-07-01`, note: 'đạt', result: 'completed' };
        },
        want: [],
      },
      {
        // No recorded pass: completion is unfounded.
        change: (r) => {
          (page(r, 2).reassessment as NonNullable<SchoolYearRecord['reassessment']>).result = null;
        },
        want: ['TT27-COMPLETION-INCONSISTENT /years/2/completion'],
      },
    ],
  },
  {
    what: 'Điều 11: failed, retained by the principal, repeats the grade',
    steps: [
      {
        change: (r) => {
          const p = page(r, 1);
          failing(p);
          p.completion = 'not-completed';
          p.promotion = 'retained';
          p.reassessment = {
            date: `${p.schoolYear.slice(5)}-07-01`,
            note: 'chưa đạt',
            result: 'not-completed',
            decision: 'QĐ 3',
          };
          const copy = structuredClone(page(r, 1));
          Object.assign(copy, { promotion: 'promoted', completion: 'completed', reassessment: null });
          const copyRow = structuredClone(row(r, 1));
          shiftEarlier(r, 1, -1);
          makeOlder(r);
          r.years.splice(2, 0, copy);
          r.history.splice(2, 0, copyRow);
        },
        want: [],
        ignore: ['TT27-RATING', 'TT27-COMPLETION'],
      },
    ],
  },
  {
    what: 'grade 5 not completed cannot complete primary, whatever the re-assessment note',
    steps: [
      {
        change: (r) => {
          const p = page(r, 4);
          failing(p);
          p.completion = 'not-completed';
          p.reassessment = {
            date: `${p.schoolYear.slice(5)}-07-01`,
            note: 'chưa đạt',
            result: 'not-completed',
            decision: 'QĐ 9',
          };
        },
        want: ['TT27-REASSESSMENT-INCONSISTENT /years/4/promotion'],
      },
    ],
  },
  {
    what: 'a transfer with leaving and arrival dates, and a recorded break, pass',
    steps: [
      {
        change: (r) => {
          const end1 = row(r, 1).schoolYear.slice(5);
          for (const h of [0, 1])
            Object.assign(row(r, h), { school: 'Trường Tiểu học Lê Lợi', schoolCode: '79003456' });
          for (const k of [0, 1]) page(r, k).school = { name: 'Trường Tiểu học Lê Lợi', code: '79003456' };
          Object.assign(row(r, 1), { leftOn: `${end1}-06-05`, leavingReason: 'chuyen-truong' });
          row(r, 2).enrolledOn = `${end1}-08-20`;
        },
        want: [],
      },
      {
        // A mid-year transfer: two rows for one year, the page is the second school's.
        change: (r) => {
          const y3 = row(r, 3).schoolYear;
          r.history.splice(3, 0, {
            schoolYear: y3,
            className: '4B',
            school: 'Trường Tiểu học Hòa Bình',
            enrolledOn: `${y3.slice(0, 4)}-09-05`,
            leftOn: `${y3.slice(5)}-01-10`,
            leavingReason: 'chuyen-truong',
          });
          row(r, 4).enrolledOn = `${y3.slice(5)}-01-15`;
        },
        want: [],
      },
      {
        // Arrives before leaving the other school.
        change: (r) => {
          row(r, 4).enrolledOn = `${row(r, 3).schoolYear.slice(5)}-01-05`;
        },
        want: ['TT27-HISTORY-INCONSISTENT /history/4/enrolledOn'],
      },
    ],
  },
  {
    what: 'a school merger between years needs no arrival date; a transfer does',
    steps: [
      {
        change: (r) => {
          const end = row(r, 2).schoolYear.slice(5);
          for (const h of [0, 1, 2])
            Object.assign(row(r, h), { school: 'Trường Tiểu học Ngọc Hà', schoolCode: '01000999' });
          for (const k of [0, 1, 2])
            page(r, k).school = { name: 'Trường Tiểu học Ngọc Hà', code: '01000999' };
          Object.assign(row(r, 2), { leftOn: `${end}-07-01`, leavingReason: 'sap-nhap' });
        },
        want: [],
      },
      {
        change: (r) => {
          row(r, 2).leavingReason = 'chuyen-truong';
        },
        want: ['TT27-ENROLLED-MISSING /history/3/enrolledOn'],
      },
    ],
  },
  {
    what: 'a missing year explained by a recorded break is no gap',
    steps: [
      {
        change: (r) => {
          const [gone] = r.years.splice(2, 1) as [SchoolYearRecord];
          r.history = r.history.filter((h) => h.schoolYear !== gone.schoolYear);
        },
        want: ['TT27-YEAR-GAP /years/2/schoolYear'],
      },
      {
        // The page after the break is grade 4 after a promoted grade 2: a gap no more, a skip it is.
        change: (r) => {
          Object.assign(row(r, 1), {
            leftOn: `${row(r, 1).schoolYear.slice(5)}-06-10`,
            leavingReason: 'tam-nghi',
          });
        },
        want: ['TT27-GRADE-SKIPPED /years/2/grade'],
      },
    ],
  },
  {
    what: 'a delegated principal signature (KT.), a bare-day signing date, a valid name change',
    steps: [
      {
        change: (r) => {
          const principal = page(r, 1).signatures.principal;
          principal.name = 'Trần Văn Phó';
          principal.delegation = { kind: 'KT', signerTitle: 'Phó hiệu trưởng', onBehalfOf: principal.name };
          page(r, 2).signatures.seal.signedAt = `${page(r, 2).schoolYear.slice(5)}-05-30`;
          r.identityChanges = [
            {
              date: '2022-03-01',
              field: 'fullName',
              from: 'Nguyễn Văn Tèo',
              to: r.student.fullName,
              basis: 'QĐ 5/QĐ-UBND',
            },
          ];
        },
        want: [],
      },
    ],
  },
];

describe('legal schooling raises nothing; the one defect after it raises its finding', () => {
  for (const story of STORIES) {
    it(story.what, () => {
      const r = fiveYears();
      for (const step of story.steps) {
        step.change(r);
        const ignore = step.ignore ?? [];
        expect(found(r).filter((f) => !ignore.some((prefix) => f.startsWith(prefix)))).toEqual(step.want);
      }
    });
  }

  it('grade 5 marked "promoted": the message names the value found', () => {
    const r = fiveYears();
    page(r, 4).promotion = 'promoted';
    const [f] = checkRecord(r);
    expect(f?.rule).toBe('TT27-COMPLETION-INCONSISTENT');
    expect(f?.message.vi).toBe('Lớp 5 ghi "Được lên lớp" thay cho "Hoàn thành chương trình tiểu học"');
  });

  it('the portal finding names the earlier year in its message and data', () => {
    const r = fiveYears();
    page(r, 1).signatures.gvcn.signedAt = `${page(r, 1).schoolYear.slice(0, 4)}-12-01T08:00:00+07:00`;
    const [f] = checkRecord(r);
    expect(f?.schoolYear).toBe(page(r, 1).schoolYear);
    expect(f?.target).toEqual({ kind: 'year', year: 1, field: 'signatures' });
    expect(f?.message.vi).toMatch(
      new RegExp(`^Năm học ${page(r, 1).schoolYear}: Giáo viên chủ nhiệm ký ngày`),
    );
  });
});

describe('the GVCN slot signed by someone else says why, with or without a "KT." delegation', () => {
  const signedByOther = (r: HocBaRecord) => {
    const p = page(r, 2);
    p.signatures.gvcn.name = 'Trần Văn Khác';
    return p;
  };

  it('no delegation: a substitute teacher may sign; no word of a missing delegation', () => {
    const r = fiveYears();
    const p = signedByOther(r);
    const [f, ...rest] = checkRecord(r);
    expect(rest).toEqual([]);
    expect(f?.rule).toBe('TT27-SIGNER-NOT-HOMEROOM');
    expect(f?.message.vi).toBe(
      `Năm học ${p.schoolYear}: ô GVCN do "Trần Văn Khác" ký, nhưng giáo viên chủ nhiệm của năm là "${p.homeroomTeacher}". Nếu là giáo viên dạy thay, hãy kiểm tra quyết định phân công trước khi duyệt.`,
    );
    expect(f?.message.en).toBe(
      `School year ${p.schoolYear}: the homeroom slot was signed by "Trần Văn Khác", but that year’s homeroom teacher is "${p.homeroomTeacher}". If this is a substitute teacher, check the assignment decision before approving.`,
    );
    expect(`${f?.message.vi} ${f?.message.en}`).not.toMatch(/ủy quyền|delegation/i);
  });

  it('a "KT." delegation on the GVCN slot does not make the signer the homeroom teacher', () => {
    const r = fiveYears();
    const p = signedByOther(r);
    p.signatures.gvcn.delegation = { kind: 'KT', signerTitle: 'Phó hiệu trưởng' };
    const findings = checkRecord(r);
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.path}`).sort()).toEqual([
      'TT27-DELEGATION-INVALID error /years/2/signatures/gvcn/delegation',
      'TT27-SIGNER-NOT-HOMEROOM warning /years/2/signatures/gvcn/name',
    ]);
    const f = findings.find((x) => x.rule === 'TT27-SIGNER-NOT-HOMEROOM');
    expect(f?.message.vi).toBe(
      `Năm học ${p.schoolYear}: ô GVCN do "Trần Văn Khác" ký thay (KT.), nhưng giáo viên chủ nhiệm của năm là "${p.homeroomTeacher}". Ô GVCN không ký thay được: giáo viên chủ nhiệm tự ký, hoặc giáo viên dạy thay ký bằng tên mình.`,
    );
    expect(f?.message.en).toContain('signed by "Trần Văn Khác" on someone’s behalf (KT.)');
    expect(f?.message.en).toContain('cannot be signed on someone’s behalf');
  });

  it('a "KT." on the GVCN slot signed by the homeroom teacher is only the misplaced delegation', () => {
    const r = fiveYears();
    page(r, 2).signatures.gvcn.delegation = { kind: 'KT', signerTitle: 'Phó hiệu trưởng' };
    expect(found(r)).toEqual(['TT27-DELEGATION-INVALID /years/2/signatures/gvcn/delegation']);
  });
});

describe('the generator plants cross-year defects with an answer key', () => {
  it('a school with cross-year defects: the checker reports exactly the planted ones', () => {
    const classes = generateSchool({
      seed: 23,
      classesPerGrade: 1,
      size: 40,
      defectRate: 0.2,
      crossYearRate: 0.5,
    });
    const planted = classes.flatMap((c) => c.defects);
    const crossYear = planted.filter(
      (d) =>
        Object.values(CROSS_YEAR_RULES).some((r) => r.code === d.rule) ||
        d.path.startsWith('/history') ||
        /signatures|identityChanges/.test(d.path),
    );
    expect(crossYear.length).toBeGreaterThan(40);
    expect(new Set(crossYear.map((d) => d.kind)).size).toBeGreaterThanOrEqual(15);
    for (const cls of classes) {
      for (const record of cls.records) {
        const want = cls.defects
          .filter((d) => d.recordId === record.recordId)
          .map((d) => `${d.rule} ${d.path}`);
        expect(found(record).sort()).toEqual(want.sort());
        expect(parseRecord(JSON.parse(JSON.stringify(record))).status).toBe('ok');
      }
    }
  });
});

describe('hostile records', () => {
  it('any mix of odd labels, dates, grades and slots gets findings, never an exception, quickly', () => {
    const base = generateClass({ seed: 77, grade: 5, size: 6, defectRate: 0, crossYearRate: 1 }).records;
    let seed = 1;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const odd = [
      '',
      ' ',
      '2024',
      '2024-2025',
      '9999-10000',
      '0000-0001',
      '2024-2023',
      '2024-02-30',
      'x'.repeat(40),
      '2025-05-20T24:00:00+07:00',
      '2025-05-20T10:00:00+99:99',
      '𝟚𝟘𝟚𝟜-𝟚𝟘𝟚𝟝',
    ];
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const started = Date.now();
    for (let i = 0; i < 400; i++) {
      const r = structuredClone(pick(base));
      for (let m = 0; m < 6; m++) {
        const y = pick(r.years);
        const h = pick(r.history);
        switch (Math.floor(rand() * 8)) {
          case 0:
            y.schoolYear = pick(odd);
            break;
          case 1:
            y.grade = pick([0, -1, 1.5, 6, 1e9, 3]);
            break;
          case 2:
            if (h) h.enrolledOn = pick(odd);
            break;
          case 3:
            if (h) Object.assign(h, { leftOn: pick(odd), leavingReason: pick(['tam-nghi', null, 'khac']) });
            break;
          case 4:
            y.signatures.principal = {
              name: pick(odd),
              status: pick(['signed', 'pending'] as const),
              signedAt: pick(odd),
            };
            break;
          case 5:
            y.reassessment = {
              date: pick(odd),
              note: '',
              result: pick(['completed', 'not-completed', null] as const),
            };
            break;
          case 6:
            r.years.push(structuredClone(y));
            break;
          case 7:
            r.history = r.history.reverse();
            break;
        }
      }
      const findings = checkRecord(r);
      for (const f of findings) {
        expect(f.message.vi).not.toMatch(/\{\w+\}/);
        expect(f.path.startsWith('/')).toBe(true);
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
