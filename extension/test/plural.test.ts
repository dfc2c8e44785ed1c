/**
 * Counts in English read "1 file", "2 files": a message whose noun follows a count has a
 * `<key>_one` form in en, and the code asks for it through `tn` (Vietnamese has no plural
 * forms: its `<key>` serves every count).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../public/_locales/en/messages.json';
import vi from '../public/_locales/vi/messages.json';
import { bundledMessages } from '../src/ui/bundled-messages.js';
import { setMessageSource, tn } from '../src/ui/messages.js';

const EN = en as Record<string, { message: string }>;
const VI = vi as Record<string, { message: string }>;
const NOUNS =
  /\$\d+ (?:\w+ )?(?:files|records|signatures|entries|students|pupils|pages|cells|tokens|anchors|certificates|errors|items)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('plural forms', () => {
  it('tn: the _one form for 1 in English, the one form in Vietnamese', () => {
    setMessageSource(bundledMessages('en'));
    expect(tn('verify_summary', 1, ['1', '1', '1'])).toBe('Checked 1 of 1 file: 1 valid.');
    expect(tn('verify_summary', 2, ['2', '2', '1'])).toBe('Checked 2 of 2 files: 1 valid.');
    expect(tn('verify_zip_contents', 1, ['1', '1'])).toBe(
      'ZIP: verifying the 1 PDF file inside; skipped, not record PDFs: 1.',
    );
    expect(tn('verify_signature_count', 1, '1')).toBe('1 signature:');
    setMessageSource(bundledMessages('vi'));
    expect(tn('verify_summary', 1, ['1', '1', '1'])).toBe('Đã kiểm tra 1 / 1 tệp: 1 tệp hợp lệ.');
  });

  it('no English message says "(s)"; every count followed by a plural noun has its _one form', () => {
    for (const [key, { message }] of Object.entries(EN)) {
      expect(message, key).not.toContain('(s)');
      if (!key.endsWith('_one') && NOUNS.test(message)) expect(EN[`${key}_one`], key).toBeDefined();
      if (key.endsWith('_one')) expect(VI[key.slice(0, -4)] ?? VI[key], key).toBeDefined();
    }
  });

  it('a message with a _one form is asked for with tn, never t', () => {
    const plural = Object.keys(EN)
      .filter((k) => k.endsWith('_one'))
      .map((k) => k.slice(0, -4));
    for (const file of sources(join(import.meta.dirname, '../src'))) {
      const text = readFileSync(file, 'utf8');
      for (const key of plural) expect(text, `${file}: ${key}`).not.toMatch(new RegExp(`\\bt\\('${key}'`));
    }
  });
});
