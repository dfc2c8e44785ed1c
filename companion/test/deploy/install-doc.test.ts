/**
 * docs/install.md is what the technician reads when the doctor or a broken config.json sends
 * them there: every code the doctor can report is in its table, every config.json key is
 * explained in both languages, and the example config.json is one the companion accepts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configFileSchema } from '../../src/config/index.js';
import { doctorFinding } from '../../src/deploy/doctor/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/install.md', import.meta.url)), 'utf8');
const [vietnamese = '', english = ''] = doc.split('\n## English\n');

describe('docs/install.md', () => {
  it('has both halves', () => {
    expect(vietnamese.length).toBeGreaterThan(1000);
    expect(english.length).toBeGreaterThan(1000);
  });

  it('lists every code hocba doctor can report, with what to do', () => {
    const table = vietnamese.slice(vietnamese.indexOf('### 6.'));
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    for (const code of Object.keys(doctorFinding.catalog)) {
      const row = rows.find((r) => r.split('|')[1]?.includes(`\`${code}\``));
      expect(row, `${code} has no row in section 6`).toBeDefined();
      expect(row!.split('|').filter((cell) => cell.trim()).length, code).toBe(3);
    }
  });

  it('explains every config.json key, in Vietnamese and in English', () => {
    for (const key of Object.keys(configFileSchema.shape)) {
      expect(vietnamese, key).toContain(`| \`${key}\` |`);
      expect(english, key).toContain(`\`${key}\``);
    }
  });

  it('its config.json example is one the companion accepts', () => {
    const start = vietnamese.indexOf('**`config.json`**');
    const block = /```json\n([\s\S]*?)\n```/.exec(vietnamese.slice(start));
    expect(block).not.toBeNull();
    expect(configFileSchema.safeParse(JSON.parse(block![1]!)).success).toBe(true);
  });
});
