/**
 * What the sign window shows above the PIN field, read from the records being sent: their
 * classes, school years and schools (a mixed batch is told apart), and the stamp the
 * companion will draw on each, through the same stampLines, from the chosen certificate.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateClass } from '@hocba/shared/generator';
import type { HocBaRecord } from '@hocba/shared/record';
import { describe, expect, it } from 'vitest';
import type { SessionDocument } from '../src/background/sign-sessions.js';
import { batchOverview, isMixed, stampVariants, tallyText } from '../src/pages/sign/batch-overview.js';
import { type Inspection, inspectDocument } from '../src/pages/sign/inspect.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function inspect(record: HocBaRecord): Promise<Inspection> {
  const text = JSON.stringify(record);
  const doc: SessionDocument = {
    docId: record.recordId,
    name: record.student.fullName,
    kind: 'record',
    bytes: text.length,
    sha256: sha(text),
  };
  return inspectDocument(doc, { docId: record.recordId, record });
}

const classOf = (grade: 1 | 2 | 3 | 4 | 5, className: string, seed: number, size: number) =>
  generateClass({ seed, grade, className, size, defectRate: 0 }).records as HocBaRecord[];

// A real certificate of a deputy principal (CN Lê Thị Hồng Nhung, O Trường Tiểu học Nguyễn Văn Trỗi).
const deputyPem = readFileSync(
  new URL('../../shared/test/verify/fixtures/interop/deputy.pem', import.meta.url),
  'utf8',
);
const deputyDer = deputyPem.replace(/-----[^-]+-----|\s+/g, '');

describe('the batch as the records say it, before the PIN', () => {
  it('one class, one year, one school: each named once, without counts', async () => {
    const inspections = await Promise.all(classOf(3, '3A', 5, 4).map(inspect));
    const overview = batchOverview(inspections);
    expect(overview.count).toBe(4);
    expect(overview.unread).toBe(0);
    expect(tallyText(overview.classes)).toBe('3A');
    expect(tallyText(overview.years)).toBe('2025-2026');
    expect(overview.schools).toHaveLength(1);
    expect(overview.schools[0]?.count).toBe(4);
    // The school is the record's, not a default.
    expect(tallyText(overview.schools)).toBe(classOf(3, '3A', 5, 1)[0]?.school.name);
  });

  it('a batch mixing classes is told apart, most common first, with counts', async () => {
    const inspections = await Promise.all(
      [...classOf(3, '3A', 5, 3), ...classOf(3, '3B', 6, 1)].map(inspect),
    );
    const overview = batchOverview(inspections);
    expect(tallyText(overview.classes)).toBe('3A (3), 3B (1)');
    expect(overview.classes).toHaveLength(2);
    // A whole grade at once is one approval: no warning for classes alone.
    expect(isMixed(overview)).toBe(false);
  });

  it('another school year, or another school, in the batch is flagged', async () => {
    const [other] = generateClass({
      seed: 9,
      grade: 3,
      className: '3A',
      size: 1,
      defectRate: 0,
      schoolYearStart: 2024,
    }).records as HocBaRecord[];
    if (!other) throw new Error('a record');
    const sameYear = await Promise.all(classOf(3, '3A', 5, 2).map(inspect));
    const years = batchOverview([...sameYear, await inspect(other)]);
    expect(tallyText(years.years)).toBe('2025-2026 (2), 2024-2025 (1)');
    expect(isMixed(years)).toBe(true);
    const [moved] = classOf(3, '3A', 8, 1);
    if (!moved) throw new Error('a record');
    // The year signed was studied at another school (the year's own school, as a transfer has).
    const elsewhere = {
      ...moved,
      years: moved.years.map((y, n) =>
        n === moved.years.length - 1 ? { ...y, school: { name: 'Trường Tiểu học Khác', code: 'X' } } : y,
      ),
    };
    const schools = batchOverview([...sameYear, await inspect(elsewhere)]);
    expect(tallyText(schools.schools)).toContain('Trường Tiểu học Khác (1)');
    expect(isMixed(schools)).toBe(true);
    expect(isMixed(batchOverview(sameYear))).toBe(false);
  });

  it('a document whose content could not be read is counted as unread, not as a class', () => {
    const unread: Inspection = {
      docId: 'x',
      status: 'noRecord',
      identity: null,
      differences: [],
      findings: [],
      signedRoles: [],
    };
    const overview = batchOverview([unread, undefined]);
    expect(overview).toMatchObject({ count: 2, unread: 2, classes: [], years: [], schools: [] });
  });
});

describe('the stamp each record will show', () => {
  it('is the companion’s stamp for the certificate and role, without the time line', async () => {
    const inspections = await Promise.all(classOf(3, '3A', 5, 2).map(inspect));
    const stamps = stampVariants(deputyDer, 'gvcn', inspections);
    expect(stamps).toEqual([
      {
        lines: [
          'Ký bởi: Lê Thị Hồng Nhung',
          'Vai trò: Giáo viên chủ nhiệm',
          'Đơn vị: Trường Tiểu học Nguyễn Văn Trỗi',
        ],
        count: 2,
      },
    ]);
  });

  it('a principal’s records that name a deputy signing for the principal get their own stamp', async () => {
    const [plain, delegated] = classOf(3, '3A', 5, 2);
    if (!plain || !delegated) throw new Error('two records');
    const year = delegated.years.at(-1);
    if (!year) throw new Error('a year');
    year.signatures.principal.delegation = { kind: 'KT', signerTitle: 'Phó hiệu trưởng', onBehalfOf: null };
    const stamps = stampVariants(deputyDer, 'principal', [await inspect(plain), await inspect(delegated)]);
    expect(stamps?.map((s) => [s.lines[0], s.count])).toEqual([
      ['Ký bởi: Lê Thị Hồng Nhung', 1],
      ['KT. HIỆU TRƯỞNG', 1],
    ]);
    expect(stamps?.[1]?.lines).toContain('Vai trò: Phó hiệu trưởng, ký thay Hiệu trưởng');
  });

  it('a certificate that cannot be read gives no stamp, not an exception', () => {
    expect(stampVariants('AAAA', 'gvcn', [])).toBeNull();
    expect(stampVariants('not base64 at all!', 'gvcn', [])).toBeNull();
  });
});
