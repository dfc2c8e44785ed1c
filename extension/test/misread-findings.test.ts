/**
 * A misread cell's finding points back at that very cell (red team, round four): the mark
 * the teacher sees lands where the page shows something other than what was read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptySchoolYear } from '@hocba/shared/record';
import { beforeEach, describe, expect, it } from 'vitest';
import { cellFor } from '../src/content/check-table.js';
import { MISREAD_RULE } from '../src/content/defence-contract.js';
import type { StudentRow } from '../src/content/read-table.js';
import {
  changedCells,
  MAX_CHECK_NODES,
  type Misread,
  misreadFindings,
  spendOnCheck,
} from '../src/content/shown-cells.js';
import { type Language, setMessageSource } from '../src/ui/messages.js';

/** The extension's own `_locales` words, as the browser would give them in `language`. */
function speak(language: Language) {
  const file = join(import.meta.dirname, '..', 'public', '_locales', language, 'messages.json');
  const words = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { message: string }>;
  setMessageSource({
    language: () => language,
    message: (key, subs) =>
      (words[key]?.message ?? '').replace(/\$(\d)/g, (_, n) => [subs ?? []].flat()[Number(n) - 1] ?? ''),
  });
}

describe('misreadFindings', () => {
  beforeEach(() => speak('vi'));
  const keys = [
    'name',
    'rating',
    'signatures.principal',
    'subject:toan:level',
    'subject:toan:score',
    'quality:cham-hoc:level',
    'competence:tu-chu:level',
  ];
  // Stand-ins for the portal's cells: cellFor only looks them up.
  const cells = new Map(keys.map((k) => [k, { key: k } as unknown as HTMLElement]));
  const row = {
    studentId: 'HS1',
    name: 'An',
    element: { key: 'row' } as unknown as HTMLElement,
    year: emptySchoolYear({ schoolYear: '2025-2026', grade: 4, className: '4A', homeroomTeacher: '' }),
    cells,
    recordUrl: null,
  } satisfies StudentRow;

  it.each(keys)('%s: an error of rule PAGE-SHOWS-OTHER marked on that cell', (key) => {
    const misread: Misread = { key, cell: cells.get(key) as HTMLElement, reason: 'HIDDEN_TEXT' };
    const [finding] = misreadFindings(row, [misread]);
    expect(finding?.rule).toBe(MISREAD_RULE);
    expect(finding?.severity).toBe('error');
    expect(finding?.message.vi).toBe(
      'Trang hiển thị khác điều tiện ích đọc được: ô có phần chữ bị ẩn hoặc vẽ ra ngoài ô: điều đọc được khác điều hiển thị. Không ký dòng này; hãy báo quản trị cổng thông tin.',
    );
    expect(cellFor(row, finding as NonNullable<typeof finding>)).toBe(cells.get(key));
  });

  it('the place names the column the teacher sees; a hidden row is "this row"', () => {
    const at = (key: string, reason: Misread['reason'] = 'HIDDEN_TEXT') =>
      misreadFindings(row, [{ key, cell: cells.get(key) as HTMLElement, reason }])[0]?.where;
    expect(at('subject:toan:score')).toEqual({ vi: 'Toán', en: 'Mathematics' });
    expect(at('name')?.vi).toBe('Họ và tên');
    expect(at('rating')?.vi).toBe('Đánh giá');
    expect(at('name', 'ROW_HIDDEN')?.vi).toBe('Dòng này');
    speak('en');
    expect(at('name')?.en).toBe('Full name');
    expect(at('name', 'ROW_HIDDEN')?.en).toBe('This row');
  });

  it.each(['vi', 'en'] as const)(
    'one finding per reason, each saying why (%s, no key missing)',
    (language) => {
      speak(language);
      const reasons = [
        'ROW_HIDDEN',
        'HIDDEN_TEXT',
        'GENERATED_TEXT',
        'REORDERED_TEXT',
        'SHADOW_CONTENT',
        'CLIPPED_TEXT',
        'CONTROL_HIDES_VALUE',
        'TURNED_TEXT',
        'PILED_TEXT',
        'RECASED_TEXT',
        'COVERED_TEXT',
        'SWAPPED_GLYPHS',
        'EMBEDDED_CONTENT',
        'CHANGED_SINCE_READ',
        'NOT_JUDGED',
        'DIRECTION_CONTROLS',
        'INVISIBLE_CHARACTERS',
        'LOOKALIKE_LETTERS',
      ] as const;
      const found = misreadFindings(
        row,
        reasons.map((reason) => ({ key: 'name', cell: cells.get('name') as HTMLElement, reason })),
      );
      expect(found).toHaveLength(reasons.length);
      const texts = found.map((f) => f.message[language]);
      expect(new Set(texts).size).toBe(reasons.length);
      for (const text of texts) expect(text).not.toMatch(/\[misread_|\$\d/);
    },
  );
});

describe('changedCells: a cell changed between the check and the sign step', () => {
  /** A cell as the reader sees it: text, or its first value control's value. */
  const fakeCell = (text: string, input?: { value: string }) =>
    ({ textContent: text, querySelectorAll: () => (input ? [input] : []) }) as unknown as HTMLElement;

  it('takes the values at the first judgement, then names each cell whose value differs', () => {
    const score = { value: '9', localName: 'input', type: 'text' };
    const name = fakeCell('An');
    const cells = new Map([
      ['name', name],
      ['subject:toan:score', fakeCell('', score)],
    ]);
    const row = { cells } as unknown as StudentRow;
    expect(changedCells(row)).toEqual([]);
    expect(changedCells(row)).toEqual([]);
    score.value = '10';
    expect(changedCells(row)).toEqual([
      { key: 'subject:toan:score', cell: cells.get('subject:toan:score'), reason: 'CHANGED_SINCE_READ' },
    ]);
    (name as { textContent: string }).textContent = 'An ';
    // Trimmed as the reader trims: the same value.
    expect(changedCells(row).map((m) => m.key)).toEqual(['subject:toan:score']);
  });
});

describe('spendOnCheck: the whole check is bounded, not only each cell', () => {
  it('refuses past the bound within one synchronous check, and starts again with the next', async () => {
    expect(spendOnCheck(MAX_CHECK_NODES - 10)).toBe(true);
    expect(spendOnCheck(10)).toBe(true);
    expect(spendOnCheck(1)).toBe(false);
    expect(spendOnCheck(1)).toBe(false);
    await Promise.resolve();
    expect(spendOnCheck(MAX_CHECK_NODES)).toBe(true);
    await Promise.resolve();
  });
});
