import { describe, expect, it } from 'vitest';
import { generateClass } from '../../src/generator/index.js';
import {
  compareIdentity,
  compareNames,
  identityOf,
  inferRole,
  isoDate,
  missingEarlierRoles,
  roleFromTitle,
} from '../../src/identity/index.js';

describe('names', () => {
  it('NFC and NFD spellings of one name are the same name', () => {
    const nfc = 'Vũ Thu Thảo'.normalize('NFC');
    const nfd = 'Vũ Thu Thảo'.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(compareNames(nfc, nfd)).toBe('same');
  });

  it('spacing and capitals do not make another name', () => {
    expect(compareNames('  Nguyễn   Thị\tLan ', 'nguyễn thị lan')).toBe('same');
    expect(compareNames('NGUYỄN THỊ LAN', 'Nguyễn Thị Lan')).toBe('same');
  });

  it('a difference in diacritics alone is told apart, never "same"', () => {
    expect(compareNames('Lê Văn An', 'Lệ Văn An')).toBe('diacritics');
    expect(compareNames('Vũ Thu Thảo', 'Vu Thu Thao')).toBe('diacritics');
    expect(compareNames('Đỗ Minh', 'Do Minh')).toBe('diacritics');
  });

  it('another person is different', () => {
    expect(compareNames('Vũ Thu Thảo', 'Nguyễn Thị Lan')).toBe('different');
    expect(compareNames('Nguyễn Văn An', 'Nguyễn Văn Anh')).toBe('different');
  });
});

describe('identity of a document against the portal row', () => {
  const record = generateClass({ seed: 7, grade: 3, size: 2, defectRate: 0 }).records[0];
  if (!record) throw new Error('generator gave no record');
  const id = identityOf(record);

  it('reads name, codes, date of birth, class and year from the record', () => {
    expect(id.fullName).toBe(record.student.fullName);
    expect(id.studentCode).toBe(record.student.studentCode);
    expect(id.className).toBe(record.years.at(-1)?.className);
    expect(id.schoolYear).toBe(record.years.at(-1)?.schoolYear);
  });

  it('the row that asked for the document, however spelled, matches', () => {
    const [y, m, d] = id.dateOfBirth.split('-');
    expect(
      compareIdentity(id, {
        name: ` ${id.fullName.normalize('NFD').toUpperCase()} `,
        studentId: id.recordId,
        dateOfBirth: `${d}/${m}/${y}`,
        className: id.className,
        schoolYear: id.schoolYear.replace('-', ' - '),
      }),
    ).toEqual([]);
    expect(compareIdentity(id, { studentId: id.studentCode })).toEqual([]);
  });

  it('a renamed row, another pupil’s code, another birth date or class are differences', () => {
    const diffs = compareIdentity(id, {
      name: 'Trần Thị Bống',
      studentId: 'HS-OTHER',
      dateOfBirth: '01/01/2001',
      className: '9Z',
      schoolYear: '1999-2000',
    });
    expect(diffs.map((d) => d.field)).toEqual([
      'name',
      'studentId',
      'dateOfBirth',
      'className',
      'schoolYear',
    ]);
  });

  it('a name without its diacritics is flagged as such', () => {
    const stripped = id.fullName
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    const diffs = compareIdentity(id, { name: stripped });
    if (stripped === id.fullName) expect(diffs).toEqual([]);
    else expect(diffs).toEqual([expect.objectContaining({ field: 'name', kind: 'diacritics' })]);
  });

  it('dates read in both Vietnamese and ISO forms', () => {
    expect(isoDate('5/9/2016')).toBe('2016-09-05');
    expect(isoDate('2016-09-05')).toBe('2016-09-05');
    expect(isoDate('hôm qua')).toBeNull();
  });
});

describe('role inference', () => {
  it('reads a role from a title, with or without diacritics', () => {
    expect(roleFromTitle('Hiệu trưởng')).toBe('principal');
    expect(roleFromTitle('HIEU TRUONG')).toBe('principal');
    expect(roleFromTitle('Trần Văn Minh (Hiệu trưởng)')).toBe('principal');
    expect(roleFromTitle('Nguyễn Thị Lan (GVCN)')).toBe('gvcn');
    expect(roleFromTitle('Giáo viên chủ nhiệm')).toBe('gvcn');
    expect(roleFromTitle('Phó Hiệu trưởng')).toBeNull();
    expect(roleFromTitle('Kế toán')).toBeNull();
    expect(roleFromTitle('')).toBeNull();
  });

  it('the certificate title decides; the login agrees or the signer chooses', () => {
    expect(inferRole({ certificate: { title: 'Hiệu trưởng', roleHints: ['principal', 'gvcn'] } })).toEqual({
      role: 'principal',
      source: 'certificate',
      conflict: false,
    });
    expect(
      inferRole({
        certificate: { title: 'Giáo viên chủ nhiệm', roleHints: ['gvcn', 'principal'] },
        login: 'Trần Văn Minh (Hiệu trưởng)',
      }),
    ).toEqual({ role: null, source: null, conflict: true });
    expect(inferRole({ certificate: { roleHints: ['seal'] } }).role).toBe('seal');
  });

  it('a portal login names the role when the certificate does not', () => {
    expect(
      inferRole({ certificate: { roleHints: ['gvcn', 'principal'] }, login: 'Nguyễn Thị Lan (GVCN)' }),
    ).toEqual({ role: 'gvcn', source: 'login', conflict: false });
  });

  it('never a default: nothing said, nothing inferred', () => {
    expect(inferRole({}).role).toBeNull();
    expect(inferRole({ certificate: { roleHints: ['gvcn', 'principal'] } }).role).toBeNull();
    expect(inferRole({ login: 'Xin chào' }).role).toBeNull();
  });

  it('lists the earlier roles still missing, in order', () => {
    expect(missingEarlierRoles('principal', new Set())).toEqual(['gvcn']);
    expect(missingEarlierRoles('seal', new Set(['gvcn']))).toEqual(['principal']);
    expect(missingEarlierRoles('gvcn', new Set())).toEqual([]);
  });
});
