/**
 * The cross-year rules' helpers were made cheap (docs/performance.md, "Thông tư 27 checks"):
 * they must answer exactly as the plain definitions they replace, and a clean school must
 * be checked without the per-row work that doubled the check's time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateSchool } from '../../src/generator/index.js';
import { DEFAULT_RULE_CONFIG } from '../../src/rules/config.js';
import { isoDay, sameText, yearWindow } from '../../src/rules/cross-year/context.js';
import { checkClass } from '../../src/rules/index.js';

/** isoDay as first written: a RegExp, a Date per call. */
function isoDayReference(value: string, withTime = false): string | undefined {
  const day = value.slice(0, 10);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!(date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d))
    return undefined;
  const rest = value.slice(10);
  if (rest === '') return day;
  if (!withTime) return undefined;
  const t = /^T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/.exec(rest);
  if (!t) return undefined;
  const ok =
    Number(t[1]) <= 23 &&
    Number(t[2]) <= 59 &&
    Number(t[3] ?? 0) <= 59 &&
    Number(t[5] ?? 0) <= 14 &&
    Number(t[6] ?? 0) <= 59;
  return ok ? day : undefined;
}

const sameTextReference = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase() ===
  (b ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

const two = (n: number) => String(n).padStart(2, '0');
const four = (n: number) => String(n).padStart(4, '0');

afterEach(() => vi.restoreAllMocks());

describe('isoDay answers as the Date-based definition', () => {
  it('for every day-like string of years 0000–0120, 1896–1904, 1996–2104, 2196–2204, 9990–9999', () => {
    const years = [
      ...Array.from({ length: 121 }, (_, i) => i),
      ...Array.from({ length: 9 }, (_, i) => 1896 + i),
      ...Array.from({ length: 109 }, (_, i) => 1996 + i),
      ...Array.from({ length: 9 }, (_, i) => 2196 + i),
      ...Array.from({ length: 10 }, (_, i) => 9990 + i),
    ];
    let checked = 0;
    const differ: string[] = [];
    for (const y of years)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const value = `${four(y)}-${two(m)}-${two(d)}`;
          if (isoDay(value) !== isoDayReference(value)) differ.push(value);
          if (isoDay(`${value}T08:30:00+07:00`, true) !== isoDayReference(`${value}T08:30:00+07:00`, true))
            differ.push(`${value}T…`);
          checked++;
        }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it('for malformed days, times and odd characters, with and without time', () => {
    const values = [
      '',
      '2024',
      '2024-02-2',
      '2024-2-29',
      '2024/02/29',
      '２０２４-02-29',
      '2024-02-29 ',
      ' 2024-02-29',
      '2024-02-29T',
      '2024-02-29T08:30',
      '2024-02-29T08:30:59',
      '2024-02-29T08:30:59.123456789Z',
      '2024-02-29T08:30:59.1234567890Z',
      '2024-02-29T24:00:00Z',
      '2024-02-29T23:60:00Z',
      '2024-02-29T23:59:60Z',
      '2024-02-29T08:30:00+07:00',
      '2024-02-29T08:30:00+14:59',
      '2024-02-29T08:30:00+15:00',
      '2024-02-29T08:30:00-07:60',
      '2023-02-29T08:30:00+07:00',
      '2024-13-01T08:30:00Z',
      '2024-0a-01',
      '2024-01-0a',
      '20a4-01-01',
      '2024-01-01x',
      '2024-01-01\n',
      '2024–01–01',
      '-024-01-01',
      '+2024-01-01',
      '1900-02-29',
      '2000-02-29',
      '2100-02-29',
      '0099-12-31',
      '0100-01-01',
      '0000-01-01',
      '2024-02-29T08:30:00+07:00\u0000',
      '\ud800024-01-01',
    ];
    for (const value of values)
      for (const withTime of [false, true])
        expect(isoDay(value, withTime), JSON.stringify([value, withTime])).toBe(
          isoDayReference(value, withTime),
        );
  });
});

describe('sameText answers as the normalising comparison', () => {
  it('for equal, differently written and different names', () => {
    const names = [
      null,
      undefined,
      '',
      ' ',
      'Nguyễn Văn An',
      'nguyễn  văn an',
      'Nguye\u0302\u0303n Văn An',
      ' Nguyễn Văn An ',
      'Nguyễn\tVăn\nAn',
      'Nguyễn Văn Ân',
      'TH Kim Đồng',
      'TH Kim Đông',
      'th kim đồng',
    ];
    for (const a of names)
      for (const b of names) expect(sameText(a, b), JSON.stringify([a, b])).toBe(sameTextReference(a, b));
  });
});

describe('yearWindow', () => {
  it('is the school year from the configured day to the day before it a year later', () => {
    for (const start of [1950, 2023, 2024, 2099, 2100, 2200])
      for (const fromMonthDay of ['08-01', '09-01', '03-01', '01-01']) {
        const config = { ...DEFAULT_RULE_CONFIG, schoolYearFromMonthDay: fromMonthDay };
        const next = new Date(
          Date.UTC(start + 1, Number(fromMonthDay.slice(0, 2)) - 1, Number(fromMonthDay.slice(3, 5)) - 1),
        );
        const expected = { from: `${start}-${fromMonthDay}`, to: next.toISOString().slice(0, 10) };
        expect(yearWindow(start, config)).toEqual(expected);
        // Asked again (from the cache): the same answer.
        expect(yearWindow(start, config)).toEqual(expected);
      }
  });
});

describe('a clean school is checked without per-row work', () => {
  const classes = generateSchool({ seed: 2026, classesPerGrade: 2, size: 30, defectRate: 0 });
  const records = classes.flatMap((c) => c.records);

  it('normalises no name (identical names compare equal at once)', () => {
    checkClass(records.slice(0, 5)); // warm: anything computed once is not per row
    const normalize = vi.spyOn(String.prototype, 'normalize');
    const result = checkClass(records);
    expect(result.summary.total).toBe(records.length);
    // Only names that differ are normalised (a transfer's two schools): 112 here, where
    // normalising every comparison made 8,452 calls.
    expect(normalize.mock.calls.length).toBeLessThan(records.length);
  });

  it('builds no Date per history row or signing time', () => {
    checkClass(records.slice(0, 5));
    const RealDate = globalThis.Date;
    let made = 0;
    const Counting = new Proxy(RealDate, {
      construct(target, args) {
        made++;
        return Reflect.construct(target, args) as object;
      },
    });
    globalThis.Date = Counting;
    try {
      checkClass(records);
    } finally {
      globalThis.Date = RealDate;
    }
    const rows = records.reduce((n, r) => n + r.history.length, 0);
    expect(rows).toBeGreaterThan(300);
    // One per record (its date of birth, identity.ts) and a few for the school years whose
    // window is first asked for; none per history row or signing time (6,597 before).
    expect(made).toBeLessThanOrEqual(records.length + 20);
  });
});
